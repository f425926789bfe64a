"""Checks for the course exercises: run a student's function on the inputs that break naive code.

Every ``check_<topic>(student_function, ...)`` calls the student's function on a fixed list of
cases, compares each result with the course reference, and returns a :class:`CheckResult`. The
cases are the ones where a first attempt usually goes wrong: overflow at ±1000, a constant shift,
float32 input, the ``axis`` argument, empty input, the convention at a kink. An exception, a
floating-point warning or an input changed in place counts as a failed case, so no traceback and
no warning reaches the notebook. The result prints the failed input, the expected and the actual
value and a hint. Its text is deterministic (fixed float formatting, no addresses, no timings), so
notebook tests can compare it exactly.

For grading, ``bool(result)`` and ``result.passed`` are true only when every case passed, so
``assert check_softmax(softmax)`` works as an autograder test. When the environment variable
``COURSE_LIB_CHECK_LOG`` names a file, every check also appends one JSON line to it with the
check's name, ``passed``, the number of cases and the number of failures. ``tools/grade.py``
collects these lines while it executes a student's notebook.
"""

from __future__ import annotations

import copy
import html
import importlib
import inspect
import json
import math
import os
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

__all__ = [
    "CheckResult",
    "Failure",
    "check_heaviside",
    "check_mcculloch_pitts",
    "check_logic_gate",
    "check_entropy",
    "check_maxent_die",
    "check_maxent_distribution",
    "check_softmax",
    "check_log_softmax",
    "check_logsumexp",
    "check_sigmoid",
    "check_sigmoid_grad",
    "check_softmax_jacobian",
    "check_cross_entropy_grad",
    "check_chain_gradient",
    "check_relu",
    "check_relu_grad",
    "check_leaky_relu",
    "check_leaky_relu_grad",
    "check_elu",
    "check_elu_grad",
    "check_dead_fraction",
    "check_lab_activation",
]

MAX_FAILURES_SHOWN = 3
CHECK_LOG_VARIABLE = "COURSE_LIB_CHECK_LOG"
_PASS_COLOUR = "#009E73"  # Okabe–Ito bluish green
_FAIL_COLOUR = "#D55E00"  # Okabe–Ito vermillion
_NOT_IMPLEMENTED_HINT = (
    "Replace the `raise NotImplementedError(...)` line with your code, run that cell, then run "
    "this check again."
)


# ---------------------------------------------------------------------------------------------
# Result types


@dataclass(frozen=True)
class Failure:
    """One failed case: the input, the expected and the actual value as text, and a hint."""

    input: str
    expected: str
    actual: str
    hint: str


@dataclass(repr=False)
class CheckResult:
    """Outcome of one check: ``passed`` and the failed cases.

    ``str(result)`` and ``repr(result)`` give the plain-text report, ``_repr_html_`` the report
    that Jupyter shows. ``bool(result)`` equals ``result.passed``.
    """

    name: str
    passed: bool
    failures: list[Failure] = field(default_factory=list)
    cases: int = 0

    def __bool__(self) -> bool:
        return self.passed

    def summary(self) -> str:
        """Return the one-line verdict, e.g. ``check_relu: passed all 6 cases.``."""
        if self.passed:
            return f"{self.name}: passed all {self.cases} cases."
        if self.cases == 0:
            return f"{self.name}: FAILED before running any case."
        return f"{self.name}: FAILED {len(self.failures)} of {self.cases} cases."

    def report(self) -> str:
        """Return the verdict followed by the first failures, as plain text."""
        lines = [self.summary()]
        for failure in self.failures[:MAX_FAILURES_SHOWN]:
            lines.append(f"  input:    {failure.input}")
            lines.append(f"  expected: {failure.expected}")
            lines.append(f"  actual:   {failure.actual}")
            lines.append(f"  hint:     {failure.hint}")
            lines.append("")
        hidden = len(self.failures) - MAX_FAILURES_SHOWN
        if hidden > 0:
            lines.append(f"  ({hidden} more failed {'case' if hidden == 1 else 'cases'} not shown)")
        return "\n".join(lines).rstrip("\n")

    __str__ = report
    __repr__ = report

    def _repr_html_(self) -> str:
        colour = _PASS_COLOUR if self.passed else _FAIL_COLOUR
        parts = [
            f'<div style="border-left: 4px solid {colour}; padding: 0.3em 0.8em; margin: 0.3em 0;">',
            f"<strong>{html.escape(self.summary())}</strong>",
        ]
        if self.failures:
            parts.append('<table style="margin-top: 0.4em;">')
            for failure in self.failures[:MAX_FAILURES_SHOWN]:
                for label, text in (
                    ("input", failure.input),
                    ("expected", failure.expected),
                    ("actual", failure.actual),
                    ("hint", failure.hint),
                ):
                    cell = html.escape(text) if label == "hint" else f"<code>{html.escape(text)}</code>"
                    parts.append(
                        f'<tr><th style="text-align: left; vertical-align: top;">{label}</th>'
                        f'<td style="text-align: left;">{cell}</td></tr>'
                    )
                parts.append('<tr><td colspan="2"></td></tr>')
            parts.append("</table>")
            hidden = len(self.failures) - MAX_FAILURES_SHOWN
            if hidden > 0:
                plural = "case" if hidden == 1 else "cases"
                parts.append(f"<p>({hidden} more failed {plural} not shown)</p>")
        parts.append("</div>")
        return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Formatting: every value is printed the same way on every run and machine.


def _format_float(value: float) -> str:
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == int(value) and abs(value) < 1e16:
        return f"{value:.1f}"
    return f"{value:.10g}"


def _format_array(array: np.ndarray, limit: int = 12) -> str:
    if array.ndim == 0:
        text = _format_float(array)
    elif array.size == 0:
        text = f"empty array of shape {array.shape}"
    elif array.size <= limit and array.ndim <= 2:
        if array.ndim == 1:
            text = "[" + ", ".join(_format_float(v) for v in array) + "]"
        else:
            rows = ("[" + ", ".join(_format_float(v) for v in row) + "]" for row in array)
            text = "[" + ", ".join(rows) + "]"
    else:
        text = f"array of shape {array.shape}"
    if array.dtype != np.float64:
        text += f" ({array.dtype})"
    return text


def _format_value(value: Any) -> str:
    """Describe any value without an object address."""
    if value is None:
        return "None"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return _format_float(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biuf":
            return _format_array(value)
        return f"array of shape {value.shape} with dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            return f"a {type(value).__name__} of {len(value)} items"
        return f"{type(value).__name__} {_format_array(array)}"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    return f"an object of type {type(value).__name__}"


def _describe_call(args: tuple, kwargs: dict) -> str:
    parts = [_format_value(argument) for argument in args]
    parts += [f"{key}={_format_value(argument)}" for key, argument in kwargs.items()]
    return ", ".join(parts)


def _exception_text(error: BaseException) -> str:
    message = str(error).splitlines()[0] if str(error) else ""
    if len(message) > 160:
        message = message[:157] + "..."
    return f"raised {type(error).__name__}: {message}" if message else f"raised {type(error).__name__}"


# ---------------------------------------------------------------------------------------------
# Running the student's function


@dataclass
class _Outcome:
    value: Any = None
    error: Exception | None = None
    warned: list[str] = field(default_factory=list)
    changed_input: bool = False


def _copy_arguments(values):
    return [np.array(v, copy=True) if isinstance(v, np.ndarray) else copy.deepcopy(v) for v in values]


def _same(before, after) -> bool:
    if isinstance(before, np.ndarray):
        return (
            isinstance(after, np.ndarray)
            and before.shape == after.shape
            and bool(np.array_equal(before, after, equal_nan=before.dtype.kind == "f"))
        )
    return True


def _call(function: Callable, args: tuple, kwargs: dict) -> _Outcome:
    """Call ``function`` and capture its value, exception, warnings and changes to its input."""
    originals = _copy_arguments(list(args) + list(kwargs.values()))
    outcome = _Outcome()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
            try:
                outcome.value = function(*args, **kwargs)
            except Exception as error:  # the student's code may raise anything; report it
                outcome.error = error
    for record in caught:
        text = str(record.message)
        if record.category is not RuntimeWarning:
            text = f"{record.category.__name__}: {text}"
        if text not in outcome.warned:
            outcome.warned.append(text)
    passed = list(args) + list(kwargs.values())
    outcome.changed_input = not all(_same(b, a) for b, a in zip(originals, passed))
    return outcome


def _mismatch(actual: Any, expected: np.ndarray, rtol: float, atol: float, dtype) -> tuple[str, str] | None:
    """Return (expected text, actual text) when ``actual`` differs from ``expected``, else None."""
    if actual is None:
        return _format_array(expected), "None (the function returned nothing: is `return` missing?)"
    try:
        array = np.asarray(actual)
    except Exception:  # an object numpy cannot convert, e.g. a ragged list
        return _format_array(expected), _format_value(actual)
    if array.dtype.kind not in "biuf":
        return _format_array(expected), _format_value(actual)
    if array.shape != expected.shape:
        return (
            f"an array of shape {expected.shape}",
            f"an array of shape {array.shape}: {_format_array(array)}",
        )
    if dtype is not None and array.dtype != np.dtype(dtype):
        return f"dtype {np.dtype(dtype)}", f"dtype {array.dtype}"

    with np.errstate(all="ignore"):
        values = array.astype(np.float64)
        reference = expected.astype(np.float64)
        close = np.isclose(values, reference, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    if array.size <= 12 and array.ndim <= 2:
        return _format_array(expected), _format_array(array)
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    return (
        f"{_format_float(reference[index])} at index {index}",
        f"{_format_float(values[index])} at index {index}",
    )


class _Run:
    """Collects the cases of one check."""

    def __init__(self, name: str, function: Any):
        self.name = name
        self.function = function
        self.failures: list[Failure] = []
        self.cases = 0
        self.stopped = False
        if not callable(function):
            self.failures.append(
                Failure(
                    input="(none)",
                    expected="a function",
                    actual=_format_value(function),
                    hint=f"Pass the function itself, as in {name}(my_function), without calling it.",
                )
            )
            self.stopped = True

    def fail(self, label: str, expected: str, actual: str, hint: str) -> None:
        self.failures.append(Failure(label, expected, actual, hint))

    def call(self, label: str, args: tuple, kwargs: dict, expected_text: str, hint: str):
        """Call the function for one case; return (True, value) or record why it failed."""
        if self.stopped:
            return False, None
        self.cases += 1
        outcome = _call(self.function, args, kwargs)
        if isinstance(outcome.error, NotImplementedError):
            self.fail(label, expected_text, _exception_text(outcome.error), _NOT_IMPLEMENTED_HINT)
            self.stopped = True
            return False, None
        if outcome.error is not None:
            self.fail(label, expected_text, _exception_text(outcome.error), hint)
            return False, None
        if outcome.changed_input:
            self.fail(
                label,
                "the input array left unchanged",
                "the function changed its input array in place",
                "Work on a copy: write `x = x - c` instead of `x -= c`, and do not assign into x.",
            )
            return False, None
        if outcome.warned:
            shown = "; ".join(outcome.warned)
            self.fail(
                label,
                f"{expected_text} with no warning",
                f"{_format_value(outcome.value)}, and numpy warned: {shown}",
                hint,
            )
            return False, None
        return True, outcome.value

    def case(
        self,
        args: tuple,
        expected,
        hint: str,
        *,
        kwargs: dict | None = None,
        label: str | None = None,
        rtol: float = 1e-9,
        atol: float = 0.0,
        dtype=None,
        extract: Callable | None = None,
    ) -> bool:
        """Run one case that compares the function's value with ``expected``.

        ``extract`` turns the returned value into the array to compare, for functions that
        return a result object or a tuple.
        """
        kwargs = kwargs or {}
        label = label or _describe_call(args, kwargs)
        expected = np.asarray(expected)
        ok, value = self.call(label, args, kwargs, _format_array(expected), hint)
        if not ok:
            return False
        if extract is not None:
            value = extract(value)
        difference = _mismatch(value, expected, rtol, atol, dtype)
        if difference is not None:
            self.fail(label, difference[0], difference[1], hint)
            return False
        return True

    def result(self) -> CheckResult:
        result = CheckResult(self.name, not self.failures, list(self.failures), self.cases)
        _append_to_check_log(result)
        return result


def _append_to_check_log(result: CheckResult) -> None:
    """Append the outcome of a check to the file named by COURSE_LIB_CHECK_LOG, if it is set."""
    path = os.environ.get(CHECK_LOG_VARIABLE)
    if not path:
        return
    record = {
        "check": result.name,
        "passed": result.passed,
        "cases": result.cases,
        "failures": len(result.failures),
    }
    # One write of one line per check, so a reader that polls the file between cells reads
    # whole records only.
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(record) + "\n")


def _accepts_keyword(function: Callable, name: str) -> bool:
    """Return whether ``function`` can be called with the keyword argument ``name``."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):  # builtins without a signature
        return False
    return name in parameters or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())


def _reference(module: str, name: str) -> Callable:
    return getattr(importlib.import_module(f"course_lib.{module}"), name)


def _f32(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def _f64(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


# ---------------------------------------------------------------------------------------------
# Chapter 1: threshold units


def check_heaviside(student_heaviside: Callable) -> CheckResult:
    r"""Check a step (Heaviside) function against :func:`course_lib.activations.heaviside`.

    .. math::

        H(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}

    The unit fires when its input reaches the threshold, so :math:`H(0) = 1`. The derivative is 0
    everywhere except at 0, where it does not exist. Range: :math:`\{0, 1\}`.

    ``student_heaviside(x)`` takes an array and returns an array of the same shape. The cases
    cover both sides of 0, 0 and -0.0, the tiniest and the largest numbers on each side, ±inf,
    nan (which stays nan) and a 2-D input.

    Examples
    --------
    >>> import numpy as np
    >>> check_heaviside(lambda x: np.heaviside(x, 1.0))
    check_heaviside: passed all 8 cases.
    >>> print(check_heaviside(lambda x: np.where(x > 0, 1.0, 0.0)).summary())
    check_heaviside: FAILED 4 of 8 cases.
    """
    reference = _reference("activations", "heaviside")
    run = _Run("check_heaviside", student_heaviside)
    at_zero = f"{float(reference(_f64(0.0))):g}"
    kink_hint = (
        f"Look at x = 0: the course convention is H(0) = {at_zero}, because a unit fires when its "
        "input reaches the threshold (use >=, not >)."
    )
    for x, hint in (
        (_f64([-2.0, -0.5, 0.5, 2.0]), "Return 1.0 where x is positive and 0.0 where it is negative."),
        (_f64([0.0]), kink_hint),
        (_f64([-0.0]), "-0.0 compares equal to 0.0, so H(-0.0) = H(0). " + kink_hint),
        (_f64([-5e-324, 5e-324]), "Compare with 0 directly: the smallest subnormal numbers have a sign too."),
        (_f64([-1e300, 1e300]), "Compare with 0 directly; arithmetic on huge numbers can overflow."),
        (_f64([-np.inf, np.inf]), "H(-inf) = 0 and H(inf) = 1; avoid arithmetic such as x / |x| that gives nan."),
        (_f64([np.nan, 1.0]), "nan is not a number, so its step is unknown: keep it nan (a comparison gives False for nan, so put nan back with np.where(np.isnan(x), np.nan, ...))."),
        (_f64([[-1.0, 0.0, 1.0], [3.0, -3.0, 0.0]]), "Work elementwise (np.where or a comparison) so any shape is kept."),
    ):
        run.case((x,), reference(x), hint)
    return run.result()


def _fires(x: np.ndarray, weights: np.ndarray, threshold: float) -> float:
    return 1.0 if float(np.dot(x, weights)) >= threshold else 0.0


def check_mcculloch_pitts(student_unit: Callable) -> CheckResult:
    r"""Check a McCulloch–Pitts threshold unit ``student_unit(x, weights, threshold)``.

    .. math::

        y = H\Big(\sum_i w_i x_i - \theta\Big) =
        \begin{cases} 1 & \sum_i w_i x_i \ge \theta \\ 0 & \text{otherwise} \end{cases}

    The output is 0 or 1; the unit has no useful derivative, which is why learning needs a smooth
    surrogate. ``x`` and ``weights`` are 1-D arrays of equal length and ``threshold`` is a float.
    The cases are AND, OR, an inhibitory input, a three-input majority and inputs that land
    exactly on the threshold.

    Examples
    --------
    >>> import numpy as np
    >>> def unit(x, weights, threshold):
    ...     return 1.0 if np.dot(x, weights) >= threshold else 0.0
    >>> check_mcculloch_pitts(unit)
    check_mcculloch_pitts: passed all 14 cases.
    """
    run = _Run("check_mcculloch_pitts", student_unit)
    binary_pairs = [_f64(pair) for pair in ((0, 0), (0, 1), (1, 0), (1, 1))]
    settings = [
        ("AND", _f64([1.0, 1.0]), 2.0, binary_pairs),
        ("OR", _f64([1.0, 1.0]), 1.0, binary_pairs),
        ("inhibition", _f64([1.0, -1.0]), 1.0, binary_pairs),
        ("majority", _f64([1.0, 1.0, 1.0]), 2.0, [_f64(t) for t in ((1, 1, 0), (1, 0, 0))]),
    ]
    for gate, weights, threshold, inputs in settings:
        for x in inputs:
            expected = _fires(x, weights, threshold)
            on_threshold = float(np.dot(x, weights)) == threshold
            hint = (
                "The weighted sum equals the threshold here, and the unit fires when the sum "
                "reaches it: use >= threshold."
                if on_threshold
                else f"This is the {gate} setting: compute the weighted sum np.dot(x, weights) "
                "and compare it with the threshold; return 0 or 1."
            )
            run.case((x, weights, threshold), expected, hint)
    return run.result()


_GATES = {
    "and": lambda bits: float(all(bits)),
    "or": lambda bits: float(any(bits)),
    "nand": lambda bits: float(not all(bits)),
    "nor": lambda bits: float(not any(bits)),
    "not": lambda bits: float(not bits[0]),
    "xor": lambda bits: float(sum(bits) % 2 == 1),
}


def check_logic_gate(student_gate: Callable, gate: str = "and", n_inputs: int = 2) -> CheckResult:
    r"""Check that ``student_gate(x)`` computes a Boolean gate on every row of its truth table.

    A single threshold unit computes AND, OR, NAND, NOR and NOT, for example
    :math:`\mathrm{AND}(x_1, x_2) = H(x_1 + x_2 - 2)` and :math:`\mathrm{OR}(x_1, x_2) = H(x_1 +
    x_2 - 1)`; XOR needs two layers. ``x`` is a 1-D float array of 0s and 1s; the function returns
    0 or 1 (a bool or a 0-d array is fine).

    Parameters
    ----------
    student_gate : callable
        The student's gate.
    gate : {"and", "or", "nand", "nor", "not", "xor"}
        The gate it should compute.
    n_inputs : int
        Number of inputs; must be 1 for "not".

    Examples
    --------
    >>> import numpy as np
    >>> check_logic_gate(lambda x: float(np.sum(x) >= 2), "and")
    check_logic_gate: passed all 4 cases.
    >>> print(check_logic_gate(lambda x: float(np.sum(x) >= 1), "and").summary())
    check_logic_gate: FAILED 2 of 4 cases.
    """
    if gate not in _GATES:
        raise ValueError(f"gate must be one of {sorted(_GATES)}, got {gate!r}")
    if isinstance(n_inputs, bool) or not isinstance(n_inputs, int) or n_inputs < 1:
        raise ValueError(f"n_inputs must be a positive integer, got {n_inputs!r}")
    if gate == "not" and n_inputs != 1:
        raise ValueError(f"the 'not' gate has one input, got n_inputs={n_inputs}")

    run = _Run("check_logic_gate", student_gate)
    truth = _GATES[gate]
    for row in range(2**n_inputs):
        bits = [(row >> (n_inputs - 1 - i)) & 1 for i in range(n_inputs)]
        expected = truth(bits)
        hint = (
            f"{gate.upper()}({', '.join(map(str, bits))}) = {int(expected)}. Choose weights and a "
            "threshold so that the weighted sum reaches the threshold exactly on the rows where "
            "the gate is 1."
        )
        run.case((_f64(bits),), expected, hint)
    return run.result()


# ---------------------------------------------------------------------------------------------
# Chapter 2: entropy and maximum entropy


def check_entropy(student_entropy: Callable, *, check_base: bool | None = None) -> CheckResult:
    r"""Check ``student_entropy(p)`` (and ``student_entropy(p, base=b)``) against the reference.

    .. math::

        H(p) = -\sum_i p_i \log_b p_i, \qquad 0 \log 0 = 0, \qquad 0 \le H(p) \le \log_b n

    The default is natural logarithms (nats). The cases are a uniform distribution (the maximum
    :math:`\log n`), a certain outcome (:math:`H = 0`, where the naive formula computes
    :math:`0 \cdot (-\infty)` = nan), a zero probability among others, tiny probabilities, and, when
    ``check_base`` is true, base 2 (a fair coin has 1 bit) and base 10. By default
    (``check_base=None``) the base cases run when the function has a parameter named ``base``.

    Examples
    --------
    >>> import numpy as np
    >>> def entropy(p, base=None):
    ...     p = np.asarray(p, dtype=float)
    ...     nonzero = p[p > 0]
    ...     h = -np.sum(nonzero * np.log(nonzero))
    ...     return h / np.log(base) if base is not None else h
    >>> check_entropy(entropy)
    check_entropy: passed all 7 cases.
    """
    reference = _reference("maxent", "entropy")
    run = _Run("check_entropy", student_entropy)
    zero_hint = (
        "By convention 0 * log 0 = 0, but numpy computes 0 * log(0) = 0 * (-inf) = nan. Sum only "
        "over the entries with p > 0 (or use np.where so that log is never taken of 0)."
    )
    cases = [
        (_f64([0.25, 0.25, 0.25, 0.25]), "A uniform distribution over n outcomes has entropy log(n)."),
        (_f64([0.5, 0.3, 0.2]), "H(p) = -sum(p * log(p)) in nats (natural logarithm)."),
        (_f64([1.0, 0.0, 0.0]), zero_hint),
        (_f64([0.5, 0.5, 0.0]), zero_hint),
        (_f64([1e-300, 1.0 - 1e-16, 1e-16]), "Tiny probabilities contribute almost nothing; make sure none gives nan or inf."),
    ]
    for p, hint in cases:
        run.case((p,), reference(p), hint, rtol=1e-9, atol=1e-15)
    if check_base is None:
        check_base = _accepts_keyword(student_entropy, "base")
    if check_base:
        for p, base in ((_f64([0.5, 0.5]), 2), (_f64([0.1] * 10), 10)):
            run.case(
                (p,),
                reference(p, base=base),
                f"In base b the entropy is H / log(b); a fair coin has 1 bit, ten equal outcomes "
                "have 1 digit (base 10).",
                kwargs={"base": base},
                rtol=1e-9,
                atol=1e-15,
            )
    return run.result()


def check_maxent_die(student_solver: Callable) -> CheckResult:
    r"""Check ``student_solver(mean)``: the maximum-entropy distribution of a die with a given mean.

    Among all distributions on the faces :math:`k = 1, \dots, 6` with :math:`\sum_k k\,p_k = \mu`,
    the one with the largest entropy is

    .. math::

        p_k = \frac{e^{\lambda k}}{\sum_{j=1}^{6} e^{\lambda j}},

    with the Lagrange multiplier :math:`\lambda` chosen so that the mean is :math:`\mu`
    (:math:`\lambda = 0` and the uniform distribution for :math:`\mu = 3.5`). The solver returns
    the six probabilities as a 1-D array, or an object whose attribute ``p`` contains them (as
    :func:`course_lib.maxent.maxent_die` does). The cases include means near 1 and 6, where
    :math:`|\lambda|` is large and one probability is tiny.

    Examples
    --------
    >>> from course_lib import maxent
    >>> check_maxent_die(maxent.maxent_die)
    check_maxent_die: passed all 6 cases.
    """
    reference = _reference("maxent", "maxent_die")
    run = _Run("check_maxent_die", student_solver)
    for mean, hint in (
        (3.5, "For mean 3.5 the constraint adds nothing, so the answer is the uniform distribution."),
        (4.5, "Solve for lambda so that sum(k * p_k) equals the mean, with p_k proportional to exp(lambda * k)."),
        (2.0, "A mean below 3.5 needs a negative lambda: low faces get more probability."),
        (5.9, "Near mean 6, lambda is large; check that the probabilities still sum to 1 and give the mean."),
        (1.05, "Near mean 1, lambda is strongly negative and p_6 is tiny: solve for lambda to a tight tolerance (1e-12)."),
        (5.999, "Near mean 6, p_6 is close to 1 and lambda near 7. A root finder that tries large |lambda| overflows in exp(lambda * k) unless p is computed as a softmax of lambda * k shifted by its maximum."),
    ):
        expected = _probabilities_of(reference(mean))
        run.case((mean,), expected, hint, rtol=1e-6, atol=1e-9, extract=_probabilities_of)
    return run.result()


def _probabilities_of(value):
    """Return the probabilities from a solver result: the value itself, or its ``p`` attribute."""
    return getattr(value, "p", value)


def check_maxent_distribution(student_distribution: Callable) -> CheckResult:
    r"""Check ``student_distribution(lam, values)``: the Gibbs form of the maximum-entropy solution.

    .. math::

        p_i = \frac{e^{\lambda v_i}}{\sum_j e^{\lambda v_j}} = \operatorname{softmax}(\lambda v)_i

    ``lam`` is the Lagrange multiplier (a float) and ``values`` a 1-D array of the feature
    values :math:`v_i` (the die faces 1 to 6, say). With :math:`\lambda = 300` the largest term is
    :math:`e^{1800}`, which overflows unless the largest exponent is subtracted first.

    Examples
    --------
    >>> import numpy as np
    >>> def gibbs(lam, values):
    ...     exponents = lam * np.asarray(values, dtype=float)
    ...     weights = np.exp(exponents - exponents.max())
    ...     return weights / weights.sum()
    >>> check_maxent_distribution(gibbs)
    check_maxent_distribution: passed all 5 cases.
    """
    softmax = _reference("activations", "softmax")
    run = _Run("check_maxent_distribution", student_distribution)
    faces = _f64([1, 2, 3, 4, 5, 6])
    for lam, values, hint in (
        (0.0, faces, "With lambda = 0 every value gets the same probability."),
        (0.5, faces, "p_i = exp(lambda * v_i) / sum_j exp(lambda * v_j)."),
        (-1.5, faces, "A negative lambda favours small values; the probabilities still sum to 1."),
        (300.0, faces, "exp(300 * 6) overflows: subtract the largest exponent before np.exp; the ratio does not change."),
        (-300.0, faces, "exp(-300 * 6) underflows to 0 and the sum can become 0: subtract the largest exponent first."),
    ):
        run.case((lam, values), softmax(lam * values), hint, rtol=1e-9, atol=1e-300)
    return run.result()


# ---------------------------------------------------------------------------------------------
# Chapter 3: softmax, sigmoid and their derivatives


_SHIFT_HINT = (
    "exp overflows above about 709 and underflows below about -745. Subtract the maximum along "
    "the axis first: softmax(x - c) = softmax(x) for any constant c."
)
_AXIS_HINT = (
    "Reduce along the `axis` argument with keepdims=True (x.max(axis=axis, keepdims=True), "
    "e.sum(axis=axis, keepdims=True)) so the result broadcasts back against x."
)


def check_softmax(student_softmax: Callable, *, check_dtype: bool = True, check_empty: bool = True) -> CheckResult:
    r"""Check ``student_softmax(x, axis=-1)`` against :func:`course_lib.activations.softmax`.

    .. math::

        \operatorname{softmax}(x)_i = \frac{e^{x_i - c}}{\sum_j e^{x_j - c}}, \qquad
        c = \max_j x_j, \qquad
        \frac{\partial\, \operatorname{softmax}(x)_i}{\partial x_j} = p_i(\delta_{ij} - p_j)

    Outputs lie in :math:`[0, 1]` and sum to 1 along ``axis``. The cases cover ±1000 (overflow
    and underflow without the shift), shift invariance, ``-inf`` entries (masking), axis 0, 1 and
    -1 of non-square arrays, float32 input (dtype kept), integer input and an empty array.
    ``check_dtype=False`` accepts float64 output for float32 input, and ``check_empty=False``
    leaves out the empty array, for exercises that do not ask for them.

    Examples
    --------
    >>> import numpy as np
    >>> def softmax(x, axis=-1):
    ...     x = np.asarray(x)
    ...     if x.size == 0:
    ...         return x.astype(np.result_type(x, 1.0))
    ...     e = np.exp(x - x.max(axis=axis, keepdims=True))
    ...     return e / e.sum(axis=axis, keepdims=True)
    >>> check_softmax(softmax)
    check_softmax: passed all 12 cases.
    >>> naive = lambda x, axis=-1: np.exp(x) / np.exp(x).sum(axis=axis, keepdims=True)
    >>> print(check_softmax(naive).summary())
    check_softmax: FAILED 4 of 12 cases.
    """
    reference = _reference("activations", "softmax")
    run = _Run("check_softmax", student_softmax)
    grid = np.arange(12.0).reshape(3, 4) / 4.0
    for x, kwargs, hint, dtype in (
        (_f64([1.0, 2.0, 3.0]), {}, "softmax(x)_i = exp(x_i) / sum_j exp(x_j).", None),
        (_f64([1000.0, 1000.0]), {}, _SHIFT_HINT, None),
        (_f64([-1000.0, -1000.0]), {}, _SHIFT_HINT, None),
        (_f64([0.0, 1000.0, -1000.0]), {}, _SHIFT_HINT, None),
        (_f64([1001.0, 1002.0, 1003.0]), {}, "Adding 1000 to every input must not change the result. " + _SHIFT_HINT, None),
        (_f64([-np.inf, 0.0, 0.0]), {}, "A -inf logit masks its entry: it gets probability 0 and the others share 1.", None),
        (grid, {"axis": 0}, _AXIS_HINT, None),
        (grid, {"axis": 1}, _AXIS_HINT, None),
        (np.arange(24.0).reshape(2, 3, 4) / 8.0, {"axis": 1}, _AXIS_HINT, None),
        (_f32([1.0, 2.0, 3.0]), {}, "Keep the input's float dtype: float32 in, float32 out (avoid np.asarray(x, dtype=float)).", np.float32),
        (np.array([1, 2, 3]), {}, "Integer input must give the same result as float input.", None),
        (np.zeros(0), {}, "An empty input gives an empty output; np.max of an empty array raises, so return early when x.size == 0.", None),
    ):
        if x.size == 0 and not check_empty:
            continue
        rtol = 1e-5 if x.dtype == np.float32 else 1e-9
        dtype = dtype if check_dtype else None
        run.case((x,), reference(x, **kwargs), hint, kwargs=kwargs, rtol=rtol, atol=1e-300, dtype=dtype)
    return run.result()


def check_log_softmax(student_log_softmax: Callable, *, check_dtype: bool = True) -> CheckResult:
    r"""Check ``student_log_softmax(x, axis=-1)`` against the reference.

    .. math::

        \log \operatorname{softmax}(x)_i = x_i - \operatorname{logsumexp}(x)
        = (x_i - c) - \log \sum_j e^{x_j - c}, \qquad c = \max_j x_j

    Values are :math:`\le 0`; the derivative is :math:`\delta_{ij} - p_j`. Taking ``np.log`` of
    a softmax fails where the softmax underflows to 0: at :math:`x = (1000, 0)` the second entry
    is exactly :math:`-1000`, not :math:`-\infty`. ``check_dtype=False`` accepts float64 output
    for float32 input.

    Examples
    --------
    >>> import numpy as np
    >>> def log_softmax(x, axis=-1):
    ...     shifted = x - np.max(x, axis=axis, keepdims=True)
    ...     return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    >>> check_log_softmax(log_softmax)
    check_log_softmax: passed all 8 cases.
    """
    reference = _reference("activations", "log_softmax")
    run = _Run("check_log_softmax", student_log_softmax)
    log_hint = (
        "log(softmax(x)) gives log(0) = -inf where the softmax underflows. Compute "
        "(x - c) - log(sum(exp(x - c))) with c the maximum along the axis."
    )
    grid = np.arange(12.0).reshape(3, 4) / 4.0
    for x, kwargs, hint, dtype in (
        (_f64([1.0, 2.0, 3.0]), {}, "log_softmax(x) = x - logsumexp(x).", None),
        (_f64([1000.0, 0.0]), {}, log_hint, None),
        (_f64([-1000.0, -1000.0]), {}, _SHIFT_HINT, None),
        (_f64([1001.0, 1002.0, 1003.0]), {}, "Adding a constant to every input must not change the result. " + _SHIFT_HINT, None),
        (grid, {"axis": 0}, _AXIS_HINT, None),
        (grid, {"axis": 1}, _AXIS_HINT, None),
        (np.arange(24.0).reshape(2, 3, 4) / 8.0, {"axis": 1}, _AXIS_HINT, None),
        (_f32([1.0, 2.0, 3.0]), {}, "Keep the input's float dtype: float32 in, float32 out.", np.float32),
    ):
        rtol = 1e-5 if x.dtype == np.float32 else 1e-9
        dtype = dtype if check_dtype else None
        run.case((x,), reference(x, **kwargs), hint, kwargs=kwargs, rtol=rtol, atol=1e-12, dtype=dtype)
    return run.result()


def check_logsumexp(student_logsumexp: Callable) -> CheckResult:
    r"""Check ``student_logsumexp(x, axis=-1)`` against the reference.

    .. math::

        \operatorname{logsumexp}(x) = c + \log \sum_j e^{x_j - c}, \qquad c = \max_j x_j,
        \qquad \frac{\partial}{\partial x_i} \operatorname{logsumexp}(x) = \operatorname{softmax}(x)_i

    The result lies in :math:`[\max_j x_j, \max_j x_j + \log n]`, and the reduced axis is removed.
    The cases are ±1000, all entries ``-inf`` (the shift :math:`x - c` is then ``nan``, and the
    result is ``-inf``), and axes of non-square arrays.

    Examples
    --------
    >>> import numpy as np
    >>> def logsumexp(x, axis=-1):
    ...     c = np.max(x, axis=axis, keepdims=True)
    ...     c = np.where(np.isfinite(c), c, 0.0)
    ...     with np.errstate(divide="ignore"):
    ...         total = np.log(np.sum(np.exp(x - c), axis=axis, keepdims=True))
    ...     return np.squeeze(total + c, axis=axis)
    >>> check_logsumexp(logsumexp)
    check_logsumexp: passed all 8 cases.
    """
    reference = _reference("activations", "logsumexp")
    run = _Run("check_logsumexp", student_logsumexp)
    grid = np.arange(12.0).reshape(3, 4) / 4.0
    reduce_hint = (
        "Reduce along `axis` and drop that axis from the result, as np.sum(x, axis=axis) does. "
        + _SHIFT_HINT.split(". ")[1]
    )
    for x, kwargs, hint in (
        (_f64([1.0, 2.0, 3.0]), {}, "logsumexp(x) = log(sum(exp(x)))."),
        (_f64([1000.0, 1000.0]), {}, "The answer is 1000 + log 2. " + _SHIFT_HINT),
        (_f64([-1000.0, -1000.0]), {}, "The answer is -1000 + log 2, not -inf. " + _SHIFT_HINT),
        (_f64([1000.0, -1000.0]), {}, _SHIFT_HINT),
        (_f64([-np.inf, -np.inf]), {}, "With every entry -inf the sum of exponentials is 0 and the answer is -inf; x - max(x) is nan there, so replace a non-finite maximum by 0 before shifting."),
        (grid, {"axis": 0}, reduce_hint),
        (grid, {"axis": 1}, reduce_hint),
        (np.arange(24.0).reshape(2, 3, 4) / 8.0, {"axis": 1}, reduce_hint),
    ):
        run.case((x,), reference(x, **kwargs), hint, kwargs=kwargs, rtol=1e-9, atol=1e-12)
    return run.result()


def check_sigmoid(student_sigmoid: Callable, *, check_dtype: bool = True) -> CheckResult:
    r"""Check ``student_sigmoid(x)`` against :func:`course_lib.activations.sigmoid` in both tails.

    .. math::

        \sigma(x) = \frac{1}{1 + e^{-x}} = \frac{e^{x}}{1 + e^{x}}, \qquad
        \sigma'(x) = \sigma(x)\,(1 - \sigma(x)), \qquad \sigma(x) \in (0, 1)

    The first form overflows for :math:`x < -709`, the second for :math:`x > 709`; a stable sigmoid
    uses each on its own side. ``np.where`` evaluates both branches on every element, so it
    still overflows (and warns). ``0.5 * (1 + tanh(x / 2))`` never overflows but loses relative
    accuracy in the left tail, so the cases compare values to within :math:`10^{-9}` relative
    error at :math:`x = -30` and :math:`x = -710`, where the true values are about
    :math:`9.4 \times 10^{-14}` and :math:`4.5 \times 10^{-309}`. ``check_dtype=False`` accepts
    float64 output for float32 input.

    Examples
    --------
    >>> import numpy as np
    >>> def sigmoid(x):
    ...     x = np.asarray(x)
    ...     z = np.exp(-np.abs(x))
    ...     return np.where(x >= 0, 1 / (1 + z), z / (1 + z))
    >>> check_sigmoid(sigmoid)
    check_sigmoid: passed all 7 cases.
    >>> print(check_sigmoid(lambda x: 1 / (1 + np.exp(-x))).summary())
    check_sigmoid: FAILED 3 of 7 cases.
    """
    reference = _reference("activations", "sigmoid")
    run = _Run("check_sigmoid", student_sigmoid)
    overflow_hint = (
        "np.exp(-x) overflows for x < -709. Use exp(-|x|), which never overflows: "
        "sigmoid(x) = 1 / (1 + exp(-|x|)) for x >= 0 and exp(-|x|) / (1 + exp(-|x|)) for x < 0. "
        "np.where evaluates both branches, so build them from exp(-|x|) only."
    )
    tail_hint = (
        "The left tail needs full relative accuracy: use exp(x) / (1 + exp(x)) there. "
        "0.5 * (1 + tanh(x / 2)) and 1 - sigmoid(-x) both cancel to a few correct digits or to 0."
    )
    for x, hint, dtype in (
        (_f64([-2.0, -0.5, 0.0, 0.5, 2.0]), "sigmoid(x) = 1 / (1 + exp(-x)); sigmoid(0) = 0.5.", None),
        (_f64([-1000.0, 1000.0]), overflow_hint, None),
        (_f64([-710.0, -100.0]), overflow_hint + " " + tail_hint, None),
        (_f64([-30.0, -20.0, 20.0, 30.0]), tail_hint, None),
        (_f32([-100.0, -1.0, 0.0, 1.0, 100.0]), "float32 overflows already at exp(89). Keep the input's dtype and the stable form.", np.float32),
        (_f64([[-1.0, 0.0], [1.0, 2.0]]), "Work elementwise so any shape is kept.", None),
        (_f64([-np.inf, np.inf]), "sigmoid(-inf) = 0 and sigmoid(inf) = 1, with no nan or warning.", None),
    ):
        rtol = 1e-5 if x.dtype == np.float32 else 1e-9
        dtype = dtype if check_dtype else None
        atol = float(np.finfo(np.float32).tiny) if x.dtype == np.float32 else 0.0
        run.case((x,), reference(x), hint, rtol=rtol, atol=atol, dtype=dtype)
    return run.result()


def check_sigmoid_grad(student_sigmoid_grad: Callable, *, check_dtype: bool = True) -> CheckResult:
    r"""Check ``student_sigmoid_grad(x)``, the derivative of the sigmoid, against the reference.

    .. math::

        \sigma'(x) = \sigma(x)\,(1 - \sigma(x)) = \sigma(x)\,\sigma(-x), \qquad
        0 < \sigma'(x) \le \sigma'(0) = \tfrac14

    The cases are the maximum 1/4 at 0, symmetric points (the derivative is even), ±1000 (no
    overflow warning allowed) and float32 input. Values are compared with an absolute tolerance of
    :math:`10^{-12}` (the scale of the function is 1/4). ``check_dtype=False`` accepts float64
    output for float32 input.

    Examples
    --------
    >>> import numpy as np
    >>> def sigmoid_grad(x):
    ...     z = np.exp(-np.abs(x))
    ...     return z / (1 + z) ** 2
    >>> check_sigmoid_grad(sigmoid_grad)
    check_sigmoid_grad: passed all 5 cases.
    >>> print(check_sigmoid_grad(lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2).summary())
    check_sigmoid_grad: FAILED 2 of 5 cases.
    """
    reference = _reference("activations", "sigmoid_grad")
    run = _Run("check_sigmoid_grad", student_sigmoid_grad)
    formula_hint = "sigma'(x) = sigma(x) * (1 - sigma(x)); it is 0.25 at x = 0 and even in x."
    overflow_hint = (
        "At |x| = 1000 the derivative is 0 and nothing may overflow: build it from a stable "
        "sigmoid, e.g. sigmoid(x) * sigmoid(-x), or from exp(-|x|) / (1 + exp(-|x|))**2."
    )
    for x, hint, dtype in (
        (_f64([0.0]), formula_hint, None),
        (_f64([-3.0, -1.0, 1.0, 3.0]), formula_hint, None),
        (_f64([-1000.0, -50.0, 50.0, 1000.0]), overflow_hint, None),
        (_f32([-100.0, 0.0, 100.0]), "Keep float32 input in float32, and avoid exp overflow (float32 overflows at exp(89)).", np.float32),
        (_f64([[-2.0, 0.0], [2.0, 4.0]]), "Work elementwise so any shape is kept.", None),
    ):
        rtol = 1e-5 if x.dtype == np.float32 else 1e-7
        dtype = dtype if check_dtype else None
        run.case((x,), reference(x), hint, rtol=rtol, atol=1e-12, dtype=dtype)
    return run.result()


def check_softmax_jacobian(student_jacobian: Callable, *, from_probabilities: bool = False) -> CheckResult:
    r"""Check ``student_jacobian(x)``: the Jacobian of the softmax of a 1-D vector of logits.

    .. math::

        J_{ij} = \frac{\partial p_i}{\partial x_j} = p_i (\delta_{ij} - p_j), \qquad
        J = \operatorname{diag}(p) - p\,p^{\top}, \qquad p = \operatorname{softmax}(x)

    :math:`J` is symmetric, its rows and columns sum to 0, and its entries lie in
    :math:`[-1/4, 1/4]`. The cases include logits of ±1000 (the softmax inside needs the shift), a
    constant shift, and a single logit (:math:`J = [[0]]`). With ``from_probabilities=True`` the
    function receives :math:`p` instead of the logits, as
    :func:`course_lib.activations.softmax_jacobian` does.

    Examples
    --------
    >>> import numpy as np
    >>> def jacobian(x):
    ...     e = np.exp(x - np.max(x))
    ...     p = e / e.sum()
    ...     return np.diag(p) - np.outer(p, p)
    >>> check_softmax_jacobian(jacobian)
    check_softmax_jacobian: passed all 6 cases.
    """
    reference = _reference("activations", "softmax_jacobian")
    softmax = _reference("activations", "softmax")
    run = _Run("check_softmax_jacobian", student_jacobian)
    formula_hint = (
        "J = diag(p) - outer(p, p) with p = softmax(x): the diagonal is p_i (1 - p_i) and the "
        "off-diagonal entries are -p_i p_j."
    )
    for x, hint in (
        (_f64([1.0, 2.0, 3.0]), formula_hint),
        (_f64([0.0, 0.0, 0.0, 0.0]), formula_hint + " For 4 equal logits p_i = 1/4."),
        (_f64([0.5, -1.0]), formula_hint),
        (_f64([1000.0, 1000.0]), "Compute p with a shifted softmax; exp(1000) overflows. " + formula_hint),
        (_f64([1001.0, 1002.0, 1003.0]), "Adding a constant to the logits must not change J. " + _SHIFT_HINT),
        (_f64([5.0]), "One logit gives p = [1], so J = [[1 - 1]] = [[0.0]] with shape (1, 1)."),
    ):
        p = softmax(x)
        argument = p if from_probabilities else x
        if from_probabilities and "shift" in hint.lower():
            hint = formula_hint
        run.case((argument,), reference(p), hint, rtol=1e-7, atol=1e-12)
    return run.result()


def check_cross_entropy_grad(
    student_grad: Callable,
    *,
    targets: str = "one-hot",
    reduction: str = "sum",
    check_dtype: bool = True,
) -> CheckResult:
    r"""Check ``student_grad(logits, y)``: the gradient of softmax cross-entropy with respect to the logits.

    .. math::

        L(z) = -\sum_i y_i \log \operatorname{softmax}(z)_i, \qquad
        \frac{\partial L}{\partial z} = \operatorname{softmax}(z) - y

    Entries of the gradient lie in :math:`[-1, 1]`. The rows of a batch of logits of shape
    ``(n, k)`` are independent examples.

    Parameters
    ----------
    student_grad : callable
        The student's function ``student_grad(logits, y)``.
    targets : {"one-hot", "labels"}
        With "one-hot", ``y`` is a one-hot (or any probability) vector of the shape of
        ``logits``, and the cases include single examples of shape ``(k,)``. With "labels",
        ``y`` contains integer class labels of shape ``(n,)`` and every case is a batch.
    reduction : {"sum", "mean"}
        Whether the loss is summed over the batch (each row of the gradient is :math:`p - y`) or
        averaged (each row is :math:`(p - y)/n`).
    check_dtype : bool
        Whether float32 logits must give a float32 gradient.

    Examples
    --------
    >>> import numpy as np
    >>> def grad(logits, y):
    ...     e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    ...     return e / e.sum(axis=-1, keepdims=True) - y
    >>> check_cross_entropy_grad(grad)
    check_cross_entropy_grad: passed all 6 cases.
    >>> def mean_grad(z, labels):
    ...     e = np.exp(z - z.max(axis=1, keepdims=True))
    ...     p = e / e.sum(axis=1, keepdims=True)
    ...     p[np.arange(len(labels)), labels] -= 1.0
    ...     return p / len(labels)
    >>> check_cross_entropy_grad(mean_grad, targets="labels", reduction="mean")
    check_cross_entropy_grad: passed all 5 cases.
    """
    if targets not in ("one-hot", "labels"):
        raise ValueError(f"targets must be 'one-hot' or 'labels', got {targets!r}")
    if reduction not in ("sum", "mean"):
        raise ValueError(f"reduction must be 'sum' or 'mean', got {reduction!r}")
    softmax = _reference("activations", "softmax")
    run = _Run("check_cross_entropy_grad", student_grad)
    formula_hint = "The gradient of the cross-entropy with respect to the logits is softmax(z) - y"
    formula_hint += " (divided by the batch size n for the mean loss)." if reduction == "mean" else "."
    if targets == "labels":
        formula_hint += " Here y holds class labels: subtract 1 at [row, label]."
    batch = np.arange(12.0).reshape(4, 3) / 3.0 - 1.5
    batch_labels = np.array([0, 2, 1, 2])
    cases = [
        (batch, batch_labels, "Each row is one example: take the softmax along the last axis (keepdims=True). " + formula_hint),
        (_f64([[1000.0, 0.0, -1000.0], [-1000.0, 0.0, 1000.0]]), np.array([1, 0]), "Use a shifted softmax: exp(1000) overflows. " + formula_hint),
        (_f64([[1.0, 2.0, 3.0]]), np.array([2]), formula_hint),
        (np.zeros((5, 2)), np.array([0, 1, 1, 0, 1]), formula_hint),
        (_f32([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]), np.array([1, 2]), "Keep float32 input in float32."),
    ]
    if targets == "one-hot":
        cases = [
            (_f64([1.0, 2.0, 3.0]), 2, formula_hint),
            (_f64([0.0, 0.0]), _f64([0.3, 0.7]), formula_hint + " It holds for soft labels too."),
            (_f64([1000.0, 0.0, -1000.0]), 1, "Use a shifted softmax: exp(1000) overflows. " + formula_hint),
        ] + [cases[0], cases[1], cases[4]]
    for logits, labels, hint in cases:
        n_classes = logits.shape[-1]
        if isinstance(labels, np.ndarray) and labels.dtype.kind == "f":
            onehot = labels
        else:
            onehot = np.eye(n_classes, dtype=logits.dtype)[labels]
        expected = softmax(logits.astype(np.float64), axis=-1) - onehot
        if reduction == "mean" and logits.ndim == 2:
            expected = expected / logits.shape[0]
        y = onehot if targets == "one-hot" else labels
        dtype = np.float32 if (check_dtype and logits.dtype == np.float32) else None
        run.case((logits, y), expected, hint, rtol=1e-6, atol=1e-7, dtype=dtype)
    return run.result()


# ---------------------------------------------------------------------------------------------
# Chapter 4: gradients through depth


def _chain_forward(x: float, weights: np.ndarray, biases: np.ndarray, activation) -> tuple[float, float]:
    """Return h_L and dh_L/dx of a scalar chain, in float64."""
    h = float(x)
    product = 1.0
    for w, b in zip(weights, biases):
        z = w * h + b
        product *= w * float(activation.derivative(_f64(z)))
        h = float(activation.function(_f64(z)))
    return h, product


def check_chain_gradient(student_chain_gradient: Callable, activation: str = "sigmoid") -> CheckResult:
    r"""Check ``student_chain_gradient(x, weights, biases)``: the derivative through a chain of units.

    A chain of :math:`L` scalar units :math:`h_0 = x`, :math:`z_l = w_l h_{l-1} + b_l`,
    :math:`h_l = \varphi(z_l)` has

    .. math::

        \frac{\partial h_L}{\partial x} = \prod_{l=1}^{L} w_l\, \varphi'(z_l), \qquad
        \Big|\frac{\partial h_L}{\partial x}\Big| \le \prod_{l=1}^{L} |w_l| \max \varphi'

    which for the sigmoid (:math:`\max \sigma' = 1/4`) shrinks like :math:`4^{-L}` when
    :math:`|w_l| \le 1`. ``weights`` and ``biases`` are 1-D arrays of length :math:`L`, ``x`` a
    float. The function returns the derivative, or the pair :math:`(h_L, \partial h_L / \partial
    x)`, in which case both are compared. The cases include an empty chain (derivative 1), a
    depth of 30 (values near :math:`10^{-19}`, compared in relative terms) and saturating weights.

    Parameters
    ----------
    student_chain_gradient : callable
        The student's function.
    activation : str
        Name of the activation :math:`\varphi` in :data:`course_lib.activations.ACTIVATIONS`.

    Examples
    --------
    >>> import numpy as np
    >>> from course_lib.activations import sigmoid, sigmoid_grad
    >>> def chain_gradient(x, weights, biases):
    ...     h, product = x, 1.0
    ...     for w, b in zip(weights, biases):
    ...         z = w * h + b
    ...         product *= w * sigmoid_grad(z)
    ...         h = sigmoid(z)
    ...     return h, product
    >>> check_chain_gradient(chain_gradient)
    check_chain_gradient: passed all 6 cases.
    """
    unit = _reference("activations", "get_activation")(activation)
    run = _Run("check_chain_gradient", student_chain_gradient)
    rng = np.random.default_rng(4)
    chain_hint = (
        "Walk forward through the chain: z = w * h + b, multiply the running product by "
        f"w * {activation}'(z), then set h = {activation}(z). Use z, not h, in the derivative."
    )
    # The saturated chain's derivative is about 1e-60; any value within 1e-12 of it (0 included)
    # passes, because the lesson there is that it vanishes, not its digits.
    for x, weights, biases, atol, hint in (
        (0.0, _f64([1.0]), _f64([0.0]), 1e-300, chain_hint),
        (0.5, _f64([2.0, -1.0]), _f64([0.1, 0.3]), 1e-300, chain_hint),
        (0.3, rng.normal(size=5), rng.normal(size=5), 1e-300, chain_hint),
        (0.2, _f64(np.ones(30)), _f64(np.zeros(30)), 1e-300, "The product of 30 small factors is tiny but not 0; keep it as a float product. " + chain_hint),
        (1.0, _f64([50.0, 50.0, 50.0]), _f64([0.0, 0.0, 0.0]), 1e-12, "Large weights saturate the units and the derivative almost vanishes. " + chain_hint),
        (0.7, _f64([]), _f64([]), 1e-300, "A chain of no layers is the identity, so its derivative is 1."),
    ):
        h_last, derivative = _chain_forward(x, weights, biases, unit)
        label = _describe_call((x, weights, biases), {})
        ok, value = run.call(label, (x, weights, biases), {}, _format_float(derivative), hint)
        if not ok:
            continue
        if isinstance(value, (tuple, list)) and len(value) == 2:
            expected, value = _f64([h_last, derivative]), _pair_or_object(value)
        else:
            expected = _f64(derivative)
        difference = _mismatch(value, expected, 1e-7, atol, None)
        if difference is not None:
            run.fail(label, difference[0], difference[1], hint)
    return run.result()


def _pair_or_object(value):
    """Return a returned pair as a float array, or unchanged when numpy cannot convert it."""
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return value


# ---------------------------------------------------------------------------------------------
# Chapter 5: the ReLU family


def check_relu(student_relu: Callable) -> CheckResult:
    r"""Check ``student_relu(x)`` against :func:`course_lib.activations.relu`.

    .. math::

        \operatorname{relu}(x) = \max(x, 0), \qquad
        \operatorname{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}, \qquad
        \text{range } [0, \infty)

    The cases include ±inf (``x * (x > 0)`` gives ``-inf * 0 = nan`` there), float32 input and a
    2-D array.

    Examples
    --------
    >>> import numpy as np
    >>> check_relu(lambda x: np.maximum(x, 0))
    check_relu: passed all 4 cases.
    >>> print(check_relu(lambda x: x * (x > 0)).summary())
    check_relu: FAILED 1 of 4 cases.
    """
    reference = _reference("activations", "relu")
    run = _Run("check_relu", student_relu)
    for x, hint, dtype in (
        (_f64([-2.0, -0.5, 0.0, 0.5, 2.0]), "relu(x) = max(x, 0), elementwise (np.maximum, not max).", None),
        (_f64([-np.inf, np.inf]), "relu(-inf) = 0; x * (x > 0) computes -inf * 0 = nan. Use np.maximum(x, 0).", None),
        (_f32([-1.0, 0.0, 1.0]), "Keep the input's dtype: np.maximum(x, 0) returns float32 for float32 input.", np.float32),
        (_f64([[-1.0, 2.0], [3.0, -4.0]]), "Work elementwise so any shape is kept.", None),
    ):
        run.case((x,), reference(x), hint, dtype=dtype)
    return run.result()


def check_relu_grad(student_relu_grad: Callable) -> CheckResult:
    r"""Check ``student_relu_grad(x)`` against :func:`course_lib.activations.relu_grad`.

    .. math::

        \operatorname{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}

    ReLU has no derivative at 0; the course uses 0 there, as PyTorch and JAX do. The result has
    the input's float dtype (not ``bool``).

    Examples
    --------
    >>> import numpy as np
    >>> check_relu_grad(lambda x: (x > 0).astype(x.dtype))
    check_relu_grad: passed all 4 cases.
    >>> print(check_relu_grad(lambda x: (x >= 0).astype(x.dtype)))
    check_relu_grad: FAILED 1 of 4 cases.
      input:    [0.0]
      expected: [0.0]
      actual:   [1.0]
      hint:     At x = 0 the course uses relu'(0) = 0, as PyTorch does: test x > 0, not x >= 0.
    """
    reference = _reference("activations", "relu_grad")
    run = _Run("check_relu_grad", student_relu_grad)
    at_zero = f"{float(reference(_f64([0.0]))[0]):g}"
    for x, hint, dtype in (
        (_f64([-2.0, -0.5, 0.5, 2.0]), "relu'(x) is 1 for x > 0 and 0 for x < 0.", None),
        (_f64([0.0]), f"At x = 0 the course uses relu'(0) = {at_zero}, as PyTorch does: test x > 0, not x >= 0.", None),
        (_f32([-1.0, 1e-30, 1.0]), "Return the input's float dtype, not bool: (x > 0).astype(x.dtype).", np.float32),
        (_f64([[-1.0, 2.0], [3.0, -4.0]]), "Work elementwise so any shape is kept.", None),
    ):
        run.case((x,), reference(x), hint, dtype=dtype)
    return run.result()


def check_leaky_relu(student_leaky_relu: Callable, negative_slope: float = 0.01) -> CheckResult:
    r"""Check ``student_leaky_relu(x, negative_slope)`` against the reference.

    .. math::

        \operatorname{leaky\_relu}(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases},
        \qquad \text{derivative } 1 \text{ or } a, \qquad \text{range } (-\infty, \infty)
        \text{ for } a > 0

    The slope :math:`a` is passed as the second positional argument. The cases use the given
    ``negative_slope`` and also :math:`a = 0.2` and :math:`a = 0` (plain ReLU), ±inf and float32.

    Examples
    --------
    >>> import numpy as np
    >>> check_leaky_relu(lambda x, a=0.01: np.where(x > 0, x, a * x))
    check_leaky_relu: passed all 5 cases.
    """
    reference = _reference("activations", "leaky_relu")
    run = _Run("check_leaky_relu", student_leaky_relu)
    slope_hint = "leaky_relu(x) = x for x > 0 and a * x for x <= 0, with a the second argument."
    for x, slope, hint, dtype in (
        (_f64([-2.0, -0.5, 0.0, 0.5, 2.0]), negative_slope, slope_hint, None),
        (_f64([-2.0, -0.5, 0.0, 0.5, 2.0]), 0.2, "Use the slope that is passed in, not a fixed 0.01. " + slope_hint, None),
        (_f64([-3.0, 3.0]), 0.0, "With a = 0 this is plain ReLU. " + slope_hint, None),
        (_f64([-np.inf, np.inf]), negative_slope, "leaky_relu(-inf) = -inf for a > 0; do not multiply by a boolean mask (-inf * 0 = nan).", None),
        (_f32([-1.0, 0.0, 1.0]), negative_slope, "Keep the input's dtype: float32 in, float32 out.", np.float32),
    ):
        rtol = 1e-6 if dtype == np.float32 else 1e-12
        run.case((x, slope), reference(x, slope), hint, rtol=rtol, dtype=dtype)
    return run.result()


def check_leaky_relu_grad(student_leaky_relu_grad: Callable, negative_slope: float = 0.01) -> CheckResult:
    r"""Check ``student_leaky_relu_grad(x, negative_slope)`` against the reference.

    .. math::

        \operatorname{leaky\_relu}'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}

    At the kink :math:`x = 0` the course uses the slope :math:`a`, as PyTorch does.

    Examples
    --------
    >>> import numpy as np
    >>> check_leaky_relu_grad(lambda x, a=0.01: np.where(x > 0, 1.0, a).astype(x.dtype))
    check_leaky_relu_grad: passed all 4 cases.
    """
    reference = _reference("activations", "leaky_relu_grad")
    run = _Run("check_leaky_relu_grad", student_leaky_relu_grad)
    at_zero = f"{float(reference(_f64([0.0]), 0.2)[0]):g}"
    for x, slope, hint, dtype in (
        (_f64([-2.0, -0.5, 0.5, 2.0]), negative_slope, "The derivative is 1 for x > 0 and a for x < 0.", None),
        (_f64([-2.0, 0.0, 2.0]), 0.2, f"At x = 0 the course uses the left slope (here {at_zero}), as PyTorch does: test x > 0.", None),
        (_f32([-1.0, 1.0]), negative_slope, "Keep the input's dtype: float32 in, float32 out.", np.float32),
        (_f64([[-1.0, 2.0], [3.0, -4.0]]), 0.1, "Work elementwise so any shape is kept.", None),
    ):
        rtol = 1e-6 if dtype == np.float32 else 1e-12
        run.case((x, slope), reference(x, slope), hint, rtol=rtol, dtype=dtype)
    return run.result()


_ELU_OVERFLOW_HINT = (
    "np.where evaluates both branches everywhere, so exp(1000) overflows in the branch you do "
    "not use. Take exp only of min(x, 0), e.g. alpha * np.expm1(np.minimum(x, 0))."
)


def check_elu(student_elu: Callable, alpha: float = 1.0) -> CheckResult:
    r"""Check ``student_elu(x, alpha)`` against :func:`course_lib.activations.elu`.

    .. math::

        \operatorname{elu}(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases},
        \qquad \text{range } (-\alpha, \infty)

    The cases are ±1000 (no overflow warning from the unused branch), :math:`x = -10^{-10}`, where
    ``exp(x) - 1`` keeps only 7 correct digits and ``np.expm1`` is exact, another
    :math:`\alpha`, and float32.

    Examples
    --------
    >>> import numpy as np
    >>> check_elu(lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))))
    check_elu: passed all 6 cases.
    """
    reference = _reference("activations", "elu")
    run = _Run("check_elu", student_elu)
    formula_hint = "elu(x) = x for x > 0 and alpha * (exp(x) - 1) for x <= 0."
    for x, a, hint, dtype in (
        (_f64([-2.0, -0.5, 0.0, 0.5, 2.0]), alpha, formula_hint, None),
        (_f64([-2.0, -0.5, 0.5, 2.0]), 0.5, "Use the alpha that is passed in. " + formula_hint, None),
        (_f64([-1000.0, 1000.0]), alpha, _ELU_OVERFLOW_HINT, None),
        (_f64([-1e-10]), alpha, "exp(x) - 1 cancels for x near 0 (only about 7 correct digits at -1e-10); np.expm1(x) computes it exactly.", None),
        (_f32([-1.0, 0.0, 1.0]), alpha, "Keep the input's dtype: float32 in, float32 out.", np.float32),
        (_f64([[-1.0, 2.0], [3.0, -4.0]]), alpha, "Work elementwise so any shape is kept.", None),
    ):
        rtol = 1e-6 if dtype == np.float32 else 1e-12
        run.case((x, a), reference(x, a), hint, rtol=rtol, dtype=dtype)
    return run.result()


def check_elu_grad(student_elu_grad: Callable, alpha: float = 1.0) -> CheckResult:
    r"""Check ``student_elu_grad(x, alpha)`` against :func:`course_lib.activations.elu_grad`.

    .. math::

        \operatorname{elu}'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}

    At :math:`x = 0` the course uses the left branch :math:`\alpha e^0 = \alpha`, as PyTorch does
    (for :math:`\alpha = 1` both branches agree, so one case uses :math:`\alpha = 0.5`).

    Examples
    --------
    >>> import numpy as np
    >>> check_elu_grad(lambda x, alpha=1.0: np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0))))
    check_elu_grad: passed all 5 cases.
    """
    reference = _reference("activations", "elu_grad")
    run = _Run("check_elu_grad", student_elu_grad)
    at_zero = f"{float(reference(_f64([0.0]), 0.5)[0]):g}"
    formula_hint = "elu'(x) = 1 for x > 0 and alpha * exp(x) for x <= 0."
    for x, a, hint, dtype in (
        (_f64([-2.0, -0.5, 0.5, 2.0]), alpha, formula_hint, None),
        (_f64([0.0]), 0.5, f"At x = 0 the course uses the left branch, alpha * exp(0) = {at_zero} for alpha = 0.5: test x > 0, not x >= 0.", None),
        (_f64([-1000.0, 1000.0]), alpha, _ELU_OVERFLOW_HINT.replace("np.expm1", "np.exp"), None),
        (_f32([-1.0, 1.0]), alpha, "Keep the input's dtype: float32 in, float32 out.", np.float32),
        (_f64([[-1.0, 2.0], [3.0, -4.0]]), 2.0, "Work elementwise so any shape is kept. " + formula_hint, None),
    ):
        rtol = 1e-6 if dtype == np.float32 else 1e-12
        run.case((x, a), reference(x, a), hint, rtol=rtol, dtype=dtype)
    return run.result()


def _dead_fraction(pre_activations: np.ndarray) -> float:
    return float(np.mean(np.all(pre_activations <= 0, axis=0)))


def check_dead_fraction(student_dead_fraction: Callable) -> CheckResult:
    r"""Check ``student_dead_fraction(pre_activations)``: the fraction of dead ReLU units.

    ``pre_activations`` has shape ``(n_samples, n_units)``: row :math:`s` contains the inputs
    :math:`z_{s,u}` of the units for sample :math:`s`. A unit is dead when it is inactive on every
    sample, because then both its output and its gradient (with :math:`\operatorname{relu}'(0) =
    0`) are zero and it cannot recover:

    .. math::

        \text{dead fraction} = \frac{1}{U} \sum_{u=1}^{U} \mathbb{1}\Big[\max_s z_{s,u} \le 0\Big]
        \in [0, 1]

    The cases include a unit stuck at exactly 0 (dead), a unit active on one sample only (alive),
    and non-square arrays (a reduction over the wrong axis gives another number).

    Examples
    --------
    >>> import numpy as np
    >>> check_dead_fraction(lambda z: np.mean(np.all(z <= 0, axis=0)))
    check_dead_fraction: passed all 5 cases.
    """
    run = _Run("check_dead_fraction", student_dead_fraction)
    axis_hint = (
        "A unit is a column: it is dead when its pre-activation is <= 0 in every row (sample). "
        "Reduce over axis 0, then average over the units."
    )
    mixed = _f64(
        [
            [-1.0, 0.0, 2.0, -3.0, 0.5],
            [-2.0, 0.0, 1.0, 0.1, -0.5],
            [-0.5, 0.0, 3.0, -1.0, -2.0],
        ]
    )
    rng = np.random.default_rng(5)
    wide = rng.normal(size=(4, 10)) - np.linspace(-1.0, 3.0, 10)
    for z, hint in (
        (mixed, "Column 2 (always 0) is dead, since relu'(0) = 0; column 4 is alive because it is positive once. " + axis_hint),
        (mixed.T.copy(), axis_hint),
        (wide, axis_hint),
        (-np.ones((3, 4)), "Every unit is negative on every sample: the fraction is 1.0 (a fraction, not a count)."),
        (np.ones((2, 6)), "No unit is dead: the fraction is 0.0."),
    ):
        run.case((z,), _dead_fraction(z), hint, rtol=1e-12)
    return run.result()


# ---------------------------------------------------------------------------------------------
# Chapter 6: the lab


def check_lab_activation(student_activation: Callable, student_grad: Callable | None = None) -> CheckResult:
    r"""Check an activation designed in the lab before it is scored.

    The function must map a float array to a finite float array of the same shape, also at ±1000
    and for float32 input. It must not be constant, because a zero derivative everywhere lets no
    gradient through. When ``student_grad`` is given, it must agree with the central difference

    .. math::

        f'(x) \approx \frac{f(x + h) - f(x - h)}{2h}, \qquad h = \epsilon^{1/3} \max(1, |x|)

    on the 241 points of :func:`course_lib.lab.derivative_grid` (which avoid 0 and the integers,
    where kinks usually sit) to within :math:`10^{-4}(1 + |f'(x)|)`.

    Examples
    --------
    >>> import numpy as np
    >>> def swish(x):
    ...     return x / (1 + np.exp(-np.clip(x, -500, 500)))
    >>> check_lab_activation(swish)
    check_lab_activation: passed all 4 cases.
    >>> print(check_lab_activation(swish, lambda x: np.ones_like(x)).summary())
    check_lab_activation: FAILED 1 of 5 cases.
    """
    from course_lib import lab

    run = _Run("check_lab_activation", student_activation)
    shape_hint = "The activation works elementwise: it takes an array and returns an array of the same shape."
    range_hint = "Pre-activations can be large; keep every operation in range (for example clip x before exp)."
    grid_hint = "The activation must be finite on [-6, 6]."
    float32_hint = "Make the function accept float32 arrays."

    label = "x = 2-D array of shape (3, 4)"
    x = np.linspace(-3.0, 3.0, 12).reshape(3, 4)
    ok, values = run.call(label, (x,), {}, "an array of shape (3, 4)", shape_hint)
    if ok and not _finite_of_shape(values, (3, 4)):
        run.fail(label, "finite values of shape (3, 4)", _format_value(values), shape_hint)

    label = "x = [-1000.0, -100.0, 100.0, 1000.0]"
    ok, values = run.call(label, (_f64([-1000.0, -100.0, 100.0, 1000.0]),), {}, "finite values", range_hint)
    if ok and not _finite_of_shape(values, (4,)):
        run.fail(label, "4 finite values", _format_value(values), range_hint)

    label = "x = 241 points of [-6, 6]"
    grid = lab.derivative_grid()
    ok, values = run.call(label, (grid,), {}, "finite values", grid_hint)
    if ok and not _finite_of_shape(values, grid.shape):
        run.fail(label, "241 finite values", _format_value(values), grid_hint)
    elif ok and not np.any(np.abs(lab.finite_difference_grad(student_activation, grid)) > 1e-6):
        run.fail(
            label,
            "a derivative that is nonzero somewhere",
            "f'(x) = 0 on the whole grid",
            "A constant or step-like function passes no gradient back, so the network cannot learn.",
        )

    if student_grad is not None and not run.stopped:
        label = "f_grad on 241 points of [-6, 6]"
        grad_run = _Run("check_lab_activation", student_grad)
        ok, values = grad_run.call(
            label, (grid,), {}, "finite derivative values",
            "f_grad takes an array and returns an array of the same shape.",
        )
        run.cases += grad_run.cases
        run.failures.extend(grad_run.failures)
        if ok:
            mismatch = lab.compare_with_finite_differences(student_activation, values, grid)
            if mismatch is not None:
                run.fail(label, mismatch.expected, mismatch.actual, mismatch.hint)

    label = "x = [-2.0, 0.5, 3.0] (float32)"
    ok, values = run.call(label, (_f32([-2.0, 0.5, 3.0]),), {}, "a float array", float32_hint)
    if ok and not _finite_of_shape(values, (3,)):
        run.fail(label, "3 finite values", _format_value(values), float32_hint)
    return run.result()


def _finite_of_shape(values, shape) -> bool:
    """Return whether ``values`` converts to a finite numeric array of the given shape."""
    try:
        array = np.asarray(values)
    except Exception:  # an object numpy cannot convert
        return False
    if array.shape != shape or array.dtype.kind not in "biuf":
        return False
    return bool(np.all(np.isfinite(array.astype(np.float64))))
