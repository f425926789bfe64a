r"""The lab of chapter 6: score an activation you designed against ReLU, GELU and the classics.

:func:`score_activation` puts a student's elementwise function :math:`f` (and its derivative
:math:`f'`, or a finite-difference stand-in) through the same small experiments as a list of
baseline activations and returns a :class:`Scoreboard`:

- **gradient flow**: :math:`\lVert \partial \mathcal L / \partial W_1 \rVert /
  \lVert \partial \mathcal L / \partial W_{L} \rVert`, the ratio of the first to the last layer's
  weight-gradient norm in a deep, narrow MLP at initialisation. Near 1 is healthy; a vanishing
  gradient gives a tiny ratio, an exploding one a huge ratio.
- **dead units**: after a short training on the spirals, the fraction of hidden units whose
  derivative :math:`f'(z)` is 0 (below :data:`DEAD_SLOPE`) on every training point. Such a unit
  passes no gradient and cannot recover.
- **accuracy**: the test accuracy on fresh spirals after that short training, the mean over
  :data:`TRAINING_RUNS` initialisations, and its standard deviation over them. The training
  budget is short on purpose: given long enough, almost every activation separates the spirals,
  so the accuracy measures how fast an activation lets the network learn.
- **speed** (only with ``include_speed=True``): time per element of :math:`f` plus :math:`f'`
  relative to ReLU. Timings change from run to run, so they stay out of the default table, whose
  text is then the same on every run.

A missing :math:`f'` is replaced by the central difference of :func:`finite_difference_grad`. A
given :math:`f'` is first compared with that central difference; if they disagree, the scoreboard
reports where, and scores with the central difference instead.
"""

from __future__ import annotations

import dataclasses
import html
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from course_lib._validation import check_bool

__all__ = [
    "DEFAULT_BASELINES",
    "DEAD_SLOPE",
    "TRAINING_RUNS",
    "DerivativeMismatch",
    "ScoreRow",
    "Scoreboard",
    "derivative_grid",
    "finite_difference_grad",
    "compare_with_finite_differences",
    "score_activation",
]

DEFAULT_BASELINES = ("relu", "gelu", "tanh", "sigmoid", "elu")
"""Activations scored next to the student's by default."""

DEAD_SLOPE = 1e-8
r"""A unit counts as dead when :math:`|f'(z)| \le` this value on every training point."""

TRAINING_RUNS = 3
"""Training runs per activation, with initialisation seeds ``seed``, ``seed + 1``, ...."""

# Settings of the experiments. A default run with five baselines takes about 0.7 s of CPU time on
# one core with OPENBLAS_NUM_THREADS=1 (Python 3.11, numpy 2, a shared 2-core x86-64 VM).
# With 150 epochs every activation but the sigmoid reached 0.98-0.99 test accuracy, so the
# accuracy column separated nothing. After 60 epochs the spread across activations (0.53 to
# 0.99) is several times the spread across initialisations of one activation.
_DEEP_LAYERS = (2,) + (32,) * 20 + (3,)
_TRAIN_LAYERS = (2, 32, 32, 32, 3)
_TRAIN_EPOCHS = 60
_LEARNING_RATE = 0.1
_MOMENTUM = 0.9
_SPEED_ELEMENTS = 1_000_000
_SPEED_REPEATS = 5
# Relative and absolute tolerance of a given derivative against the central difference.
_DERIVATIVE_RTOL = 1e-4
_DERIVATIVE_ATOL = 1e-4


# ---------------------------------------------------------------------------------------------
# Derivatives by finite differences


def derivative_grid() -> np.ndarray:
    r"""Return the 241 points of :math:`[-6, 6]` on which derivatives are compared.

    The points are :math:`-6 + 0.05 k + 0.0123` for :math:`k = 0, \dots, 240`: the offset keeps
    them off 0 and the integers, where piecewise activations put their kinks.

    Examples
    --------
    >>> grid = derivative_grid()
    >>> print(grid.shape, f"{grid[0]:.4f}", f"{grid[-1]:.4f}", bool(np.any(grid == 0.0)))
    (241,) -5.9877 6.0123 False
    """
    return np.linspace(-6.0, 6.0, 241) + 0.0123


def finite_difference_grad(f: Callable, x) -> np.ndarray:
    r"""Approximate :math:`f'(x)` elementwise by a central difference.

    .. math::

        f'(x) \approx \frac{f(x + h) - f(x - h)}{2h}, \qquad
        h = \varepsilon^{1/3} \max(1, |x|) \approx 6 \cdot 10^{-6} \max(1, |x|)

    This step balances the truncation error :math:`O(h^2 f''')` against the rounding error
    :math:`O(\varepsilon |f| / h)`, so a smooth :math:`f` gets about 10 correct digits. At a kink
    the result is the mean of the two one-sided slopes (0.5 for ReLU at 0). ``f`` must work
    elementwise on a float64 array. The result is float64 of the shape of ``x``.

    Parameters
    ----------
    f : callable
        Elementwise function of an array.
    x : array_like
        Points at which to differentiate.

    Returns
    -------
    numpy.ndarray
        The central differences, float64.

    Examples
    --------
    >>> slope = finite_difference_grad(np.tanh, np.array([0.0, 1.0]))
    >>> print(" ".join(f"{value:.8f}" for value in slope))
    1.00000000 0.41997434
    """
    x = np.asarray(x, dtype=np.float64)
    step = np.cbrt(np.finfo(np.float64).eps) * np.maximum(1.0, np.abs(x))
    # Divide by the distance actually taken: x + step and x - step are rounded to floats.
    upper = x + step
    lower = x - step
    forward = np.asarray(f(upper), dtype=np.float64)
    backward = np.asarray(f(lower), dtype=np.float64)
    return (forward - backward) / (upper - lower)


@dataclass(frozen=True)
class DerivativeMismatch:
    """The worst point where a given derivative disagrees with the central difference."""

    x: float
    given: float
    finite_difference: float

    @property
    def expected(self) -> str:
        return f"f'({self.x:.4f}) = {self.finite_difference:.6f} (central difference)"

    @property
    def actual(self) -> str:
        return f"f_grad({self.x:.4f}) = {self.given:.6f}"

    @property
    def hint(self) -> str:
        return (
            "The derivative you passed disagrees with the slope of your function. Differentiate "
            "f again, or pass f_grad=None to use finite differences."
        )

    def describe(self) -> str:
        """Return one sentence that gives the point and both values."""
        return (
            f"f_grad({self.x:.4f}) = {self.given:.6f} but the central difference of f there is "
            f"{self.finite_difference:.6f}"
        )


def compare_with_finite_differences(f: Callable, grad_values, x=None) -> DerivativeMismatch | None:
    r"""Compare derivative values with the central difference of ``f``; return the worst mismatch.

    A value :math:`g(x)` passes when :math:`|g(x) - \mathrm{fd}(x)| \le 10^{-4} + 10^{-4}
    |\mathrm{fd}(x)|`, with fd from :func:`finite_difference_grad`. Non-finite values fail.

    Parameters
    ----------
    f : callable
        The activation.
    grad_values : array_like
        The given derivative evaluated at ``x``.
    x : array_like, optional
        The points; :func:`derivative_grid` by default.

    Returns
    -------
    DerivativeMismatch or None
        None when every point passes, else the point with the largest error.

    Examples
    --------
    >>> x = derivative_grid()
    >>> print(compare_with_finite_differences(np.tanh, 1 - np.tanh(x) ** 2, x))
    None
    >>> print(compare_with_finite_differences(np.tanh, np.ones_like(x), x).describe())
    f_grad(6.0123) = 1.000000 but the central difference of f there is 0.000024
    """
    x = derivative_grid() if x is None else np.asarray(x, dtype=np.float64)
    given = np.asarray(grad_values, dtype=np.float64)
    if given.shape != x.shape:
        given = np.broadcast_to(given, x.shape)
    with np.errstate(all="ignore"):
        reference = finite_difference_grad(f, x)
        error = np.abs(given - reference)
        allowed = _DERIVATIVE_ATOL + _DERIVATIVE_RTOL * np.abs(reference)
        bad = ~(error <= allowed)
    if not bad.any():
        return None
    excess = np.where(np.isfinite(error), error - allowed, np.inf)
    worst = int(np.argmax(np.where(bad, excess, -np.inf)))
    return DerivativeMismatch(float(x[worst]), float(given[worst]), float(reference[worst]))


# ---------------------------------------------------------------------------------------------
# The scoreboard


@dataclass(frozen=True)
class ScoreRow:
    """The scores of one activation.

    Attributes
    ----------
    name : str
        Name of the activation.
    gradient_ratio : float
        First-to-last layer weight-gradient norm ratio in the deep MLP at initialisation.
    dead_fraction : float
        Fraction of hidden units with :math:`|f'(z)| \\le` ``DEAD_SLOPE`` on every training point.
    accuracy : float
        Mean test accuracy on fresh spirals after the short training, over the training runs
        that did not diverge.
    derivative : str
        Where the derivative came from: "given", "finite differences", or "finite differences
        (given f' wrong)".
    relative_time : float or None
        Time per element of f and f' relative to ReLU, when speed was measured.
    error : str
        Why the activation could not be scored, or "".
    accuracy_sd : float
        Standard deviation of the test accuracy over those training runs (nan when unknown).
    diverged_runs : int
        Training runs whose loss became non-finite; they are left out of the means.
    """

    name: str
    gradient_ratio: float
    dead_fraction: float
    accuracy: float
    derivative: str
    relative_time: float | None = None
    error: str = ""
    accuracy_sd: float = float("nan")
    diverged_runs: int = 0


def _format_ratio(value: float) -> str:
    return "-" if not np.isfinite(value) else f"{value:.2e}"


def _format_share(value: float) -> str:
    return "-" if not np.isfinite(value) else f"{value:.3f}"


@dataclass
class Scoreboard:
    """Rows of scores, the student's first, and notes about the student's function.

    ``str(board)`` is a fixed-width text table and ``board._repr_html_()`` an HTML table; both
    are the same on every run unless the board was made with ``include_speed=True``.
    """

    rows: list[ScoreRow]
    notes: list[str] = field(default_factory=list)
    include_speed: bool = False

    def row(self, name: str) -> ScoreRow:
        """Return the row of the activation called ``name``."""
        for row in self.rows:
            if row.name == name:
                return row
        raise KeyError(f"no row named {name!r}; rows: {[row.name for row in self.rows]}")

    def _columns(self) -> list[str]:
        columns = ["activation", "gradient ratio", "dead units", "accuracy", "accuracy sd"]
        if self.include_speed:
            columns.append("time vs relu")
        return columns + ["derivative"]

    def _cells(self, row: ScoreRow) -> list[str]:
        cells = [
            row.name,
            _format_ratio(row.gradient_ratio),
            _format_share(row.dead_fraction),
            _format_share(row.accuracy),
            _format_share(row.accuracy_sd),
        ]
        if self.include_speed:
            cells.append("-" if row.relative_time is None else f"{row.relative_time:.1f}x")
        return cells + [row.derivative if not row.error else "failed"]

    def __str__(self) -> str:
        """Return the table with the name and derivative columns left-aligned, numbers right."""
        table = [self._columns()] + [self._cells(row) for row in self.rows]
        widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
        lines = []
        for index, line in enumerate(table):
            padded = [line[0].ljust(widths[0])]
            padded += [cell.rjust(width) for cell, width in zip(line[1:-1], widths[1:-1])]
            padded.append(line[-1])
            lines.append("  ".join(padded))
            if index == 0:
                lines.append("  ".join("-" * width for width in widths))
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        header = "".join(f"<th>{html.escape(column)}</th>" for column in self._columns())
        body = []
        for row in self.rows:
            cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in self._cells(row))
            body.append(f"<tr>{cells}</tr>")
        notes = "".join(f"<p>note: {html.escape(note)}</p>" for note in self.notes)
        return (
            '<table class="course-scoreboard">'
            f"<thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>{notes}"
        )


# ---------------------------------------------------------------------------------------------
# The experiments


def _resolve_derivative(f: Callable, f_grad: Callable | None, name: str) -> tuple[Callable, str, list[str]]:
    """Return the derivative to score with, its description and notes for the scoreboard."""
    def fallback(x):
        return finite_difference_grad(f, x)

    if f_grad is None:
        return fallback, "finite differences", []

    grid = derivative_grid()
    try:
        with np.errstate(all="ignore"):
            given = f_grad(grid.copy())
    except Exception as error:  # the student's derivative may raise anything
        note = f"{name}: f_grad raised {type(error).__name__} ({error}); the scores use finite differences."
        return fallback, "finite differences (f' failed)", [note]
    try:
        mismatch = compare_with_finite_differences(f, given, grid)
    except Exception:  # f itself fails; scoring reports that in the row
        return f_grad, "given", []
    if mismatch is not None:
        note = f"{name}: the given f' is wrong: {mismatch.describe()}; the scores use finite differences."
        return fallback, "finite differences (f' wrong)", [note]
    return f_grad, "given", []


def _gradient_ratio(pair, X, y, seed: int) -> float:
    from course_lib import nn

    model = nn.MLP(_DEEP_LAYERS, activation=pair, init="he", seed=seed)
    _, gradients = model.loss_and_gradients(X, y)
    first = np.linalg.norm(gradients[0][0])
    last = np.linalg.norm(gradients[-1][0])
    return float(first / last) if last > 0 else float("inf")


def _dead_fraction(model, X, derivative: Callable) -> float:
    model.forward(X)
    dead = 0
    total = 0
    for z in model.preactivations:
        slopes = np.abs(np.asarray(derivative(z), dtype=np.float64))
        dead += int(np.sum(np.all(~(slopes > DEAD_SLOPE), axis=0)))
        total += z.shape[1]
    return dead / total


def _train_and_measure(pair, derivative, data, seed: int) -> tuple[float, float, float, int]:
    """Train TRAINING_RUNS networks; return mean dead fraction, mean and sd of accuracy, divergences.

    Every run uses the same data and its own initialisation, so the standard deviation shows how
    much of a difference between activations is luck of the initialisation.
    """
    from course_lib import nn

    (X, y), (X_test, y_test) = data
    dead_fractions = []
    accuracies = []
    for run in range(TRAINING_RUNS):
        model = nn.MLP(_TRAIN_LAYERS, activation=pair, init="he", seed=seed + run)
        history = nn.train(
            model, X, y, epochs=_TRAIN_EPOCHS, learning_rate=_LEARNING_RATE, momentum=_MOMENTUM
        )
        if history.diverged:
            continue
        dead_fractions.append(_dead_fraction(model, X, derivative))
        accuracies.append(model.accuracy(X_test, y_test))
    diverged = TRAINING_RUNS - len(accuracies)
    if not accuracies:
        return float("nan"), float("nan"), float("nan"), diverged
    return float(np.mean(dead_fractions)), float(np.mean(accuracies)), float(np.std(accuracies)), diverged


def _time_per_element(f: Callable, derivative: Callable) -> float:
    x = np.random.default_rng(0).normal(size=_SPEED_ELEMENTS)
    best = float("inf")
    with np.errstate(all="ignore"):
        for _ in range(_SPEED_REPEATS):
            start = time.perf_counter()
            f(x)
            derivative(x)
            best = min(best, time.perf_counter() - start)
    return best / _SPEED_ELEMENTS


def _score_one(name, f, derivative, description, data, seed, include_speed) -> ScoreRow:
    pair = (f, derivative)
    (X, y), _ = data
    try:
        with np.errstate(all="ignore"):
            ratio = _gradient_ratio(pair, X, y, seed)
            dead, accuracy, accuracy_sd, diverged = _train_and_measure(pair, derivative, data, seed)
            seconds = _time_per_element(f, derivative) if include_speed else None
    except Exception as error:  # a student's function may raise anything during training
        message = f"{type(error).__name__}: {error}"
        return ScoreRow(name, float("nan"), float("nan"), float("nan"), description, None, message)
    return ScoreRow(name, ratio, dead, accuracy, description, seconds, "", accuracy_sd, diverged)


def score_activation(
    f: Callable,
    f_grad: Callable | None = None,
    *,
    name: str = "yours",
    baselines=DEFAULT_BASELINES,
    seed: int = 0,
    include_speed: bool = False,
) -> Scoreboard:
    r"""Score an activation against baselines on gradient flow, dead units and accuracy.

    Every activation, the student's and each baseline, goes through the same experiments with
    the same seed:

    1. **Gradient flow**: an MLP with 20 hidden layers of 32 units (He initialisation) on 300
       spiral points; the score is :math:`\lVert \partial \mathcal L / \partial W_1 \rVert_F /
       \lVert \partial \mathcal L / \partial W_{21} \rVert_F`. Around 1 is healthy; the sigmoid
       gives about :math:`10^{-11}`.
    2. **Training**: an MLP with 3 hidden layers of 32 units trained for 60 full-batch epochs
       (learning rate 0.1, momentum 0.9) on 3-class spirals, from :data:`TRAINING_RUNS`
       initialisations (seeds ``seed``, ``seed + 1``, ...) on the same data. A run whose loss
       becomes non-finite is left out of the means, and a note reports it.
    3. **Dead units**: the fraction of hidden units of a trained network with
       :math:`|f'(z)| \le 10^{-8}` on every training point, averaged over the runs.
    4. **Accuracy**: on 300 fresh spiral points, the mean and the standard deviation over the
       runs.
    5. **Speed** (``include_speed=True``): time of :math:`f` and :math:`f'` per element on
       :math:`10^6` float64 numbers (best of 5), relative to ReLU.

    Parameters
    ----------
    f : callable
        The activation, elementwise on float64 arrays.
    f_grad : callable, optional
        Its derivative. When missing, the central difference of :func:`finite_difference_grad`
        is used. When given, it is compared with the central difference on
        :func:`derivative_grid` first; if they disagree it is not used, and a note reports where
        it is wrong.
    name : str
        Name of the student's row.
    baselines : sequence of str
        Names from :data:`course_lib.activations.ACTIVATIONS` to score next to it.
    seed : int
        Seed of the data and of every initialisation.
    include_speed : bool
        Add the speed column; its values change from run to run.

    Returns
    -------
    Scoreboard
        The student's row first, then the baselines in the given order.

    Raises
    ------
    TypeError
        If ``f`` or ``f_grad`` is not callable, or ``name`` is not a string.
    ValueError
        If a baseline name is unknown.

    Examples
    --------
    >>> import numpy as np
    >>> def softsign(x):
    ...     return x / (1 + np.abs(x))
    >>> board = score_activation(softsign, baselines=("relu",))
    >>> print(board.row("yours").derivative)
    finite differences
    >>> print(f"{board.row('relu').accuracy:.2f}", f"{board.row('relu').accuracy_sd:.3f}")
    0.99 0.000
    """
    from course_lib import datasets
    from course_lib.activations import get_activation

    if not callable(f):
        raise TypeError(f"f must be a function of an array, got {type(f).__name__}")
    if f_grad is not None and not callable(f_grad):
        raise TypeError(f"f_grad must be a function of an array or None, got {type(f_grad).__name__}")
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    include_speed = check_bool(include_speed, "include_speed")
    if isinstance(baselines, str):
        baselines = (baselines,)
    entries = [get_activation(baseline) for baseline in baselines]

    data = (
        datasets.spirals(n_per_class=100, n_classes=3, seed=seed),
        datasets.spirals(n_per_class=100, n_classes=3, seed=seed + 1),
    )
    derivative, description, notes = _resolve_derivative(f, f_grad, name)
    rows = [_score_one(name, f, derivative, description, data, seed, include_speed)]
    for entry in entries:
        function = _bind(entry.function, entry.params)
        gradient = _bind(entry.derivative, entry.params)
        rows.append(_score_one(entry.name, function, gradient, "given", data, seed, include_speed))

    if include_speed:
        relu = get_activation("relu")
        reference = _time_per_element(relu.function, relu.derivative)
        rows = [
            row if row.relative_time is None else _with_time(row, row.relative_time / reference)
            for row in rows
        ]
    for row in rows:
        if row.error:
            notes.append(f"{row.name}: scoring failed with {row.error}")
        elif row.diverged_runs == TRAINING_RUNS:
            notes.append(
                f"{row.name}: training diverged (non-finite loss) in all {TRAINING_RUNS} runs, "
                "so there is no dead-unit or accuracy score."
            )
        elif row.diverged_runs:
            notes.append(
                f"{row.name}: training diverged (non-finite loss) in {row.diverged_runs} of "
                f"{TRAINING_RUNS} runs; the dead units and accuracy are over the other runs."
            )
    return Scoreboard(rows, notes, include_speed)


def _bind(function: Callable, params: dict) -> Callable:
    if not params:
        return function
    return lambda x: function(x, **params)


def _with_time(row: ScoreRow, relative: float) -> ScoreRow:
    return dataclasses.replace(row, relative_time=relative)
