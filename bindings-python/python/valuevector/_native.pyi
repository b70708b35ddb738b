"""Type stubs of the native module (checked against it by mypy's stubtest)."""

from typing import Any, Mapping, Optional, Sequence

from typing_extensions import final

import numpy as np
import numpy.typing as npt

__all__ = ["__version__", "Model", "Error", "ModelError", "InputError", "repeated_ids"]
__version__: str

class Error(ValueError):
    kind: str
    path: str
    detail: str

class ModelError(Error): ...
class InputError(Error): ...

def repeated_ids(ids: Sequence[Optional[str]]) -> list[tuple[str, list[int]]]: ...

@final
class Model:
    @staticmethod
    def default() -> Model: ...
    @staticmethod
    def from_json(text: str) -> Model: ...
    def to_json(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def drivers(self) -> list[str]: ...
    @property
    def measures(self) -> list[str]: ...
    @property
    def equations(self) -> list[str]: ...
    @property
    def calibrated(self) -> list[str]: ...
    @property
    def bands(self) -> list[str]: ...
    @property
    def dimensions(self) -> list[str]: ...
    @property
    def targets(self) -> list[float]: ...
    def equation_inputs(self, equation: str) -> list[str]: ...
    def output_columns(self) -> list[tuple[str, str, str]]: ...
    def score(self, account: Mapping[str, Any], blockers: Optional[Sequence[Mapping[str, Any]]] = None) -> tuple[dict[str, Any], dict[str, Any]]: ...
    def score_into(
        self,
        names: Sequence[str],
        columns: Sequence[npt.NDArray[np.float64]],
        scores: Sequence[Optional[npt.NDArray[np.float64]]],
        bands: Sequence[Optional[npt.NDArray[np.int8]]],
        limiting: Sequence[Optional[npt.NDArray[np.int8]]],
        roots: Sequence[Optional[npt.NDArray[np.int8]]],
        probabilities: Sequence[Optional[npt.NDArray[np.float64]]],
    ) -> int: ...
    def backtest(
        self,
        equation: str,
        names: Sequence[str],
        columns: Sequence[npt.NDArray[np.float64]],
        outcomes: npt.NDArray[np.bool_],
    ) -> dict[str, Any]: ...
    def calibrate(
        self,
        equation: str,
        names: Sequence[str],
        columns: Sequence[npt.NDArray[np.float64]],
        outcomes: npt.NDArray[np.bool_],
        l2: float,
        deep: bool,
        dates: Optional[npt.NDArray[np.float64]],
        holdout: float,
        seed: int,
        choose_p: bool,
        force: bool,
    ) -> tuple[Model, dict[str, Any]]: ...
    def classify(self, texts: Sequence[str]) -> list[dict[str, Any]]: ...
    def classify_blocker(self, blocker: Mapping[str, Any]) -> dict[str, Any]: ...
    def rollup(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]: ...
    def progress(self, before: Mapping[str, Any], after: Mapping[str, Any], days: float) -> dict[str, Any]: ...
    def series(self, days: Sequence[float], accounts: Sequence[Mapping[str, Any]]) -> dict[str, Any]: ...
