"""Arrow data in and out: what `Model.score_arrow` and the frame adapters
share. pyarrow is imported only when it is installed and asked for."""

from __future__ import annotations

from typing import Any, Iterable, List, Optional, Sequence

#: The default of `keep`: the id, when the data has one.
KEEP_ID = ("id",)


def keep_list(keep: Optional[Sequence[str]]) -> Optional[List[str]]:
    """`keep` as the native call takes it: None for the default (the id
    when present), else the names, each of which the data must have."""
    if keep is KEEP_ID:
        return None
    if keep is None:
        return []
    if isinstance(keep, str):
        return [keep]
    return [str(k) for k in keep]


def is_arrow(data: Any) -> bool:
    """Whether `data` speaks the Arrow PyCapsule interface."""
    return hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__")


def table(batches: Any) -> Any:
    """Scored batches as a pyarrow Table (no copy) when pyarrow is
    installed, else as they are: an object exporting `__arrow_c_stream__`."""
    try:
        import pyarrow as pa
    except ImportError:
        return batches
    return pa.table(batches)


def score(model: Any, data: Any, keep: Optional[Sequence[str]], ignore: Iterable[str], codes: bool) -> Any:
    if not is_arrow(data):
        raise TypeError(
            "expected Arrow data (an object with __arrow_c_stream__ or __arrow_c_array__: "
            f"a pyarrow Table or RecordBatch, a polars DataFrame, a DuckDB relation...), got {type(data).__name__}"
        )
    return table(model._native.score_arrow(data, keep_list(keep), [str(i) for i in ignore], bool(codes)))
