"""Result objects: plain, typed, readable in a REPL and in Jupyter."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

_BAND_COLOURS = {"red": "#d64545", "yellow": "#e0b000", "green": "#2e9e5b"}


@dataclass(frozen=True)
class Term:
    """One input of an equation as it stands for an account."""

    input: str
    value: Optional[float]
    weight: float
    target: float
    lift: Optional[float]
    """How much the outcome would rise if this input alone reached its target."""


@dataclass(frozen=True)
class Outcome:
    """One equation's outcome for an account, with its explanation."""

    equation: str
    score: Optional[float]
    band: Optional[str]
    coverage: float
    limiting: Optional[str]
    root_driver: Optional[str]
    missing_reason: Optional[str]
    terms: Tuple[Term, ...]
    probability: Optional[float] = None
    """P(the equation's outcome) for a calibrated model; None otherwise."""
    capped_by: Optional[str] = None
    """The required input that caps the outcome when the cap binds (renewal
    never scores above adoption); None otherwise."""

    @property
    def lifts(self) -> Dict[str, Optional[float]]:
        """Input name -> lift."""
        return {t.input: t.lift for t in self.terms}

    @classmethod
    def _from(cls, equation: str, d: Mapping[str, Any]) -> "Outcome":
        return cls(
            equation=equation,
            score=d["score"],
            band=d["band"],
            coverage=d["coverage"],
            limiting=d["limiting"],
            root_driver=d["root_driver"],
            missing_reason=d["missing_reason"],
            terms=tuple(Term(**t) for t in d["terms"]),
            probability=d.get("probability"),
            capped_by=d.get("capped_by"),
        )

    def __repr__(self) -> str:
        if self.score is None:
            return f"<Outcome {self.equation}: missing ({self.missing_reason})>"
        verb = "capped" if self.capped_by and self.capped_by == self.limiting else "limited"
        limit = f", {verb} by {self.limiting}" if self.limiting else ""
        root = f", root driver {self.root_driver}" if self.root_driver and self.root_driver != self.limiting else ""
        return f"<Outcome {self.equation}: {self.score:.3f} {self.band}{limit}{root}>"


@dataclass(frozen=True)
class DriverValue:
    """One component of an account's value vector."""

    name: str
    value: Optional[float]
    before_blockers: Optional[float]
    """The value before open blockers' penalties."""
    target: float
    source: str
    """'given', 'measures' or 'missing'."""
    penalty: float
    """What open blockers took off."""


@dataclass(frozen=True)
class Classification:
    """Where a blocker belongs, how sure that is, and the words that decided."""

    dimension: str
    confidence: float
    matched: Tuple[str, ...]
    explicit: bool
    text: Optional[str] = None

    @property
    def is_classified(self) -> bool:
        return self.dimension != "unclassified"

    @classmethod
    def _from(cls, d: Mapping[str, Any], text: Optional[str] = None) -> "Classification":
        return cls(d["dimension"], d["confidence"], tuple(d["matched"]), d["explicit"], text)

    def to_dict(self) -> Dict[str, Any]:
        """The shared JSON shape (without the text)."""
        return {"dimension": self.dimension, "confidence": self.confidence,
                "matched": list(self.matched), "explicit": self.explicit}


@dataclass(frozen=True)
class DimensionRollup:
    """The open blockers of one dimension across a portfolio."""

    dimension: str
    open: int
    resolved: int
    accounts: int
    arr: float
    accounts_without_arr: int
    severity: Dict[str, int]


@dataclass(frozen=True)
class Progress:
    """The movement of the value vector between two snapshots."""

    progress: float
    alignment: float
    velocity: float
    eta_days: Optional[float]
    direction: str
    """"evolving", "devolving", "standstill" or "sideways" (moved, but not
    toward the model customer nor away from it)."""
    gap_before: float
    gap_after: float
    changes: Tuple[Dict[str, Any], ...]
    not_compared: Tuple[str, ...]
    outcomes: Tuple[Dict[str, Any], ...] = ()
    """Per equation: its score and band before and after, the change, and
    its own direction (an outcome that fell is never "evolving")."""

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> "Progress":
        return cls(**{
            **d,
            "changes": tuple(d["changes"]),
            "not_compared": tuple(d["not_compared"]),
            "outcomes": tuple(d["outcomes"]),
        })

    def outcome(self, equation: str) -> Dict[str, Any]:
        """How one equation's outcome moved, by name."""
        for o in self.outcomes:
            if o["equation"] == equation:
                return o
        raise KeyError(f"unknown equation '{equation}'")


@dataclass(frozen=True)
class Scorecard:
    """Everything valuevector says about one account.

    Each equation is an attribute: ``card.renewal.score``,
    ``card.renewal.root_driver``...
    """

    id: Optional[str]
    arr: Optional[float]
    segment: Optional[str]
    vector: Tuple[DriverValue, ...]
    realisation: Optional[float]
    outcomes: Dict[str, Outcome]
    blockers: List[Dict[str, Any]]
    inferred_blockers: List[Dict[str, Any]]
    #: The name of the model that scored it, when a bundle picked among several.
    model: Optional[str]
    _report: Dict[str, Any] = field(repr=False, compare=False)
    _explanation: str = field(repr=False, compare=False)

    @classmethod
    def _from(cls, full: Mapping[str, Any], report: Dict[str, Any], equations: List[str]) -> "Scorecard":
        """From the core's shape in full and as the shared report."""
        return cls(
            id=full.get("id"),
            arr=full.get("arr"),
            segment=full.get("segment"),
            vector=tuple(DriverValue(**v) for v in full["vector"]),
            realisation=full["realisation"],
            outcomes={eq: Outcome._from(eq, full[eq]) for eq in equations},
            blockers=full["blockers"],
            inferred_blockers=full["inferred_blockers"],
            model=full.get("model"),
            _report=report,
            _explanation=full["explanation"],
        )

    def __getattr__(self, name: str) -> Outcome:
        outcomes: Dict[str, Outcome] = self.__dict__.get("outcomes", {})
        if name in outcomes:
            return outcomes[name]
        raise AttributeError(f"no equation or attribute {name!r} (equations: {', '.join(outcomes)})")

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | set(self.outcomes))

    @property
    def drivers(self) -> Dict[str, Optional[float]]:
        """The value vector: driver name -> value (None when missing)."""
        return {d.name: d.value for d in self.vector}

    def explain(self) -> str:
        """The scores in words: limits, lifts, root drivers, blockers."""
        return self._explanation

    def to_dict(self) -> Dict[str, Any]:
        """The shared JSON shape (what the CLI prints with --format json)."""
        return self._report

    def __repr__(self) -> str:
        parts = []
        for o in self.outcomes.values():
            parts.append(f"{o.equation}={o.score:.3f} {o.band}" if o.score is not None else f"{o.equation}=missing")
        who = f" {self.id}" if self.id else ""
        roots = sorted({o.root_driver for o in self.outcomes.values() if o.root_driver})
        focus = f"; work on {', '.join(roots)}" if roots else ""
        return f"<Scorecard{who}: {', '.join(parts)}{focus}>"

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = []
        for o in self.outcomes.values():
            colour = _BAND_COLOURS.get(o.band or "", "#888")
            score = "missing" if o.score is None else f"{o.score:.3f}"
            terms = ", ".join(
                f"{esc(t.input)} {'–' if t.value is None else f'{t.value:.2f}'}"
                + (f" (<b>+{t.lift:.2f}</b>)" if t.lift else "")
                for t in o.terms
            )
            rows.append(
                f"<tr><td>{esc(o.equation)}</td><td>{score}</td>"
                f"<td><span style='color:{colour};font-weight:bold'>{esc(o.band or '')}</span></td>"
                f"<td>{esc(o.limiting or '')}</td><td>{esc(o.root_driver or '')}</td><td>{terms}</td></tr>"
            )
        drivers = "".join(
            f"<tr><td>{esc(d.name)}</td><td>{'missing' if d.value is None else f'{d.value:.3f}'}</td>"
            f"<td>{d.target:g}</td><td>{esc(d.source)}</td></tr>"
            for d in self.vector
        )
        title = esc(self.id or "account")
        return (
            f"<div><b>{title}</b>"
            "<table><tr><th>equation</th><th>score</th><th>band</th><th>limiting</th><th>root driver</th><th>terms (lift)</th></tr>"
            + "".join(rows)
            + "</table><table><tr><th>driver</th><th>value</th><th>target</th><th>source</th></tr>"
            + drivers
            + "</table></div>"
        )
