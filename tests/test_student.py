"""The student release (tools/make_student.py): no answer leaks, and only exercises fail.

The fixture book under tests/fixtures/student_book has every kind of solution marker; the same
tests run on the real chapters in book/. Solution text is found here independently of the release
script: code regions by their nbgrader markers, and markdown solution blocks by parsing the
markdown with markdown-it and its colon-fence plugin, as MyST does.
"""

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
FIXTURE_BOOK = Path(__file__).resolve().parent / "fixtures" / "student_book"
SCRIPT = ROOT / "tools" / "make_student.py"
EXECUTION_TIMEOUT_SECONDS = 300


def _load_release_module():
    spec = importlib.util.spec_from_file_location("make_student", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_student"] = module
    spec.loader.exec_module(module)
    return module


make_student = _load_release_module()
sys.path.insert(0, str(ROOT / "tools"))
from kernels import IPCKernelManager  # noqa: E402  (tools/ is not a package)

BOOK_NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
FIXTURE_NOTEBOOKS = sorted(FIXTURE_BOOK.glob("*.ipynb"))
ALL_NOTEBOOKS = FIXTURE_NOTEBOOKS + BOOK_NOTEBOOKS


def _notebook_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


# ---------------------------------------------------------------------------------------------
# An extractor of solution text that does not use the release script


_MARKDOWN = MarkdownIt("commonmark").use(colon_fence_plugin)


def _lines_between(lines, begin, end):
    inside, found = False, []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(begin):
            inside = True
        elif stripped.startswith(end):
            inside = False
        elif inside:
            found.append(line)
    return found


def split_solution_text(notebook):
    """Return (solution lines, other lines) of a book notebook, each as a list of stripped lines."""
    solution, other = [], []
    inside_gated = False
    for cell in notebook.cells:
        lines = cell.source.splitlines()
        tags = set(cell.metadata.get("tags", []))
        if tags & {"solution", "remove-student"}:
            solution += lines
            continue
        if cell.cell_type == "code":
            if inside_gated:
                solution += lines
                continue
            hidden = _lines_between(lines, "### BEGIN SOLUTION", "### END SOLUTION")
            hidden += _lines_between(lines, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
            solution += hidden
            other += [line for line in lines if line not in hidden]
            continue
        if cell.cell_type != "markdown":
            other += lines
            continue
        in_solution = [inside_gated] * len(lines)
        for token in _MARKDOWN.parse(cell.source):
            if token.type not in ("fence", "colon_fence") or token.map is None:
                continue
            name = token.info.strip().split(" ")[0]
            first, last = token.map
            if name == "{solution}":
                in_solution[first:last] = [True] * (last - first)
            elif name == "{solution-start}":
                inside_gated = True
                in_solution[first:] = [True] * (len(lines) - first)
            elif name == "{solution-end}":
                inside_gated = False
                in_solution[last:] = [False] * (len(lines) - last)
        marked = _lines_between(lines, "### BEGIN SOLUTION", "### END SOLUTION")
        for line, hidden in zip(lines, in_solution):
            (solution if hidden or line in marked else other).append(line)
    keep = lambda line: line.strip() and line.strip() not in {":::", "```", "````", "::::"}
    return [line.strip() for line in solution if keep(line)], [line.strip() for line in other]


def notebook_text_lines(notebook):
    return {line.strip() for cell in notebook.cells for line in cell.source.splitlines()}


@pytest.fixture(scope="module")
def fixture_release(tmp_path_factory):
    output = tmp_path_factory.mktemp("release") / "student"
    written = make_student.release(FIXTURE_BOOK, output)
    return output, written


@pytest.fixture(scope="module")
def book_release(tmp_path_factory):
    output = tmp_path_factory.mktemp("book-release") / "student"
    make_student.release(BOOK, output)
    return output


def _student_copy(path: Path, fixture_release, book_release) -> nbformat.NotebookNode:
    folder = fixture_release[0] if path.parent == FIXTURE_BOOK else book_release
    return nbformat.read(folder / path.name, as_version=4)


# ---------------------------------------------------------------------------------------------
# No answer leaks


def test_fixture_has_every_marker_kind():
    solution, _ = split_solution_text(nbformat.read(FIXTURE_BOOK / "01_exercises.ipynb", as_version=4))
    secrets = {line.split(":")[0] for line in solution if line.startswith("SECRET")}
    assert {"SECRET-COLON", "SECRET-BACKTICK", "SECRET-NESTED-NOTE inside the solution."} <= secrets
    assert "SECRET-GATED-TEXT before the code." in secrets
    assert "SECRET-MARKDOWN-ANSWER" in secrets
    assert "secret_gated_code = 42" in solution
    assert "secret_relu_marker = True" in solution


def test_fixture_release_contains_no_secret(fixture_release):
    output, _ = fixture_release
    for path in sorted(output.rglob("*")):
        if path.is_file():
            text = path.read_text(errors="replace")
            assert "SECRET" not in text, f"{path.name} contains solution text"
            assert "secret_" not in text, f"{path.name} contains solution code"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_notebook_id)
def test_no_solution_line_in_student_copy(path, fixture_release, book_release):
    book_notebook = nbformat.read(path, as_version=4)
    solution, other = split_solution_text(book_notebook)
    student_lines = notebook_text_lines(_student_copy(path, fixture_release, book_release))
    # A line that the book also shows outside every solution (an import, `return p`) is no leak.
    leaked = sorted({line for line in solution if line in student_lines and line not in other})
    assert leaked == [], f"solution lines in the student copy of {path.name}: {leaked}"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_notebook_id)
def test_student_copy_is_valid_and_cleared(path, fixture_release, book_release):
    student = _student_copy(path, fixture_release, book_release)
    nbformat.validate(student)
    assert "widgets" not in student.metadata
    for cell in student.cells:
        assert "execution" not in cell.metadata
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_notebook_id)
def test_checks_stay_in_student_copy(path, fixture_release, book_release):
    book_notebook = nbformat.read(path, as_version=4)
    student_sources = [cell.source for cell in _student_copy(path, fixture_release, book_release).cells]
    for cell in book_notebook.cells:
        if cell.cell_type == "code" and "check_" in cell.source and "SOLUTION" not in cell.source:
            assert cell.source in student_sources, f"a check cell of {path.name} is missing"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_notebook_id)
def test_notebook_without_solutions_is_cleared_copy(path, fixture_release, book_release):
    book_notebook = nbformat.read(path, as_version=4)
    solution, _ = split_solution_text(book_notebook)
    if solution:
        pytest.skip(f"{path.name} has solutions")
    make_student.clear_outputs(book_notebook)
    student = _student_copy(path, fixture_release, book_release)
    assert json.loads(nbformat.writes(student)) == json.loads(nbformat.writes(book_notebook))


# ---------------------------------------------------------------------------------------------
# The replacement of a solution region


def test_region_keeps_signature_and_indent():
    source = (
        "def relu(x):\n"
        '    """Return max(x, 0)."""\n'
        "    ### BEGIN SOLUTION\n"
        "    return np.maximum(x, 0)\n"
        "    ### END SOLUTION\n"
        "\n"
        "print('after')"
    )
    student, regions = make_student.strip_code_solutions(source, "ch5-ex1")
    lines = student.splitlines()
    assert regions == 1
    assert lines[0] == "def relu(x):"
    assert lines[1] == '    """Return max(x, 0)."""'
    assert lines[2].startswith('    raise NotImplementedError("Exercise ch5-ex1: write the body of relu()')
    assert lines[-1] == "print('after')"
    assert "np.maximum" not in student
    compile(student, "<student cell>", "exec")


def test_region_in_method_names_method():
    source = (
        "class Unit:\n"
        "    def fire(self, x):\n"
        "        if x:\n"
        "            ### BEGIN SOLUTION\n"
        "            return 1\n"
        "            ### END SOLUTION\n"
        "        return 0\n"
    )
    student, _ = make_student.strip_code_solutions(source, None)
    raise_line = student.splitlines()[3]
    assert raise_line.startswith("            raise NotImplementedError(")
    assert "fire()" in raise_line
    assert "This exercise" in raise_line
    assert student.endswith("\n")
    compile(student, "<student cell>", "exec")


def test_hidden_tests_are_deleted():
    source = "x = 1\n### BEGIN HIDDEN TESTS\nassert x == 1\n### END HIDDEN TESTS\nprint(x)"
    student, regions = make_student.strip_code_solutions(source)
    assert regions == 0
    assert student == "x = 1\nprint(x)"


def test_cell_without_markers_is_unchanged():
    source = "def f(x):\n    return x  # no markers\n"
    assert make_student.strip_code_solutions(source) == (source, 0)


@pytest.mark.parametrize(
    "source",
    [
        "### BEGIN SOLUTION\nx = 1\n",
        "x = 1\n### END SOLUTION\n",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n",
    ],
    ids=["unclosed", "end-without-begin", "nested"],
)
def test_unbalanced_markers_raise(source):
    with pytest.raises(make_student.ReleaseError, match="line"):
        make_student.strip_code_solutions(source, where="chapter.ipynb, cell 3")


@pytest.mark.parametrize(
    "begin, end",
    [
        ("###  BEGIN SOLUTION", "###  END SOLUTION"),
        ("### begin solution", "### end solution"),
        ("###BEGIN SOLUTION", "###END SOLUTION"),
        ("# BEGIN SOLUTION", "# END SOLUTION"),
        ("\t### BEGIN SOLUTION", "\t### END SOLUTION"),
        ("### BEGIN SOLUTION (exercise 2)", "### END SOLUTION"),
    ],
    ids=["two-spaces", "lower-case", "no-space", "one-hash", "tab", "trailing-text"],
)
def test_marker_variants_are_stripped(begin, end):
    source = f"def f(x):\n    {begin.strip()}\n    return SECRET\n    {end.strip()}\n"
    student, regions = make_student.strip_code_solutions(source, "ex1")
    assert regions == 1
    assert "SECRET" not in student


def test_marker_after_code_raises():
    with pytest.raises(make_student.ReleaseError, match="line 1 contains solution marker words"):
        make_student.strip_code_solutions("y = 1  ### BEGIN SOLUTION\nsecret = 2\n### END SOLUTION")


def test_raw_cell_markers_are_stripped():
    raw = nbformat.v4.new_raw_cell("Answer:\n### BEGIN SOLUTION\nSECRET-RAW\n### END SOLUTION")
    student = make_student.make_student_notebook(nbformat.v4.new_notebook(cells=[raw]), "raw.ipynb")
    assert "SECRET-RAW" not in student.notebook.cells[0].source
    assert make_student.MARKDOWN_ANSWER_PLACEHOLDER in student.notebook.cells[0].source


def test_solution_tag_matched_in_any_case():
    cell = nbformat.v4.new_code_cell("SECRET_TAGGED = 1", metadata={"tags": ["Solution"]})
    student = make_student.make_student_notebook(nbformat.v4.new_notebook(cells=[cell]), "tag.ipynb")
    assert student.notebook.cells == []


def test_nbgrader_source_rejects_unrecognised_marker():
    cell = nbformat.v4.new_code_cell("def f():\n    ### begin solution\n    return 1\n    ### END SOLUTION")
    with pytest.raises(make_student.ReleaseError, match="nbgrader would not recognise"):
        make_student.make_student_notebook(
            nbformat.v4.new_notebook(cells=[cell]), "variant.ipynb", keep_code_solutions=True
        )


def test_unbalanced_marker_writes_nothing(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1")])
    nbformat.write(notebook, book / "broken.ipynb")
    output = tmp_path / "student"
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), str(output), "--book", str(book)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 1
    assert "broken.ipynb, cell 0" in completed.stderr
    assert "never closed" in completed.stderr
    assert not output.exists()


def test_markdown_solution_forms_removed():
    state = make_student._MarkdownState()
    text = (
        "Before.\n"
        "::::{solution} ex\n"
        ":::{note}\n"
        "hidden note\n"
        ":::\n"
        "hidden tail\n"
        "::::\n"
        "Middle.\n"
        "````{solution} ex\n"
        "```python\n"
        "hidden_code = 1\n"
        "```\n"
        "````\n"
        "```text\n"
        ":::{solution} not-a-directive-inside-a-code-block\n"
        "```\n"
        "After."
    )
    student, removed = make_student._strip_markdown(text, state)
    assert removed == 2
    assert "hidden" not in student
    assert student.startswith("Before.\nMiddle.\n```text\n:::{solution} not-a-directive")
    assert student.endswith("```\nAfter.")


@pytest.mark.parametrize(
    "text",
    [
        "1. Question\n\n    :::{solution} ex\n    SECRET\n    :::\n",
        "> :::{solution} ex\n> SECRET\n> :::\n",
        "~~~{solution} ex\nSECRET\n~~~\n",
        "::: {solution} ex\nSECRET\n:::\n",
        "``` {solution} ex\nSECRET\n```\n",
    ],
    ids=["in-list-item", "in-block-quote", "tilde-fence", "space-colon", "space-backtick"],
)
def test_markdown_solution_variants_removed(text):
    student, removed = make_student._strip_markdown("Keep.\n" + text + "After.", make_student._MarkdownState())
    assert removed == 1
    assert "SECRET" not in student
    assert student.startswith("Keep.")
    assert student.endswith("After.")


def test_unclosed_solution_runs_to_cell_end():
    state = make_student._MarkdownState()
    student, removed = make_student._strip_markdown("Keep.\n:::{solution} ex\nhidden\nmore hidden", state)
    assert removed == 1
    assert student == "Keep.\n"


def test_exercise_label_read_from_directive():
    notebook = nbformat.read(FIXTURE_BOOK / "01_exercises.ipynb", as_version=4)
    student = make_student.make_student_notebook(notebook, "01_exercises.ipynb")
    assert student.exercise_labels == ["fx-ex1", "fx-ex2"]
    assert student.code_regions == 2
    assert student.removed_solution_blocks == 4
    assert student.removed_cells == 3


def test_exercise_cell_loses_hide_input_tag(fixture_release):
    output, _ = fixture_release
    student = nbformat.read(output / "01_exercises.ipynb", as_version=4)
    relu_cell = next(cell for cell in student.cells if cell.source.startswith("def relu"))
    assert "tags" not in relu_cell.metadata
    install_cell = student.cells[1]
    assert install_cell.metadata["tags"] == ["remove-cell"]


# ---------------------------------------------------------------------------------------------
# The release folder and the command line


def test_release_copies_assets_not_pages(fixture_release):
    output, written = fixture_release
    assert [path.name for path in written] == ["01_exercises.ipynb", "02_plain.ipynb"]
    assert (output / "data" / "values.csv").read_text() == "1,2,3\n"
    assert not (output / "notes.md").exists()
    assert sorted(path.suffix for path in output.iterdir() if path.is_file()) == ["", ".ipynb", ".ipynb"]


def test_release_refuses_foreign_folder(tmp_path):
    output = tmp_path / "somebody-elses"
    output.mkdir()
    (output / "thesis.tex").write_text("keep me")
    with pytest.raises(make_student.ReleaseError, match="not empty"):
        make_student.release(FIXTURE_BOOK, output)
    assert (output / "thesis.tex").read_text() == "keep me"


def test_release_replaces_previous_release(tmp_path):
    output = tmp_path / "student"
    make_student.release(FIXTURE_BOOK, output)
    (output / "stale.ipynb").write_text("{}")
    make_student.release(FIXTURE_BOOK, output)
    assert not (output / "stale.ipynb").exists()
    assert (output / "01_exercises.ipynb").exists()


def test_command_line_release(tmp_path):
    output = tmp_path / "student"
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), str(output), "--book", str(FIXTURE_BOOK)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert f"wrote {output / '01_exercises.ipynb'}" in completed.stdout
    assert (output / "02_plain.ipynb").exists()


def test_nbgrader_source_keeps_code_regions(tmp_path):
    output = tmp_path / "source"
    make_student.release(FIXTURE_BOOK, output, keep_code_solutions=True)
    notebook = nbformat.read(output / "01_exercises.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells)
    assert "### BEGIN SOLUTION\n    secret_relu_marker = True" in text
    assert "### BEGIN HIDDEN TESTS" in text
    assert "SECRET-MARKDOWN-ANSWER" in text  # nbgrader replaces marked markdown regions itself
    for secret in ("SECRET-COLON", "SECRET-BACKTICK", "SECRET-GATED", "secret_gated_code", "SECRET-TAGGED"):
        assert secret not in text
    assert all(cell.get("outputs", []) == [] for cell in notebook.cells)


# ---------------------------------------------------------------------------------------------
# Executing the student copies


def execute_student_copy(book: Path, name: str, tmp_path: Path) -> nbformat.NotebookNode:
    """Execute the student copy of ``book/name`` from a copy of the book's folder layout."""
    from nbclient import NotebookClient

    layout = tmp_path / "book"
    shutil.copytree(book, layout)
    make_student.release(book, tmp_path / "student")
    notebook = nbformat.read(tmp_path / "student" / name, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_manager_class=IPCKernelManager,
        timeout=EXECUTION_TIMEOUT_SECONDS,
        kernel_name="python3",
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": str(layout)}},
    )
    client.execute()
    return notebook


def errors_by_cell(notebook):
    """Return {cell index: [(exception name, message)]} for every cell that raised."""
    found = {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        errors = [(out.ename, out.evalue) for out in cell.outputs if out.output_type == "error"]
        if errors:
            found[index] = errors
    return found


def is_exercise_cell(cell) -> bool:
    return cell.cell_type == "code" and make_student.EXERCISE_MESSAGE_END in cell.source


def assert_fails_only_at_exercises(notebook, name):
    for index, errors in errors_by_cell(notebook).items():
        cell = notebook.cells[index]
        assert is_exercise_cell(cell), (
            f"{name}, cell {index} is not an exercise but raised {errors}. Only exercise cells may "
            f"raise; a later cell should use the student's function only through a check:\n{cell.source}"
        )
        assert [ename for ename, _ in errors] == ["NotImplementedError"], (name, index, errors)


def test_fixture_student_fails_only_at_exercises(tmp_path):
    notebook = execute_student_copy(FIXTURE_BOOK, "01_exercises.ipynb", tmp_path)
    assert_fails_only_at_exercises(notebook, "01_exercises.ipynb")
    errors = errors_by_cell(notebook)
    # The top-level exercise raises; the relu exercise only defines a function.
    assert len(errors) == 1
    assert "Exercise fx-ex2" in next(iter(errors.values()))[0][1]
    outputs = {
        cell.source: "".join(out.get("text", "") for out in cell.outputs)
        for cell in notebook.cells
        if cell.cell_type == "code"
    }
    relu_report = outputs["print(checks.check_relu(relu))"]
    assert relu_report.startswith("check_relu: FAILED 1 of 1 cases.")
    assert "raised NotImplementedError: Exercise fx-ex1" in relu_report
    assert "Traceback" not in relu_report
    assert "check_logic_gate: FAILED" in outputs[
        'print(checks.check_logic_gate(lambda x: float(np.sum(x) >= threshold), "and"))'
    ]
    data_cell = next(source for source in outputs if source.startswith("values = "))
    assert outputs[data_cell] == "6.0\n"


def test_fixture_book_copy_passes_its_checks(tmp_path):
    """The book version (with answers) runs cleanly, so the fixture itself is sound."""
    from nbclient import NotebookClient

    layout = tmp_path / "book"
    shutil.copytree(FIXTURE_BOOK, layout)
    notebook = nbformat.read(layout / "01_exercises.ipynb", as_version=4)
    NotebookClient(
        notebook, kernel_manager_class=IPCKernelManager, timeout=EXECUTION_TIMEOUT_SECONDS,
        kernel_name="python3", allow_errors=True,
        resources={"metadata": {"path": str(layout)}},
    ).execute()
    assert errors_by_cell(notebook) == {}
    printed = "".join(out.get("text", "") for cell in notebook.cells for out in cell.get("outputs", []))
    assert "check_relu: passed all 4 cases." in printed
    assert "check_logic_gate: passed all 4 cases." in printed


def _book_notebooks_with_exercises():
    return [
        path.name
        for path in BOOK_NOTEBOOKS
        if any(make_student.SOLUTION_BEGIN in cell.source for cell in nbformat.read(path, as_version=4).cells)
    ]


# Executes one notebook in place from its own folder, keeping going after errors.
_EXECUTE_IN_PLACE = """
import sys
import nbformat
from nbclient import NotebookClient
sys.path.insert(0, sys.argv[4])
from kernels import IPCKernelManager
path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
NotebookClient(notebook, kernel_manager_class=IPCKernelManager, timeout=int(sys.argv[2]),
               kernel_name="python3", allow_errors=True, record_timing=False,
               resources={"metadata": {"path": sys.argv[3]}}).execute()
nbformat.write(notebook, path)
"""


@pytest.fixture(scope="module")
def executed_book_students(tmp_path_factory):
    """Execute the student copy of every chapter with a coding exercise, two processes at a time.

    Each chapter runs from its own copy of book/ with the student notebook in place of the book's.
    """
    names = _book_notebooks_with_exercises()
    release = tmp_path_factory.mktemp("book-student") / "student"
    make_student.release(BOOK, release)
    jobs = []
    for name in names:
        layout = tmp_path_factory.mktemp(f"execute-{Path(name).stem}") / "book"
        shutil.copytree(BOOK, layout)
        shutil.copy(release / name, layout / name)
        jobs.append((name, layout))

    executed = {}
    for start in range(0, len(jobs), 2):
        running = [
            (name, layout, subprocess.Popen(
                [sys.executable, "-c", _EXECUTE_IN_PLACE, str(layout / name),
                 str(EXECUTION_TIMEOUT_SECONDS), str(layout), str(ROOT / "tools")],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            ))
            for name, layout in jobs[start : start + 2]
        ]
        for name, layout, process in running:
            _, stderr = process.communicate(timeout=2 * EXECUTION_TIMEOUT_SECONDS)
            assert process.returncode == 0, f"executing the student copy of {name} failed:\n{stderr[-3000:]}"
            executed[name] = nbformat.read(layout / name, as_version=4)
    return executed


@pytest.mark.slow
@pytest.mark.parametrize("path", BOOK_NOTEBOOKS, ids=_notebook_id)
def test_book_student_fails_only_at_exercises(path, executed_book_students):
    if path.name not in executed_book_students:
        pytest.skip(f"{path.name} has no coding exercise; its student copy is the cleared notebook")
    assert_fails_only_at_exercises(executed_book_students[path.name], path.name)


def test_exercise_named_by_section_without_label():
    # A code exercise that comes before any exercise directive of its section is named by the
    # section's heading, and a label does not carry over into the next section.
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell(":::{exercise}\n:label: sx-ex1\n\nWrite `f`.\n:::"),
        nbformat.v4.new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION"),
        nbformat.v4.new_markdown_cell("## Your activation\n\nWrite `g` below."),
        nbformat.v4.new_code_cell("def g(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION"),
    ]
    student = make_student.make_student_notebook(notebook).notebook
    assert 'NotImplementedError("Exercise sx-ex1: write the body of f()' in student.cells[1].source
    assert (
        "NotImplementedError(\"The exercise in section 'Your activation': write the body of g()"
        in student.cells[3].source
    )
