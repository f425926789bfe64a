"""Companion library of the course *Activation Functions, from neurons to ReLU*.

Each submodule loads on first access (``course_lib.activations``, ``course_lib.widgets``, ...), so
that ``import course_lib`` costs little more than ``import numpy`` and the heavy dependencies
(scipy, matplotlib, ipywidgets) load only for the chapters that use them.
"""

import importlib

__version__ = "0.1.0"

_SUBMODULES = (
    "activations",
    "maxent",
    "nn",
    "datasets",
    "experiments",
    "plotting",
    "widgets",
    "checks",
    "lab",
)

__all__ = list(_SUBMODULES)


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SUBMODULES))
