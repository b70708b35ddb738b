"""Account plans through Python: the book, its frames, inputs as a path,
text, mappings or frames, and errors naming the field."""

import datetime
import json
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import valuevector as vv

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def portfolio():
    return pd.read_csv(EXAMPLES / "portfolio.csv")


def test_the_sample_plans_against_the_sample_portfolio():
    model = vv.Model.default()
    book = model.plan(EXAMPLES / "plans.json", portfolio(), as_of="2026-12-01")
    plans = json.loads((EXAMPLES / "plans.json").read_text())
    assert len(book) == len(plans) == book.summary["plans"]
    assert book.summary["accounts"] == 240
    assert 0 < book.summary["guided_share_by_arr"] < 1
    assert "guided" in repr(book) and "as of 2026-12-01" in repr(book)
    a0002 = book["A0002"]
    renewal = a0002["path_to_green"]["renewal"]
    assert renewal["band"] == "red" and renewal["green"]["reachable"]
    assert len(renewal["green"]["moves"]) >= 3
    # The same numbers as the CLI's core: a scorecard per report.
    assert a0002["scores"]["renewal"]["score"] == model.score(
        {k: v for k, v in portfolio().iloc[1].items() if k != "segment" and pd.notna(v)}
    ).renewal.score


def test_moves_and_goals_as_frames():
    model = vv.Model.default()
    book = model.plan(EXAMPLES / "plans.json", portfolio(), as_of=datetime.date(2026, 12, 1))
    moves = book.moves()
    assert list(moves.columns) == vv._plans.MOVE_COLUMNS
    a2 = moves[(moves.account == "A0002") & (moves.equation == "renewal") & (moves.path == "green")]
    assert list(a2.order) == list(range(1, len(a2) + 1))
    assert (a2["to"] > a2["from"]).all() and (a2["to"] <= 1).all()
    goals = book.goals(frame="polars")
    assert isinstance(goals, pl.DataFrame)
    assert goals.columns == vv._plans.GOAL_COLUMNS
    assert goals.height == sum(len(r["success"]["goals"]) for r in book)
    records = book.moves(frame=None)
    assert isinstance(records, list) and records[0]["account"] == book.accounts[0]["account"]


def test_plans_as_mappings_text_and_polars_accounts():
    model = vv.Model.default()
    plans = [{"account": "X1", "inception": "2026-01-01",
              "steps": [{"text": "Admin training for the new team", "due": "2026-03-01", "status": "open"}]}]
    accounts = pl.DataFrame({"id": ["X1", "X2"], "arr": [1000.0, 500.0], "product": [0.8, 0.5],
                             "outcomes": [0.1, None], "enablement": [0.1, 0.5], "guidance": [0.1, 0.5],
                             "relationship": [0.9, 0.5], "need": [0.9, 0.5]})
    a = model.plan(plans, accounts, as_of="2026-06-01")
    b = model.plan(json.dumps(plans), accounts.to_dicts(), as_of="2026-06-01")
    assert a.to_dict() == b.to_dict()
    assert a.summary["plans_missing"] == ["X2"]
    report = a["X1"]
    assert report["alignment"]["mode"] == "guided"
    assert report["lifecycle"]["overdue_steps"] == [0]
    assert report["reliability"] == 0.0
    assert report["archetype"] == "visionary"
    with pytest.raises(KeyError):
        a["X2"]


def test_bad_plans_and_days_name_the_field():
    model = vv.Model.default()
    with pytest.raises(vv.InputError) as info:
        model.plan([{"account": "A", "inception": "2026-01-01", "steps": [{"text": "x", "due": "2026-02-30"}]}],
                   [], as_of="2026-06-01")
    assert info.value.path == "plans[0].steps[0].due"
    with pytest.raises(vv.InputError) as info:
        model.plan([{"account": "A", "inception": "2026-01-01"}], [], as_of="June")
    assert info.value.path == "as_of"
    with pytest.raises(vv.InputError) as info:
        model.plan([{"account": "A", "inception": "2026-01-01"}], [{"id": "A", "nps": float("inf")}],
                   as_of="2026-06-01")
    assert info.value.path.startswith("accounts[0]")
