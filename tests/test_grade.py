"""Tests of tools/grade.py: it executes a notebook and assigns each check to its exercise."""

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
FIXTURE_BOOK = Path(__file__).resolve().parent / "fixtures" / "student_book"
SCRIPT = ROOT / "tools" / "grade.py"


def _load_grade_module():
    spec = importlib.util.spec_from_file_location("grade", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["grade"] = module
    spec.loader.exec_module(module)
    return module


grade = _load_grade_module()


@pytest.fixture(scope="module")
def student_copy(tmp_path_factory):
    """The student release of the fixture book, as a student would receive it."""
    output = tmp_path_factory.mktemp("grade") / "student"
    grade.make_student.release(FIXTURE_BOOK, output)
    return output / "01_exercises.ipynb"


def test_exercise_functions_of_fixture():
    assert grade.exercise_functions(FIXTURE_BOOK / "01_exercises.ipynb") == {"relu": "fx-ex1"}


def test_exercise_functions_of_chapters():
    softmax = grade.exercise_functions(BOOK / "03_softmax_sigmoid.ipynb")
    assert softmax == {
        "stable_softmax": "ch3-ex3",
        "stable_sigmoid": "ch3-ex4",
        "stable_sigmoid_grad": "ch3-ex4",
        "softmax_cross_entropy_grad": "ch3-ex4",
    }
    lab = grade.exercise_functions(BOOK / "06_lab.ipynb")
    assert set(lab) == {"my_activation", "my_activation_grad"}
    assert len(set(lab.values())) == 1


def test_cell_assigned_by_function_name():
    functions = {"relu": "ex1", "elu": "ex2"}
    assert grade._exercise_of_cell("print(checks.check_relu(relu))", functions) == "ex1"
    assert grade._exercise_of_cell("checks.check_elu(elu)\ncheck_relu(relu)", functions) == "ex2"
    # A name that only contains an exercise function's name is a different name.
    assert grade._exercise_of_cell("checks.check_relu(my_relu)", functions) == grade.NOT_GRADED
    assert grade._exercise_of_cell("checks.check_lab_activation(f)", functions) == grade.NOT_GRADED


def test_unanswered_copy_fails_its_exercise(student_copy):
    result = grade.grade_notebook(student_copy, FIXTURE_BOOK)
    assert result.exercises() == {"fx-ex1": (0, 1)}
    relu_check = result.checks[0]
    assert relu_check.check == "check_relu"
    assert relu_check.passed is False
    assert relu_check.failures == 1
    # The solution of fx-ex2 is a top-level region, not a function, so its check is not graded.
    assert [outcome.exercise for outcome in result.checks] == ["fx-ex1", grade.NOT_GRADED]
    # Only the top-level region raises when the cell runs; relu() raises when it is called.
    notebook = nbformat.read(student_copy, as_version=4)
    threshold_cell = next(
        index for index, cell in enumerate(notebook.cells)
        if cell.source.startswith("raise NotImplementedError")
    )
    assert result.error_cells == [threshold_cell]
    assert result.execution_error == ""


def test_answered_copy_passes(student_copy, tmp_path):
    notebook = nbformat.read(student_copy, as_version=4)
    relu_cell = next(cell for cell in notebook.cells if cell.source.startswith("def relu"))
    relu_cell.source = "def relu(x):\n    return np.maximum(x, 0)\n"
    submitted = tmp_path / "alice" / "01_exercises.ipynb"
    submitted.parent.mkdir()
    shutil.copytree(student_copy.parent / "data", submitted.parent / "data")
    nbformat.write(notebook, submitted)
    before = submitted.read_bytes()

    result = grade.grade_notebook(submitted, FIXTURE_BOOK)
    assert result.exercises() == {"fx-ex1": (1, 1)}
    assert "fx-ex1: 1 of 1 checks passed" in grade.format_grade(result)
    assert submitted.read_bytes() == before


def test_command_line_writes_json(student_copy, tmp_path):
    report = tmp_path / "grades.json"
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), str(student_copy), "--book", str(FIXTURE_BOOK),
         "--json", str(report)],
        capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    assert "fx-ex1: 0 of 1 checks passed" in completed.stdout
    records = json.loads(report.read_text())
    assert [record["path"] for record in records] == [str(student_copy)]
    assert records[0]["checks"][0]["check"] == "check_relu"


def test_command_line_unknown_chapter(tmp_path):
    stray = tmp_path / "homework.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), stray)
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), str(stray), "--book", str(FIXTURE_BOOK)],
        capture_output=True, text=True, timeout=60,
    )
    assert completed.returncode == 1
    assert "chapter homework.ipynb not found" in completed.stderr
