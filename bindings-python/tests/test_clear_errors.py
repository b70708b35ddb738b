"""Bad input gets an exception of valuevector's (or TypeError) that names
what was wrong: no AttributeError, FileNotFoundError or "invalid JSON" for
a field's value. Repeated account ids are warned of."""

import math
import warnings

import numpy as np
import pandas as pd
import polars as pl
import pytest

import valuevector as vv


def test_a_pandas_frame_with_a_column_twice_is_an_input_error(model):
    frame = pd.DataFrame([[0.5, 0.6, 0.7]], columns=["product", "nps", "product"])
    with pytest.raises(vv.InputError) as e:
        model.score_frame(frame)
    assert e.value.path == "product"
    assert "more than once" in str(e.value)


def test_model_json_may_be_bytes(model):
    assert vv.Model.from_json(model.to_json().encode()) == model
    assert vv.Model.from_json(bytearray(model.to_json().encode())) == model
    with pytest.raises(vv.ModelError) as e:
        vv.Model.from_json(b"{}")
    assert "drivers" in str(e.value) or e.value.path == "", str(e.value)
    with pytest.raises(vv.ModelError) as e:
        vv.Model.from_json(b"{\xff}")
    assert "UTF-8" in str(e.value)
    assert vv.Model.from_json("\ufeff" + model.to_json()) == model
    with pytest.raises(TypeError, match="JSON text .* or a path, got int"):
        vv.Model.from_json(42)  # type: ignore[arg-type]


def test_an_integer_beyond_float_range_says_so(model):
    with pytest.raises(vv.InputError) as e:
        model.score({"nps": 10**400})
    assert e.value.path == "nps"
    assert "401 digits, beyond the range of a float" in str(e.value)


@pytest.mark.parametrize(
    "account, blockers, path, words",
    [
        ({"product": object()}, None, "product", "got object"),
        ({"product": [0.5]}, None, "product", "expected a number"),
        ({"nps": 10}, [{"text": "x", "severity": "low", "tags": [object()]}], "blockers[0].tags[0]", "got object"),
        ({"nps": 10}, [{1: "x"}], "blockers[0]", "keys must be strings"),
    ],
)
def test_values_the_core_cannot_read_are_named(model, account, blockers, path, words):
    with pytest.raises(vv.InputError) as e:
        model.score(account, blockers=blockers)
    assert e.value.path == path
    assert words in str(e.value)


@pytest.mark.parametrize("bad", [math.nan, math.inf, np.float64("nan")])
def test_a_non_finite_number_in_a_model_dict_is_named(model, bad):
    spec = model.to_dict()
    spec["equations"][1]["inputs"][0]["weight"] = bad
    with pytest.raises(vv.ModelError) as e:
        vv.Model.from_dict(spec)
    assert e.value.path == "equations[1].inputs[0].weight"
    assert "must be a finite number" in str(e.value)


def test_a_dict_model_may_say_minus_infinity_for_p(model):
    spec = model.to_dict()
    spec["equations"][0]["p"] = -math.inf
    spec["equations"][1]["inputs"][0]["weight"] = np.float32(2.0)
    m = vv.Model.from_dict(spec)
    assert m.to_dict()["equations"][0]["p"] == "-inf"
    with pytest.raises(TypeError, match="a dict of the model's JSON shape"):
        vv.Model.from_dict([1, 2])  # type: ignore[arg-type]


@pytest.mark.parametrize("lib", ["pandas", "polars"])
def test_repeated_ids_are_warned_of(model, lib):
    rows = {"id": ["a", "b", "a", "c", "b", "a"], "product": [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]}
    frame = pd.DataFrame(rows) if lib == "pandas" else pl.DataFrame(rows)
    with pytest.warns(UserWarning) as caught:
        scores = model.score_frame(frame)
    assert len(scores) == 6
    message = str(caught[0].message)
    assert "2 ids are on more than one row" in message
    assert "'a' (rows 0, 2, 5)" in message and "'b' (rows 1, 4)" in message
    unique = {"id": ["a", "b", None, None], "product": [0.5, 0.6, 0.7, 0.8]}
    frame = pd.DataFrame(unique) if lib == "pandas" else pl.DataFrame(unique)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.score_frame(frame)  # no id twice: missing ids are no ids


def test_repeated_ids_follow_the_core():
    assert vv._native.repeated_ids(["x", None, "y", "x", "", ""]) == [("x", [0, 3])]
