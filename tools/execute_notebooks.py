"""Execute notebooks in place so that a second run changes no byte.

Usage: python tools/execute_notebooks.py [NOTEBOOK ...]   (default: every book/*.ipynb)

Each notebook runs from its own folder, as Jupyter Book and nbval run it. Outputs, execution
counts, timing metadata and saved widget state are cleared first, so the stored file depends only
on what the code prints and draws. The exception is the cells tagged ``nbval-ignore-output``,
which print measured timings and so change on every run.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

import nbformat
from kernels import IPCKernelManager
from make_student import clear_outputs
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_SECONDS = 120
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# The kernels inherit this: OpenBLAS threads contending for 2 cores made the small matrix
# products of course_lib.nn over ten times slower, and results do not depend on the thread count.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def stabilise_widget_ids(notebook: nbformat.NotebookNode, name: str) -> None:
    """Replace each widget's random model id by one derived from the notebook and cell.

    The static book cannot render widgets anyway (no widget state is saved), so the id only has to
    be stable for a second execution to change no byte.
    """
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view and "model_id" in view:
                digest = hashlib.sha256(f"{name}:{index}".encode()).hexdigest()[:32]
                view["model_id"] = digest


def coalesce_streams(notebook: nbformat.NotebookNode) -> None:
    """Merge consecutive stdout (or stderr) outputs of a cell into one.

    How the kernel splits a cell's printing into messages depends on timing, so without this the
    same code can store one stream output or several.
    """
    for cell in notebook.cells:
        merged = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (
                previous is not None
                and output.output_type == "stream"
                and previous.output_type == "stream"
                and previous.name == output.name
            ):
                previous.text += output.text
            else:
                merged.append(output)
        if cell.cell_type == "code":
            cell.outputs = merged


def execute(path: Path) -> float:
    """Execute one notebook in place and return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    clear_outputs(notebook)
    client = NotebookClient(
        notebook,
        kernel_manager_class=IPCKernelManager,
        timeout=TIMEOUT_SECONDS,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    notebook.metadata.pop("widgets", None)
    stabilise_widget_ids(notebook, path.name)
    coalesce_streams(notebook)
    nbformat.write(notebook, path)
    return elapsed


def main(arguments: list[str]) -> int:
    paths = [Path(a).resolve() for a in arguments] or sorted((ROOT / "book").glob("*.ipynb"))
    for path in paths:
        seconds = execute(path)
        print(f"executed {path.relative_to(ROOT)} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
