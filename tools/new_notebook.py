"""Convert a jupytext MyST-markdown draft into a notebook under book/.

Usage: python tools/new_notebook.py DRAFT.md book/NAME.ipynb

Authoring aid only: the stored .ipynb is the source of truth once it exists.
"""

import sys

import jupytext

draft, target = sys.argv[1], sys.argv[2]
notebook = jupytext.read(draft)
notebook.metadata = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}
jupytext.write(notebook, target)
print(f"wrote {target}")
