"""pandas and polars adapters. Neither library is imported unless a frame
of it is passed in."""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Set, Tuple

import numpy as np

from ._errors import input_error
from ._native import repeated_ids

if TYPE_CHECKING:
    from ._model import Model
    from ._results import DimensionRollup

#: Columns of account data that are not measures or drivers.
PASSTHROUGH = {"id", "arr", "segment", "parent"}
#: The fields of a blocker row.
BLOCKER_FIELDS = ("account", "arr", "text", "severity", "dimension", "opened", "resolved", "tags")


def library(frame: Any) -> Optional[str]:
    """'pandas', 'polars' or None, from the frame's type alone."""
    module = type(frame).__module__.split(".")[0]
    return module if module in ("pandas", "polars") else None


def _require(frame: Any) -> str:
    lib = library(frame)
    if lib is None:
        raise TypeError(f"expected a pandas or polars DataFrame, got {type(frame).__name__}")
    if lib == "pandas" and not frame.columns.is_unique:
        twice = frame.columns[frame.columns.duplicated()][0]
        raise input_error(str(twice), "the column appears more than once in the frame")
    return lib


def warn_repeated_ids(frame: Any) -> None:
    """Warns (UserWarning) of the ids that more than one row of the frame has."""
    lib = _require(frame)
    if "id" not in frame.columns:
        return
    series = frame["id"] if lib == "pandas" else frame.get_column("id")
    # The common case, unique ids, is checked by the frame library at its speed.
    if (series.is_unique if lib == "pandas" else series.n_unique() == len(series)):
        return
    ids = [None if _missing(v) else str(v) for v in series.to_list()]
    repeated = repeated_ids(ids)
    if not repeated:
        return
    shown = ", ".join(f"{id!r} (rows {', '.join(map(str, rows[:5]))}{'...' if len(rows) > 5 else ''})"
                      for id, rows in repeated[:10])
    more = f" and {len(repeated) - 10} more" if len(repeated) > 10 else ""
    warnings.warn(
        f"{len(repeated)} ids are on more than one row, each row scored: {shown}{more}",
        UserWarning,
        stacklevel=3,
    )


def model_columns(
    model: "Model", frame: Any, ignore: Set[str], *, inputs: Optional[Set[str]] = None, who: Optional[str] = None
) -> Dict[str, np.ndarray]:
    """The frame's measure and driver columns as float64 arrays (NaN for
    missing), without copying float64 columns that have no nulls. `inputs`
    and `who` stand for the model's when the columns are a bundle's."""
    lib = _require(frame)
    if inputs is None:
        inputs = set(model.drivers) | set(model.measures)
    if who is None:
        who = f"model '{model.name}'"
    columns: Dict[str, np.ndarray] = {}
    for name in frame.columns:
        is_input = isinstance(name, str) and name in inputs
        if lib == "pandas":
            column = _pandas_column(frame[name], name) if is_input else None
            numeric = _pandas_numeric(frame[name])
        else:
            column = _polars_column(frame.get_column(name), name) if is_input else None
            dtype = frame.schema[name]
            numeric = dtype.is_numeric() or str(dtype) == "Boolean"
        if column is not None:
            columns[name] = column
        elif name in PASSTHROUGH or name in ignore or not numeric:
            continue
        else:
            raise input_error(
                str(name),
                f"unknown column: not a driver or measure of {who} "
                "(pass ignore=[...] to leave it out)",
            )
    return columns


def outcome_column(frame: Any, name: str) -> np.ndarray:
    """An outcome column (booleans, or numbers that are 0 or 1) as a bool array."""
    lib = _require(frame)
    if name not in frame.columns:
        raise input_error(name, "no such column for the outcome")
    series = frame[name] if lib == "pandas" else frame.get_column(name)
    values = series.to_numpy()
    if values.dtype == bool:
        return np.ascontiguousarray(values)
    try:
        numbers = values.astype(np.float64)
    except (TypeError, ValueError):
        raise input_error(name, "the outcome must be 1/0 or booleans") from None
    bad = ~np.isin(numbers, (0.0, 1.0))
    if bad.any():
        row = int(np.argmax(bad))
        raise input_error(name, f"row {row}: the outcome must be 1 or 0, got {values[row]!r}")
    return np.ascontiguousarray(numbers == 1.0)


def date_column(frame: Any, name: str) -> np.ndarray:
    """A date column as day numbers (float64): numbers as they are, dates
    and YYYY-MM-DD text as days since 1970-01-01."""
    lib = _require(frame)
    if name not in frame.columns:
        raise input_error(name, "no such column for the date")
    series = frame[name] if lib == "pandas" else frame.get_column(name)
    values = series.to_numpy()
    if values.dtype.kind in "iuf":
        return np.ascontiguousarray(values, dtype=np.float64)
    try:
        days = np.asarray(values, dtype="datetime64[D]")
    except (TypeError, ValueError):
        raise input_error(name, "dates must be YYYY-MM-DD, dates or numbers") from None
    out = days.astype("int64").astype(np.float64)
    out[np.isnat(days)] = np.nan
    return out


def records_frame(records: List[Dict[str, Any]], columns: List[str], lib: Optional[str]) -> Any:
    """Records as a frame of the given library, columns in the given order
    (the records themselves when there is no library)."""
    if lib == "pandas":
        import pandas as pd

        return pd.DataFrame.from_records(records, columns=columns)
    if lib == "polars":
        import polars as pl

        return pl.DataFrame(records).select(columns)
    return records


def _pandas_numeric(series: Any) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype))


def _pandas_column(series: Any, name: str) -> np.ndarray:
    if series.dtype == np.float64:
        return np.asarray(series.to_numpy())
    try:
        return np.asarray(series.to_numpy(dtype=np.float64, na_value=np.nan))
    except (TypeError, ValueError) as e:
        raise input_error(name, f"expected numbers, got dtype {series.dtype} ({e})") from None


def _polars_column(series: Any, name: str) -> np.ndarray:
    import polars as pl

    try:
        if series.dtype != pl.Float64:
            series = series.cast(pl.Float64)
        return np.asarray(series.to_numpy())
    except Exception as e:  # polars raises several error types for casts
        raise input_error(name, f"expected numbers, got dtype {series.dtype} ({e})") from None


def scores_frame(
    model: "Model",
    frame: Any,
    arrays: Dict[str, np.ndarray],
    outputs: Optional[List[Tuple[str, str, str]]] = None,
    codes: bool = False,
) -> Any:
    """The score arrays as a frame of the input's library, in its row order:
    the core's output columns (`outputs`, default the model's), codes as
    categoricals of their names, or with `codes` as nullable int8 (missing
    where the core says -1)."""
    lib = _require(frame)
    categories = {
        "band": lambda eq: model.bands,
        "limiting": lambda eq: model.equation_inputs(eq),
        "root_driver": lambda eq: model.drivers,
    }
    if outputs is None:
        outputs = model._native.output_columns()
    columns = [(name, eq, part) for name, eq, part in outputs if name in arrays]
    if lib == "pandas":
        import pandas as pd

        data: Dict[str, Any] = {}
        for name, eq, part in columns:
            if part in categories and codes:
                data[name] = pd.arrays.IntegerArray(arrays[name], arrays[name] < 0)
            elif part in categories:
                names = categories[part](eq)
                data[name] = pd.Categorical.from_codes(arrays[name], categories=names, ordered=part == "band")
            else:
                data[name] = arrays[name]
        return pd.DataFrame(data, index=frame.index)

    import polars as pl

    series = []
    for name, eq, part in columns:
        if part in categories and codes:
            values = arrays[name]
            series.append(pl.Series(name, values, dtype=pl.Int8).scatter(np.flatnonzero(values < 0), None))
        elif part in categories:
            names = categories[part](eq)
            series.append(pl.Series(name, _names(names, arrays[name]), dtype=pl.Enum(names)))
        else:
            series.append(pl.Series(name, arrays[name], nan_to_null=True))
    return pl.DataFrame(series)


def with_kept(scored: Any, frame: Any, keep: Optional[List[str]]) -> Any:
    """`scored` with the `keep` columns of `frame` first (None: the id,
    when the frame has one; each named column must be there)."""
    lib = _require(frame)
    names = ["id"] if keep is None and "id" in frame.columns else (keep or [])
    outputs = set(scored.columns)
    for name in names:
        if name not in frame.columns:
            raise input_error(name, "no such column to keep")
        if name in outputs:
            raise input_error(name, "a kept column cannot have an output column's name")
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise input_error(twice, "the column is kept twice")
    if not names:
        return scored
    if lib == "pandas":
        import pandas as pd

        return pd.concat([frame[names], scored], axis=1)
    import polars as pl

    return pl.concat([frame.select(names), scored], how="horizontal")


def text_values(frame: Any, name: str) -> List[Optional[str]]:
    """A column's values as text, None where missing or where the frame
    has no such column."""
    lib = _require(frame)
    if name not in frame.columns:
        return [None] * len(frame)
    values = frame[name].tolist() if lib == "pandas" else frame.get_column(name).to_list()
    return [None if _missing(v) else str(v) for v in values]


def with_model_column(scored: Any, names: List[str], codes: np.ndarray) -> Any:
    """`scored` with a first column `model`: each row's model by name
    (`codes` index `names`, in which a name may repeat)."""
    unique = list(dict.fromkeys(names))
    codes = np.array([unique.index(n) for n in names], dtype=np.int64)[codes]
    if library(scored) == "pandas":
        import pandas as pd

        scored.insert(0, "model", pd.Categorical.from_codes(codes, categories=unique))
        return scored
    import polars as pl

    column = pl.Series("model", _names(unique, codes), dtype=pl.Enum(unique))
    return scored.insert_column(0, column)


def _names(names: List[str], codes: np.ndarray) -> List[Optional[str]]:
    """Codes to names, -1 to None."""
    table = np.array([*names, None], dtype=object)
    return list(table[codes])


def progress_frame(model: "Model", before: Any, after: Any, days: Any) -> Any:
    """Row-by-row movement between two frames of the same accounts."""
    lib = _require(before)
    if library(after) != lib:
        raise TypeError("before and after must be frames of the same library")
    if len(before) != len(after):
        raise input_error("after", f"has {len(after)} rows but before has {len(before)}")
    b = model_columns(model, before, set())
    a = model_columns(model, after, set())
    rows = len(before)
    day_values = np.broadcast_to(np.asarray(days, dtype=np.float64), (rows,))
    keys = ("progress", "alignment", "velocity", "eta_days", "direction")
    equations = list(model.equations)
    out: Dict[str, List[Any]] = {k: [] for k in keys}
    for e in equations:
        out[f"{e}_direction"] = []
    for i in range(rows):
        p = model._native.progress(
            {k: v[i] for k, v in b.items()}, {k: v[i] for k, v in a.items()}, float(day_values[i])
        )
        for k in keys:
            out[k].append(p[k])
        for o in p["outcomes"]:
            out[f"{o['equation']}_direction"].append(o["direction"])
    if lib == "pandas":
        import pandas as pd

        return pd.DataFrame(out, index=before.index)
    import polars as pl

    return pl.DataFrame(out)


def blocker_rows(blockers: Any) -> Tuple[List[Dict[str, Any]], Optional[str]]:
    """Blocker rows as plain dicts (None, NaN and NA meaning absent), and the
    frame library they came in. A frame's other columns are left out; a
    mapping's are kept, so that the core can name an unknown field."""
    lib = library(blockers)
    if lib is None:
        return [_blocker(dict(b), keep_all=True) for b in blockers], None
    records = blockers.to_dict("records") if lib == "pandas" else blockers.to_dicts()
    return [_blocker(r, keep_all=False) for r in records], lib


def _blocker(record: Dict[str, Any], keep_all: bool) -> Dict[str, Any]:
    row: Dict[str, Any] = {}
    for key, value in record.items():
        if key not in BLOCKER_FIELDS:
            if keep_all:
                row[key] = value
            continue
        if _missing(value):
            continue
        if key == "tags" and isinstance(value, str):
            value = [t.strip() for t in value.split(";") if t.strip()]
        elif key == "arr" and not isinstance(value, str):
            value = float(value)
        elif key not in ("tags", "arr"):
            value = str(value)
        row[key] = value
    return row


def _is_na(value: Any) -> bool:
    return type(value).__name__ in ("NAType", "NaTType")


def is_missing(value: Any) -> bool:
    """None, NaN, or pandas' NA or NaT."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or _is_na(value)


_missing = is_missing


def rollup_frame(rows: List["DimensionRollup"], lib: str) -> Any:
    """Rollup rows as a frame of the given library."""
    data: Dict[str, List[Any]] = {
        k: [] for k in ("dimension", "open", "accounts", "arr", "accounts_without_arr",
                        "low", "medium", "high", "critical", "resolved")
    }
    for r in rows:
        for k in ("dimension", "open", "accounts", "arr", "accounts_without_arr", "resolved"):
            data[k].append(getattr(r, k))
        for s in ("low", "medium", "high", "critical"):
            data[s].append(r.severity[s])
    if lib == "pandas":
        import pandas as pd

        return pd.DataFrame(data)
    import polars as pl

    return pl.DataFrame(data)


def themes_frame(themes: List[Dict[str, Any]], lib: str) -> Any:
    """Themes as a frame of the given library: severities as columns,
    accounts and wordings `;`-joined."""
    keys = ("text", "dimension", "accounts", "arr", "texts", "steps", "low", "medium", "high",
            "critical", "oldest_days", "median_days", "wordings")
    data: Dict[str, List[Any]] = {k: [] for k in keys}
    for t in themes:
        for k in keys:
            if k in ("low", "medium", "high", "critical"):
                data[k].append(t["severity"][k])
            elif k in ("accounts", "wordings"):
                data[k].append(";".join(t[k]))
            else:
                data[k].append(t[k])
    if lib == "pandas":
        import pandas as pd

        frame = pd.DataFrame(data)
        for k in ("oldest_days", "median_days"):
            frame[k] = pd.array(data[k], dtype="Int64")
        return frame
    import polars as pl

    return pl.DataFrame(data, schema_overrides={"oldest_days": pl.Int64, "median_days": pl.Int64})
