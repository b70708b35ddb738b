"""The Bundle: several models, one picked per account by a column."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import _arrow, _frames
from ._errors import model_error
from ._model import Account, Model
from ._native import Bundle as _NativeBundle
from ._results import Scorecard
from ._clusters import Clustering
from ._worklist import Worklisting

PathLike = Union[str, "os.PathLike[str]"]


class Bundle(Worklisting, Clustering):
    """Several models and the column that picks one per account: its
    `segment`, `parent` or `id`, with a fallback (`otherwise`) for the
    values no key names. The models line up (the same drivers, equations
    with their inputs, and band labels), so every account's results fill
    the same columns; each result names the model that made it.

    >>> import valuevector as vv
    >>> bundle = vv.Bundle.from_dict({"by": "segment", "models": {"smb": "default"},
    ...                               "otherwise": "default"})
    >>> bundle.score({"segment": "smb", "product": 0.9}).model
    'default'
    """

    __slots__ = ("_native",)
    _native: _NativeBundle

    def __init__(self, native: _NativeBundle) -> None:
        self._native = native

    # Loading and saving

    @classmethod
    def load(cls, path: PathLike) -> "Bundle":
        """A bundle file: each model inline, "default", or a file path read
        relative to the bundle's own folder."""
        path = os.fspath(path)
        with open(path, encoding="utf-8-sig") as f:
            try:
                spec = json.load(f)
            except json.JSONDecodeError as e:
                raise model_error("", f"{path} is not JSON: {e}") from None
        return cls.from_dict(spec, relative_to=os.path.dirname(os.path.abspath(path)))

    @classmethod
    def from_json(cls, source: Union[str, bytes, PathLike]) -> "Bundle":
        """A bundle from JSON text (each model inline or "default"), or from
        the path of a bundle file (as `load`)."""
        if isinstance(source, (bytes, bytearray, memoryview)):
            source = bytes(source).decode("utf-8")
        if isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith("{"):
            return cls(_NativeBundle.from_json(source.lstrip("\ufeff")))
        if not isinstance(source, (str, os.PathLike)):
            raise TypeError(f"expected JSON text or a path, got {type(source).__name__}")
        return cls.load(source)

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any], *, relative_to: Optional[PathLike] = None) -> "Bundle":
        """A bundle from a dict of the JSON shape, whose models may also be
        `Model` objects; a model given as a file path is read relative to
        `relative_to` (default: the working folder)."""
        if not isinstance(spec, Mapping):
            raise TypeError(f"expected a dict of the bundle's JSON shape, got {type(spec).__name__}")
        base = os.fspath(relative_to) if relative_to is not None else None

        def model(value: Any, at: str) -> Any:
            if isinstance(value, Model):
                return value.to_dict()
            if isinstance(value, (str, os.PathLike)) and value != "default":
                path = os.path.join(base, os.fspath(value)) if base else os.fspath(value)
                try:
                    return Model.from_json(path).to_dict()
                except OSError as e:
                    raise model_error(at, f"cannot read {path}: {e.strerror or e}") from None
            return value

        resolved = dict(spec)
        models = spec.get("models")
        if isinstance(models, Mapping):
            resolved["models"] = {k: model(v, f"models.{k}") for k, v in models.items()}
        if "otherwise" in spec:
            resolved["otherwise"] = model(spec["otherwise"], "otherwise")
        return cls(_NativeBundle.from_json(json.dumps(resolved, allow_nan=False)))

    def to_json(self) -> str:
        """The bundle as JSON text, each model inline."""
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The bundle as a dict of the JSON shape, each model inline."""
        result: Dict[str, Any] = json.loads(self._native.to_json())
        return result

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        return (Bundle.from_json, (self.to_json(),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bundle) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        keyed = ", ".join(f"{k}: {m.name!r}" for k, m in self.models.items())
        return f"<valuevector.Bundle by {self.by}: {keyed}; otherwise {self.otherwise.name!r}>"

    # What the bundle holds

    @property
    def by(self) -> str:
        """The column that picks the model: `segment`, `parent` or `id`."""
        return self._native.by

    @property
    def models(self) -> Dict[str, Model]:
        """The keyed models, by key, in the bundle's order."""
        return dict(zip(self._native.keys, self._all_models()[:-1]))

    @property
    def otherwise(self) -> Model:
        """The model for the accounts no key names; blocker dimensions and
        the portfolio-wide rules are its."""
        return self._all_models()[-1]

    def _all_models(self) -> List[Model]:
        return [Model(m) for m in self._native.models]

    def pick(self, account: Account) -> Model:
        """The model that scores `account` (by its `by` field)."""
        value = account.get(self.by)
        index = self._native.pick([None if value is None else str(value)])[0]
        return self._all_models()[index]

    # Scoring

    def score(self, account: Account, blockers: Optional[Sequence[Mapping[str, Any]]] = None) -> Scorecard:
        """Scores one account with the model its `by` field picks; the
        scorecard's `model` names it."""
        if not isinstance(account, Mapping):
            raise TypeError(f"expected a mapping of field -> value, got {type(account).__name__}")
        full, report = self._native.score(dict(account), None if blockers is None else list(blockers))
        return Scorecard._from(full, report, self.otherwise.equations)

    def score_frame(
        self, frame: Any, *, keep: Optional[Sequence[str]] = _arrow.KEEP_ID, ignore: Iterable[str] = ()
    ) -> Any:
        """Scores a pandas or polars frame as `Model.score_frame` does, each
        row with the model its `by` column picks (a missing value, or no
        such column, picks the fallback): the same columns, after the kept
        ones a `model` column naming the model of each row."""
        if _frames.library(frame) == "polars" and type(frame).__name__ == "LazyFrame":
            frame = frame.collect()
        models = self._all_models()
        inputs = set().union(*(set(m.drivers) | set(m.measures) for m in models))
        columns = _frames.model_columns(self.otherwise, frame, set(ignore), inputs=inputs,
                                        who=f"any model of the bundle by {self.by}")
        _frames.warn_repeated_ids(frame)
        picks = np.asarray(self._native.pick(_frames.text_values(frame, self.by)), dtype=np.intp)
        rows = len(picks)
        outputs: Dict[str, np.ndarray] = {}
        order: List[Tuple[str, str, str]] = []
        for i, model in enumerate(models):
            for column in model._native.output_columns():
                if column not in order:
                    order.append(column)
            mine = np.flatnonzero(picks == i)
            if not len(mine):
                continue
            known = set(model.drivers) | set(model.measures)
            part = model.score_arrays({k: v[mine] for k, v in columns.items() if k in known})
            for name, values in part.items():
                if name not in outputs:
                    missing = np.nan if values.dtype == np.float64 else -1
                    outputs[name] = np.full(rows, missing, dtype=values.dtype)
                outputs[name][mine] = values
        if not outputs:
            outputs = self.otherwise.score_arrays({k: v for k, v in columns.items()})
        scored = _frames.scores_frame(self.otherwise, frame, outputs, order)
        scored = _frames.with_model_column(scored, [m.name for m in models], picks)
        return _frames.with_kept(scored, frame, _arrow.keep_list(keep))
