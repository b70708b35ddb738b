"""Clusters: accounts grouped by the shape of their value vector."""

from __future__ import annotations

from typing import Any, Dict, List, Union

from . import _frames, _plans


class Clusters:
    """Accounts grouped by the shape of their value vector (each driver
    against its target), by seeded k-means++; each cluster with its size,
    ARR, centroid, mean score, most common root driver and dimension, and
    most common first moves to green."""

    __slots__ = ("_result",)

    def __init__(self, result: Dict[str, Any]) -> None:
        self._result = result

    @property
    def k(self) -> int:
        """The number of clusters."""
        k: int = self._result["k"]
        return k

    @property
    def chosen_by(self) -> str:
        """`given`, or `silhouette` when k was chosen."""
        how: str = self._result["chosen_by"]
        return how

    @property
    def silhouette(self) -> float:
        """The mean silhouette of the clusters (−1 to 1, higher is better)."""
        value: float = self._result["silhouette"]
        return value

    @property
    def tried(self) -> List[Dict[str, Any]]:
        """Each k tried with its mean silhouette (when k was chosen)."""
        tried: List[Dict[str, Any]] = self._result["tried"]
        return tried

    @property
    def drivers(self) -> List[str]:
        """The drivers the shapes were compared on."""
        drivers: List[str] = self._result["drivers"]
        return drivers

    @property
    def clusters(self) -> List[Dict[str, Any]]:
        """The clusters, the largest first, as dicts."""
        clusters: List[Dict[str, Any]] = self._result["clusters"]
        return clusters

    @property
    def members(self) -> List[int]:
        """Each account's cluster (from 1), in the input's order."""
        members: List[int] = self._result["members"]
        return members

    def to_dict(self) -> Dict[str, Any]:
        """The shared JSON shape (what the CLI prints with --format json)."""
        return self._result

    def frame(self, library: str = "pandas") -> Any:
        """One row per cluster: `cluster`, `accounts`, `arr`, the mean
        score, `root_driver`, `dimension`, `root_accounts`, `first_moves`
        (`;`-joined) and the centroid, one column per driver."""
        rows = []
        for c in self.clusters:
            root = c["root_driver"] or {}
            row: Dict[str, Any] = {
                "cluster": c["cluster"],
                "accounts": c["accounts"],
                "arr": c["arr"],
                self._result["equation"]: c["mean_score"],
                "root_driver": root.get("driver"),
                "dimension": root.get("dimension"),
                "root_accounts": root.get("accounts", 0),
                "first_moves": "; ".join(f"{m['equation']}: {m['driver']} ({m['accounts']})"
                                         for m in c["first_moves"]),
            }
            row.update({x["driver"]: x["value"] for x in c["centroid"]})
            rows.append(row)
        columns = ["cluster", "accounts", "arr", self._result["equation"], "root_driver", "dimension",
                   "root_accounts", "first_moves", *self.drivers]
        return _frames.records_frame(rows, columns, library)

    def __len__(self) -> int:
        return self.k

    def __repr__(self) -> str:
        sizes = ", ".join(str(c["accounts"]) for c in self.clusters)
        return (f"<Clusters: {self.k} ({self.chosen_by}), silhouette {self.silhouette:.3f}; "
                f"sizes {sizes}>")


class Clustering:
    """`clusters`, for a Model and a Bundle alike."""

    __slots__ = ()
    _native: Any

    def clusters(self, accounts: Any, *, k: Union[int, str] = "auto", equation: str = "renewal",
                 seed: int = 0) -> Clusters:
        """Groups accounts (a pandas or polars frame, or mappings) by the
        shape of their value vector: `k` clusters, or with `k="auto"` the
        number (2 to 8) with the best mean silhouette. The same seed gives
        the same clusters. A bundle scores each account with its model.
        Bad input raises InputError naming the field (`accounts[3].nps`,
        `k`)."""
        req: Dict[str, Any] = {"accounts": _plans.account_rows(accounts), "k": k, "equation": equation,
                               "seed": seed}
        return Clusters(self._native.clusters(req))
