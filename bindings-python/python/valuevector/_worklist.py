"""The worklist: a history of snapshots ranked by ARR at stake, as a report
and as a frame."""

import datetime
import json
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import _frames
from ._errors import input_error
from ._plans import Plans, plans_text


def day_text(value: Any, path: str) -> str:
    """A day as YYYY-MM-DD: text as given, a date, datetime or pandas
    Timestamp by its date."""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    to_pydatetime = getattr(value, "to_pydatetime", None)
    if to_pydatetime is not None:
        day: datetime.datetime = to_pydatetime()
        return day.date().isoformat()
    raise input_error(path, f"expected a YYYY-MM-DD date, got {value!r}")


def history_rows(history: Any, date: str) -> List[Dict[str, Any]]:
    """A history's rows as mappings with `as_of` as YYYY-MM-DD (read from
    the `date` column): a list of mappings, or a pandas or polars frame."""
    lib = _frames.library(history)
    if lib == "pandas":
        records = history.to_dict("records")
    elif lib == "polars":
        records = history.to_dicts()
    else:
        records = [dict(r) for r in history]
    rows = []
    for i, record in enumerate(records):
        # A frame's missing cells (NaN in a text column of pandas) are absent.
        row = {k: v for k, v in record.items() if k != date and not _frames.is_missing(v)}
        if date in record and record[date] is not None:
            row["as_of"] = day_text(record[date], f"history[{i}].{date}")
        rows.append(row)
    return rows


def plan_list(plans: Plans) -> List[Any]:
    """Plans as a list of mappings: a path, JSON text (an array or JSON
    Lines) or mappings."""
    text = plans_text(plans)
    if text.lstrip().startswith("["):
        loaded: List[Any] = json.loads(text)
        return loaded
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def request(history: Any, *, as_of: Any, plans: Optional[Plans], blockers: Any, equation: str,
            date: str) -> Dict[str, Any]:
    """The core's worklist request; without its history (None) when the
    history goes beside it as columns."""
    req: Dict[str, Any] = {"equation": equation}
    if history is not None:
        req["history"] = history_rows(history, date)
    if as_of is not None:
        req["as_of"] = day_text(as_of, "as_of")
    if plans is not None:
        req["plans"] = plan_list(plans)
    if blockers is not None:
        req["blockers"] = _frames.blocker_rows(blockers)[0]
    return req


class Worklist:
    """Accounts ranked by ARR at stake, with their trends.

    `accounts` holds one report per account (the CLI's JSON: `outcomes`
    with `direction` and `velocity`, `events`, `too_fast`, `arr_at_stake`,
    `stake_basis`, `first_move`); `summary` one row per segment and band;
    `not_yet` the accounts with no snapshot by the day. `frame()` and
    `summary_frame()` give them as frames."""

    def __init__(self, result: Dict[str, Any], columns: Sequence[Tuple[str, str, List[Any]]]):
        #: The equation whose band or probability puts ARR at stake.
        self.equation: str = result["equation"]
        #: One report per account, the most ARR at stake first.
        self.accounts: List[Dict[str, Any]] = result["accounts"]
        #: Per segment and band: accounts, arr, arr_at_stake, improved, declined.
        self.summary: List[Dict[str, Any]] = result["summary"]
        #: Accounts with no snapshot on or before the day.
        self.not_yet: List[str] = result["not_yet"]
        #: Parent accounts with their outcomes rolled up from their children.
        self.groups: List[Dict[str, Any]] = result["groups"]
        self._columns = list(columns)

    def frame(self, library: str = "pandas") -> Any:
        """One row per account, every field flat (the CLI's CSV columns):
        a pandas or polars frame, missing values as the library's own."""
        if library == "polars":
            import polars as pl

            kinds = {"text": pl.Utf8, "number": pl.Float64, "count": pl.Int64, "flag": pl.Boolean}
            return pl.DataFrame([pl.Series(name, values, dtype=kinds[kind])
                                 for name, kind, values in self._columns])
        if library != "pandas":
            raise ValueError(f"library must be 'pandas' or 'polars', got {library!r}")
        import numpy as np
        import pandas as pd

        data: Dict[str, Any] = {}
        for name, kind, values in self._columns:
            if kind == "number":
                data[name] = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
            elif kind == "count":
                data[name] = np.array(values, dtype=np.int64)
            elif kind == "flag":
                data[name] = pd.array(values, dtype="boolean")
            else:
                data[name] = pd.array(values, dtype="string")
        return pd.DataFrame(data)

    def summary_frame(self, library: str = "pandas") -> Any:
        """The summary per segment and band as a frame."""
        keys = ["segment", "band", "accounts", "arr", "arr_at_stake", "improved", "declined"]
        data = {k: [row[k] for row in self.summary] for k in keys}
        if library == "polars":
            import polars as pl

            return pl.DataFrame(data)
        import pandas as pd

        return pd.DataFrame(data)

    def to_dict(self) -> Dict[str, Any]:
        """The report as plain data: `equation`, `accounts`, `summary`, `not_yet`, `groups`."""
        return {"equation": self.equation, "accounts": self.accounts, "summary": self.summary,
                "not_yet": self.not_yet, "groups": self.groups}

    def __len__(self) -> int:
        return len(self.accounts)

    def __repr__(self) -> str:
        stake = sum(a["arr_at_stake"] or 0.0 for a in self.accounts)
        return (f"<Worklist: {len(self.accounts)} accounts, {stake:,.0f} ARR at stake "
                f"({self.equation}), {len(self.not_yet)} not yet>")


class Worklisting:
    """The worklist, for a Model and a Bundle alike: both hand the request
    to their native object, which picks the model per account."""

    __slots__ = ()
    _native: Any

    def worklist_report(self, history: Any, *, as_of: Any = None, plans: Any = None,
                        blockers: Any = None, equation: str = "renewal", date: str = "as_of") -> Worklist:
        """Which accounts need a CSM this week, from a history of snapshots
        (a pandas or polars frame, or mappings: one row per account per
        snapshot, in any order, the day in the `date` column as YYYY-MM-DD
        or a date): each account's latest snapshot on or before `as_of`
        (default: its latest) scored, each outcome's direction and
        velocity, plateaus and turns, too-fast moves, the ARR at stake
        (of `equation`), and the first move to green with the step of
        `plans` that covers it. `blockers` (mappings or a frame, as for
        `rollup`) weigh on the snapshots they were open on. Bad rows raise
        InputError naming the field (`history[3].as_of`). A bundle scores
        each account with the model its latest snapshot picks, named in
        its `model` field."""
        req = request(history, as_of=as_of, plans=plans, blockers=blockers, equation=equation, date=date)
        result, columns = self._native.worklist(req)
        return Worklist(result, columns)

    def worklist(self, history: Any, *, as_of: Any = None, plans: Any = None, blockers: Any = None,
                 equation: str = "renewal", date: str = "as_of") -> Any:
        """The worklist (see `worklist_report`) as a frame: one row per
        account, the most ARR at stake first, every field flat (the CLI's
        CSV columns); polars for a polars history, else pandas."""
        lib = _frames.library(history)
        table = _arrow_history(history, lib) if hasattr(self._native, "worklist_arrow") else None
        if table is not None:
            # A frame goes to the core as Arrow columns: no row is made a
            # dict, so 10^6 snapshots take seconds rather than minutes.
            req = request(None, as_of=as_of, plans=plans, blockers=blockers, equation=equation, date=date)
            _, accounts = self._native.worklist_arrow(table, date, [], req)
            return _accounts_frame(accounts, lib)
        report = self.worklist_report(history, as_of=as_of, plans=plans, blockers=blockers,
                                      equation=equation, date=date)
        return report.frame("polars" if lib == "polars" else "pandas")


def _arrow_history(history: Any, lib: Optional[str]) -> Any:
    """A pandas or polars history as a pyarrow Table, or None (mappings,
    or no pyarrow installed)."""
    if lib is None:
        return None
    try:
        import pyarrow as pa
    except ImportError:
        return None
    if lib == "polars":
        return history.to_arrow()
    return pa.Table.from_pandas(history, preserve_index=False)


def _accounts_frame(accounts: Any, lib: Optional[str]) -> Any:
    """The worklist's Arrow rows as a frame with `Worklist.frame`'s types."""
    import pyarrow as pa

    table = pa.table(accounts)
    if lib == "polars":
        import polars as pl

        return pl.from_arrow(table)
    import pandas as pd

    types = {pa.string(): pd.StringDtype(), pa.bool_(): pd.BooleanDtype()}
    return table.to_pandas(types_mapper=types.get)
