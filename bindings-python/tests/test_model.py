"""Loading, saving and describing models; model errors."""

import json
import pickle

import pytest

import valuevector as vv


def test_default_model_shape(model):
    assert model.drivers == ["product", "outcomes", "enablement", "guidance", "relationship", "need",
                             "realised_value", "process_change", "documented_roi", "references"]
    assert model.equations == ["adoption", "renewal", "expansion", "value", "transformation", "roi", "advocacy"]
    assert model.bands == ["red", "yellow", "green"]
    assert model.dimensions == ["People", "Product", "Services", "Quality"]
    assert model.equation_inputs("renewal") == ["adoption", "relationship"]
    assert model.targets["product"] == 1.0
    assert "weekly_active_ratio" in model.measures
    assert repr(model).startswith("<valuevector.Model 'default'")


def test_round_trips(model, tmp_path):
    spec = model.to_dict()
    assert vv.Model.from_dict(spec) == model
    assert vv.Model.from_json(model.to_json()) == model
    path = tmp_path / "model.json"
    path.write_text(model.to_json())
    assert vv.Model.from_json(path) == model
    assert vv.Model.from_json(str(path)) == model
    assert pickle.loads(pickle.dumps(model)) == model


def test_a_changed_model_scores_differently(model):
    spec = model.to_dict()
    spec["equations"][1]["p"] = "-inf"
    harsh = vv.Model.from_dict(spec)
    account = {"product": 0.9, "outcomes": 0.8, "enablement": 0.6, "guidance": 0.7, "relationship": 0.5}
    assert harsh.score(account).renewal.score == 0.5
    assert model.score(account).renewal.score > 0.5


def test_model_errors_name_the_field(model):
    spec = model.to_dict()
    spec["equations"][1]["inputs"][1]["ref"] = "trust"
    with pytest.raises(vv.ModelError) as info:
        vv.Model.from_dict(spec)
    e = info.value
    assert e.kind == "model"
    assert e.path == "equations.renewal.inputs[1].ref"
    assert str(e) == "equations.renewal.inputs[1].ref: unknown input 'trust'"
    assert isinstance(e, vv.Error) and isinstance(e, ValueError)
    assert not isinstance(e, vv.InputError)


def test_malformed_json_is_a_model_error():
    with pytest.raises(vv.ModelError):
        vv.Model.from_json('{"name": "x", "drivers": [')
    with pytest.raises(vv.ModelError) as info:
        vv.Model.from_dict({"name": "x", "drivers": [{"name": "a", "target": "high"}], "equations": []})
    assert info.value.path == "drivers[0].target"


def test_a_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        vv.Model.from_json(tmp_path / "nope.json")


def test_unknown_equation_inputs(model):
    with pytest.raises(vv.InputError) as info:
        model.equation_inputs("churn")
    assert info.value.path == "churn"
