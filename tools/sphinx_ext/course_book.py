"""Sphinx extension with the course's changes to the Jupyter Book 1.x output.

1. It drops the live-code (thebe) scripts. jupyter-book 1.0.4 loads sphinx-thebe, which adds its
   configuration script twice on a fresh build (both copies declare ``const THEBE_JS_URL``, so the
   second one throws in the browser) and points at a CDN. The course launches notebooks on Binder
   or Colab instead.
2. It offers every notebook page as MyST markdown too: a ``.md`` copy made with jupytext is written
   beside the ``.ipynb`` under ``_sources/`` and listed in the page's download menu.
3. It registers the bibliography style ``authoryear``, whose labels ("He et al., 2015") match the
   author-year citations in the text; pybtex's own styles label entries [HZRS15] or [1].
"""

import codecs
from collections import Counter
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "ulatex" codec that decodes {\'e} to é)
from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleSorting


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels of the form "Jaynes, 1957", "Glorot and Bengio, 2010" or "He et al., 2015"."""

    def format_label(self, entry) -> str:
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        surnames = [" ".join(person.prelast_names + person.last_names) for person in persons]
        surnames = [codecs.decode(name, "ulatex").replace("{", "").replace("}", "") for name in surnames]
        if len(surnames) == 1:
            authors = surnames[0]
        elif len(surnames) == 2:
            authors = f"{surnames[0]} and {surnames[1]}"
        else:
            authors = f"{surnames[0]} et al."
        return f"{authors}, {entry.fields.get('year', 'n.d.')}"

    def format_labels(self, sorted_entries):
        labels = [self.format_label(entry) for entry in sorted_entries]
        repeats = Counter(labels)
        seen = Counter()
        for label in labels:
            # Two works by the same authors in one year become "2015a" and "2015b".
            if repeats[label] > 1:
                yield label + chr(ord("a") + seen[label])
                seen[label] += 1
            else:
                yield label


class AuthorYearStyle(PlainStyle):
    """pybtex's plain style, sorted by author and year, with author-year labels."""

    default_label_style = AuthorYearLabelStyle
    default_sorting_style = AuthorYearTitleSorting


register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)


def _is_thebe_script(script) -> bool:
    filename = str(script) if script is not None else ""
    body = getattr(script, "attributes", {}).get("body", "")
    return "thebe" in filename or "THEBE_JS_URL" in body


def _drop_thebe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [s for s in scripts if not _is_thebe_script(s)]


def _write_markdown_copy(app, pagename: str) -> str | None:
    """Write ``_sources/<page>.md`` for a notebook page and return its path relative to the root."""
    notebook = Path(app.srcdir) / f"{pagename}.ipynb"
    if not notebook.is_file():
        return None

    import jupytext  # imported here: only notebook pages need it

    target = Path(app.outdir) / "_sources" / f"{pagename}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    jupytext.write(jupytext.read(notebook), target, fmt="md:myst")
    return f"_sources/{pagename}.md"


def _add_markdown_download(app, pagename, templatename, context, doctree):
    relative = _write_markdown_copy(app, pagename)
    if relative is None:
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].insert(
                1,
                {
                    "type": "link",
                    "url": context["pathto"](relative, 1),
                    "text": ".md",
                    "tooltip": "Download as MyST markdown",
                    "icon": "fas fa-file-lines",
                    "label": "download-markdown-button",
                },
            )


def setup(app):
    app.connect("html-page-context", _drop_thebe_scripts, priority=900)
    # After sphinx-book-theme fills the download menu (priority 501).
    app.connect("html-page-context", _add_markdown_download, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
