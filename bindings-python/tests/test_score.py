"""Scoring one account: attributes, explanation, missing values, blockers, errors."""

import math

import numpy as np
import pytest

import valuevector as vv

ACCOUNT = {"id": "acme", "product": 0.9, "outcomes": 0.8, "enablement": 0.3,
           "guidance": 0.7, "relationship": 0.8, "need": 0.5}


def test_one_attribute_per_equation(model):
    card = model.score(ACCOUNT)
    # (0.9 * 0.8 * 0.3 * 0.7) ** (1/4), worked out by hand.
    assert card.adoption.score == pytest.approx(0.1512 ** 0.25, abs=1e-12)
    # Renewal never exceeds adoption: the cap binds here.
    assert card.renewal.score == card.adoption.score
    assert card.renewal.band == "yellow"
    assert card.renewal.capped_by == "adoption"
    assert card.adoption.capped_by is None
    assert card.renewal.limiting == "adoption"
    assert card.renewal.root_driver == "enablement"
    assert card.renewal.coverage == 1.0
    assert set(card.renewal.lifts) == {"adoption", "relationship"}
    assert card.adoption.lifts["enablement"] == max(card.adoption.lifts.values())
    assert [t.input for t in card.expansion.terms] == ["adoption", "relationship", "need"]
    assert card.drivers["enablement"] == 0.3
    assert card.vector[2].source == "given"
    assert card.id == "acme"
    with pytest.raises(AttributeError, match="churn"):
        card.churn
    assert "renewal" in dir(card)


def test_repr_explain_and_html(model):
    card = model.score(ACCOUNT)
    assert repr(card) == ("<Scorecard acme: adoption=0.624 yellow, renewal=0.624 yellow, "
                          "expansion=0.624 yellow, value=missing, transformation=missing, roi=missing, "
                          "advocacy=missing; work on enablement>")
    assert repr(card.renewal) == "<Outcome renewal: 0.624 yellow, capped by adoption, root driver enablement>"
    assert "renewal: 0.62 (yellow), capped by adoption; work on enablement" in card.explain()
    html = card._repr_html_()
    assert "<table>" in html and "enablement" in html and "yellow" in html


def test_missing_values_are_missing_never_zero(model):
    for missing in (None, math.nan, np.nan, np.float64("nan")):
        card = model.score({**ACCOUNT, "need": missing})
        assert card.drivers["need"] is None
        assert card.expansion.coverage == pytest.approx(2 / 3)
        assert card.expansion.score is not None
    card = model.score({"weekly_active_ratio": 0.3})
    assert card.adoption.score is None
    assert "coverage 25% is below min_coverage 50%" in card.adoption.missing_reason
    assert card.renewal.score is None
    # Renewal requires adoption: without it, the reason names it first.
    assert card.renewal.missing_reason == "required input missing: adoption (missing: adoption, relationship)"
    assert "missing" in repr(card.renewal)


def test_numpy_and_bool_values(model):
    card = model.score({"product": np.float32(0.5), "exec_sponsor_engaged": True, "champion_count": np.int64(2)})
    assert card.drivers["product"] == 0.5
    assert card.drivers["relationship"] == pytest.approx((2 * 1 + 1.5 * 0.85) / 3.5)


def test_blockers_weigh_and_are_explained(model):
    plain = model.score(ACCOUNT)
    card = model.score(ACCOUNT, blockers=[{"text": "Our executive sponsor left", "severity": "critical"}])
    assert card.drivers["relationship"] == pytest.approx(0.6)
    assert card.renewal.score < plain.renewal.score
    assert card.blockers[0]["dimension"] == "People"
    # The penalty is visible: the value before, and the blocker that took it.
    relationship = next(d for d in card.vector if d.name == "relationship")
    assert relationship.before_blockers is not None and relationship.value is not None
    assert relationship.before_blockers - relationship.value == pytest.approx(relationship.penalty)
    assert relationship.penalty > 0
    assert "relationship" in card.blockers[0]["drivers"]
    assert "after blockers" in card.explain()
    assert card.vector[4].penalty == pytest.approx(0.2)
    low = model.score({**ACCOUNT, "product": 0.1})
    assert low.inferred_blockers[0]["driver"] == "product"
    assert low.inferred_blockers[0]["dimension"] == "Product"


@pytest.mark.parametrize(
    "account,path",
    [
        ({"nps": math.inf}, "nps"),
        ({"nps": -math.inf}, "nps"),
        ({"product": 1.5}, "product"),
        ({"weekly_active_ratoi": 0.4}, "weekly_active_ratoi"),
        ({"renewal": 0.4}, "renewal"),
        ({"nps": "ten"}, "nps"),
        ({"nps": [1, 2]}, "nps"),
        ({"id": 3.5j}, "id"),
    ],
)
def test_bad_values_are_input_errors_naming_them(model, account, path):
    with pytest.raises(vv.InputError) as info:
        model.score(account)
    assert info.value.path == path
    assert info.value.kind == "input"


def test_bad_blockers_are_input_errors(model):
    with pytest.raises(vv.InputError) as info:
        model.score(ACCOUNT, blockers=[{"text": "ok", "severity": "low"}, {"text": "x", "severity": "urgent"}])
    # The core's reader names the field, as it does for every binding.
    assert info.value.path == "blockers[1].severity"
    assert "urgent" in str(info.value)
    with pytest.raises(vv.InputError) as info:
        model.score(ACCOUNT, blockers=[{"text": "x", "severity": "low", "dimension": "Network"}])
    assert info.value.path == "blockers[0].dimension"
    with pytest.raises(vv.InputError):
        model.score("not a mapping")  # type: ignore[arg-type]


def test_progress_between_mappings(model):
    p = model.progress({"product": 0.5, "need": 0.5}, {"product": 0.8, "need": 0.5}, 30)
    assert p.direction == "evolving"
    # Moved 0.3 along product; the gap (0.5, 0.5) has length sqrt(0.5).
    assert p.progress == pytest.approx(0.3 * 0.5 / math.sqrt(0.5))
    assert p.not_compared == ("outcomes", "enablement", "guidance", "relationship",
                              "realised_value", "process_change", "documented_roi", "references")
    with pytest.raises(vv.InputError) as info:
        model.progress({"product": 0.5}, {"product": 2}, 30)
    assert info.value.path == "after.product"
    with pytest.raises(vv.InputError) as info:
        model.progress({"product": 0.5}, {"product": 0.6}, 0)
    assert info.value.path == "days"


def test_series_finds_plateaus(model):
    xs = [0.2, 0.5, 0.5, 0.5, 0.5, 0.8]
    s = model.series((30 * i, {"product": x, "need": 1.0}) for i, x in enumerate(xs))
    assert [st["direction"] for st in s["steps"]] == ["evolving", "standstill", "standstill", "standstill", "evolving"]
    assert s["plateaus"] == [{"first_step": 1, "last_step": 3, "from_day": 30.0, "to_day": 120.0,
                              "advice": "at risk: expose features that fit their outcomes"}]
    # The rise after the plateau is an inflection, with the method's advice.
    assert [(i["step"], i["kind"]) for i in s["inflections"]] == [(4, "left_plateau")]
    assert s["inflections"][0]["advice"] == "celebrate and educate: show the next possibilities"


def test_progress_per_outcome_and_sideways(model):
    before = {"product": 0.8, "outcomes": 0.7, "enablement": 0.3, "guidance": 0.7, "relationship": 0.5, "need": 0.6}
    after = {**before, "enablement": 0.6, "relationship": 0.2}
    p = model.progress(before, after, 30)
    assert p.direction == "sideways"
    renewal = p.outcome("renewal")
    assert (renewal["band_before"], renewal["band_after"], renewal["direction"]) == ("yellow", "red", "devolving")
    assert p.outcome("adoption")["direction"] == "evolving"


def test_classify(model):
    c = vv.classify("Data migration left thousands of duplicate contacts")
    assert (c.dimension, c.is_classified) == ("Quality", True)
    assert "data migration" in c.matched
    many = model.classify(["Our sponsor left", "The app crashes", "nothing here"])
    assert [c.dimension for c in many] == ["People", "Product", "unclassified"]
    assert many[2].confidence == 0.0 and not many[2].is_classified
    explicit = model.classify_blocker({"text": "app crashes", "severity": "low", "dimension": "Services"})
    assert explicit.dimension == "Services" and explicit.explicit
    with pytest.raises(vv.InputError):
        model.classify([1, 2])  # type: ignore[list-item]


def test_rollup_of_mappings(model):
    rows = [
        {"account": "a", "arr": 100.0, "text": "sponsor left", "severity": "high"},
        {"account": "b", "arr": 50.0, "text": "the app crashes", "severity": "critical"},
        {"account": "a", "arr": 100.0, "text": "champion leaving", "severity": "low"},
    ]
    result = vv.rollup(rows)
    people = result[0]
    assert (people.dimension, people.open, people.accounts, people.arr) == ("People", 2, 1, 100.0)
    assert people.severity == {"low": 1, "medium": 0, "high": 1, "critical": 0}
    with pytest.raises(vv.InputError) as info:
        vv.rollup([*rows, {"account": "a", "arr": 90.0, "text": "x", "severity": "low"}])
    assert info.value.path == "blockers[3].arr"
