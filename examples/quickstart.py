"""valuevector from Python: score the sample portfolio, explain an account,
classify blockers, roll them up, and draw the plots.

    python examples/quickstart.py [OUTPUT_FOLDER]

Needs `pip install valuevector[pandas,plot]` (or the wheel built from
bindings-python/). The figures are saved as PNG in OUTPUT_FOLDER (default:
a folder `quickstart-output` beside this file).
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files, not windows: this also runs in CI

import pandas as pd  # noqa: E402

import valuevector as vv  # noqa: E402
from valuevector import plot  # noqa: E402

HERE = Path(__file__).resolve().parent
out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "quickstart-output"
out_dir.mkdir(parents=True, exist_ok=True)

# 1. Score the whole portfolio: one line.
model = vv.Model.default()
portfolio = pd.read_csv(HERE / "portfolio.csv").set_index("id")
scores = model.score_frame(portfolio)
print(scores.head())
print()
print("renewal bands:", scores["renewal_band"].value_counts().to_dict())
print("what to work on for renewal:", scores["renewal_root_driver"].value_counts().head(3).to_dict())

# 2. Explain the weakest account.
worst = scores["renewal"].idxmin()
measures = portfolio.loc[worst].drop(["segment", "arr"]).to_dict()
card = model.score({"id": worst, **measures})
print()
print(card)
print(card.explain())

# 3. Classify blocker texts, then roll the sample blockers up per dimension.
for c in vv.classify([
    "Our executive sponsor left after the reorg",
    "The Salesforce integration keeps failing",
    "Data migration left thousands of duplicate contacts",
]):
    print(f"{c.dimension:<10} {c.confidence:.2f}  {', '.join(c.matched):<30} {c.text}")
blockers = pd.read_csv(HERE / "blockers.csv")
rollup = model.rollup(blockers.to_dict("records"))
print()
print(model.rollup(blockers))

# 4. Plots: the account against the model customer, and the portfolio.
plot.radar(card).savefig(out_dir / "radar.png", dpi=100)
plot.portfolio(scores, rollup).savefig(out_dir / "portfolio.png", dpi=100)
print()
print(f"saved {out_dir / 'radar.png'} and {out_dir / 'portfolio.png'}")
