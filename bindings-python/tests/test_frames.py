"""pandas and polars in and out: row order, index, missing values, errors."""

import numpy as np
import pandas as pd
import polars as pl
import pytest

import valuevector as vv
from valuevector._frames import model_columns


@pytest.fixture(scope="module")
def pdf(portfolio_path):
    return pd.read_csv(portfolio_path)


def test_pandas_round_trip_keeps_index_and_order(model, pdf):
    shuffled = pdf.sample(frac=1.0, random_state=1).set_index("id")
    out = model.score_frame(shuffled)
    assert list(out.index) == list(shuffled.index)
    ref = model.score_frame(pdf.set_index("id")).loc[shuffled.index]
    pd.testing.assert_frame_equal(out, ref)
    assert str(out["renewal_band"].dtype) == "category"
    assert list(out["renewal_band"].cat.categories) == ["red", "yellow", "green"]
    first = shuffled.iloc[0]
    card = model.score({k: v for k, v in first.items() if k in model.measures})
    assert out["renewal"].iloc[0] == card.renewal.score
    assert out["renewal_limiting"].iloc[0] == card.renewal.limiting


def test_polars_round_trip_matches_pandas(model, pdf, portfolio_path):
    out_pl = model.score_frame(pl.read_csv(portfolio_path))
    out_pd = model.score_frame(pdf)
    assert isinstance(out_pl, pl.DataFrame)
    assert out_pl.height == len(pdf)
    for eq in model.equations:
        np.testing.assert_array_equal(out_pl[eq].fill_null(np.nan).to_numpy(), out_pd[eq].to_numpy())
        assert out_pl[f"{eq}_band"].cast(pl.String).to_list() == [
            None if pd.isna(b) else b for b in out_pd[f"{eq}_band"].astype(object)
        ]


def test_missing_values_nan_none_and_null(model):
    full = {"product": 0.8, "outcomes": 0.7, "enablement": 0.6, "guidance": 0.5, "relationship": 0.9, "need": 0.4}
    want = model.score({**full, "need": None}).expansion.score
    frames = [
        pd.DataFrame([{**full, "need": np.nan}]),
        pd.DataFrame([{**full, "need": None}]),
        pd.DataFrame({**{k: [v] for k, v in full.items()}, "need": pd.array([None], dtype="Float64")}),
        pl.DataFrame([{**full, "need": None}], schema={k: pl.Float64 for k in full}),
    ]
    for df in frames:
        out = model.score_frame(df)
        got = out["expansion"][0]
        assert got == want, type(df)
    out = model.score_frame(pl.DataFrame({"weekly_active_ratio": [0.3]}))
    assert out["renewal"][0] is None and out["renewal_band"][0] is None
    out = model.score_frame(pd.DataFrame({"weekly_active_ratio": [0.3]}))
    assert np.isnan(out["renewal"][0]) and pd.isna(out["renewal_band"][0])


def test_nullable_integer_and_boolean_columns(model):
    df = pd.DataFrame({"champion_count": pd.array([1, None, 3], dtype="Int64"),
                       "exec_sponsor_engaged": [True, False, True]})
    out = model.score_frame(df)
    assert len(out) == 3


def test_float64_frame_columns_are_read_without_copy(model, pdf):
    cols = model_columns(model, pdf, set())
    assert np.shares_memory(cols["weekly_active_ratio"], pdf["weekly_active_ratio"].to_numpy())
    pl_df = pl.DataFrame({"product": np.linspace(0, 1, 10)})
    pl_cols = model_columns(model, pl_df, set())
    assert np.shares_memory(pl_cols["product"], pl_df["product"].to_numpy())


def test_unknown_numeric_columns_are_errors_unless_ignored(model):
    df = pd.DataFrame({"id": ["a"], "name": ["Acme"], "segment": ["smb"], "arr": [10.0],
                       "product": [0.5], "employees": [120]})
    with pytest.raises(vv.InputError) as info:
        model.score_frame(df)
    assert info.value.path == "employees"
    assert "ignore" in str(info.value)
    out = model.score_frame(df, ignore=["employees"])
    assert len(out) == 1
    with pytest.raises(vv.InputError) as info:
        model.score_frame(pl.from_pandas(df))
    assert info.value.path == "employees"


def test_non_numeric_input_columns_and_infinities(model):
    with pytest.raises(vv.InputError) as info:
        model.score_frame(pd.DataFrame({"nps": ["high", "low"]}))
    assert info.value.path == "nps"
    with pytest.raises(vv.InputError) as info:
        model.score_frame(pl.DataFrame({"nps": ["high", "low"]}))
    assert info.value.path == "nps"
    with pytest.raises(vv.InputError) as info:
        model.score_frame(pd.DataFrame({"nps": [1.0, np.inf]}))
    assert info.value.path == "nps"
    with pytest.raises(TypeError):
        model.score_frame({"nps": [1.0]})


def test_progress_between_frames(model):
    before = pd.DataFrame({"product": [0.5, 0.5, 0.9], "need": [0.5, 0.5, 0.9]}, index=["a", "b", "c"])
    after = pd.DataFrame({"product": [0.8, 0.49, 0.5], "need": [0.5, 0.5, 0.9]}, index=["a", "b", "c"])
    out = model.progress(before, after, 30)
    assert list(out.index) == ["a", "b", "c"]
    assert list(out["direction"]) == ["evolving", "standstill", "devolving"]
    # Each equation's own direction; renewal needs adoption, missing here.
    assert list(out["adoption_direction"]) == [None, None, None]
    one = model.progress(before.loc["a"].to_dict(), after.loc["a"].to_dict(), 30)
    assert out.loc["a", "progress"] == one.progress
    out_pl = model.progress(pl.from_pandas(before), pl.from_pandas(after), [30, 30, 60])
    assert out_pl["direction"].to_list() == ["evolving", "standstill", "devolving"]
    with pytest.raises(vv.InputError):
        model.progress(before, after.iloc[:2], 30)


def test_rollup_from_frames(model, root):
    blockers = pd.read_csv(root / "examples" / "blockers.csv")
    out = vv.rollup(blockers)
    assert list(out["dimension"]) == ["People", "Product", "Services", "Quality", "unclassified"]
    assert out["open"].sum() == blockers["resolved"].isna().sum()
    out_pl = model.rollup(pl.read_csv(root / "examples" / "blockers.csv"))
    assert out_pl["open"].to_list() == list(out["open"])
    assert out_pl["arr"].to_list() == list(out["arr"])
