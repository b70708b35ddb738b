"""The real engines: PySpark in local mode (two cores) and a Dask
LocalCluster of two worker processes score the sample portfolio and a
generated one of 10^5 accounts with the same bits as `score_frame`, and
Spark works the sample history into the same worklist as `Model.worklist`.

They need Java (for Spark) and the pyspark and dask packages: the test
command installs them."""

import os
import sys

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import valuevector as vv
from valuevector import dask as vvd
from valuevector import spark as vvs

ROWS = 100_000

# PySpark 4.3 warns that it does not yet fully support pandas 3: its own
# warnings, not the package's.
pytestmark = [
    pytest.mark.filterwarnings("ignore::FutureWarning:pyspark"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:pyspark"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # The workers must import this environment's valuevector.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("valuevector-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        with Client(c) as client:
            yield client


@pytest.fixture(scope="module")
def generated(tmp_path_factory, model):
    """10^5 accounts: the model's measures with 3% nulls each, as Parquet
    (in four row groups, so that engines split it) and as CSV."""
    rng = np.random.default_rng(2026)
    data = {"id": [f"G{i:06d}" for i in range(ROWS)],
            "segment": rng.choice(["smb", "mid", "enterprise"], ROWS),
            "arr": rng.integers(5_000, 900_000, ROWS).astype(np.float64)}
    sample = pd.read_csv(os.path.join(os.path.dirname(__file__), "..", "..", "examples", "portfolio.csv"))
    for name in model.measures:
        if name not in sample.columns:
            continue
        column = sample[name].dropna().to_numpy(dtype=np.float64)
        values = rng.choice(column, ROWS)
        values[rng.random(ROWS) < 0.03] = np.nan
        data[name] = values
    frame = pd.DataFrame(data)
    folder = tmp_path_factory.mktemp("generated")
    parquet = folder / "portfolio.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), parquet, row_group_size=ROWS // 4)
    csv = folder / "portfolio.csv"
    frame.to_csv(csv, index=False)
    return frame, parquet, csv


def assert_same(model, want, got):
    """`got` (a pandas frame from an engine) has `want`'s rows (score_frame
    on pandas), matched by id: the same bits for every score, the same
    label (or none) for every band, limiting input and root driver."""
    want = want.set_index("id").sort_index()
    got = got.set_index("id").sort_index()
    assert list(got.index) == list(want.index)
    for name, _, part in model._native.output_columns():
        if part in ("score", "probability"):
            a = want[name].to_numpy(dtype=np.float64, na_value=np.nan)
            b = got[name].to_numpy(dtype=np.float64, na_value=np.nan)
            assert np.array_equal(np.isnan(a), np.isnan(b)), name
            ok = ~np.isnan(a)
            assert np.array_equal(a[ok].view(np.uint64), b[ok].view(np.uint64)), name
        else:
            a = [None if pd.isna(v) else str(v) for v in want[name]]
            b = [None if pd.isna(v) else str(v) for v in got[name]]
            assert a == b, name


# ---- Spark -----------------------------------------------------------------


def test_spark_scores_the_sample_as_score_frame_does(spark, model, portfolio_path):
    df = spark.read.csv(str(portfolio_path), header=True, inferSchema=True)
    scored = vvs.score(df, model)
    assert scored.schema == vvs.output_schema(model, df.schema)
    assert scored.columns[0] == "id"
    assert_same(model, model.score_frame(pd.read_csv(portfolio_path)), scored.toPandas())


def test_spark_scores_10_to_the_5_accounts_from_parquet_bit_for_bit(spark, model, generated):
    frame, parquet, _ = generated
    df = spark.read.parquet(str(parquet)).repartition(3)
    got = vvs.score(df, model, keep=["id", "segment"]).toPandas()
    assert len(got) == ROWS
    assert_same(model, model.score_frame(frame), got)


def test_spark_gives_codes_as_bytes_and_nulls_for_missing(spark, model, portfolio_path):
    df = spark.read.csv(str(portfolio_path), header=True, inferSchema=True)
    scored = vvs.score(df, model, codes=True)
    assert dict(scored.dtypes)["renewal_band"] == "tinyint"
    rows = scored.toArrow()
    want = model.score_arrow(pa.Table.from_pandas(pd.read_csv(portfolio_path)), codes=True)
    assert rows.sort_by("id").drop_columns(["id"]).cast(want.drop_columns(["id"]).schema).equals(
        want.sort_by("id").drop_columns(["id"]))


def test_spark_refuses_unknown_columns_before_any_task(spark, model, portfolio_path):
    df = spark.read.csv(str(portfolio_path), header=True, inferSchema=True).withColumn("npss", pa_lit(1.0))
    with pytest.raises(vv.InputError) as e:
        vvs.score(df, model)
    assert e.value.path == "npss"
    assert vvs.score(df, model, ignore=["npss"]).count() == 240


def pa_lit(value):
    from pyspark.sql import functions as F

    return F.lit(value)


def test_spark_works_the_history_into_the_same_worklist(spark, model, root):
    path = root / "examples" / "portfolio_history.csv"
    history = spark.read.csv(str(path), header=True, inferSchema=True)
    for as_of in (None, "2026-11-15"):
        want = model.worklist(pl.read_csv(path), as_of=as_of)
        got = vvs.worklist(history, model, as_of=as_of)
        assert got.columns == want.columns
        rows = got.toArrow().to_pylist()
        assert len(rows) == len(want)
        assert rows == want.to_dicts()


def test_spark_worklist_takes_plans_and_blockers_as_model_worklist_does(spark, model, root):
    path = root / "examples" / "portfolio_history.csv"
    plans = root / "examples" / "plans.json"
    blockers = pd.read_csv(root / "examples" / "blockers.csv")
    want = model.worklist(pl.read_csv(path), plans=plans, blockers=blockers, as_of="2026-12-01")
    assert want["first_move_covered"].any()
    history = spark.read.csv(str(path), header=True, inferSchema=True)
    got = vvs.worklist(history, model, plans=plans, blockers=blockers, as_of="2026-12-01")
    assert got.toArrow().to_pylist() == want.to_dicts()


# ---- Dask ------------------------------------------------------------------


def test_dask_scores_the_sample_as_score_frame_does(cluster, model, portfolio_path):
    import dask.dataframe as dd

    ddf = dd.read_csv(str(portfolio_path), blocksize=4_000, assume_missing=True)
    assert ddf.npartitions > 1
    scored = vvd.score(ddf, model)
    assert list(scored.columns[:2]) == ["id", "adoption"]
    assert_same(model, model.score_frame(pd.read_csv(portfolio_path)), scored.compute())


def test_dask_scores_10_to_the_5_accounts_bit_for_bit(cluster, model, generated):
    import dask.dataframe as dd

    frame, parquet, csv = generated
    want = model.score_frame(frame)
    for ddf in (dd.read_parquet(str(parquet), split_row_groups=True),
                dd.read_csv(str(csv), assume_missing=True, blocksize=2_000_000)):
        assert ddf.npartitions > 1
        got = vvd.score(ddf, model).compute()
        assert len(got) == ROWS
        assert_same(model, want, got)


def test_dask_refuses_unknown_columns_from_the_meta(model, portfolio_path):
    import dask.dataframe as dd

    ddf = dd.read_csv(str(portfolio_path), assume_missing=True)
    ddf = ddf.assign(npss=1.0)
    with pytest.raises(vv.InputError) as e:
        vvd.score(ddf, model)
    assert e.value.path == "npss"
