"""Shared paths and fixtures for the test suite."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def built_html() -> Path:
    """Return the folder of the built book, failing when it has not been built."""
    if not (HTML / "index.html").is_file():
        pytest.fail(f"{HTML}/index.html is missing: build the book first with `make book`")
    return HTML
