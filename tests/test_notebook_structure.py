"""Conventions every chapter notebook keeps (CONTRIBUTING.md lists them)."""

import re
from pathlib import Path

import nbformat
import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
CHAPTERS = [path for path in NOTEBOOKS if re.match(r"\d\d_", path.name)]
INSTALL_LINE = '%pip install --quiet "course_lib @ git+'
EXERCISE_LABEL = re.compile(r"^:label: (\S+)", re.MULTILINE)
SOLUTION_FOR = re.compile(r"^:{3,}\{solution(?:-start)?\} (\S+)", re.MULTILINE)
SOLUTION_DROPDOWN = re.compile(r"^:{3,}\{solution(?:-start)?\} \S+\n(?::\w+:.*\n)*:class: dropdown", re.MULTILINE)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def markdown(notebook) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def test_every_chapter_is_present():
    assert len(CHAPTERS) == 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_opens_with_title(path):
    first = read(path).cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# ")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_install_cell_removed_from_html(path):
    second = read(path).cells[1]
    assert INSTALL_LINE in second.source
    assert "remove-cell" in second.metadata.get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_figures_carry_alt_text(path):
    for index, cell in enumerate(read(path).cells):
        if cell.cell_type != "code":
            continue
        if any("image/png" in output.get("data", {}) for output in cell.outputs):
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt.split()) >= 4, f"cell {index} draws a figure without descriptive alt text"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_executed(path):
    code_cells = [cell for cell in read(path).cells if cell.cell_type == "code"]
    assert all(cell.execution_count is not None for cell in code_cells[2:])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_four_exercises_with_solutions(path):
    text = markdown(read(path))
    exercises = EXERCISE_LABEL.findall(text)
    exercises = [label for label in exercises if "-ex" in label]
    solved = SOLUTION_FOR.findall(text)
    assert len(exercises) >= 4
    assert sorted(solved) == sorted(exercises)
    assert len(SOLUTION_DROPDOWN.findall(text)) == len(solved), "every solution is a dropdown"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_coding_exercise_is_checked(path):
    cells = read(path).cells
    solution_cells = [i for i, cell in enumerate(cells) if "### BEGIN SOLUTION" in cell.source]
    assert solution_cells, "a chapter has at least one coding exercise"
    sources = "\n".join(cell.source for cell in cells)
    assert "checks.check_" in sources
    for index in solution_cells:
        tags = cells[index].metadata.get("tags", [])
        assert "hide-input" in tags or "solution" in tags, f"cell {index} shows its solution"
