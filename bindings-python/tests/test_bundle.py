"""Bundles in Python: loading (files relative to the bundle), picking,
scoring frames row by row with each model, the worklist, pickling, errors."""

import json
import pickle

import numpy as np
import pandas as pd
import polars as pl
import pytest

import valuevector as vv


@pytest.fixture(scope="module")
def bundle(root):
    return vv.Bundle.load(root / "examples" / "bundle.json")


@pytest.fixture(scope="module")
def enterprise(root):
    return vv.Model.from_json(root / "examples" / "models" / "enterprise.json")


def test_load_reads_model_files_relative_to_the_bundle(bundle, enterprise):
    assert bundle.by == "segment"
    assert list(bundle.models) == ["enterprise"]
    assert bundle.models["enterprise"] == enterprise
    assert bundle.otherwise == vv.Model.default()
    assert "enterprise" in repr(bundle)


def test_each_account_is_scored_by_the_model_its_segment_picks(bundle, enterprise, model):
    account = {"product": 0.8, "outcomes": 0.8, "enablement": 0.75, "guidance": 0.8, "relationship": 0.75,
               "need": 0.8}
    big = bundle.score({**account, "segment": "enterprise"})
    small = bundle.score({**account, "segment": "smb"})
    assert big.model == "enterprise" and small.model == "default"
    assert big.renewal.score == enterprise.score(account).renewal.score
    assert small.renewal.score == model.score(account).renewal.score
    assert big.renewal.band == "yellow" and small.renewal.band == "green"
    assert bundle.pick({"segment": "enterprise"}) == enterprise
    assert bundle.pick({}) == model
    # A single model's scorecard names no model.
    assert model.score(account).model is None


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_score_frame_matches_each_model_on_its_rows(bundle, enterprise, model, portfolio_path, library):
    read = pd.read_csv if library == "pandas" else pl.read_csv
    frame = read(portfolio_path)
    scored = bundle.score_frame(frame)
    assert len(scored) == len(frame)
    segments = list(frame["segment"])
    names = list(scored["model"])
    assert names == ["enterprise" if s == "enterprise" else "default" for s in segments]
    assert 0 < names.count("enterprise") < len(names)
    alone = {"enterprise": enterprise.score_frame(frame), "default": model.score_frame(frame)}
    for column in ["renewal", "adoption", "expansion"]:
        got = np.asarray(scored[column], dtype=np.float64)
        for name, other in alone.items():
            rows = np.array([n == name for n in names])
            want = np.asarray(other[column], dtype=np.float64)[rows]
            np.testing.assert_array_equal(got[rows], want)
        bands = list(scored[f"{column}_band"])
        for i, name in enumerate(names):
            assert bands[i] == list(alone[name][f"{column}_band"])[i]
    if library == "pandas":
        assert scored.index.equals(frame.index)


def test_the_worklist_names_the_model_of_each_account(bundle, root):
    history = pd.read_csv(root / "examples" / "snapshots.csv")
    frame = bundle.worklist(history)
    latest = history.sort_values("as_of").groupby("id").last()["segment"]
    for _, row in frame.iterrows():
        want = "enterprise" if latest[row["id"]] == "enterprise" else "default"
        assert row["model"] == want
    stakes = list(frame["arr_at_stake"])
    assert stakes == sorted(stakes, reverse=True)


def test_from_dict_takes_model_objects_and_pickles(enterprise):
    b = vv.Bundle.from_dict({"by": "id", "models": {"A1": enterprise}, "otherwise": "default"})
    assert b.score({"id": "A1"}).model == "enterprise"
    assert b.score({"id": "A2"}).model == "default"
    again = pickle.loads(pickle.dumps(b))
    assert again == b
    assert vv.Bundle.from_json(b.to_json()) == b
    assert json.loads(b.to_json())["by"] == "id"


def test_bad_bundles_raise_model_errors_naming_the_field(tmp_path, enterprise):
    (tmp_path / "b.json").write_text(json.dumps({"by": "segment", "models": {"x": "nowhere.json"},
                                                 "otherwise": "default"}))
    with pytest.raises(vv.ModelError) as info:
        vv.Bundle.load(tmp_path / "b.json")
    assert info.value.path == "models.x" and "nowhere.json" in str(info.value)
    amber = enterprise.to_dict()
    amber["bands"][1]["name"] = "amber"
    with pytest.raises(vv.ModelError) as info:
        vv.Bundle.from_dict({"by": "segment", "models": {"x": amber}, "otherwise": "default"})
    assert info.value.path == "models.x.bands"
    with pytest.raises(vv.ModelError) as info:
        vv.Bundle.from_dict({"by": "tier", "models": {"x": "default"}, "otherwise": "default"})
    assert info.value.path == "by"
    with pytest.raises(TypeError):
        vv.Bundle.from_dict(["by"])  # type: ignore[arg-type]


def test_an_unknown_column_names_the_bundle(bundle, portfolio_path):
    frame = pd.read_csv(portfolio_path).assign(npss=1.0)
    with pytest.raises(vv.InputError) as info:
        bundle.score_frame(frame)
    assert info.value.path == "npss" and "bundle" in str(info.value)
