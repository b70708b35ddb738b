"""The plotting helpers render to PNG with the Agg backend."""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import polars as pl  # noqa: E402

import valuevector as vv  # noqa: E402
from valuevector import plot  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def test_radar_of_an_account(model, tmp_path):
    card = model.score({"id": "acme", "product": 0.9, "outcomes": 0.6, "enablement": 0.3, "guidance": 0.7,
                        "relationship": 0.8})
    fig = plot.radar(card)
    path = tmp_path / "radar.png"
    fig.savefig(path)
    assert path.read_bytes().startswith(PNG)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "references\n(missing)"
    assert "acme" in ax.get_title()


def test_portfolio_view(model, portfolio_path, root, tmp_path):
    scores = model.score_frame(pd.read_csv(portfolio_path))
    rollup = vv.rollup(pd.read_csv(root / "examples" / "blockers.csv").to_dict("records"))
    fig = plot.portfolio(scores, rollup)
    assert len(fig.axes) == len(vv.Model.default().equations) + 1
    assert fig.axes[1].get_title() == "renewal"
    path = tmp_path / "portfolio.png"
    fig.savefig(path)
    assert path.read_bytes().startswith(PNG)
    # Bars of one equation add up to the accounts scored.
    heights = sum(p.get_height() for p in fig.axes[0].patches)
    assert heights == scores["adoption"].notna().sum()
    fig_pl = plot.portfolio(model.score_frame(pl.read_csv(portfolio_path)))
    assert len(fig_pl.axes) == len(vv.Model.default().equations)


def test_movement_of_a_worklist(model, root, tmp_path):
    history = pd.read_csv(root / "examples" / "snapshots.csv")
    report = model.worklist_report(history)
    fig = plot.movement(report, model=model, label=5)
    path = tmp_path / "movement.png"
    fig.savefig(path)
    assert path.read_bytes().startswith(PNG)
    ax = fig.axes[0]
    # One point per scored account, across the bands; the top five by ARR
    # at stake are named.
    points = sum(len(c.get_offsets()) for c in ax.collections)
    assert points == len(report.accounts) == 40
    names = {t.get_text() for t in ax.texts}
    assert names == {a["id"] for a in report.accounts[:5]}
    # The same from the worklist frame, pandas or polars, on a given axis.
    import matplotlib.pyplot as plt

    for frame in (model.worklist(history), model.worklist(pl.from_pandas(history))):
        _, other = plt.subplots()
        plot.movement(frame, ax=other, label=5)
        assert sum(len(c.get_offsets()) for c in other.collections) == 40
        assert {t.get_text() for t in other.texts} == names
    try:
        plot.movement(pd.DataFrame({"x": [1.0]}))
    except ValueError as e:
        assert "renewal_velocity" in str(e)
    else:
        raise AssertionError("a frame that is no worklist is refused")
