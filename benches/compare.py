#!/usr/bin/env python3
"""valuevector against what a data scientist would otherwise write.

One process, the same data, the default model's success equations (adoption,
renewal, expansion as geometric means with missing inputs left out and a
minimum coverage of 0.5; each driver counts as at least its floor, 0.01,
inside the means; renewal and expansion require adoption and never score
above it; bands red < 0.4 <= yellow < 0.7 <= green; the limiting input is
the one whose reaching its target lifts the outcome most: for adoption,
with equal weights and targets of 1, the lowest input below 1, ties to the
first; under adoption's cap, by the lifts themselves)
done five ways: vectorised numpy, polars expressions, pandas `apply`, a
plain Python loop, and valuevector's `score_arrays` and `score_frame`.

It first checks that every implementation agrees with valuevector (scores
to 1e-12, bands and limiting inputs exactly), then times each and prints
accounts per second and the ratio to valuevector.

    python benches/compare.py                 # 10^6 accounts (pandas apply and the loop on 10^5)
    python benches/compare.py --rows 200000
    python benches/compare.py --check         # agreement only, small, no timing (the test command runs this)
"""

import argparse
import math
import sys
import time

import numpy as np

import valuevector as vv

DRIVERS = ["product", "outcomes", "enablement", "guidance", "relationship", "need"]
EQUATIONS = {
    "adoption": ["product", "outcomes", "enablement", "guidance"],
    "renewal": ["adoption", "relationship"],
    "expansion": ["adoption", "relationship", "need"],
}
BANDS = ["red", "yellow", "green"]
MIN_COVERAGE = 0.5
FLOOR = 0.01
# Equations whose first input (adoption) is required and caps them.
CAPPED = {"renewal", "expansion"}


def data(rows, seed=7):
    rng = np.random.default_rng(seed)
    cols = {}
    for d in DRIVERS:
        x = rng.random(rows)
        u = rng.random(rows)
        x[u < 0.02] = np.nan
        x[(u >= 0.02) & (u < 0.03)] = 0.0
        cols[d] = x
    return cols


# ---- vectorised numpy ------------------------------------------------------

def np_mean(xs):
    """Equal-weight geometric mean over present inputs, NaN below the minimum coverage."""
    present = [~np.isnan(x) for x in xs]
    cov = sum(p.astype(float) for p in present) / len(xs)
    acc = np.zeros_like(xs[0])
    zero = np.zeros(xs[0].shape, dtype=bool)
    lo = np.full(xs[0].shape, np.inf)
    hi = np.full(xs[0].shape, -np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        for x, p in zip(xs, present):
            w = (1.0 / len(xs)) / cov
            acc = np.where(p, acc + w * np.log(np.where(p & (x > 0), x, 1.0)), acc)
            zero |= p & (x == 0)
            lo = np.where(p, np.minimum(lo, x), lo)
            hi = np.where(p, np.maximum(hi, x), hi)
        m = np.where(zero, 0.0, np.clip(np.exp(acc), lo, hi))
    return np.where((cov >= MIN_COVERAGE) & (cov > 0), m, np.nan)


def np_equation(eq, xs):
    score = np_mean(xs)
    # Equal weights, targets of 1: the lowest input below 1 lifts most.
    keys = np.stack([np.where(~np.isnan(x) & (x < 1.0), x, np.inf) for x in xs])
    best = np.argmin(keys, axis=0).astype(np.int8)
    none = np.isnan(score) | np.isinf(keys.min(axis=0))
    limiting = np.where(none, -1, best).astype(np.int8)
    if eq not in CAPPED:
        return score, limiting
    cap = xs[0]
    score = np.where(np.isnan(cap), np.nan, score)
    out = np.where(score > cap, cap, score)
    # Each input raised to its target, with the cap (itself raised for input 0).
    lifts = []
    for i, x in enumerate(xs):
        raised = np_mean([np.ones_like(y) if j == i else y for j, y in enumerate(xs)])
        lift = np.minimum(raised, 1.0 if i == 0 else cap) - out
        lifts.append(np.where(~np.isnan(x) & (x < 1.0), lift, -np.inf))
    lifts = np.stack(lifts)
    by_lift = np.argmax(lifts, axis=0).astype(np.int8)
    limiting = np.where(np.isnan(out), -1, np.where(lifts.max(axis=0) > 0, by_lift, limiting)).astype(np.int8)
    return out, limiting


def bands_of(score):
    return np.where(np.isnan(score), -1, np.where(score >= 0.7, 2, np.where(score >= 0.4, 1, 0))).astype(np.int8)


def with_numpy(cols):
    values = {d: np.where(x < FLOOR, FLOOR, x) for d, x in cols.items()}
    out = {}
    for eq, inputs in EQUATIONS.items():
        score, lim = np_equation(eq, [values[i] for i in inputs])
        values[eq] = score
        out[eq], out[f"{eq}_band"], out[f"{eq}_limiting"] = score, bands_of(score), lim
    return out


# ---- polars expressions ----------------------------------------------------

def with_polars(cols):
    import polars as pl

    def mean(exprs):
        n = len(exprs)
        present = [e.is_not_null() for e in exprs]
        cov = pl.sum_horizontal([p.cast(pl.Float64) for p in present]) / n
        logs = [pl.when(e > 0).then(e.log()).otherwise(0.0) * (1.0 / n) for e in exprs]
        acc = pl.sum_horizontal([pl.when(p).then(l / cov).otherwise(0.0) for p, l in zip(present, logs)])
        zero = pl.any_horizontal([(e == 0).fill_null(False) for e in exprs])
        m = pl.when(zero).then(0.0).otherwise(acc.exp().clip(pl.min_horizontal(exprs), pl.max_horizontal(exprs)))
        return pl.when(cov >= MIN_COVERAGE).then(m).otherwise(None)

    df = pl.DataFrame({k: v for k, v in cols.items()}).with_columns(pl.all().fill_nan(None))
    df = df.with_columns(pl.when(pl.col(d) < FLOOR).then(FLOOR).otherwise(pl.col(d)).alias(f"_{d}") for d in DRIVERS)
    out = {}
    for eq, inputs in EQUATIONS.items():
        exprs = [pl.col(i if i in EQUATIONS else f"_{i}") for i in inputs]
        # Equal weights, targets of 1: the lowest input below 1 lifts most.
        keys = [pl.when(x.is_not_null() & (x < 1.0)).then(x).otherwise(float("inf")) for x in exprs]
        least = pl.min_horizontal(keys)
        # The first input at the least key, as a chain of conditions: a list
        # column's arg_min is far slower in polars 2.
        best = pl.when(keys[0] == least).then(0)
        for i, k in enumerate(keys[1:], start=1):
            best = best.when(k == least).then(i)
        score = mean(exprs)
        if eq in CAPPED:
            cap = exprs[0]
            out_expr = pl.when(cap.is_null()).then(None).when(score > cap).then(cap).otherwise(score)
            df = df.with_columns(out_expr.alias(eq))
            lifts = []
            for i, x in enumerate(exprs):
                raised = mean([pl.lit(1.0) if j == i else y for j, y in enumerate(exprs)])
                bound = pl.lit(1.0) if i == 0 else cap
                lift = pl.min_horizontal(raised, bound) - pl.col(eq)
                lifts.append(pl.when(x.is_not_null() & (x < 1.0)).then(lift).otherwise(float("-inf")))
            top = pl.max_horizontal(lifts)
            by_lift = pl.when(lifts[0] == top).then(0)
            for i, l in enumerate(lifts[1:], start=1):
                by_lift = by_lift.when(l == top).then(i)
            best = pl.when(top > 0).then(by_lift).otherwise(best)
        else:
            df = df.with_columns(score.alias(eq))
        limited = pl.col(eq).is_not_null() & (least < float("inf"))
        df = df.with_columns(
            pl.when(limited).then(best).otherwise(-1).cast(pl.Int8).alias(f"{eq}_limiting"),
            pl.when(pl.col(eq).is_null()).then(-1).when(pl.col(eq) >= 0.7).then(2).when(pl.col(eq) >= 0.4).then(1)
            .otherwise(0).cast(pl.Int8).alias(f"{eq}_band"),
        )
    for eq in EQUATIONS:
        out[eq] = df[eq].fill_null(np.nan).to_numpy()
        out[f"{eq}_band"] = df[f"{eq}_band"].to_numpy()
        out[f"{eq}_limiting"] = df[f"{eq}_limiting"].to_numpy()
    return out


# ---- one row at a time: pandas apply and a plain loop ----------------------

def py_mean(xs):
    present = [x for x in xs if not math.isnan(x)]
    cov = len(present) / len(xs)
    if cov < MIN_COVERAGE or not present:
        return math.nan
    if min(present) == 0.0:
        return 0.0
    w = (1.0 / len(xs)) / cov
    acc = 0.0
    for x in present:
        acc += w * math.log(x)
    return min(max(math.exp(acc), min(present)), max(present))


def py_row(values):
    out = {}
    values = dict(values)
    for d in DRIVERS:
        if values[d] < FLOOR:
            values[d] = FLOOR
    for eq, inputs in EQUATIONS.items():
        xs = [values[i] for i in inputs]
        score = py_mean(xs)
        # Equal weights, targets of 1: the lowest input below 1 lifts most.
        best, lowest = -1, math.inf
        if not math.isnan(score):
            for i, x in enumerate(xs):
                if not math.isnan(x) and x < 1.0 and x < lowest:
                    best, lowest = i, x
        if eq in CAPPED:
            cap = xs[0]
            score = math.nan if math.isnan(cap) else min(score, cap) if score > cap else score
            if math.isnan(score):
                best = -1
            else:
                top, by_lift = 0.0, -1
                for i, x in enumerate(xs):
                    if math.isnan(x) or x >= 1.0:
                        continue
                    raised = py_mean([1.0 if j == i else y for j, y in enumerate(xs)])
                    lift = min(raised, 1.0 if i == 0 else cap) - score
                    if lift > top:
                        top, by_lift = lift, i
                if by_lift >= 0:
                    best = by_lift
        values[eq] = score
        band = -1 if math.isnan(score) else 2 if score >= 0.7 else 1 if score >= 0.4 else 0
        out[eq], out[f"{eq}_band"], out[f"{eq}_limiting"] = score, band, best
    return out


def with_loop(cols):
    rows = len(cols[DRIVERS[0]])
    results = [py_row({d: float(cols[d][r]) for d in DRIVERS}) for r in range(rows)]
    return {k: np.array([r[k] for r in results]) for k in results[0]}


def with_pandas_apply(cols):
    import pandas as pd

    df = pd.DataFrame(cols)
    res = df.apply(lambda row: pd.Series(py_row(row.to_dict())), axis=1)
    return {k: res[k].to_numpy() for k in res.columns}


# ---- valuevector -----------------------------------------------------------

def success_equations_model():
    """The default model without the rungs of the objectives ladder above
    adoption: the three success equations the other implementations
    compute, so that every contender does the same work."""
    spec = vv.Model.default().to_dict()
    spec["equations"] = [e for e in spec["equations"] if e["name"] in EQUATIONS]
    spec.pop("ladder", None)
    return vv.Model.from_dict(spec)


MODEL = success_equations_model()


def with_valuevector(cols):
    return MODEL.score_arrays(cols)


def with_valuevector_out(cols, out):
    return MODEL.score_arrays(cols, out=out)


def native_kernel(cols, out):
    """The Rust batch kernel through the extension's entry point, with the
    argument lists built beforehand: the kernel's own time in this process,
    which score_arrays(out=) adds only its Python wrapper to."""
    names = list(cols)
    arrays = [np.ascontiguousarray(cols[n], dtype=np.float64) for n in names]
    parts = [[out.get(f"{eq}{suffix}") for eq in EQUATIONS] for suffix in ("", "_band", "_limiting", "_root_driver")]
    probabilities = [None for _ in EQUATIONS]
    native = MODEL._native
    return lambda: native.score_into(names, arrays, *parts, probabilities)


def with_valuevector_frame(cols):
    import pandas as pd

    frame = MODEL.score_frame(pd.DataFrame(cols))
    return {
        **{eq: frame[eq].to_numpy() for eq in EQUATIONS},
        **{f"{eq}_band": frame[f"{eq}_band"].cat.codes.to_numpy().astype(np.int8) for eq in EQUATIONS},
        **{f"{eq}_limiting": frame[f"{eq}_limiting"].cat.codes.to_numpy().astype(np.int8) for eq in EQUATIONS},
    }


def agree(name, got, want):
    problems = []
    for eq in EQUATIONS:
        a, b = np.asarray(got[eq], dtype=float), want[eq]
        same_missing = np.array_equal(np.isnan(a), np.isnan(b))
        close = np.allclose(a[~np.isnan(b)], b[~np.isnan(b)], rtol=0, atol=1e-12) if same_missing else False
        if not close:
            problems.append(f"{eq} scores")
        for part in ("band", "limiting"):
            if not np.array_equal(np.asarray(got[f"{eq}_{part}"]).astype(int), want[f"{eq}_{part}"].astype(int)):
                bad = int((np.asarray(got[f"{eq}_{part}"]).astype(int) != want[f"{eq}_{part}"].astype(int)).sum())
                problems.append(f"{eq} {part} ({bad} rows)")
    print(f"  {name:<28} {'agrees' if not problems else 'DISAGREES: ' + ', '.join(problems)}")
    return not problems


def best_time(fn, repeat):
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--slow-rows", type=int, default=100_000, help="rows for pandas apply and the loop")
    parser.add_argument("--check", action="store_true", help="agreement only, on 3000 rows, no timing")
    args = parser.parse_args()
    rows = 3000 if args.check else args.rows
    slow_rows = min(rows, 3000 if args.check else args.slow_rows)

    cols = data(rows)
    small = {k: v[:slow_rows].copy() for k, v in cols.items()}
    want = with_valuevector(cols)
    want_small = with_valuevector(small)
    out = {k: np.empty_like(v) for k, v in want.items()}
    impls = [
        ("numpy (vectorised)", lambda: with_numpy(cols), want),
        ("polars (expressions)", lambda: with_polars(cols), want),
        ("pandas apply", lambda: with_pandas_apply(small), want_small),
        ("Python loop", lambda: with_loop(small), want_small),
        ("valuevector score_frame", lambda: with_valuevector_frame(cols), want),
        ("valuevector score_arrays(out=)", lambda: with_valuevector_out(cols, out), want),
    ]
    print(f"agreement with valuevector score_arrays ({rows} accounts; pandas apply and the loop on {slow_rows}):")
    ok = all([agree(name, fn(), ref) for name, fn, ref in impls])
    kernel = native_kernel(cols, out)
    kernel()
    ok &= agree("Rust kernel (native entry)", out, want)
    if not ok:
        sys.exit(1)
    if args.check:
        print("all implementations agree")
        return

    print(f"\ntimes (best of runs, one process):")
    base = best_time(lambda: with_valuevector(cols), 5) / rows
    print(f"  {'valuevector score_arrays':<32} {1 / base:>14,.0f} accounts/s   1.00x")
    for name, fn, ref in impls:
        n = slow_rows if ref is want_small else rows
        per = best_time(fn, 1 if n == slow_rows and slow_rows != rows else 3) / n
        print(f"  {name:<32} {1 / per:>14,.0f} accounts/s   {per / base:8.2f}x the time of valuevector")
    # score_arrays(out=) against the kernel alone, interleaved so that both
    # see the same machine.
    wrapped = native = math.inf
    for _ in range(7):
        native = min(native, best_time(kernel, 1))
        wrapped = min(wrapped, best_time(lambda: with_valuevector_out(cols, out), 1))
    print(f"  {'Rust kernel (native entry)':<32} {rows / native:>14,.0f} accounts/s   {native / rows / base:8.2f}x the time of valuevector")
    print(f"\nscore_arrays(out=) takes {wrapped / native:.3f}x the Rust kernel's time in this process")


if __name__ == "__main__":
    main()
