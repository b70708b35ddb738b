"""valuevector: Customer Success scoring that explains itself.

Each account is a point in a space of value drivers; the model customer
sits at the target. The success equations are conjunctive (adoption,
renewal, expansion as weighted power means, geometric by default), every
score names what limits it, and account-plan blockers are classified into
People, Product, Services and Quality.

>>> import valuevector as vv
>>> model = vv.Model.default()
>>> card = model.score({"product": 0.9, "outcomes": 0.8, "enablement": 0.3,
...                     "guidance": 0.7, "relationship": 0.8, "need": 0.5})
>>> card.renewal.root_driver
'enablement'
"""

from ._native import Error, InputError, ModelError, __version__
from ._model import Model, classify, rollup
from ._bundle import Bundle
from ._clusters import Clusters
from ._plans import PlanBook
from ._worklist import Worklist
from ._results import (
    Classification,
    DimensionRollup,
    DriverValue,
    Outcome,
    Progress,
    Scorecard,
    Term,
)

__all__ = [
    "Bundle",
    "Clusters",
    "Classification",
    "DimensionRollup",
    "DriverValue",
    "Error",
    "InputError",
    "Model",
    "ModelError",
    "Outcome",
    "PlanBook",
    "Worklist",
    "Progress",
    "Scorecard",
    "Term",
    "__version__",
    "classify",
    "rollup",
]
