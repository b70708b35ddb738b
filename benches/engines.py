#!/usr/bin/env python3
"""Scoring N accounts from Parquet to Parquet on one machine and through
Spark (local mode) and Dask (a LocalCluster), with the default model.

The same file for every route: the default model's ten drivers, 2% of
each value null, in row groups of 10^6/8 rows. Each route reads it, scores
it and writes the scores (with the ids) as Parquet, timed end to end; each
engine also runs the same pipeline without scoring (read and write the ids
and drivers), so that the difference is what scoring costs there.

    python benches/engines.py                  # 10^6 accounts
    python benches/engines.py --rows 10000000
    python benches/engines.py --check          # 20,000 rows, every route once, results compared

Spark runs `local[2]` (PYSPARK_PYTHON set to this interpreter); Dask a
LocalCluster of two single-threaded worker processes. The first run of each
engine warms it up (JVM, workers, imports) and is not counted.
"""

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

import valuevector as vv


def generate(model, rows, path, seed=5):
    rng = np.random.default_rng(seed)
    group = max(rows // 8, 1)
    writer = None
    for start in range(0, rows, group):
        n = min(group, rows - start)
        columns = {"id": pa.array([f"A{i:08d}" for i in range(start, start + n)])}
        for d in model.drivers:
            x = rng.random(n)
            columns[d] = pa.array(x, mask=rng.random(n) < 0.02)
        table = pa.table(columns)
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    writer.close()


def timed(fn, repeat):
    """The best of `repeat` runs after one warm-up run."""
    fn()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def local_routes(model, source, out):
    def read_only():
        table = pq.read_table(source)
        return table

    def score_only(table):
        return model.score_arrow(table)

    def whole():
        pq.write_table(model.score_arrow(pq.read_table(source)), out)

    def copy():
        pq.write_table(pq.read_table(source), out)

    return whole, copy, read_only, score_only


def spark_session():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "6g")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--only", choices=["local", "spark", "dask"], action="append")
    args = parser.parse_args()
    rows = 20_000 if args.check else args.rows
    repeat = 1 if args.check else args.repeat
    routes = args.only or ["local", "spark", "dask"]
    model = vv.Model.default()
    work = tempfile.mkdtemp(prefix="vv-engines-")
    try:
        source = os.path.join(work, "accounts.parquet")
        generate(model, rows, source)
        print(f"{rows} accounts, default model, Parquet to Parquet; {platform.machine()}, "
              f"{os.cpu_count()} cores; best of {repeat} after a warm-up")
        results = {}
        if "local" in routes:
            whole, copy, read_only, score_only = local_routes(model, source, os.path.join(work, "local.parquet"))
            table = read_only()
            results["local: read, score_arrow, write"] = timed(whole, repeat)
            results["local: read and write, no scoring"] = timed(copy, repeat)
            results["local: read_table alone"] = timed(read_only, repeat)
            results["local: score_arrow alone"] = timed(lambda: score_only(table), repeat)
            reference = model.score_arrow(table)
        if "spark" in routes:
            from valuevector import spark as vvs

            spark = spark_session()
            df = spark.read.parquet(source)
            out = os.path.join(work, "spark")
            results["spark local[2]: read, score, write"] = timed(
                lambda: vvs.score(df, model).write.mode("overwrite").parquet(out), repeat)
            results["spark local[2]: the same, codes=True"] = timed(
                lambda: vvs.score(df, model, codes=True).write.mode("overwrite").parquet(out + "-codes"), repeat)
            results["spark local[2]: read and write, no scoring"] = timed(
                lambda: df.write.mode("overwrite").parquet(out + "-copy"), repeat)
            if args.check:
                got = pq.read_table(out).sort_by("id")
                want = reference.sort_by("id")
                for eq in model.equations:
                    assert got[eq].equals(want[eq]), eq
            spark.stop()
        if "dask" in routes:
            import dask.dataframe as dd
            from dask.distributed import Client, LocalCluster

            from valuevector import dask as vvd

            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, \
                    Client(c):
                ddf = dd.read_parquet(source, split_row_groups=True)
                out = os.path.join(work, "dask")
                results["dask 2 workers: read, score, write"] = timed(
                    lambda: vvd.score(ddf, model).to_parquet(out, overwrite=True), repeat)
                results["dask 2 workers: read and write, no scoring"] = timed(
                    lambda: ddf.to_parquet(out + "-copy", overwrite=True), repeat)
                if args.check:
                    got = pq.read_table(out).to_pandas().set_index("id").sort_index()
                    want = reference.to_pandas().set_index("id").sort_index()
                    for eq in model.equations:
                        assert np.array_equal(got[eq].to_numpy(), want[eq].to_numpy(), equal_nan=True), eq
        base = results.get("local: read, score_arrow, write")
        for name, t in results.items():
            ratio = f"{t / base:6.2f}x" if base else ""
            print(f"  {name:<46} {t:8.2f} s {ratio}")
        if args.check:
            print("every route agrees with score_arrow")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
