"""The strict book build: Sphinx warnings fail it, as the README promises."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


@pytest.mark.build
def test_book_builds_without_warnings():
    completed = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(ROOT), "--all", "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = completed.stdout + completed.stderr
    warnings = [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line]
    assert completed.returncode == 0, "jupyter-book build failed:\n" + output[-5000:]
    assert warnings == [], "the build printed warnings:\n" + "\n".join(warnings)
    assert (ROOT / "_build" / "html" / "index.html").is_file()
