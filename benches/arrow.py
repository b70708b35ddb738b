#!/usr/bin/env python3
"""`Model.score_arrow` against `Model.score_arrays` on the same data.

The default model's ten drivers for N accounts, 2% of each column missing:
in Arrow as nulls (a pyarrow Table), for `score_arrays` as NaN-filled
float64 arrays. Timed over several interleaved runs (best and median):

- `score_arrays`, its NaN-filled arrays made beforehand (the kernel alone);
- `score_arrays` with the conversion a user of Arrow data writes first
  (`to_numpy` and NaN where null, per column);
- `score_arrow` on the Table (nulls read from the validity bitmaps, NaN
  under them as pandas data has), returning a pyarrow Table with
  dictionary-encoded bands;
- `score_arrow` on a Table with zeros under its nulls (as polars and
  Spark give them: each block is staged with NaN);
- `score_arrow(codes=True)`;
- `score_arrow` on a Table without nulls (columns read in place).

The issue's target: `score_arrow` within 10% of `score_arrays`.

    python benches/arrow.py                # 10^6 accounts
    python benches/arrow.py --rows 100000
    python benches/arrow.py --check        # 5000 rows, once, agreement only (no timing)
"""

import argparse
import platform
import statistics
import time

import numpy as np
import pyarrow as pa

import valuevector as vv


def data(model, rows, seed=11):
    rng = np.random.default_rng(seed)
    columns = {}
    for d in model.drivers:
        x = rng.random(rows)
        x[rng.random(rows) < 0.02] = np.nan
        columns[d] = x
    return columns


def as_table(columns, nulls=True):
    """Columns as a Table: NaN as nulls with NaN under them (as pandas data
    arrives), or as NaN values."""
    arrays = {name: pa.array(x, from_pandas=nulls) for name, x in columns.items()}
    return pa.table(arrays)


def zeros_under_nulls(columns):
    """NaN as nulls with zeros under them (as polars and Spark give them)."""
    return pa.table({name: pa.array(np.nan_to_num(x, nan=0.0), mask=np.isnan(x)) for name, x in columns.items()})


def from_arrow(table):
    """What a user writes to feed Arrow data to score_arrays."""
    out = {}
    for name in table.column_names:
        column = table[name]
        x = column.to_numpy().astype(np.float64, copy=True)
        if column.null_count:
            x[column.is_null().to_numpy()] = np.nan
        out[name] = x
    return out


def best_of(runs, repeat):
    """Each run's best and median times, the runs interleaved so that a noisy spell of
    the machine falls on all of them alike."""
    times = {name: [] for name in runs}
    for _ in range(repeat):
        for name, fn in runs.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: (min(t), statistics.median(t)) for name, t in times.items()}


def check(model, columns, table):
    """score_arrow gives score_arrays' numbers, nulls where NaN."""
    arrays = model.score_arrays(columns)
    scored = model.score_arrow(table)
    for eq in model.equations:
        want = arrays[eq]
        got = scored[eq]
        assert np.array_equal(got.is_null().to_numpy(), np.isnan(want)), eq
        ok = ~np.isnan(want)
        assert np.array_equal(got.to_numpy(zero_copy_only=False)[ok], want[ok]), eq


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="5000 rows, agreement only")
    args = parser.parse_args()
    model = vv.Model.default()
    rows = 5000 if args.check else args.rows
    columns = data(model, rows)
    table = as_table(columns)
    zeros = zeros_under_nulls(columns)
    dense = as_table({k: np.nan_to_num(v, nan=0.5) for k, v in columns.items()}, nulls=False)
    check(model, columns, table)
    check(model, columns, zeros)
    if args.check:
        print(f"score_arrow agrees with score_arrays on {rows} rows")
        return
    runs = {
        "score_arrays (NaN arrays ready)": lambda: model.score_arrays(columns),
        "score_arrays + Arrow to NaN arrays": lambda: model.score_arrays(from_arrow(table)),
        "score_arrow (nulls, dictionaries)": lambda: model.score_arrow(table),
        "score_arrow (nulls, codes=True)": lambda: model.score_arrow(table, codes=True),
        "score_arrow (nulls over zeros)": lambda: model.score_arrow(zeros),
        "score_arrays, no nulls": lambda: model.score_arrays({n: dense[n].to_numpy() for n in dense.column_names}),
        "score_arrow, no nulls": lambda: model.score_arrow(dense),
    }
    print(f"{rows} accounts, default model ({len(model.drivers)} drivers), best of {args.repeat}; "
          f"{platform.processor() or platform.machine()}")
    times = best_of(runs, args.repeat)
    base_best, base_median = times["score_arrays (NaN arrays ready)"]
    print(f"  {'':<40} {'best':>8}       {'median':>8}")
    for name, (t, m) in times.items():
        print(f"  {name:<40} {t * 1e3:8.1f} ms {t / base_best:5.2f}x {m * 1e3:8.1f} ms {m / base_median:5.2f}x")
    for what, arrow, arrays in (("no nulls", "score_arrow, no nulls", "score_arrays, no nulls"),
                                ("nulls", "score_arrow (nulls, dictionaries)", "score_arrays (NaN arrays ready)"),
                                ("nulls over zeros", "score_arrow (nulls over zeros)",
                                 "score_arrays (NaN arrays ready)")):
        print(f"  score_arrow / score_arrays, {what}: best {times[arrow][0] / times[arrays][0]:.3f}, "
              f"median {times[arrow][1] / times[arrays][1]:.3f}")


if __name__ == "__main__":
    main()
