"""Every conformance vector through the Python API, numbers to the bit."""

import dataclasses
import json
import math
import struct

import numpy as np
import pytest

import valuevector as vv
from valuevector._errors import input_error
from conftest import conformance_cases


def same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return struct.pack("<d", float(a)) == struct.pack("<d", float(b))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def plain(value):
    """Result objects as the JSON shape of the vectors."""
    if dataclasses.is_dataclass(value):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def number(v):
    return math.nan if v is None else float(v)


def run(model: vv.Model, case):
    op = case["op"]
    if op == "score":
        return model.score(case["account"]).to_dict()
    if op == "classify":
        return model.classify(case["text"]).to_dict()
    if op == "classify_blocker":
        return model.classify_blocker(case["blocker"]).to_dict()
    if op == "progress":
        return plain(model.progress(case["before"], case["after"], case["days"]))
    if op == "series":
        return model.series((s["day"], s["account"]) for s in case["snapshots"])
    if op == "rollup":
        return plain(model.rollup(case["blockers"]))
    if op == "load_model":
        m = vv.Model.from_json(case["model_json"])
        return {"drivers": m.drivers, "equations": m.equations}
    if op == "plan":
        return model.plan(case["plans"], case["accounts"], as_of=case["as_of"]).to_dict()
    if op == "themes":
        r = case["request"]
        return model.themes(r["blockers"], plans=r.get("plans"), as_of=r.get("as_of"),
                            min_accounts=r.get("min_accounts", 2))
    if op == "worklist":
        r = case["request"]
        return model.worklist_report(r["history"], as_of=r.get("as_of"), plans=r.get("plans"),
                                     blockers=r.get("blockers"),
                                     equation=r.get("equation", "renewal")).to_dict()
    if op == "clusters":
        r = case["request"]
        return model.clusters(r["accounts"], k=r.get("k", "auto"), equation=r.get("equation", "renewal"),
                              seed=r.get("seed", 0)).to_dict()
    if op == "bundle_score":
        bundle = vv.Bundle.from_dict(case["bundle"])
        cards = []
        for i, account in enumerate(case["accounts"]):
            try:
                cards.append(bundle.score(account).to_dict())
            except vv.InputError as e:
                # One account at a time here: the list's place goes in front, as the core's list call puts it.
                raise input_error(f"[{i}].{e.path}", str(e)) from None
        return cards
    if op == "bundle_worklist":
        r = case["request"]
        return vv.Bundle.from_dict(case["bundle"]).worklist_report(
            r["history"], as_of=r.get("as_of"), plans=r.get("plans"), blockers=r.get("blockers"),
            equation=r.get("equation", "renewal")).to_dict()
    if op == "load_bundle":
        b = vv.Bundle.from_json(case["bundle_json"])
        return {"by": b.by, "keys": list(b.models), "models": [m.name for m in b.models.values()] + [b.otherwise.name]}
    if op == "batch":
        names = sorted(case["columns"])
        columns = {n: np.array([number(v) for v in case["columns"][n]], dtype=np.float64) for n in names}
        out = model.score_arrays(columns)
        result = {}
        for eq in model.equations:
            inputs = model.equation_inputs(eq)
            result[eq] = {
                "score": [None if math.isnan(s) else float(s) for s in out[eq]],
                "band": [None if c < 0 else model.bands[c] for c in out[f"{eq}_band"]],
                "limiting": [None if c < 0 else inputs[c] for c in out[f"{eq}_limiting"]],
                "root_driver": [None if c < 0 else model.drivers[c] for c in out[f"{eq}_root_driver"]],
            }
        return result
    raise AssertionError(f"unknown op {op}")


@pytest.mark.parametrize("spec,case", list(conformance_cases()))
def test_conformance(spec, case):
    model = vv.Model.default() if spec == "default" else vv.Model.from_dict(spec)
    if "expect_error" in case:
        with pytest.raises(vv.Error) as info:
            run(model, case)
        err = info.value
        assert {"kind": err.kind, "path": err.path} == case["expect_error"], str(err)
        assert isinstance(err, vv.ModelError if err.kind == "model" else vv.InputError)
    else:
        got = run(model, case)
        assert same(got, case["expect"]), f"\n got:  {json.dumps(got)}\n want: {json.dumps(case['expect'])}"


def test_there_are_enough_vectors():
    assert len(list(conformance_cases())) >= 30
