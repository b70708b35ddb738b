"""The worklist from Python: frames in, a ranked frame out, the report
behind it, and errors that name the row."""

import datetime
import math
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import valuevector as vv

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "examples" / "snapshots.csv"


@pytest.fixture(scope="module")
def model():
    return vv.Model.default()


def test_a_pandas_history_gives_a_ranked_pandas_frame(model):
    history = pd.read_csv(SNAPSHOTS)
    frame = model.worklist(history)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == history["id"].nunique()
    stakes = frame["arr_at_stake"].to_list()
    assert stakes == sorted(stakes, reverse=True)
    # A red renewal puts the whole ARR at stake, yellow half, green none.
    share = frame["renewal_band"].map({"red": 1.0, "yellow": 0.5, "green": 0.0})
    assert (frame["arr_at_stake"] == frame["arr"] * share).all()
    # Accounts with nothing short of green have no first move: NaN for
    # numbers, NA for text, in the same rows.
    none = frame["first_move_equation"].isna()
    assert none.any() and not none.all()
    assert (frame["first_move_to"].isna() == none).all() and (frame["first_move_step"].isna() == none).all()
    assert frame.columns[:9].to_list() == ["id", "segment", "arr", "parent", "as_of", "snapshots",
                                           "arr_at_stake", "stake_basis", "direction"]
    assert (frame["snapshots"] == 7).all()


def test_polars_in_polars_out_with_dates_and_nulls(model):
    history = pl.read_csv(SNAPSHOTS, try_parse_dates=True)
    assert history.schema["as_of"] == pl.Date
    frame = model.worklist(history, as_of=datetime.date(2026, 9, 15))
    assert isinstance(frame, pl.DataFrame)
    # As of mid-September: the latest snapshot is September's.
    assert set(frame.get_column("as_of").to_list()) == {"2026-09-01"}
    # Accounts without events have nulls, polars' own missing value.
    assert 0 < frame.get_column("latest_event").null_count() < len(frame)
    assert frame.get_column("first_move_to").null_count() == frame.get_column("first_move_step").null_count()
    assert frame.schema["renewal"] == pl.Float64 and frame.schema["first_move_covered"] == pl.Boolean


def test_the_report_holds_events_summary_and_first_moves_with_their_steps(model):
    rows = [
        {"id": "a", "arr": 1000, "as_of": "2026-01-01", "product": 0.9, "outcomes": 0.9, "enablement": 0.9,
         "guidance": 0.9, "relationship": 0.3, "need": 0.9},
        {"id": "a", "arr": 1000, "as_of": "2026-02-01", "product": 0.9, "outcomes": 0.9, "enablement": 0.9,
         "guidance": 0.9, "relationship": 0.2, "need": 0.9},
    ]
    plans = [{"account": "a", "inception": "2026-01-01",
              "steps": [{"text": "Meet the new sponsor", "dimension": "People", "status": "open"}]}]
    report = model.worklist_report(rows, plans=plans)
    assert isinstance(report, vv.Worklist) and len(report) == 1
    item = report.accounts[0]
    renewal = next(o for o in item["outcomes"] if o["equation"] == "renewal")
    assert renewal["direction"] == "devolving"
    assert math.isclose(renewal["velocity"], (renewal["score"] - renewal["previous"]) / 31)
    assert item["first_move"]["driver"] == "relationship"
    assert item["first_move"]["step"] == "Meet the new sponsor" and item["first_move"]["covered"]
    assert report.summary[0]["declined"] == 1
    assert "1 accounts" in repr(report)
    summary = report.summary_frame()
    assert summary["arr_at_stake"].sum() == item["arr_at_stake"]


def test_bad_rows_and_arguments_are_named(model):
    rows = [{"id": "a", "as_of": "2026-02-30", "product": 0.5}]
    with pytest.raises(vv.InputError) as e:
        model.worklist(rows)
    assert e.value.path == "history[0].as_of"
    with pytest.raises(vv.InputError) as e:
        model.worklist([{"id": "a", "as_of": "2026-01-01"}], equation="renewl")
    assert e.value.path == "equation"
    with pytest.raises(vv.InputError) as e:
        model.worklist([{"id": "a", "as_of": 20260101}])
    assert e.value.path == "history[0].as_of"


def test_themes_group_paraphrases_as_dicts_or_frames(model):
    rows = [
        {"account": "a", "arr": 100, "text": "SSO login broken since the upgrade", "severity": "high",
         "opened": "2026-11-01"},
        {"account": "b", "arr": 200, "text": "Since the upgrade SSO logins fail", "severity": "low",
         "opened": "2026-11-21"},
        {"account": "c", "arr": 50, "text": "Our executive sponsor left in the reorg", "severity": "high"},
    ]
    themes = model.themes(rows, as_of=datetime.date(2026, 12, 1))
    assert len(themes) == 1
    assert themes[0]["accounts"] == ["a", "b"] and themes[0]["arr"] == 300
    assert themes[0]["oldest_days"] == 30 and themes[0]["median_days"] == 10
    frame = model.themes(pd.DataFrame(rows), min_accounts=1)
    assert list(frame["accounts"]) == ["a;b", "c"]
    assert frame["oldest_days"].isna().all()
    polars = model.themes(pl.DataFrame(rows), min_accounts=1)
    assert polars.get_column("oldest_days").null_count() == 2
    with pytest.raises(vv.InputError) as e:
        model.themes([{"account": "a", "text": "x", "severity": "urgent"}])
    assert e.value.path == "blockers[0].severity"


def test_parents_roll_up_and_pass_through(model):
    rows = [
        {"id": "G", "arr": 100, "as_of": "2026-05-01", "product": 0.8},
        {"id": "S", "arr": 300, "parent": "G", "as_of": "2026-05-01", "product": 0.2},
    ]
    report = model.worklist_report(rows)
    assert [g["id"] for g in report.groups] == ["G"] and report.groups[0]["children"] == ["S"]
    frame = report.frame()
    assert frame.set_index("id").loc["S", "parent"] == "G"
    scores = model.score_frame(pd.DataFrame([{"id": "S", "parent": "G", "product": 0.5}]))
    assert len(scores) == 1


def test_a_pandas_history_with_empty_text_cells_reads_them_as_absent(model):
    # portfolio_history.csv has a parent column, empty on most rows: pandas
    # reads those as NaN, which is no parent, not a parent named NaN.
    path = ROOT / "examples" / "portfolio_history.csv"
    history = pd.read_csv(path)
    assert history["parent"].isna().any()
    frame = model.worklist(history)
    want = model.worklist(pl.read_csv(path))
    assert frame["id"].to_list() == want["id"].to_list()
    assert frame["arr_at_stake"].to_list() == want["arr_at_stake"].to_list()


def test_a_frame_s_worklist_through_arrow_equals_the_report_s_frame(model):
    # model.worklist(frame) hands the frame to the core as Arrow columns;
    # worklist_report goes row by row: the same rows, values and types.
    for path in (SNAPSHOTS, ROOT / "examples" / "portfolio_history.csv"):
        for as_of in (None, "2026-09-15"):
            history = pd.read_csv(path)
            want = model.worklist_report(history, as_of=as_of).frame()
            got = model.worklist(history, as_of=as_of)
            pd.testing.assert_frame_equal(got, want)
            history = pl.read_csv(path, try_parse_dates=True)
            want = model.worklist_report(history, as_of=as_of).frame("polars")
            assert model.worklist(history, as_of=as_of).equals(want)
