import json
from pathlib import Path

import pytest

import valuevector as vv

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def model() -> vv.Model:
    return vv.Model.default()


@pytest.fixture(scope="session")
def portfolio_path() -> Path:
    return ROOT / "examples" / "portfolio.csv"


def conformance_cases():
    for path in sorted((ROOT / "conformance").glob("*.json")):
        doc = json.loads(path.read_text())
        for case in doc["cases"]:
            yield pytest.param(doc["model"], case, id=f"{path.stem}: {case['name']}")
