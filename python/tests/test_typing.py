"""The type stubs match the extension module, and the package's Python code
type-checks against them."""

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "deboiler"


def mypy(*args):
    pytest.importorskip("mypy")
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=PACKAGE.parent.parent)


def test_the_stubs_match_the_module():
    out = mypy("mypy.stubtest", "deboiler._native")
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_package_type_checks():
    out = mypy("mypy", "--ignore-missing-imports", "--no-incremental", str(PACKAGE))
    assert out.returncode == 0, out.stdout + out.stderr
