"""Account plans against a portfolio: the reports, and frames of their
moves to green and of the customers' own goals."""

import datetime
import json
import os
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Union

from . import _frames

#: The columns of `PlanBook.moves()`.
MOVE_COLUMNS = ["account", "equation", "path", "band", "reachable", "order", "driver", "from", "to",
                "dimension", "steps", "blockers"]
#: The columns of `PlanBook.goals()`.
GOAL_COLUMNS = ["account", "text", "on", "current", "target", "gap", "met", "realisation"]

Plans = Union[str, "os.PathLike[str]", Sequence[Mapping[str, Any]]]


def plans_text(plans: Plans) -> str:
    """Plans as JSON text: a path to a plans file, JSON text, or plan mappings."""
    if isinstance(plans, os.PathLike):
        with open(plans, encoding="utf-8") as f:
            return f.read()
    if isinstance(plans, str):
        stripped = plans.lstrip()
        if stripped.startswith(("[", "{")):
            return plans
        with open(plans, encoding="utf-8") as f:
            return f.read()
    return json.dumps([dict(p) for p in plans])


def account_rows(accounts: Any) -> List[Dict[str, Any]]:
    """Accounts as mappings: a list of mappings, or a pandas or polars frame."""
    lib = _frames.library(accounts)
    if lib == "pandas":
        return list(accounts.to_dict("records"))
    if lib == "polars":
        return list(accounts.to_dicts())
    return [dict(a) for a in accounts]


def day_text(as_of: Union[None, str, datetime.date]) -> str:
    """The day plans are read as of, as YYYY-MM-DD (today when None)."""
    if as_of is None:
        return datetime.date.today().isoformat()
    if isinstance(as_of, datetime.date):
        return as_of.isoformat()
    return str(as_of)


class PlanBook:
    """Accounts against their plans, as of a day.

    `accounts` holds one report per account with a plan (its own `success`,
    `path_to_green` per equation with `next` and `green` paths, `lifecycle`,
    `alignment`, `reliability`, `archetype`, `advice`, `stage` and `scores`);
    `summary` sums the portfolio's plans up. `moves()` and `goals()` give
    them as frames.
    """

    def __init__(self, result: Dict[str, Any], as_of: str) -> None:
        #: One report per account with a plan, in the portfolio's order.
        self.accounts: List[Dict[str, Any]] = result["accounts"]
        #: Plans missing, stale, guided or reactive, and the guided share by ARR.
        self.summary: Dict[str, Any] = result["summary"]
        #: The day the plans were read as of (YYYY-MM-DD).
        self.as_of = as_of

    def __len__(self) -> int:
        return len(self.accounts)

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self.accounts)

    def __getitem__(self, account: str) -> Dict[str, Any]:
        """The report of the account with this id."""
        for report in self.accounts:
            if report["account"] == account:
                return report
        raise KeyError(account)

    def to_dict(self) -> Dict[str, Any]:
        """`{"accounts": [...], "summary": {...}}`: the shape every binding returns."""
        return {"accounts": self.accounts, "summary": self.summary}

    def moves(self, frame: Optional[str] = "pandas") -> Any:
        """Every move of every path to green, one row each: the account, the
        equation, the path (`next` or `green`) and its band, whether it is
        reachable, the move's order, driver, from, to, dimension, and the
        open steps and blockers on that driver (joined by "; "). An
        unreachable path is one row without a move. `frame` is "pandas",
        "polars" or None for a list of dicts."""
        rows: List[Dict[str, Any]] = []
        for report in self.accounts:
            for equation, paths in report["path_to_green"].items():
                for which in ("next", "green"):
                    path = paths.get(which)
                    if path is None:
                        continue
                    base = {"account": report["account"], "equation": equation, "path": which,
                            "band": path["band"], "reachable": path["reachable"]}
                    if not path["reachable"]:
                        rows.append({**base, "order": None, "driver": None, "from": None, "to": None,
                                     "dimension": None, "steps": None, "blockers": None})
                    for order, move in enumerate(path["moves"], start=1):
                        rows.append({**base, "order": order, "driver": move["driver"], "from": move["from"],
                                     "to": move["to"], "dimension": move["dimension"],
                                     "steps": "; ".join(move["steps"]), "blockers": "; ".join(move["blockers"])})
        return _frames.records_frame(rows, MOVE_COLUMNS, frame)

    def goals(self, frame: Optional[str] = "pandas") -> Any:
        """The customers' own goals, one row each: the account, the goal's
        text, the driver or measure it is on, its current value, target, gap,
        whether it is met, and how much of the way there it is."""
        rows = [{"account": report["account"], **{k: goal[k] for k in GOAL_COLUMNS[1:]}}
                for report in self.accounts for goal in report["success"]["goals"]]
        return _frames.records_frame(rows, GOAL_COLUMNS, frame)

    def __repr__(self) -> str:
        s = self.summary
        share = s.get("guided_share_by_arr")
        guided = "n/a" if share is None else f"{share:.0%}"
        return (f"<PlanBook as of {self.as_of}: {s['plans']} of {s['accounts']} accounts with a plan, "
                f"{s['guided']} guided, {s['reactive']} reactive (guided by ARR {guided}), "
                f"{s['reviews_overdue']} reviews overdue, {s['visionary']} visionary>")
