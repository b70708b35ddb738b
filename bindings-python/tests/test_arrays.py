"""score_arrays: zero copy, conversions, outputs, and errors naming the column."""

import numpy as np
import pytest

import valuevector as vv
from valuevector._model import _float_column

DRIVERS = ["product", "outcomes", "enablement", "guidance", "relationship", "need"]


def columns(rows=1000, seed=3):
    rng = np.random.default_rng(seed)
    cols = {d: rng.random(rows) for d in DRIVERS}
    cols["need"][::7] = np.nan
    cols["product"][::11] = 0.0
    return cols


def test_scores_match_per_account_scoring(model):
    cols = columns(300)
    out = model.score_arrays(cols)
    for i in range(300):
        card = model.score({d: cols[d][i] for d in DRIVERS})
        for k, eq in enumerate(model.equations):
            o = card.outcomes[eq]
            if o.score is None:
                assert np.isnan(out[eq][i])
            else:
                assert out[eq][i] == o.score
            band = out[f"{eq}_band"][i]
            assert (model.bands[band] if band >= 0 else None) == o.band
            lim = out[f"{eq}_limiting"][i]
            assert (model.equation_inputs(eq)[lim] if lim >= 0 else None) == o.limiting
            root = out[f"{eq}_root_driver"][i]
            assert (model.drivers[root] if root >= 0 else None) == o.root_driver


def test_output_shapes_and_types(model):
    out = model.score_arrays(columns(50))
    parts = ("", "_band", "_limiting", "_root_driver")
    assert sorted(out) == sorted(f"{eq}{part}" for eq in model.equations for part in parts)
    assert out["renewal"].dtype == np.float64 and out["renewal_band"].dtype == np.int8
    assert all(len(a) == 50 for a in out.values())


def test_contiguous_float64_columns_are_not_copied():
    a = np.linspace(0, 1, 100)
    b = _float_column("product", a)
    assert b is a
    assert b.__array_interface__["data"][0] == a.__array_interface__["data"][0]
    # A strided view or another dtype is converted once, to a new buffer.
    strided = np.linspace(0, 1, 200)[::2]
    assert not np.shares_memory(_float_column("product", strided), strided)
    ints = np.arange(3, dtype=np.int32)
    converted = _float_column("champion_count", ints)
    assert converted.dtype == np.float64 and list(converted) == [0.0, 1.0, 2.0]


def test_other_numeric_inputs_convert(model):
    rows = 20
    base = model.score_arrays({"champion_count": np.arange(rows) % 4, "exec_sponsor_engaged": np.ones(rows)})
    as_int = model.score_arrays({"champion_count": (np.arange(rows) % 4).astype(np.int16),
                                 "exec_sponsor_engaged": np.ones(rows, dtype=bool)})
    as_list = model.score_arrays({"champion_count": [float(x % 4) for x in range(rows)],
                                  "exec_sponsor_engaged": [1] * rows})
    for eq in model.equations:
        np.testing.assert_array_equal(base[eq], as_int[eq])
        np.testing.assert_array_equal(base[eq], as_list[eq])


def test_out_arrays_are_written_in_place(model):
    cols = columns(64)
    fresh = model.score_arrays(cols)
    renewal = np.full(64, -1.0)
    band = np.full(64, 9, dtype=np.int8)
    out = model.score_arrays(cols, out={"renewal": renewal, "renewal_band": band})
    assert out["renewal"] is renewal and out["renewal_band"] is band
    assert set(out) == {"renewal", "renewal_band"}
    np.testing.assert_array_equal(renewal, fresh["renewal"])
    np.testing.assert_array_equal(band, fresh["renewal_band"])


@pytest.mark.parametrize(
    "cols,path,words",
    [
        ({"product": np.array(["a", "b"])}, "product", "dtype"),
        ({"product": np.array([object(), object()])}, "product", "dtype"),
        ({"product": np.ones((2, 2))}, "product", "1-D"),
        ({"product": np.ones(3), "need": np.ones(2)}, "need", "rows"),
        ({"product": np.ones(2), "trust": np.ones(2)}, "trust", "unknown"),
        ({"product": np.array([0.5, np.inf])}, "product", "row 1"),
        ({"nps": np.array([10.0, -np.inf])}, "nps", "row 1"),
        ({"key_feature_adoption": np.array([0.5, 1.5])}, "key_feature_adoption", "unit"),
        ({"adoption": np.ones(2)}, "adoption", "equation"),
    ],
)
def test_bad_columns_are_input_errors_naming_the_column(model, cols, path, words):
    with pytest.raises(vv.InputError) as info:
        model.score_arrays(cols)
    assert info.value.path == path, str(info.value)
    assert words in str(info.value)


def test_bad_out_arrays(model):
    cols = columns(8)
    with pytest.raises(vv.InputError) as info:
        model.score_arrays(cols, out={"renewal": np.empty(8, dtype=np.float32)})
    assert info.value.path == "renewal"
    with pytest.raises(vv.InputError) as info:
        model.score_arrays(cols, out={"churn": np.empty(8)})
    assert info.value.path == "churn"
    with pytest.raises(vv.InputError) as info:
        model.score_arrays(cols, out={"renewal": np.empty(7)})
    assert info.value.path == "renewal.score"
    frozen = np.empty(8)
    frozen.flags.writeable = False
    with pytest.raises(vv.InputError):
        model.score_arrays(cols, out={"renewal": frozen})


def test_zero_rows(model):
    out = model.score_arrays({"product": np.empty(0)})
    assert all(len(a) == 0 for a in out.values())
    out = model.score_arrays({})
    assert all(len(a) == 0 for a in out.values())
