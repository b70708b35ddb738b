"""Builds examples/quickstart.ipynb and runs it, saving its outputs.

    python examples/make_notebook.py

Needs nbformat, nbclient and ipykernel besides valuevector[pandas,plot].
"""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent

CELLS = [
    ("md", "# valuevector quickstart\n\nScore a portfolio, explain an account, classify blockers, plot."),
    ("code", "import pandas as pd\nimport valuevector as vv\nfrom valuevector import plot\n\nmodel = vv.Model.default()\nmodel"),
    ("md", "## Score the whole portfolio\n\nOne float column per equation, plus its band, limiting input and root driver."),
    ("code", "portfolio = pd.read_csv('portfolio.csv').set_index('id')\nscores = model.score_frame(portfolio)\nscores.head()"),
    ("code", "scores['renewal_band'].value_counts()"),
    ("code", "scores['renewal_root_driver'].value_counts()"),
    ("md", "## Why is an account where it is?"),
    ("code", "worst = scores['renewal'].idxmin()\ncard = model.score({'id': worst, **portfolio.loc[worst].drop(['segment', 'arr']).to_dict()})\ncard"),
    ("code", "print(card.explain())"),
    ("code", "plot.radar(card);"),
    ("md", "## Blockers"),
    ("code", "vv.classify(['Our executive sponsor left after the reorg',\n             'The Salesforce integration keeps failing',\n             'Data migration left thousands of duplicate contacts'])"),
    ("code", "blockers = pd.read_csv('blockers.csv')\nmodel.rollup(blockers)"),
    ("code", "plot.portfolio(scores, model.rollup(blockers.to_dict('records')));"),
]


def main() -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, text in CELLS:
        nb.cells.append(nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    nbformat.write(nb, HERE / "quickstart.ipynb")
    print("wrote", HERE / "quickstart.ipynb")


if __name__ == "__main__":
    main()
