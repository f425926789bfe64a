"""Sphinx extension that keeps the built book free of live-code (thebe) scripts.

jupyter-book 1.0.4 loads sphinx-thebe, which adds its configuration script twice on a fresh
build (both copies declare ``const THEBE_JS_URL``, so the second one throws in the browser) and
points at a CDN. The course launches notebooks on Binder or Colab instead, so the scripts go.
"""


def _is_thebe_script(script) -> bool:
    filename = str(script) if script is not None else ""
    body = getattr(script, "attributes", {}).get("body", "")
    return "thebe" in filename or "THEBE_JS_URL" in body


def _drop_thebe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [s for s in scripts if not _is_thebe_script(s)]


def setup(app):
    app.connect("html-page-context", _drop_thebe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
