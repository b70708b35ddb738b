"""The type stubs agree with the native module (mypy's stubtest), and the
package type-checks."""

import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__import__("valuevector").__file__).parent


def test_stubs_match_the_native_module():
    result = subprocess.run([sys.executable, "-m", "mypy.stubtest", "valuevector._native"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_type_checks(tmp_path):
    # A copy, so that mypy reads the package itself and not its neighbours in site-packages.
    shutil.copytree(PACKAGE, tmp_path / "valuevector", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports",
                             "-p", "valuevector"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_py_typed_ships():
    assert (PACKAGE / "py.typed").exists()
