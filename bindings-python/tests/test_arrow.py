"""Arrow in and out: score_arrow on anything of the PyCapsule interface,
the same numbers as score_arrays, nulls as missing, ids kept."""

import pickle

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import valuevector as vv


@pytest.fixture(scope="module")
def table(portfolio_path):
    return pacsv.read_csv(portfolio_path)


def expected_arrays(model, table):
    """score_arrays on the same columns, nulls as NaN: the reference."""
    inputs = set(model.drivers) | set(model.measures)
    columns = {name: table[name].to_numpy().astype(np.float64) for name in table.column_names if name in inputs}
    for name, array in columns.items():
        nulls = table[name].is_null().to_numpy()
        array[nulls] = np.nan
    return model.score_arrays(columns)


def assert_same_scores(model, scored, arrays):
    names = {
        "band": lambda eq: model.bands,
        "limiting": lambda eq: model.equation_inputs(eq),
        "root_driver": lambda eq: model.drivers,
    }
    for name, eq, part in model._native.output_columns():
        column = scored.column(name)
        want = arrays[name]
        if part in ("score", "probability"):
            got = column.to_numpy(zero_copy_only=False)
            assert np.array_equal(column.is_null().to_numpy(), np.isnan(want)), name
            ok = ~np.isnan(want)
            assert np.array_equal(got[ok].view(np.uint64), want[ok].view(np.uint64)), name
        else:
            labels = column.to_pylist()
            table_ = names[part](eq)
            assert labels == [None if c < 0 else table_[c] for c in want], name


def test_a_pyarrow_table_with_nulls_scores_as_score_arrays(model, table):
    # Every measure column of the sample has nulls: they must read as missing.
    assert sum(table[n].null_count > 0 for n in model.measures if n in table.column_names) > 5
    scored = model.score_arrow(table)
    assert isinstance(scored, pa.Table)
    assert scored.column_names[0] == "id"
    assert scored["id"].to_pylist() == table["id"].to_pylist()
    assert_same_scores(model, scored, expected_arrays(model, table))
    band = scored.schema.field("renewal_band").type
    assert pa.types.is_dictionary(band) and band.index_type == pa.int8()


def test_polars_duckdb_and_record_batches_give_the_same_table(model, table):
    want = model.score_arrow(table)

    def same(scored):
        # polars and DuckDB export text as string views: the ids' values compare.
        assert scored["id"].to_pylist() == want["id"].to_pylist()
        assert scored.drop_columns(["id"]).equals(want.drop_columns(["id"]))

    same(model.score_arrow(pl.from_arrow(table)))
    same(model.score_arrow(table.combine_chunks().to_batches()[0]))
    import duckdb
    same(model.score_arrow(duckdb.from_arrow(table)))


class ArrayOnly:
    """An object of the PyCapsule interface with __arrow_c_array__ alone."""

    def __init__(self, batch):
        self.batch = batch

    def __arrow_c_array__(self, requested_schema=None):
        return self.batch.__arrow_c_array__(requested_schema)


def test_an_array_export_alone_is_read(model, table):
    batch = table.combine_chunks().to_batches()[0]
    assert model.score_arrow(ArrayOnly(batch)).equals(model.score_arrow(table))


def test_batches_of_a_stream_are_scored_in_order_and_errors_count_across_them(model):
    first = pa.record_batch({"id": ["a", "b"], "product": [0.5, None]})
    second = pa.record_batch({"id": ["c", "d"], "product": [0.9, 1.5]})
    with pytest.raises(vv.InputError) as e:
        model.score_arrow(pa.Table.from_batches([first, second]))
    assert e.value.path == "product"
    assert "row 3" in str(e.value)
    scored = model.score_arrow(pa.Table.from_batches([first, first]))
    assert scored["id"].to_pylist() == ["a", "b", "a", "b"]


def test_codes_come_as_int8_with_nulls_for_none(model, table):
    scored = model.score_arrow(table, codes=True)
    arrays = expected_arrays(model, table)
    for eq in model.equations:
        column = scored[f"{eq}_limiting"]
        assert column.type == pa.int8()
        got = column.to_numpy(zero_copy_only=False)
        got = np.where(column.is_null().to_numpy(), -1, np.nan_to_num(got)).astype(np.int8)
        assert np.array_equal(got, arrays[f"{eq}_limiting"])


def test_keep_passes_columns_through_and_names_what_is_wrong(model, table):
    scored = model.score_arrow(table, keep=["id", "segment", "arr"])
    assert scored.column_names[:3] == ["id", "segment", "arr"]
    assert scored["arr"].equals(table["arr"])
    assert model.score_arrow(table, keep=[]).column_names[0] == "adoption"
    without_id = table.drop_columns(["id"])
    assert model.score_arrow(without_id).column_names[0] == "adoption"
    with pytest.raises(vv.InputError) as e:
        model.score_arrow(without_id, keep=["id"])
    assert e.value.path == "id" and "no such column" in str(e.value)


def test_unknown_and_wrong_columns_are_named(model, table):
    extra = table.append_column("npss", pa.array(np.zeros(len(table))))
    with pytest.raises(vv.InputError) as e:
        model.score_arrow(extra)
    assert e.value.path == "npss" and "unknown column" in str(e.value)
    assert model.score_arrow(extra, ignore=["npss"]).equals(model.score_arrow(table))
    text = table.set_column(table.column_names.index("nps"), "nps", pa.array(["x"] * len(table)))
    with pytest.raises(vv.InputError) as e:
        model.score_arrow(text)
    assert e.value.path == "nps" and "expected numbers" in str(e.value)
    with pytest.raises(TypeError, match="Arrow data"):
        model.score_arrow({"nps": [1.0]})


def test_the_native_result_is_an_arrow_stream_for_any_reader(model, table):
    native = model._native.score_arrow(table, None, [], False)
    assert native.num_rows == len(table) == len(native)
    assert native.column_names[0] == "id"
    # Read twice, by two libraries: each export is a stream of its own.
    frame = pl.DataFrame(native)
    assert frame["id"].to_list() == table["id"].to_pylist()
    assert pa.table(native).equals(model.score_arrow(table))
    assert pa.schema(native) == model.arrow_schema(table.schema)


def test_score_frame_keeps_ids_and_takes_arrow_and_lazy_frames(model, portfolio_path):
    pdf = pd.read_csv(portfolio_path)
    # A row with no measure at all: its scores are missing.
    pdf.loc[3, [c for c in pdf.columns if c in model.measures]] = np.nan
    plf = pl.from_pandas(pdf)
    scored_pd = model.score_frame(pdf)
    scored_pl = model.score_frame(plf)
    assert list(scored_pd.columns[:2]) == ["id", "adoption"]
    assert scored_pl.columns[:2] == ["id", "adoption"]
    assert scored_pd["id"].tolist() == scored_pl["id"].to_list() == pdf["id"].tolist()
    # Missing scores are each library's own missing value.
    missing = scored_pd["renewal"].isna().to_numpy()
    assert missing.any()
    assert np.array_equal(scored_pl["renewal"].is_null().to_numpy(), missing)
    assert scored_pl["renewal"].is_nan().sum() == 0
    assert model.score_frame(plf.lazy()).equals(scored_pl)
    arrow = model.score_frame(pa.Table.from_pandas(pdf, preserve_index=False))
    assert isinstance(arrow, pa.Table)
    assert arrow["renewal"].is_null().to_numpy().tolist() == missing.tolist()
    assert list(model.score_frame(pdf, keep=["segment"]).columns[:2]) == ["segment", "adoption"]
    with pytest.raises(vv.InputError) as e:
        model.score_frame(pdf, keep=["owner"])
    assert e.value.path == "owner"


def test_a_bundle_keeps_ids_too(model, portfolio_path):
    bundle = vv.Bundle.from_dict({"by": "segment", "models": {"enterprise": "default"}, "otherwise": "default"})
    scored = bundle.score_frame(pd.read_csv(portfolio_path))
    assert list(scored.columns[:2]) == ["id", "model"]


def test_pickle_keeps_the_calibration_fit(model):
    rng = np.random.default_rng(7)
    rows = 400
    frame = pd.DataFrame({d: rng.uniform(0.05, 1, rows) for d in model.drivers})
    frame["renewed"] = (rng.uniform(0, 1, rows) < frame["relationship"]).astype(int)
    calibrated = model.calibrate(frame, outcome="renewed", equation="renewal", force=True)
    assert calibrated.calibration_fit is not None
    back = pickle.loads(pickle.dumps(calibrated))
    assert back == calibrated
    assert back.calibration_fit == calibrated.calibration_fit
    assert pickle.loads(pickle.dumps(model)).calibration_fit is None


def test_score_frame_gives_codes_with_the_library_s_missing_value(model, portfolio_path):
    pdf = pd.read_csv(portfolio_path)
    pdf.loc[5, [c for c in pdf.columns if c in model.measures]] = np.nan
    arrays = model.score_arrays(_frames_columns(model, pdf))
    for scored in (model.score_frame(pdf, codes=True), model.score_frame(pl.from_pandas(pdf), codes=True)):
        for eq in model.equations:
            name = f"{eq}_limiting"
            want = arrays[name]
            column = scored[name]
            if isinstance(scored, pd.DataFrame):
                assert str(column.dtype) == "Int8"
                got = column.fillna(-1).to_numpy(dtype=np.int8)
                assert column.isna().to_numpy().tolist() == (want < 0).tolist()
            else:
                assert column.dtype == pl.Int8
                got = column.fill_null(-1).to_numpy()
                assert column.is_null().to_numpy().tolist() == (want < 0).tolist()
            assert np.array_equal(got, want), name
    assert all((arrays[f"{eq}_limiting"] < 0).any() for eq in model.equations)


def _frames_columns(model, frame):
    inputs = set(model.drivers) | set(model.measures)
    return {c: frame[c].to_numpy(dtype=np.float64, na_value=np.nan) for c in frame.columns if c in inputs}
