"""Write the student copy of the course: every chapter notebook with its answers taken out.

Usage: python tools/make_student.py OUTPUT_FOLDER [--book BOOK_FOLDER] [--nbgrader-source]

For each ``BOOK_FOLDER/*.ipynb`` (default ``book/``) the student notebook has

- every code region between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` replaced by a
  ``raise NotImplementedError("...")`` that names the exercise, at the indentation of the marker,
  so the ``def`` line above the region stays;
- every region between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` deleted;
- every sphinx-exercise ``{solution}`` directive deleted from markdown, in colon (``:::``) and
  backtick fences, and everything from a ``{solution-start}`` to its ``{solution-end}``, including
  the code cells in between;
- every cell tagged ``solution`` or ``remove-student`` deleted;
- all outputs, execution counts, timing metadata and saved widget state cleared.

The code markers are nbgrader's. nbgrader itself would leave the markdown ``{solution}`` blocks in
place, so ``--nbgrader-source`` writes source notebooks for ``nbgrader generate_assignment``
instead: markdown solutions and tagged cells removed, code regions kept for nbgrader to replace.

Image and data files under the book folder are copied so that relative paths keep working.
Markdown pages, the bibliography and any other file of the book folder are not copied, because
they may contain answers.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent

SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"
HIDDEN_TESTS_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_TESTS_END = "### END HIDDEN TESTS"
# A marker line is a comment that starts with the marker words. nbgrader's documentation allows
# any number of comment characters before them ("# BEGIN SOLUTION"). Spacing and case variants
# ("###begin  solution") count as markers too, because missing one would leak its answer.
_MARKER_LINE = re.compile(r"^\s*#+\s*(?P<verb>BEGIN|END)\s+(?P<kind>SOLUTION|HIDDEN\s+TESTS)\b", re.IGNORECASE)
# The marker words anywhere in a line, to reject a marker that is not alone at a comment's start.
_MARKER_WORDS = re.compile(r"\b(?:BEGIN|END)\s+(?:SOLUTION|HIDDEN\s+TESTS)\b", re.IGNORECASE)
REMOVED_CELL_TAGS = frozenset({"solution", "remove-student"})
# A solution cell is hidden in the book; the student must see it to fill it in.
TAGS_DROPPED_FROM_EXERCISE_CELLS = frozenset({"hide-input", "hide-cell", "remove-input"})
ASSET_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".csv", ".npy", ".npz"})
MARKDOWN_ANSWER_PLACEHOLDER = "YOUR ANSWER HERE"
# Every generated NotImplementedError message ends with this, so tests can find exercise cells.
EXERCISE_MESSAGE_END = "then run this cell and the check cell below it."
# Written into every release folder; a folder that has it may be emptied by the next release.
RELEASE_MARKER = ".student-release"

# A MyST directive fence such as ":::{solution} ch3-ex1", "````{solution-start} ch3-ex1" or
# "~~~ {solution}". MyST also reads a directive indented inside a list item or quoted with ">", so
# any indentation and quote prefix is accepted. Where that prefix makes the text an indented code
# block instead, the release removes more than the book shows, never less.
_DIRECTIVE_OPEN = re.compile(
    r"^[ \t>]*(?P<fence>`{3,}|:{3,}|~{3,})[ \t]*\{(?P<name>[\w-]+)\}(?P<argument>.*)$"
)
# Any opening code fence ("```python", "~~~"), which makes its content literal text.
_CODE_FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_LABEL_OPTION = re.compile(r"^\s*:label:\s*(?P<label>\S+)\s*$")
_FUNCTION_DEF = re.compile(r"^(?P<indent>\s*)(?:async\s+)?def\s+(?P<name>\w+)\s*\(")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<title>.*?)[ \t#]*$")


class ReleaseError(ValueError):
    """A book notebook whose solution markers cannot be removed safely."""


@dataclass
class _MarkdownState:
    """State carried from cell to cell while a gated solution is open."""

    inside_gated_solution: bool = False
    exercise_label: str | None = None
    exercise_count: int = 0
    # The title of the latest markdown heading. It names an exercise cell that comes before any
    # exercise directive of its section, such as a lab whose exercise text follows the code.
    section: str | None = None


@dataclass
class StudentNotebook:
    """The student version of one notebook and what was taken out of it."""

    notebook: nbformat.NotebookNode
    code_regions: int = 0
    removed_cells: int = 0
    removed_solution_blocks: int = 0
    exercise_labels: list[str] = field(default_factory=list)


def _fence_closes(line: str, character: str, length: int) -> bool:
    # A fence inside a list item is indented, and one inside a block quote starts with ">".
    stripped = line.strip().lstrip("> \t")
    return len(stripped) >= length and set(stripped) == {character}


def _skip_code_fence(lines: list[str], start: int, fence: str) -> int:
    """Return the index of the line after the code fence opened at ``start``."""
    for index in range(start + 1, len(lines)):
        if _fence_closes(lines[index], fence[0], len(fence)):
            return index + 1
    return len(lines)


def _directive_end(lines: list[str], start: int, fence: str) -> int:
    """Return the index of the line after the directive opened at ``lines[start]``.

    MyST ends a fence at the first later line made only of at least as many backticks (or
    colons). For colon fences this scanner also pairs nested colon directives with their own
    closing lines and skips code fences, so where nesting is ambiguous it removes more than MyST
    would show, never less. An unclosed fence runs to the end of the cell, as in MyST.
    """
    if fence[0] != ":":
        return _skip_code_fence(lines, start, fence)
    open_fences = [len(fence)]
    index = start + 1
    while index < len(lines):
        line = lines[index]
        nested = _DIRECTIVE_OPEN.match(line)
        code = _CODE_FENCE_OPEN.match(line)
        if nested and nested.group("fence")[0] == ":":
            open_fences.append(len(nested.group("fence")))
        elif code:
            index = _skip_code_fence(lines, index, code.group("fence"))
            continue
        elif _fence_closes(line, ":", open_fences[-1]):
            open_fences.pop()
            if not open_fences:
                return index + 1
        index += 1
    return len(lines)


def _strip_markdown(text: str, state: _MarkdownState) -> tuple[str, int]:
    """Remove solution directives from one markdown cell; return the text and the count removed."""
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    removed = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        directive = _DIRECTIVE_OPEN.match(line)
        name = directive.group("name") if directive else None

        if state.inside_gated_solution:
            if name == "solution-end":
                state.inside_gated_solution = False
                index = _directive_end(lines, index, directive.group("fence"))
            else:
                index += 1
            continue

        if name in ("solution", "solution-start"):
            removed += 1
            state.inside_gated_solution = name == "solution-start"
            index = _directive_end(lines, index, directive.group("fence"))
            continue

        if name in ("exercise", "exercise-start"):
            end = _directive_end(lines, index, directive.group("fence"))
            state.exercise_count += 1
            state.exercise_label = _exercise_label(lines[index:end], state.exercise_count)
            kept.extend(lines[index:end])
            index = end
            continue

        code = _CODE_FENCE_OPEN.match(line)
        if code:
            end = _skip_code_fence(lines, index, code.group("fence"))
            kept.extend(lines[index:end])
            index = end
            continue

        heading = _ATX_HEADING.match(line)
        if heading:
            # An exercise label applies up to the next heading, so a later section's code cell
            # is not named after an earlier section's exercise.
            state.section = heading.group("title")
            state.exercise_label = None
        kept.append(line)
        index += 1
    return "".join(kept), removed


def _exercise_label(directive_lines: list[str], count: int) -> str:
    for line in directive_lines[1:]:
        match = _LABEL_OPTION.match(line)
        if match:
            return match.group("label")
    return f"{count}"


def _enclosing_function(lines: list[str], region_start: int, indent: str) -> str | None:
    """Return the name of the ``def`` that contains the line ``region_start``, if any."""
    for index in range(region_start - 1, -1, -1):
        match = _FUNCTION_DEF.match(lines[index])
        if match and len(match.group("indent")) < len(indent):
            return match.group("name")
    return None


def _not_implemented_line(indent: str, label: str | None, function: str | None, section: str | None = None) -> str:
    if label:
        exercise = f"Exercise {label}"
    elif section:
        exercise = f"The exercise in section '{section}'"
    else:
        exercise = "This exercise"
    if function:
        task = f"write the body of {function}() in place of this line"
    else:
        task = "replace this line with your code"
    message = f"{exercise}: {task}, {EXERCISE_MESSAGE_END}"
    quoted = '"' + message.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{indent}raise NotImplementedError({quoted})\n"


def _marker(line: str, where: str, number: int) -> str | None:
    """Return the marker of ``line`` in canonical form (``"### BEGIN SOLUTION"``), or None.

    Raises ReleaseError when the marker words appear elsewhere than at the start of a comment
    line, such as after code on the same line, because it is unclear where that region starts.
    """
    match = _MARKER_LINE.match(line)
    if match:
        kind = " ".join(match.group("kind").upper().split())
        return f"### {match.group('verb').upper()} {kind}"
    if _MARKER_WORDS.search(line):
        raise ReleaseError(
            f"{where}: line {number} contains solution marker words but is not a marker line: "
            f"{line.strip()!r}; put the marker alone on its own line, as {SOLUTION_BEGIN!r}"
        )
    return None


def _find_regions(lines: list[str], begin: str, end: str, where: str) -> list[tuple[int, int]]:
    """Return (begin_index, end_index) of every marked region, raising on unbalanced markers."""
    regions = []
    open_at = None
    for index, line in enumerate(lines):
        marker = _marker(line, where, index + 1)
        if marker == begin:
            if open_at is not None:
                raise ReleaseError(f"{where}: {begin!r} on line {index + 1} inside another region")
            open_at = index
        elif marker == end:
            if open_at is None:
                raise ReleaseError(f"{where}: {end!r} on line {index + 1} without {begin!r}")
            regions.append((open_at, index))
            open_at = None
    if open_at is not None:
        raise ReleaseError(f"{where}: {begin!r} on line {open_at + 1} is never closed by {end!r}")
    return regions


def strip_code_solutions(
    source: str, label: str | None = None, where: str = "cell", section: str | None = None
) -> tuple[str, int]:
    """Replace each solution region of a code cell; return the new source and the region count.

    Hidden-test regions are deleted outright. ``label`` names the exercise in the message of the
    ``NotImplementedError``, or, when it is None, ``section`` names the notebook section that
    contains the cell. ``where`` names the cell in error messages.
    """
    if not _MARKER_WORDS.search(source):
        return source, 0
    lines = _split_lines(source)
    for begin, end in reversed(_find_regions(lines, HIDDEN_TESTS_BEGIN, HIDDEN_TESTS_END, where)):
        del lines[begin : end + 1]

    regions = _find_regions(lines, SOLUTION_BEGIN, SOLUTION_END, where)
    for begin, end in reversed(regions):
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        function = _enclosing_function(lines, begin, indent)
        lines[begin : end + 1] = [_not_implemented_line(indent, label, function, section)]
    return _join_lines(lines, source), len(regions)


def _split_lines(source: str) -> list[str]:
    """Split into lines that all end with a newline, so regions can be replaced line by line."""
    lines = source.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def _join_lines(lines: list[str], original: str) -> str:
    """Join lines, ending with a newline only when ``original`` did (notebook sources do not)."""
    text = "".join(lines)
    if not original.endswith("\n") and text.endswith("\n"):
        text = text[:-1]
    return text


def _check_nbgrader_markers(source: str, where: str) -> None:
    """Raise ReleaseError on a marker that nbgrader would not see.

    nbgrader looks for its delimiter text, ``BEGIN SOLUTION`` by default, so a variant such as
    ``### begin  solution`` would keep its answer in the assignment.
    """
    for number, line in enumerate(_split_lines(source), start=1):
        marker = _marker(line, where, number)
        if marker and marker[4:] not in line:
            raise ReleaseError(
                f"{where}: line {number} is a marker that nbgrader would not recognise: "
                f"{line.strip()!r}; write it as {marker!r}"
            )


def _strip_markdown_markers(source: str, where: str) -> str:
    """Replace nbgrader-style marked regions of a markdown or raw cell with a placeholder."""
    if not _MARKER_WORDS.search(source):
        return source
    lines = _split_lines(source)
    for begin, end in reversed(_find_regions(lines, SOLUTION_BEGIN, SOLUTION_END, where)):
        lines[begin : end + 1] = [MARKDOWN_ANSWER_PLACEHOLDER + "\n"]
    return _join_lines(lines, source)


def clear_outputs(notebook: nbformat.NotebookNode) -> None:
    """Clear outputs, execution counts, timing metadata and saved widget state in place."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None


def make_student_notebook(
    notebook: nbformat.NotebookNode, name: str = "notebook", keep_code_solutions: bool = False
) -> StudentNotebook:
    """Return the student version of ``notebook``; the argument is not changed.

    With ``keep_code_solutions`` the code regions between the nbgrader markers (solutions and
    hidden tests) stay, and only the markdown solutions and the tagged cells go. The result is a
    source notebook for ``nbgrader generate_assignment``, which replaces the code regions itself
    but would keep sphinx-exercise's ``{solution}`` blocks.

    Raises
    ------
    ReleaseError
        When a solution or hidden-test marker is unbalanced, because a release that guessed the
        end of a region could leak an answer.
    """
    student = nbformat.from_dict(nbformat.reads(nbformat.writes(notebook), as_version=4))
    clear_outputs(student)
    result = StudentNotebook(notebook=student)
    state = _MarkdownState()
    kept_cells = []

    for index, cell in enumerate(student.cells):
        where = f"{name}, cell {index}"
        # Tags are matched case-insensitively, so a "Solution" tag does not leak its cell.
        tags = {str(tag).lower() for tag in cell.metadata.get("tags", [])}
        if state.inside_gated_solution and cell.cell_type != "markdown":
            result.removed_cells += 1
            continue
        if tags & REMOVED_CELL_TAGS:
            result.removed_cells += 1
            continue

        if cell.cell_type == "markdown":
            text, removed = _strip_markdown(cell.source, state)
            result.removed_solution_blocks += removed
            if removed or text != cell.source:
                if not text.strip():
                    result.removed_cells += 1
                    continue
                # A removed block leaves its surrounding blank lines behind; keep one.
                cell.source = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
            if not keep_code_solutions:
                cell.source = _strip_markdown_markers(cell.source, where)
        elif cell.cell_type == "raw" and not keep_code_solutions:
            cell.source = _strip_markdown_markers(cell.source, where)
        elif cell.cell_type == "code" and keep_code_solutions:
            _check_nbgrader_markers(cell.source, where)
        elif cell.cell_type == "code" and not keep_code_solutions:
            source, regions = strip_code_solutions(cell.source, state.exercise_label, where, state.section)
            if regions:
                cell.source = source
                result.code_regions += regions
                if state.exercise_label and state.exercise_label not in result.exercise_labels:
                    result.exercise_labels.append(state.exercise_label)
                remaining = [tag for tag in cell.metadata.get("tags", [])
                             if tag not in TAGS_DROPPED_FROM_EXERCISE_CELLS]
                if remaining:
                    cell.metadata["tags"] = remaining
                else:
                    cell.metadata.pop("tags", None)
            elif source != cell.source:
                cell.source = source
        kept_cells.append(cell)

    student.cells = kept_cells
    nbformat.validate(student)
    return result


def _prepare_output(output: Path) -> None:
    if output.exists():
        if not output.is_dir():
            raise ReleaseError(f"output {output} exists and is not a folder")
        if any(output.iterdir()) and not (output / RELEASE_MARKER).exists():
            raise ReleaseError(
                f"output folder {output} is not empty and was not written by this script; "
                "choose an empty or new folder"
            )
        shutil.rmtree(output)
    output.mkdir(parents=True)
    (output / RELEASE_MARKER).write_text("Written by tools/make_student.py; emptied on each release.\n")


def _copy_assets(book: Path, output: Path) -> list[Path]:
    copied = []
    for path in sorted(book.rglob("*")):
        relative = path.relative_to(book)
        if any(part.startswith((".", "_")) for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in ASSET_SUFFIXES:
            target = output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied.append(target)
    return copied


def release(book: Path, output: Path, keep_code_solutions: bool = False) -> list[Path]:
    """Write the student notebook of every ``book/*.ipynb`` and the assets into ``output``.

    ``keep_code_solutions`` writes nbgrader source notebooks instead (see
    :func:`make_student_notebook`). Returns the paths of the notebooks written, in name order.
    """
    book = Path(book)
    output = Path(output)
    sources = sorted(book.glob("*.ipynb"))
    if not sources:
        raise ReleaseError(f"no notebooks found in {book}")
    # Build every notebook before writing any, so a bad marker leaves no half-written release.
    students = [
        make_student_notebook(nbformat.read(path, as_version=4), path.name, keep_code_solutions)
        for path in sources
    ]

    _prepare_output(output)
    written = []
    for path, student in zip(sources, students):
        target = output / path.name
        nbformat.write(student.notebook, target)
        written.append(target)
    _copy_assets(book, output)
    return written


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="folder to write the student notebooks into")
    parser.add_argument("--book", type=Path, default=ROOT / "book",
                        help="folder of the book notebooks (default: book/)")
    parser.add_argument("--nbgrader-source", action="store_true",
                        help="keep the code solution regions and hidden tests, for nbgrader's "
                        "generate_assignment; remove only markdown solutions and tagged cells")
    options = parser.parse_args(arguments)
    try:
        written = release(options.book, options.output, keep_code_solutions=options.nbgrader_source)
    except ReleaseError as error:
        print(f"make_student: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
