"""Scoring and the worklist on Spark, through `mapInArrow`: each Python
worker loads the model once from its JSON (a broadcast) and scores Spark's
Arrow batches with `Model.score_arrow`, without pandas in between.

>>> from valuevector import spark as vvs                      # doctest: +SKIP
>>> scored = vvs.score(df, vv.Model.default())                 # doctest: +SKIP
>>> todo = vvs.worklist(history_df, model, as_of="2026-12-01")  # doctest: +SKIP

Bands, limiting inputs and root drivers come as strings (Spark has no
dictionary type), or as bytes (int8 codes) with `codes=True`; every missing
result is null. pyspark and pyarrow are needed where this module is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence

from . import _arrow, _worklist
from ._model import Model

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType

__all__ = ["output_schema", "score", "worklist", "worklist_schema"]

#: Models loaded in this Python process, by their JSON: a Spark worker
#: process runs many tasks and loads each model once.
_LOADED: Dict[str, Model] = {}


def _model(text: str) -> Model:
    model = _LOADED.get(text)
    if model is None:
        model = _LOADED[text] = Model.from_json(text)
    return model


def _shared(df: "DataFrame", text: str) -> Callable[[], str]:
    """The model's JSON as the workers will read it: a broadcast where the
    session has a SparkContext (not under Spark Connect), else the text
    itself in the task's closure."""
    try:
        broadcast = df.sparkSession.sparkContext.broadcast(text)
    except Exception:  # Spark Connect: no SparkContext on the client
        return lambda: text
    return lambda: broadcast.value


def _spark_type(field: "pa.Field") -> Any:
    import pyarrow as pa
    from pyspark.sql.types import BooleanType, ByteType, DoubleType, LongType, StringType

    kind = field.type
    if pa.types.is_dictionary(kind) or pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return StringType()
    if kind == pa.int8():
        return ByteType()
    if kind == pa.int64():
        return LongType()
    if kind == pa.bool_():
        return BooleanType()
    if kind == pa.float64():
        return DoubleType()
    raise TypeError(f"no Spark type for the Arrow type {kind} of {field.name}")


def output_schema(
    model: Model,
    schema: "StructType",
    *,
    keep: Optional[Sequence[str]] = _arrow.KEEP_ID,
    ignore: Iterable[str] = (),
    codes: bool = False,
) -> "StructType":
    """The Spark schema `score` gives for a DataFrame of `schema`: the kept
    columns as they are, then per equation its score (double), its
    probability when calibrated, its band, limiting input and root driver
    (strings, or bytes with `codes=True`). Errors are the ones `score`
    would raise: an unknown numeric column, a kept column that is not there."""
    from pyspark.sql.pandas.types import to_arrow_schema
    from pyspark.sql.types import StructField, StructType

    arrow = model.arrow_schema(to_arrow_schema(schema), keep=keep, ignore=ignore, codes=codes)
    kept = len(arrow) - len(model._native.output_columns())
    fields = [schema[name] for name in arrow.names[:kept]]
    fields += [StructField(f.name, _spark_type(f), True) for f in list(arrow)[kept:]]
    return StructType(fields)


def _plain(table: "pa.Table") -> Iterator["pa.RecordBatch"]:
    """A table's batches with dictionaries decoded into strings."""
    import pyarrow as pa

    for batch in table.to_batches():
        columns = [c.dictionary_decode() if pa.types.is_dictionary(c.type) else c for c in batch.columns]
        yield pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def score(
    df: "DataFrame",
    model: Model,
    *,
    keep: Optional[Sequence[str]] = _arrow.KEEP_ID,
    ignore: Iterable[str] = (),
    codes: bool = False,
) -> "DataFrame":
    """Scores a Spark DataFrame of accounts (measures and/or drivers as
    columns) with `model`: a DataFrame of `output_schema(model, df.schema,
    ...)`, row for row, the same numbers as `Model.score_frame` on the
    same rows. Errors (an unknown numeric column, a kept column that is not
    there) are raised here, before any task runs; a bad value (a driver
    above 1) fails the task that meets it, naming the column."""
    ignored = [str(i) for i in ignore]
    schema = output_schema(model, df.schema, keep=keep, ignore=ignored, codes=codes)
    text = _shared(df, model.to_json())

    def scored(batches: Iterable["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        worker = _model(text())
        for batch in batches:
            yield from _plain(worker.score_arrow(batch, keep=keep, ignore=ignored, codes=codes))

    return df.mapInArrow(scored, schema)


def worklist_schema(model: Model, schema: "StructType", *, date: str = "as_of",
                    ignore: Iterable[str] = ()) -> "StructType":
    """The Spark schema of `worklist` for a history of `schema`: the
    columns of `Model.worklist`'s frame."""
    from pyspark.sql.pandas.types import to_arrow_schema
    from pyspark.sql.types import StructField, StructType

    empty = to_arrow_schema(schema).empty_table()
    _, accounts = model._native.worklist_arrow(empty, date, [str(i) for i in ignore], {})
    import pyarrow as pa

    return StructType([StructField(f.name, _spark_type(f), True) for f in pa.schema(accounts)])


def worklist(
    history: "DataFrame",
    model: Model,
    *,
    as_of: Any = None,
    plans: Any = None,
    blockers: Any = None,
    equation: str = "renewal",
    date: str = "as_of",
    ignore: Iterable[str] = (),
    partitions: Optional[int] = None,
) -> "DataFrame":
    """The worklist of a history held in Spark (one row per account per
    snapshot, as for `Model.worklist`): the history is partitioned by `id`,
    so that each account's snapshots meet in one task (`partitions` of
    them, Spark's default when None); each task works its accounts with the
    core, and the rows come back ranked as `Model.worklist` ranks them (the
    most ARR at stake first, then by id). The columns are those of
    `Model.worklist`'s frame; the per-segment summary and parent groups are
    not computed here (aggregate the result for them)."""
    from pyspark.sql import functions as F

    ignored = [str(i) for i in ignore]
    schema = worklist_schema(model, history.schema, date=date, ignore=ignored)
    request = _worklist.request(None, as_of=as_of, plans=plans, blockers=blockers, equation=equation, date=date)
    text = _shared(history, model.to_json())
    by_account = history.repartition(partitions, "id") if partitions else history.repartition("id")

    def worked(batches: Iterable["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import pyarrow as pa

        batches = list(batches)
        if not batches or not any(b.num_rows for b in batches):
            return
        worker = _model(text())
        _, accounts = worker._native.worklist_arrow(pa.Table.from_batches(batches), date, ignored, request)
        yield from pa.table(accounts).to_batches()

    ranked: List[Any] = [F.col("arr_at_stake").desc_nulls_last(), F.col("id").asc()]
    return by_account.mapInArrow(worked, schema).orderBy(*ranked)
