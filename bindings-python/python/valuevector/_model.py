"""The Model: load, score one account or whole columns, explain, classify."""

from __future__ import annotations

import json
import math
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union, overload

import numpy as np

from . import _arrow, _clusters, _frames, _plans, _worklist
from ._plans import PlanBook
from ._worklist import Worklist
from ._errors import input_error, model_error
from ._native import Model as _NativeModel
from ._results import Classification, DimensionRollup, Progress, Scorecard

Account = Mapping[str, Any]
PathLike = Union[str, "os.PathLike[str]"]


class Model(_worklist.Worklisting, _clusters.Clustering):
    """A validated, immutable valuevector model. Safe to share across threads."""

    __slots__ = ("_native", "_fit")
    _native: _NativeModel

    def __init__(self, native: _NativeModel, fit: Optional[Dict[str, Any]] = None) -> None:
        self._native = native
        self._fit = fit

    # Loading and saving

    @classmethod
    def default(cls) -> "Model":
        """The embedded default model."""
        return cls(_NativeModel.default())

    @classmethod
    def from_json(cls, source: Union[str, bytes, "os.PathLike[str]"]) -> "Model":
        """A model from JSON text (str, or UTF-8 bytes), or from the path of
        a JSON file."""
        if isinstance(source, (bytes, bytearray, memoryview)):
            try:
                text = bytes(source).decode("utf-8")
            except UnicodeDecodeError as e:
                raise model_error("", f"the model's JSON is not valid UTF-8 ({e})") from None
            return cls(_NativeModel.from_json(text))
        if isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith("{"):
            return cls(_NativeModel.from_json(source.lstrip("\ufeff")))
        if not isinstance(source, (str, os.PathLike)):
            raise TypeError(f"expected JSON text (str or bytes) or a path, got {type(source).__name__}")
        with open(os.fspath(source), encoding="utf-8-sig") as f:
            return cls(_NativeModel.from_json(f.read()))

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> "Model":
        """A model from a dict of the JSON shape (as `to_dict` gives)."""
        if not isinstance(spec, Mapping):
            raise TypeError(f"expected a dict of the model's JSON shape, got {type(spec).__name__}")
        return cls(_NativeModel.from_json(json.dumps(_json_ready(spec, ""), allow_nan=False)))

    def to_json(self) -> str:
        """The model as JSON text."""
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The model as a dict of the JSON shape."""
        result: Dict[str, Any] = json.loads(self._native.to_json())
        return result

    def __reduce__(self) -> Tuple[Any, Tuple[str, Optional[Dict[str, Any]]]]:
        # The JSON is the model; the fit of a calibrated model travels beside it.
        return (_unpickle, (self.to_json(), self._fit))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        return (f"<valuevector.Model {self.name!r}: drivers {', '.join(self.drivers)}; "
                f"equations {', '.join(self.equations)}>")

    # What the model holds

    @property
    def name(self) -> str:
        return self._native.name

    @property
    def drivers(self) -> List[str]:
        """Driver names, in the value vector's order."""
        return self._native.drivers

    @property
    def measures(self) -> List[str]:
        return self._native.measures

    @property
    def equations(self) -> List[str]:
        return self._native.equations

    @property
    def calibrated(self) -> List[str]:
        """The equations calibrated on outcomes (see `calibrate`), whose
        results carry a probability."""
        return self._native.calibrated

    @property
    def bands(self) -> List[str]:
        """Band names, lowest first: what band codes index."""
        return self._native.bands

    @property
    def dimensions(self) -> List[str]:
        """Blocker dimensions, in taxonomy order."""
        return self._native.dimensions

    @property
    def targets(self) -> Dict[str, float]:
        """The model customer: driver -> target."""
        return dict(zip(self._native.drivers, self._native.targets))

    def equation_inputs(self, equation: str) -> List[str]:
        """The inputs of an equation, in order: what limiting codes index."""
        return self._native.equation_inputs(equation)

    # Scoring

    def score(self, account: Account, blockers: Optional[Sequence[Mapping[str, Any]]] = None) -> Scorecard:
        """Scores one account: measures and/or drivers by name (None or NaN
        for missing), optional `id`, `arr`, `segment`, and blockers
        (mappings with `text`, `severity`, optional `dimension`, `tags`,
        `opened`, `resolved`)."""
        if not isinstance(account, Mapping):
            raise input_error("", f"an account must be a mapping of names to values, got {type(account).__name__}")
        full, report = self._native.score(dict(account), None if blockers is None else list(blockers))
        return Scorecard._from(full, report, self._native.equations)

    def score_arrays(
        self,
        columns: Mapping[str, Any],
        *,
        out: Optional[Mapping[str, np.ndarray]] = None,
    ) -> Dict[str, np.ndarray]:
        """Scores columns of measures and/or drivers (1-D arrays of equal
        length, NaN for missing).

        Returns, per equation, `<eq>` (float64 scores, NaN when missing),
        `<eq>_band` (int8 codes into `model.bands`, -1 when missing),
        `<eq>_limiting` (int8 codes into `model.equation_inputs(eq)`, -1 for
        none) and `<eq>_root_driver` (int8 codes into `model.drivers`, -1 for
        none), and for each calibrated equation `<eq>_probability` (float64,
        the probability of its outcome, NaN when the score is missing).
        Contiguous float64 columns are read without copying; other
        numeric columns are converted once. With `out`, results are written
        into the given arrays and only those are computed. The GIL is
        released while the core computes.
        """
        names: List[str] = []
        arrays: List[np.ndarray] = []
        for name, column in columns.items():
            names.append(name)
            arrays.append(_float_column(name, column))
        rows = len(arrays[0]) if arrays else 0
        columns_out = self._native.output_columns()
        outputs = _outputs(columns_out, rows, out)
        # One list per part, one entry per equation, as the core takes them.
        by_part: Dict[str, Dict[str, np.ndarray]] = {}
        for name, eq, part in columns_out:
            if name in outputs:
                by_part.setdefault(part, {})[eq] = outputs[name]
        parts = ("score", "band", "limiting", "root_driver", "probability")
        self._native.score_into(
            names, arrays, *[[by_part.get(part, {}).get(eq) for eq in self.equations] for part in parts]
        )
        return outputs

    def score_arrow(
        self,
        data: Any,
        *,
        keep: Optional[Sequence[str]] = _arrow.KEEP_ID,
        ignore: Iterable[str] = (),
        codes: bool = False,
    ) -> Any:
        """Scores Arrow data: any object with `__arrow_c_stream__` or
        `__arrow_c_array__` (a pyarrow Table or RecordBatch, a polars
        DataFrame, a DuckDB relation, a pandas DataFrame...).

        Returns a pyarrow Table (an object exporting `__arrow_c_stream__`
        when pyarrow is not installed): the `keep` columns as they came (by
        default `id`, when the data has one; a named column the data lacks
        is an InputError), then per equation its score (float64), its
        probability when calibrated, its band, its limiting input and its
        root driver, as dictionaries of their names over int8 keys, or the
        int8 codes alone with `codes=True`. Every missing result is null.

        Nulls in the input are missing values, read from the validity
        bitmaps without copying the columns; float64 columns without nulls
        are read in place and other numeric types converted a block at a
        time. Columns are matched as in `score_frame` (`ignore` leaves out
        numeric columns that are not measures or drivers). The GIL is
        released while each batch is scored; errors count rows across the
        whole stream.
        """
        return _arrow.score(self, data, keep, ignore, codes)

    def arrow_schema(
        self,
        schema: Any,
        *,
        keep: Optional[Sequence[str]] = _arrow.KEEP_ID,
        ignore: Iterable[str] = (),
        codes: bool = False,
    ) -> Any:
        """The pyarrow schema `score_arrow` gives for data of `schema` (any
        object with `__arrow_c_schema__`, such as a pyarrow Schema)."""
        import pyarrow as pa

        native = self._native.arrow_schema(schema, _arrow.keep_list(keep), [str(i) for i in ignore], bool(codes))
        return pa.schema(native)

    def score_frame(
        self,
        frame: Any,
        *,
        keep: Optional[Sequence[str]] = _arrow.KEEP_ID,
        ignore: Iterable[str] = (),
        codes: bool = False,
    ) -> Any:
        """Scores a pandas or polars DataFrame (or a polars LazyFrame, or a
        pyarrow Table or RecordBatch) whose columns are measures and/or
        drivers. Returns a frame of the same library (a polars DataFrame
        for a LazyFrame, a pyarrow Table for pyarrow data), in the input's
        row order (and index, for pandas): the `keep` columns (by default
        `id`, when the frame has one), then per equation its score, its
        band, its limiting input and its root driver (categoricals). A
        missing score is the library's own missing value: NaN in pandas,
        null in polars and pyarrow.

        `id`, `arr`, `segment`, `parent` and non-numeric columns are left
        alone; any other numeric column that is not a measure or driver is
        an InputError unless named in `ignore`. With `codes`, bands,
        limiting inputs and root drivers are int8 codes (as `score_arrays`
        gives them, missing where it says -1).
        """
        lib = _frames.library(frame)
        if lib == "polars" and type(frame).__name__ == "LazyFrame":
            frame = frame.collect()
        elif lib is None and _arrow.is_arrow(frame):
            return self.score_arrow(frame, keep=keep, ignore=ignore, codes=codes)
        columns = _frames.model_columns(self, frame, set(ignore))
        _frames.warn_repeated_ids(frame)
        scored = _frames.scores_frame(self, frame, self.score_arrays(columns), codes=codes)
        return _frames.with_kept(scored, frame, _arrow.keep_list(keep))

    # History

    def backtest(
        self, frame: Any, *, outcome: str, equation: str = "renewal", ignore: Iterable[str] = ()
    ) -> Dict[str, Any]:
        """How well `equation`'s scores predicted `outcome` on a pandas or
        polars frame of accounts as they stood before it. `outcome` names a
        column of 1/0 or booleans: 1 where the equation's event happened
        (renewed, expanded). Returns a dict: `accounts`, `unscored`,
        `outcome_rate`, `auc`, `lowest_decile_lift` (missed outcomes among
        the 10% lowest scores, over the overall rate), `lowest_band` (the
        red band as a prediction of a miss: `accounts`, `precision`,
        `recall`) and `deciles`, a frame of the same library with the
        outcome rate per score decile."""
        names, columns, outcomes = self._history(frame, outcome, ignore)
        result: Dict[str, Any] = self._native.backtest(equation, names, columns, outcomes)
        order = ["lowest", "highest", "accounts", "mean_score", "outcome_rate"]
        result["deciles"] = _frames.records_frame(result["deciles"], order, _frames.library(frame))
        return result

    def calibrate(
        self,
        frame: Any,
        *,
        outcome: str,
        equation: str,
        deep: bool = False,
        l2: float = 0.0,
        ignore: Iterable[str] = (),
        date: Optional[str] = None,
        holdout: float = 0.3,
        seed: int = 0,
        p: str = "fixed",
        force: bool = False,
    ) -> "Model":
        """A new model whose `equation` (a geometric mean) has its input
        weights learnt from `outcome` on a frame of past accounts (as for
        `backtest`), and a probability map: its scorecards then report
        `probability`. Only that equation's weights change, unless `deep`:
        then the fit is over the drivers beneath it and every equation on the
        way gets new weights (a deep fit of renewal changes adoption too).
        `l2` penalises large coefficients.

        The fit is judged on accounts it did not see: the latest `holdout`
        share by the `date` column (YYYY-MM-DD text, dates or numbers), or
        a split seeded by `seed`. A calibration with a lower held-out AUC
        or a higher held-out log-loss than the model it started from raises
        `InputError` (path `holdout`, the figures in the message) unless
        `force`. With `p="auto"` the equation's exponent is chosen among 1,
        0.5, 0, -0.5, -1 and -2 by the held-out likelihood.

        The new model's `calibration_fit` holds `weights` (the fit's, by
        input or, deep, by driver), `intercept`, `slope`, `rows`, `sweeps`,
        `deep`, `changed` (the equations whose weights changed), `affected`
        (equations whose scores move because a changed one feeds them),
        `equations` (per changed equation, per input, `before` and
        `after`), and the judgement: `fitted_on`, `held_out`, `by_date`,
        `before` and `after` (`auc`, `log_loss`), `worse`, `p` and, with
        `p="auto"`, `exponents` (each tried, with its figures)."""
        if p not in ("fixed", "auto"):
            raise input_error("p", f"must be 'fixed' or 'auto', got {p!r}")
        ignored = set(ignore) | ({date} if date is not None else set())
        names, columns, outcomes = self._history(frame, outcome, ignored)
        dates = None if date is None else _frames.date_column(frame, date)
        native, report = self._native.calibrate(
            equation, names, columns, outcomes, float(l2), bool(deep), dates,
            float(holdout), int(seed), p == "auto", bool(force),
        )
        fit = {**report.pop("fit"), **report}
        return Model(native, fit)

    @property
    def calibration_fit(self) -> Optional[Dict[str, Any]]:
        """For a model made by `calibrate`, the fit behind it; else None."""
        return self._fit

    def _history(
        self, frame: Any, outcome: str, ignore: Iterable[str]
    ) -> Tuple[List[str], List[np.ndarray], np.ndarray]:
        outcomes = _frames.outcome_column(frame, outcome)
        columns = _frames.model_columns(self, frame, set(ignore) | {outcome})
        return list(columns), list(columns.values()), outcomes

    # Movement

    def progress(self, before: Any, after: Any, days: Union[float, Any]) -> Any:
        """The value vector's movement between two snapshots `days` apart:
        two mappings give a Progress; two frames (rows matched in order,
        `days` a number or one per row) give a frame of the same library."""
        if isinstance(before, Mapping) and isinstance(after, Mapping):
            return Progress._from(self._native.progress(dict(before), dict(after), float(days)))
        return _frames.progress_frame(self, before, after, days)

    def series(self, snapshots: Iterable[Tuple[float, Account]]) -> Dict[str, Any]:
        """Movement over `(day, account)` snapshots, days increasing:
        `steps`, `plateaus` (standstill for several steps: stuck, at risk)
        and `inflections` (turns and accelerations)."""
        pairs = list(snapshots)
        return self._native.series([float(d) for d, _ in pairs], [dict(a) for _, a in pairs])

    # Plans

    def plan(self, plans: Any, accounts: Any, *, as_of: Any = None) -> "PlanBook":
        """Each account against its plan as of a day (a date or YYYY-MM-DD;
        today when None): its own success, the path to green per equation,
        the plan's lifecycle, alignment (guided or reactive), reliability,
        archetype (visionary) and stage, and the portfolio's summary.

        `plans` is a plans file's path, JSON text (an array or JSON Lines) or
        a list of plan mappings; `accounts` a list of mappings or a pandas or
        polars frame (with an `id` column). Bad plans raise InputError naming
        the field (`plans[3].steps[1].due`)."""
        day = _plans.day_text(as_of)
        text = _plans.plans_text(plans)
        result = self._native.plan(text, _plans.account_rows(accounts), day)
        return _plans.PlanBook(result, day)

    # The worklist

    def themes(self, blockers: Any, *, plans: Any = None, as_of: Any = None,
               min_accounts: int = 2) -> Any:
        """Recurring themes: open blockers (mappings or a frame, as for
        `rollup`) and the open steps of `plans` that say the same thing in
        other words, grouped across accounts; those spanning at least
        `min_accounts` accounts, the most accounts first. Each has `text`,
        `dimension`, `accounts`, `arr`, `texts`, `steps`, `severity`,
        `oldest_days`, `median_days` (ages to `as_of`) and `wordings`. A
        frame gives a frame of the same library (accounts and wordings as
        `;`-joined text), mappings a list of dicts."""
        rows, library = _frames.blocker_rows(blockers)
        req: Dict[str, Any] = {"blockers": rows, "min_accounts": min_accounts}
        if plans is not None:
            req["plans"] = _worklist.plan_list(plans)
        if as_of is not None:
            req["as_of"] = _worklist.day_text(as_of, "as_of")
        themes: List[Dict[str, Any]] = self._native.themes(req)
        return _frames.themes_frame(themes, library) if library else themes

    # Blockers

    @overload
    def classify(self, text: str) -> Classification: ...  # type: ignore[overload-overlap]
    @overload
    def classify(self, text: Iterable[str]) -> List[Classification]: ...

    def classify(self, text: Union[str, Iterable[str]]) -> Union[Classification, List[Classification]]:
        """The dimension of a blocker text (or of each text of a list), with
        its confidence and the words that decided."""
        if isinstance(text, str):
            return Classification._from(self._native.classify([text])[0], text)
        texts = [_text(t) for t in text]
        return [Classification._from(c, t) for c, t in zip(self._native.classify(texts), texts)]

    def classify_blocker(self, blocker: Mapping[str, Any]) -> Classification:
        """Classifies a blocker mapping: an explicit `dimension` wins, `tags` count as evidence."""
        return Classification._from(self._native.classify_blocker(dict(blocker)), blocker.get("text"))

    def rollup(self, blockers: Any) -> Any:
        """Blockers across a portfolio per dimension: a list of mappings
        (`account`, `arr`, `text`, `severity`, optional `dimension`,
        `opened`, `resolved`, `tags`) gives DimensionRollup rows; a pandas or
        polars frame with those columns gives a frame."""
        rows, library = _frames.blocker_rows(blockers)
        result = [DimensionRollup(**r) for r in self._native.rollup(rows)]
        return _frames.rollup_frame(result, library) if library else result


def _text(t: Any) -> str:
    if not isinstance(t, str):
        raise input_error("text", f"expected text, got {type(t).__name__}")
    return t


def _float_column(name: str, column: Any) -> np.ndarray:
    """A column as a contiguous float64 array, copying only when it must."""
    array = np.asarray(column)
    if array.ndim != 1:
        raise input_error(name, f"expected a 1-D array, got {array.ndim} dimensions")
    if array.dtype.kind not in "fiub":
        raise input_error(name, f"expected numbers, got dtype {array.dtype}")
    if array.dtype != np.float64 or not array.flags.c_contiguous:
        array = np.ascontiguousarray(array, dtype=np.float64)
    return array


_FLOAT_PARTS = ("score", "probability")


def _outputs(
    columns: Sequence[Tuple[str, str, str]], rows: int, out: Optional[Mapping[str, np.ndarray]]
) -> Dict[str, np.ndarray]:
    """New output arrays, one per column the core names, or the caller's checked."""
    dtypes = {name: np.float64 if part in _FLOAT_PARTS else np.int8 for name, _, part in columns}
    if out is None:
        return {name: np.empty(rows, dtype=dtype) for name, dtype in dtypes.items()}
    for key, array in out.items():
        if key not in dtypes:
            raise input_error(key, f"not an output of this model (outputs: {', '.join(sorted(dtypes))})")
        want = dtypes[key]
        if not isinstance(array, np.ndarray) or array.dtype != want or array.ndim != 1 or not array.flags.c_contiguous:
            raise input_error(key, f"out arrays must be contiguous 1-D {np.dtype(want)} arrays")
        if not array.flags.writeable:
            raise input_error(key, "out array is read-only")
    return dict(out)


def _unpickle(text: str, fit: Optional[Dict[str, Any]] = None) -> Model:
    """A pickled model back: its JSON and its calibration fit."""
    return Model(_NativeModel.from_json(text), fit)


_DEFAULT: Optional[Model] = None


def _default() -> Model:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Model.default()
    return _DEFAULT


@overload
def classify(text: str, model: Optional[Model] = None) -> Classification: ...  # type: ignore[overload-overlap]
@overload
def classify(text: Iterable[str], model: Optional[Model] = None) -> List[Classification]: ...


def classify(text: Union[str, Iterable[str]], model: Optional[Model] = None) -> Union[Classification, List[Classification]]:
    """Classifies blocker text(s) with `model` (the default model when None)."""
    return (model or _default()).classify(text)


def rollup(blockers: Any, model: Optional[Model] = None) -> Any:
    """Rolls blockers up per dimension with `model` (the default model when None)."""
    return (model or _default()).rollup(blockers)


def _json_ready(value: Any, path: str) -> Any:
    """A model spec as plain JSON data: numpy numbers as floats, an exponent
    of -inf as the "-inf" the model format takes, and any other NaN or
    infinity refused by its path (JSON has no such numbers)."""
    if isinstance(value, Mapping):
        return {k: _json_ready(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float) or isinstance(value, np.floating) or isinstance(value, np.integer):
        x = float(value) if not isinstance(value, np.integer) else int(value)
        if isinstance(x, float) and not math.isfinite(x):
            if x == -math.inf and path.endswith(".p"):
                return "-inf"
            raise model_error(path, f"must be a finite number, got {x}")
        return x
    raise TypeError(f"{path}: cannot put {type(value).__name__} in a model (expected JSON data)")
