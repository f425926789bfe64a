"""Wall-clock timing of the activation functions, for the tables computed when a chapter runs.

Timings depend on the machine and its load, so notebooks should print them with a note that
they were measured when the page was built, and compare activations by ratio rather than by
absolute time.
"""

import time
from dataclasses import dataclass

import numpy as np

from ._validation import check_rng
from .activations import get_activation

__all__ = ["ActivationTiming", "time_call", "time_activation", "time_activations"]


@dataclass(frozen=True)
class ActivationTiming:
    """Time per call of one activation on ``n`` float64 elements.

    ``best_seconds`` is the fastest of the repeats (least disturbed by other processes) and
    ``median_seconds`` the typical one; ``ns_per_element`` is derived from the median.
    """

    name: str
    n: int
    best_seconds: float
    median_seconds: float

    @property
    def ns_per_element(self):
        return self.median_seconds / self.n * 1e9


def time_call(function, repeats=7):
    """Call ``function()`` once to warm up, then ``repeats`` times; return the durations in seconds.

    Examples
    --------
    >>> durations = time_call(lambda: sum(range(100)), repeats=3)
    >>> len(durations)
    3
    """
    if not callable(function):
        raise TypeError(f"function must be callable, got {type(function).__name__}")
    repeats = _check_count(repeats, "repeats")
    function()
    durations = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        durations.append(time.perf_counter() - start)
    return durations


def time_activation(name, n=1_000_000, repeats=7, derivative=False, rng=0):
    """Time the activation ``name`` of the registry on ``n`` standard-normal float64 inputs.

    The output array is allocated once and passed as ``out=``, so the time is that of the
    arithmetic, not of memory allocation.

    Parameters
    ----------
    name : str
        A name accepted by :func:`course_lib.activations.get_activation`.
    n : int, default 1_000_000
        Number of elements.
    repeats : int, default 7
        Timed calls after one warm-up call.
    derivative : bool, default False
        Time the derivative instead of the function.
    rng : numpy.random.Generator or int, default 0
        Source of the inputs.

    Returns
    -------
    ActivationTiming

    Examples
    --------
    >>> timing = time_activation("relu", n=1000, repeats=3)
    >>> timing.name, timing.n, timing.best_seconds <= timing.median_seconds
    ('relu', 1000, True)
    """
    activation = get_activation(name)
    n = _check_count(n, "n")
    x = check_rng(rng).standard_normal(n)
    out = np.empty_like(x)
    function = activation.derivative if derivative else activation.function
    durations = time_call(lambda: function(x, out=out), repeats=repeats)
    return ActivationTiming(activation.name, n, min(durations), float(np.median(durations)))


def time_activations(names=None, n=1_000_000, repeats=7, derivative=False, rng=0):
    """Time several activations (default: the whole registry) with :func:`time_activation`.

    Examples
    --------
    >>> [t.name for t in time_activations(["relu", "sigmoid"], n=100, repeats=2)]
    ['relu', 'sigmoid']
    """
    if names is None:
        from .activations import ACTIVATIONS

        names = list(ACTIVATIONS)
    return [time_activation(name, n=n, repeats=repeats, derivative=derivative, rng=rng) for name in names]


def _check_count(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}")
    return int(value)
