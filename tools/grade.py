"""Grade student notebooks: execute each one and collect the outcome of every exercise check.

Usage: python tools/grade.py NOTEBOOK [NOTEBOOK ...] [--book BOOK_FOLDER] [--timeout SECONDS]
                             [--json FILE]

A submitted notebook is matched to the chapter of the same file name in BOOK_FOLDER (default
``book/``). The student release of that chapter (tools/make_student.py) names the functions that
the student writes, and the exercise of each. The notebook is then executed from its own folder
with ``allow_errors``, so a failing cell does not stop the run, and every check from
``course_lib.checks`` reports its outcome through the file named by ``COURSE_LIB_CHECK_LOG``.

A check counts for an exercise when the cell that ran it mentions one of that exercise's
functions. Checks in other cells, such as the chapter's demonstration of a wrong derivative, are
counted as "not graded". So are the checks of an exercise whose solution is not the body of a
function (a solution region at the top level of a cell), because there is no name to look for.
Every coding exercise of the chapters in book/ is a function. The submitted file is not changed.

The student's code runs with the grader's permissions. Run this script in a container or an
account without access to anything you care about. A student who redefines a check inside the
notebook can fake a pass, so read the notebooks of surprising results.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kernels import IPCKernelManager  # noqa: E402  (a sibling module of this script)

ROOT = Path(__file__).resolve().parent.parent
CHECK_LOG_VARIABLE = "COURSE_LIB_CHECK_LOG"  # the name course_lib.checks reads
DEFAULT_TIMEOUT_SECONDS = 300
NOT_GRADED = "not graded"

# The line that tools/make_student.py writes in place of a solution, for example
# raise NotImplementedError("Exercise ch3-ex3: write the body of stable_softmax() in place ...").
_EXERCISE_LINE = re.compile(
    r'raise NotImplementedError\("(?:Exercise )?(?P<exercise>.*?): write the body of (?P<function>\w+)\(\)'
)


def _load_release_module():
    spec = importlib.util.spec_from_file_location("make_student", ROOT / "tools" / "make_student.py")
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the module executes.
    sys.modules.setdefault("make_student", module)
    spec.loader.exec_module(module)
    return module


make_student = _load_release_module()


@dataclass
class CheckOutcome:
    """One check that ran while the notebook executed."""

    check: str
    passed: bool
    cases: int
    failures: int
    cell: int
    exercise: str


@dataclass
class NotebookGrade:
    """The checks of one submitted notebook, and the cells that raised."""

    path: str
    checks: list[CheckOutcome] = field(default_factory=list)
    error_cells: list[int] = field(default_factory=list)
    execution_error: str = ""

    def exercises(self) -> dict[str, tuple[int, int]]:
        """Return {exercise: (checks passed, checks run)} for the graded checks, in order."""
        totals: dict[str, tuple[int, int]] = {}
        for outcome in self.checks:
            if outcome.exercise == NOT_GRADED:
                continue
            passed, run = totals.get(outcome.exercise, (0, 0))
            totals[outcome.exercise] = (passed + outcome.passed, run + 1)
        return totals


def exercise_functions(book_notebook: Path) -> dict[str, str]:
    """Return {function name: exercise} for the functions the student writes in a chapter."""
    release = make_student.make_student_notebook(
        nbformat.read(book_notebook, as_version=4), book_notebook.name
    )
    functions = {}
    for cell in release.notebook.cells:
        if cell.cell_type == "code":
            for match in _EXERCISE_LINE.finditer(cell.source):
                functions[match.group("function")] = match.group("exercise")
    return functions


def _exercise_of_cell(source: str, functions: dict[str, str]) -> str:
    """Return the exercise whose function the cell mentions first, or NOT_GRADED."""
    first = None
    for name, exercise in functions.items():
        match = re.search(rf"\b{re.escape(name)}\b", source)
        if match and (first is None or match.start() < first[0]):
            first = (match.start(), exercise)
    return first[1] if first else NOT_GRADED


def grade_notebook(path: Path, book: Path, timeout: int = DEFAULT_TIMEOUT_SECONDS) -> NotebookGrade:
    """Execute the notebook at ``path`` and return the outcome of each check it ran.

    Raises
    ------
    FileNotFoundError
        When ``book`` has no chapter of the same file name.
    """
    path = Path(path)
    chapter = Path(book) / path.name
    if not chapter.exists():
        raise FileNotFoundError(
            f"{path}: chapter {path.name} not found in {book}. Give the notebook the file name it "
            "has in the student release."
        )
    functions = exercise_functions(chapter)
    notebook = nbformat.read(path, as_version=4)
    grade = NotebookGrade(str(path))

    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "checks.jsonl"
        log.touch()
        lines_read = 0

        def collect(cell, cell_index, execute_reply):
            nonlocal lines_read
            lines = log.read_text(encoding="utf-8").splitlines()
            for line in lines[lines_read:]:
                record = json.loads(line)
                exercise = _exercise_of_cell(cell.source, functions)
                grade.checks.append(CheckOutcome(cell=cell_index, exercise=exercise, **record))
            lines_read = len(lines)

        client = NotebookClient(
            notebook,
            kernel_manager_class=IPCKernelManager,
            timeout=timeout,
            allow_errors=True,
            record_timing=False,
            on_cell_executed=collect,
            resources={"metadata": {"path": str(path.resolve().parent)}},
        )
        previous = os.environ.get(CHECK_LOG_VARIABLE)
        os.environ[CHECK_LOG_VARIABLE] = str(log)  # the kernel inherits this process's environment
        try:
            client.execute()
        except (CellTimeoutError, DeadKernelError) as error:
            grade.execution_error = f"{type(error).__name__}: {str(error).splitlines()[0]}"
        finally:
            if previous is None:
                os.environ.pop(CHECK_LOG_VARIABLE, None)
            else:
                os.environ[CHECK_LOG_VARIABLE] = previous

    for index, cell in enumerate(notebook.cells):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            grade.error_cells.append(index)
    return grade


def format_grade(grade: NotebookGrade) -> str:
    """Return a few lines that summarise one notebook's grade."""
    lines = [grade.path]
    for exercise, (passed, run) in grade.exercises().items():
        lines.append(f"  {exercise}: {passed} of {run} checks passed")
    if not grade.exercises():
        lines.append("  no exercise check ran")
    ignored = sum(outcome.exercise == NOT_GRADED for outcome in grade.checks)
    if ignored:
        lines.append(f"  {ignored} other check(s) not graded (cells that call no exercise function)")
    if grade.error_cells:
        lines.append(f"  cells that raised an error: {', '.join(map(str, grade.error_cells))}")
    if grade.execution_error:
        lines.append(f"  execution stopped: {grade.execution_error}")
    return "\n".join(lines)


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path, help="submitted notebooks to grade")
    parser.add_argument("--book", type=Path, default=ROOT / "book",
                        help="folder of the book notebooks (default: book/)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT_SECONDS,
                        help=f"seconds one cell may run (default: {DEFAULT_TIMEOUT_SECONDS})")
    parser.add_argument("--json", type=Path, help="also write every check outcome to this JSON file")
    options = parser.parse_args(arguments)

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # see the Makefile: small matrices, shared cores
    grades = []
    status = 0
    for path in options.notebooks:
        try:
            grade = grade_notebook(path, options.book, options.timeout)
        except (FileNotFoundError, make_student.ReleaseError) as error:
            # Grade the other notebooks, and exit with 1 at the end.
            print(f"grade: {error}", file=sys.stderr)
            status = 1
            continue
        grades.append(grade)
        print(format_grade(grade), flush=True)
    if options.json:
        options.json.write_text(json.dumps([asdict(grade) for grade in grades], indent=2) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
