"""Scoring a Dask DataFrame, partition by partition, with `map_partitions`:
each worker process loads the model once from its JSON.

>>> from valuevector import dask as vvd                 # doctest: +SKIP
>>> scored = vvd.score(ddf, vv.Model.default())          # doctest: +SKIP
>>> scored.compute()                                     # doctest: +SKIP

The result has the kept columns (`id` by default, so that rows can be told
apart whatever the partitions' indexes) and the scores, bands, limiting
inputs and root drivers of `Model.score_frame`; dask is needed where this
module is used.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence

from . import _arrow
from ._model import Model

__all__ = ["score"]

#: Models loaded in this process, by their JSON.
_LOADED: Dict[str, Model] = {}


def _score_partition(part: Any, text: str, keep: Optional[List[str]], ignore: List[str], codes: bool) -> Any:
    model = _LOADED.get(text)
    if model is None:
        model = _LOADED[text] = Model.from_json(text)
    return model.score_frame(part, keep=_keep(keep), ignore=ignore, codes=codes)


def _keep(keep: Optional[List[str]]) -> Optional[Sequence[str]]:
    """The `keep` list back as `score_frame` takes it (None: the default)."""
    return _arrow.KEEP_ID if keep is None else keep


def score(
    ddf: Any,
    model: Model,
    *,
    keep: Optional[Sequence[str]] = _arrow.KEEP_ID,
    ignore: Iterable[str] = (),
    codes: bool = False,
) -> Any:
    """Scores a Dask DataFrame (measures and/or drivers as columns) with
    `model`, lazily: a Dask DataFrame with one row per input row, each
    partition scored by `Model.score_frame` (same columns, same numbers,
    the partition's index kept). Errors in the columns (an unknown numeric
    column, a kept column that is not there) are raised here, from the
    frame's meta, before anything is computed."""
    ignored = [str(i) for i in ignore]
    kept = _arrow.keep_list(keep)
    meta = model.score_frame(ddf._meta, keep=keep, ignore=ignored, codes=codes)
    return ddf.map_partitions(_score_partition, model.to_json(), kept, ignored, codes, meta=meta)
