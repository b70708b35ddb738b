"""Clusters from Python: frames and mappings in, the same clusters from
pandas and polars, a frame per cluster out, and errors by field."""

import pandas as pd
import polars as pl
import pytest

import valuevector as vv


def test_the_sample_portfolio_clusters_the_same_from_pandas_and_polars(model, portfolio_path):
    from_pandas = model.clusters(pd.read_csv(portfolio_path))
    from_polars = model.clusters(pl.read_csv(portfolio_path))
    assert from_pandas.to_dict() == from_polars.to_dict()
    c = from_pandas
    assert c.chosen_by == "silhouette"
    assert 2 <= c.k <= 8 and len(c) == c.k
    assert c.silhouette == max(t["silhouette"] for t in c.tried)
    assert len(c.members) == 240 and set(c.members) == set(range(1, c.k + 1))
    assert sum(x["accounts"] for x in c.clusters) == 240
    sizes = [x["accounts"] for x in c.clusters]
    assert sizes == sorted(sizes, reverse=True)
    assert "Clusters" in repr(c)


def test_a_frame_per_cluster(model, portfolio_path):
    c = model.clusters(pd.read_csv(portfolio_path), k=3, seed=5)
    assert c.chosen_by == "given" and c.tried == []
    frame = c.frame()
    assert list(frame["cluster"]) == [1, 2, 3]
    assert list(frame.columns[:8]) == ["cluster", "accounts", "arr", "renewal", "root_driver", "dimension",
                                       "root_accounts", "first_moves"]
    assert list(frame.columns[8:]) == c.drivers
    arr = pd.read_csv(portfolio_path)["arr"].sum()
    assert frame["arr"].sum() == pytest.approx(arr)
    assert c.to_dict() == model.clusters(pd.read_csv(portfolio_path), k=3, seed=5).to_dict()
    assert isinstance(c.frame("polars"), pl.DataFrame)


def test_a_bundle_clusters_with_each_accounts_model(root, portfolio_path):
    bundle = vv.Bundle.load(root / "examples" / "bundle.json")
    frame = pd.read_csv(portfolio_path)
    by_bundle = bundle.clusters(frame, k=3)
    by_default = vv.Model.default().clusters(frame, k=3)
    # The shapes are the models' drivers against their targets, the same
    # in both; the mean scores differ where enterprise accounts are.
    assert by_bundle.members == by_default.members
    assert [x["mean_score"] for x in by_bundle.clusters] != [x["mean_score"] for x in by_default.clusters]


def test_bad_requests_raise_input_errors(model):
    with pytest.raises(vv.InputError) as info:
        model.clusters([{"id": "a", "product": 0.5}, {"id": "b", "product": "high"}])
    assert info.value.path == "accounts[1].product"
    with pytest.raises(vv.InputError) as info:
        model.clusters([{"id": "a", "product": 0.5}], k=2)
    assert info.value.path == "k"
    with pytest.raises(vv.InputError) as info:
        model.clusters([{"id": "a", "product": 0.5}] * 4, k="several")  # type: ignore[arg-type]
    assert info.value.path == "k"
