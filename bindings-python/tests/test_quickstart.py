"""The quickstart example runs end to end and draws both plots."""

import subprocess
import sys


def test_quickstart_script_runs(root, tmp_path):
    result = subprocess.run([sys.executable, str(root / "examples" / "quickstart.py"), str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "renewal bands:" in out
    assert "limited by" in out
    assert "People" in out and "Quality" in out
    for name in ("radar.png", "portfolio.png"):
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")


def test_notebook_is_saved_with_outputs(root):
    import json

    notebook = json.loads((root / "examples" / "quickstart.ipynb").read_text())
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and all(c.get("outputs") for c in code), "every code cell has its output saved"
    images = [o for c in code for o in c["outputs"] if "image/png" in o.get("data", {})]
    assert len(images) >= 2, "both plots are in the saved notebook"
