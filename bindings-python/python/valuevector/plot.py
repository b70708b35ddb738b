"""Plots (needs matplotlib): an account's value vector against the model
customer, and a portfolio at a glance. Every function returns the figure."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, cast

import numpy as np

from ._results import DimensionRollup, Scorecard

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_COLOURS = {"red": "#d64545", "yellow": "#e0b000", "green": "#2e9e5b"}


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("valuevector.plot needs matplotlib: pip install 'valuevector[plot]'") from e
    return plt


def radar(card: Scorecard, *, title: Optional[str] = None) -> "Figure":
    """The account's value vector (its drivers) against the model customer
    (every driver at its target) on a radar chart. Missing drivers are
    marked and drawn at 0."""
    plt = _pyplot()
    names = [d.name for d in card.vector]
    values = [0.0 if d.value is None else d.value for d in card.vector]
    targets = [d.target for d in card.vector]
    angles = [2 * math.pi * i / len(names) for i in range(len(names))]

    fig = plt.figure(figsize=(5.5, 5.5))
    ax = fig.add_subplot(projection="polar")
    ax.plot(_close(angles), _close(targets), color="#555", linestyle="--", label="model customer")
    ax.fill(_close(angles), _close(values), color="#3b7dd8", alpha=0.25)
    ax.plot(_close(angles), _close(values), color="#3b7dd8", marker="o", label=card.id or "account")
    labels = [n if d.value is not None else f"{n}\n(missing)" for n, d in zip(names, card.vector)]
    ax.set_xticks(angles)
    ax.set_xticklabels(labels)
    ax.set_ylim(0, 1)
    scores = ", ".join(
        f"{o.equation} {o.score:.2f}" if o.score is not None else f"{o.equation} missing"
        for o in card.outcomes.values()
    )
    ax.set_title(title or f"{card.id or 'account'}: {scores}", pad=20)
    ax.legend(loc="lower right", bbox_to_anchor=(1.15, -0.1))
    fig.tight_layout()
    return cast("Figure", fig)


def portfolio(
    scores: Any,
    rollup: Optional[Sequence[DimensionRollup]] = None,
    *,
    equations: Optional[Sequence[str]] = None,
    bands: Optional[Sequence[str]] = None,
) -> "Figure":
    """A portfolio at a glance: for each equation, how many accounts fall in
    each band (stacked by score decile), and, given a rollup, the open
    blockers and ARR per dimension.

    `scores` is what `Model.score_frame` returns (pandas or polars), or a
    mapping of equation name to a score array with `<eq>_band` names.
    """
    plt = _pyplot()
    columns = _columns(scores)
    eqs = list(equations) if equations else [c for c in columns if f"{c}_band" in columns]
    band_names: List[str] = list(bands) if bands else _band_order(columns, eqs)
    panels = len(eqs) + (1 if rollup else 0)
    fig, axes = plt.subplots(1, panels, figsize=(4.2 * panels, 3.8), squeeze=False)
    edges = np.linspace(0, 1, 11)
    for ax, eq in zip(axes[0], eqs):
        values = np.asarray(columns[eq], dtype=np.float64)
        labels = np.asarray(columns[f"{eq}_band"], dtype=object)
        bottom = np.zeros(len(edges) - 1)
        for band in band_names:
            counts, _ = np.histogram(values[(labels == band) & ~np.isnan(values)], bins=edges)
            ax.bar(edges[:-1], counts, width=0.1, align="edge", bottom=bottom,
                   color=_COLOURS.get(band), edgecolor="white", label=band)
            bottom += counts
        missing = int(np.isnan(values).sum())
        ax.set_title(f"{eq}" + (f" ({missing} missing)" if missing else ""))
        ax.set_xlabel("score")
        ax.set_ylabel("accounts")
        ax.set_xlim(0, 1)
    axes[0][0].legend()
    if rollup:
        ax = axes[0][-1]
        dims = [r.dimension for r in rollup]
        ax.barh(dims, [r.open for r in rollup], color="#3b7dd8")
        for y, r in enumerate(rollup):
            ax.text(r.open, y, f"  {r.accounts} acc., ARR {r.arr:,.0f}", va="center", fontsize=8)
        ax.invert_yaxis()
        ax.set_title("open blockers by dimension")
        ax.set_xlabel("open blockers")
        ax.set_xlim(0, max([r.open for r in rollup] + [1]) * 1.8)
    fig.tight_layout()
    return cast("Figure", fig)


def _close(xs: List[float]) -> List[float]:
    """The polygon closed: the first point again at the end."""
    return [*xs, xs[0]]


def movement(
    worklist: Any,
    *,
    equation: Optional[str] = None,
    model: Optional[Any] = None,
    label: int = 10,
    ax: Optional[Any] = None,
) -> "Figure":
    """The portfolio's movement: each account of a worklist (what
    `Model.worklist_report` returns, or its frame) at its score of the
    stake equation (across) against its trend per 30 days (up is better),
    its area by ARR and its colour its band. A frame's equation is
    `equation` (default renewal). The `label` accounts with the most ARR at
    stake are named; with `model`, its band thresholds are drawn. Draws on
    `ax` when given."""
    plt = _pyplot()
    if hasattr(worklist, "accounts") and hasattr(worklist, "equation"):
        equation = equation or worklist.equation
        rows = []
        for a in worklist.accounts:
            o = next(x for x in a["outcomes"] if x["equation"] == equation)
            rows.append((a["id"], o["score"], o["velocity"], o["band"], a["arr"], a["arr_at_stake"]))
    else:
        from ._plans import account_rows

        records = account_rows(worklist)
        equation = equation or "renewal"
        if records and (f"{equation}_velocity" not in records[0] or "arr_at_stake" not in records[0]):
            raise ValueError(f"not a worklist of {equation}: no {equation}_velocity or arr_at_stake column")

        def text(x: Any) -> Any:
            return x if isinstance(x, str) else None

        rows = [(r["id"], r[equation], r[f"{equation}_velocity"], text(r[f"{equation}_band"]), r["arr"],
                 r["arr_at_stake"]) for r in records]

    def number(x: Any) -> float:
        return float("nan") if x is None else float(x)


    ids = [r[0] for r in rows]
    score = np.array([number(r[1]) for r in rows])
    trend = 30.0 * np.nan_to_num(np.array([number(r[2]) for r in rows]))
    bands = [r[3] or "" for r in rows]
    arr = np.nan_to_num(np.array([number(r[4]) for r in rows]))
    stake = np.nan_to_num(np.array([number(r[5]) for r in rows]))
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 5))
    else:
        fig = ax.figure
    shown = ~np.isnan(score)
    sizes = 20 + 600 * np.sqrt(arr / max(float(arr.max()) if len(arr) else 1.0, 1.0))
    for band in dict.fromkeys(bands):
        mask = shown & np.array([b == band for b in bands])
        if mask.any():
            ax.scatter(score[mask], trend[mask], s=sizes[mask], color=_COLOURS.get(band, "#888"), alpha=0.55,
                       edgecolors="white", label=band or "no band")
    ax.axhline(0, color="#999", linewidth=0.8)
    if model is not None:
        for band in model.to_dict()["bands"][1:]:
            ax.axvline(band["min"], color="#bbb", linestyle="--", linewidth=0.8)
    for i in np.argsort(-stake, kind="stable")[:label]:
        if shown[i]:
            ax.annotate(ids[i], (score[i], trend[i]), fontsize=7, xytext=(4, 4), textcoords="offset points")
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"{equation} score")
    ax.set_ylabel(f"{equation} trend per 30 days")
    ax.set_title(f"Movement: {int(shown.sum())} accounts, area by ARR")
    ax.legend(loc="best", fontsize=8, markerscale=0.4)
    return cast("Figure", fig)


def _columns(scores: Any) -> Dict[str, Any]:
    if hasattr(scores, "to_dict") and type(scores).__module__.startswith("pandas"):
        import pandas as pd

        # Kept columns (the id) are neither scores nor bands: left as they are.
        return {c: scores[c].astype(object).where(scores[c].notna(), None).to_numpy()
                if str(scores[c].dtype) == "category"
                else scores[c].to_numpy(dtype=np.float64, na_value=np.nan)
                if pd.api.types.is_numeric_dtype(scores[c].dtype) else scores[c].to_numpy()
                for c in scores.columns}
    if type(scores).__module__.startswith("polars"):
        import polars as pl

        return {c: scores[c].cast(pl.Float64).fill_null(np.nan).to_numpy() if scores[c].dtype.is_numeric()
                else np.asarray(scores[c].cast(pl.String).to_list(), dtype=object) for c in scores.columns}
    return dict(scores)


def _band_order(columns: Dict[str, Any], eqs: Sequence[str]) -> List[str]:
    seen: List[str] = []
    for eq in eqs:
        for b in columns[f"{eq}_band"]:
            if b is not None and b not in seen:
                seen.append(b)
    order = ["red", "yellow", "green"]
    return sorted(seen, key=lambda b: order.index(b) if b in order else len(order))
