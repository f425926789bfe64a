"""Tests of course_lib.checks: right answers pass, typical mistakes fail with a useful report.

Every "correct" function below is written here, independently of course_lib.activations, and
every "wrong" one is a mistake students make: the naive formula that overflows, a missing shift,
the wrong axis, the wrong value at a kink, a function that raises.
"""

import json
import math
import warnings

import mpmath
import numpy as np
import pytest

from course_lib import activations, checks, maxent

mpmath.mp.dps = 50


# ---------------------------------------------------------------------------------------------
# Correct student answers


def good_heaviside(x):
    x = np.asarray(x, dtype=float)
    return np.where(np.isnan(x), np.nan, (x >= 0).astype(float))


def good_softmax(x, axis=-1):
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    if x.size == 0:
        return x.copy()
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def good_log_softmax(x, axis=-1):
    x = np.asarray(x)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def good_logsumexp(x, axis=-1):
    x = np.asarray(x, dtype=float)
    top = np.max(x, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    total = np.sum(np.exp(x - top), axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):
        return np.squeeze(np.log(total) + top, axis=axis)


def good_sigmoid(x):
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


def good_sigmoid_grad(x):
    return good_sigmoid(x) * good_sigmoid(-np.asarray(x))


def good_entropy(p, base=None):
    p = np.asarray(p, dtype=float)
    positive = p[p > 0]
    h = -np.sum(positive * np.log(positive))
    return h if base is None else h / np.log(base)


def good_jacobian(x):
    p = good_softmax(np.asarray(x, dtype=float))
    return np.diag(p) - np.outer(p, p)


def good_ce_grad(logits, y):
    return good_softmax(logits, axis=-1) - y


def good_relu(x):
    return np.maximum(x, 0)


def good_relu_grad(x):
    return (x > 0).astype(x.dtype)


def good_leaky_relu(x, a=0.01):
    return np.where(x > 0, x, a * x).astype(x.dtype)


def good_leaky_relu_grad(x, a=0.01):
    return np.where(x > 0, 1.0, a).astype(x.dtype)


def good_elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))).astype(x.dtype)


def good_elu_grad(x, alpha=1.0):
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0))).astype(x.dtype)


def good_dead_fraction(z):
    return float(np.mean(np.max(z, axis=0) <= 0))


def good_chain_gradient(x, weights, biases):
    h, product = x, 1.0
    for w, b in zip(weights, biases):
        z = w * h + b
        s = 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
        product *= w * s * (1 - s)
        h = s
    return product


def good_maxent_distribution(lam, values):
    exponents = lam * np.asarray(values, dtype=float)
    weights = np.exp(exponents - exponents.max())
    return weights / weights.sum()


def good_maxent_die(mean):
    from scipy.optimize import brentq

    faces = np.arange(1.0, 7.0)
    gap = lambda lam: good_maxent_distribution(lam, faces) @ faces - mean
    return good_maxent_distribution(brentq(gap, -50.0, 50.0, xtol=1e-14), faces)


def good_unit(x, weights, threshold):
    return float(np.dot(x, weights) >= threshold)


def softplus_lab(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def softplus_lab_grad(x):
    return good_sigmoid(x)


# ---------------------------------------------------------------------------------------------
# Every check passes right answers


PASSING = [
    (checks.check_heaviside, good_heaviside, {}),
    (checks.check_heaviside, activations.heaviside, {}),
    (checks.check_mcculloch_pitts, good_unit, {}),
    (checks.check_logic_gate, lambda x: float(x @ np.ones(2) >= 1.5), {"gate": "and"}),
    (checks.check_logic_gate, lambda x: float(x @ np.ones(2) >= 0.5), {"gate": "or"}),
    (checks.check_logic_gate, lambda x: float(-x[0] >= -0.5), {"gate": "not", "n_inputs": 1}),
    (checks.check_logic_gate, lambda x: float(np.sum(x) == 1), {"gate": "xor"}),
    (checks.check_entropy, good_entropy, {}),
    (checks.check_entropy, lambda p: good_entropy(p), {}),
    (checks.check_entropy, maxent.entropy, {}),
    (checks.check_maxent_die, good_maxent_die, {}),
    (checks.check_maxent_die, maxent.maxent_die, {}),
    (checks.check_maxent_distribution, good_maxent_distribution, {}),
    (checks.check_softmax, good_softmax, {}),
    (checks.check_softmax, activations.softmax, {}),
    (checks.check_log_softmax, good_log_softmax, {}),
    (checks.check_log_softmax, activations.log_softmax, {}),
    (checks.check_logsumexp, good_logsumexp, {}),
    (checks.check_sigmoid, good_sigmoid, {}),
    (checks.check_sigmoid, activations.sigmoid, {}),
    (checks.check_sigmoid_grad, good_sigmoid_grad, {}),
    (checks.check_sigmoid_grad, activations.sigmoid_grad, {}),
    (checks.check_softmax_jacobian, good_jacobian, {}),
    (checks.check_softmax_jacobian, activations.softmax_jacobian, {"from_probabilities": True}),
    (checks.check_cross_entropy_grad, good_ce_grad, {}),
    (checks.check_chain_gradient, good_chain_gradient, {}),
    (checks.check_relu, good_relu, {}),
    (checks.check_relu, activations.relu, {}),
    (checks.check_relu_grad, good_relu_grad, {}),
    (checks.check_relu_grad, activations.relu_grad, {}),
    (checks.check_leaky_relu, good_leaky_relu, {}),
    (checks.check_leaky_relu, activations.leaky_relu, {}),
    (checks.check_leaky_relu_grad, good_leaky_relu_grad, {}),
    (checks.check_elu, good_elu, {}),
    (checks.check_elu, activations.elu, {"alpha": 0.7}),
    (checks.check_elu_grad, good_elu_grad, {}),
    (checks.check_elu_grad, activations.elu_grad, {}),
    (checks.check_dead_fraction, good_dead_fraction, {}),
    (checks.check_lab_activation, softplus_lab, {}),
    (checks.check_lab_activation, softplus_lab, {"student_grad": softplus_lab_grad}),
    (checks.check_lab_activation, np.tanh, {"student_grad": lambda x: 1 - np.tanh(x) ** 2}),
]


@pytest.mark.parametrize(
    "check, function, options",
    PASSING,
    ids=[f"{check.__name__}-{getattr(function, '__name__', 'f')}-{i}" for i, (check, function, _) in enumerate(PASSING)],
)
def test_right_answer_passes(check, function, options):
    result = check(function, **options)
    assert isinstance(result, checks.CheckResult)
    assert result.passed, str(result)
    assert bool(result) is True
    assert result.failures == []
    assert result.cases >= 1
    assert str(result) == f"{check.__name__}: passed all {result.cases} cases."


def test_at_least_twelve_topics():
    names = [name for name in checks.__all__ if name.startswith("check_")]
    assert len(names) >= 12
    for name in names:
        assert callable(getattr(checks, name))


# ---------------------------------------------------------------------------------------------
# Typical mistakes fail, at the right input, with a hint


def naive_softmax(x, axis=-1):
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_ignoring_axis(x, axis=-1):
    e = np.exp(x - np.max(x))
    return e / e.sum()


def softmax_without_keepdims(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / e.sum(axis=axis)


def softmax_in_place(x, axis=-1):
    if x.size == 0:
        return x.copy()
    x -= np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def naive_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def where_sigmoid(x):
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))


def tanh_sigmoid(x):
    return 0.5 * (1 + np.tanh(x / 2))


def naive_entropy(p):
    return -np.sum(p * np.log(p))


def naive_log_softmax(x, axis=-1):
    return np.log(good_softmax(x, axis=axis))


def naive_logsumexp(x, axis=-1):
    return np.log(np.sum(np.exp(x), axis=axis))


def relu_grad_at_zero_one(x):
    return (x >= 0).astype(x.dtype)


def relu_by_mask(x):
    return x * (x > 0)


def naive_elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * (np.exp(x) - 1))


def elu_grad_right_at_zero(x, alpha=1.0):
    return np.where(x >= 0, 1.0, alpha * np.exp(np.minimum(x, 0)))


def leaky_relu_fixed_slope(x, a=0.01):
    return np.where(x > 0, x, 0.01 * x)


def dead_fraction_wrong_axis(z):
    return float(np.mean(np.all(z <= 0, axis=1)))


def dead_fraction_strict(z):
    return float(np.mean(np.all(z < 0, axis=0)))


def dead_count(z):
    return int(np.sum(np.all(z <= 0, axis=0)))


def chain_gradient_with_output(x, weights, biases):
    """Evaluate sigma' at the unit's output h instead of at its input z."""
    h, product = x, 1.0
    for w, b in zip(weights, biases):
        h = good_sigmoid(w * h + b)
        product *= w * good_sigmoid_grad(h)
    return float(product)


def jacobian_wrong_sign(x):
    p = good_softmax(np.asarray(x, dtype=float))
    return np.diag(p) + np.outer(p, p)


def ce_grad_wrong_sign(logits, y):
    return y - good_softmax(logits, axis=-1)


def heaviside_strict(x):
    return np.where(x > 0, 1.0, 0.0)


def unit_strict(x, weights, threshold):
    return float(np.dot(x, weights) > threshold)


def maxent_die_multiplier(mean):
    """Return the multiplier lambda instead of the probabilities."""
    from scipy.optimize import brentq

    faces = np.arange(1.0, 7.0)
    return brentq(lambda lam: good_maxent_distribution(lam, faces) @ faces - mean, -50.0, 50.0)


def maxent_die_coarse(mean):
    """Bisect lambda on [-5, 5] only, so the means near 1 and 6 are out of reach."""
    faces = np.arange(1.0, 7.0)
    low, high = -5.0, 5.0
    for _ in range(60):
        middle = (low + high) / 2
        if good_maxent_distribution(middle, faces) @ faces < mean:
            low = middle
        else:
            high = middle
    return good_maxent_distribution(low, faces)


def unshifted_gibbs(lam, values):
    weights = np.exp(lam * np.asarray(values, dtype=float))
    return weights / weights.sum()


def float64_sigmoid(x):
    return good_sigmoid(np.asarray(x, dtype=np.float64))


FAILING = [
    # (check, wrong function, options, text expected in the first failure's input, in its hint)
    (checks.check_heaviside, heaviside_strict, {}, "[0.0]", "use >="),
    (checks.check_heaviside, lambda x: np.where(x >= 0, 1.0, 0.0), {}, "nan", "keep it nan"),
    (checks.check_mcculloch_pitts, unit_strict, {}, "2.0", "use >= threshold"),
    (checks.check_logic_gate, lambda x: float(np.sum(x) >= 1), {"gate": "and"}, "[0.0, 1.0]", "AND(0, 1) = 0"),
    (checks.check_entropy, naive_entropy, {}, "[1.0, 0.0, 0.0]", "0 * log 0 = 0"),
    (checks.check_entropy, lambda p, base=None: good_entropy(p), {}, "base=2", "H / log(b)"),
    (checks.check_maxent_die, maxent_die_multiplier, {}, "3.5", "uniform distribution"),
    (checks.check_maxent_die, maxent_die_coarse, {}, "5.999", "softmax of lambda * k"),
    (checks.check_maxent_distribution, unshifted_gibbs, {}, "300.0", "overflows"),
    (checks.check_softmax, naive_softmax, {}, "[1000.0, 1000.0]", "Subtract the maximum"),
    (checks.check_softmax, softmax_ignoring_axis, {}, "axis=0", "keepdims=True"),
    (checks.check_softmax, softmax_without_keepdims, {}, "axis=1", "keepdims=True"),
    (checks.check_softmax, softmax_in_place, {}, "[1.0, 2.0, 3.0]", "Work on a copy"),
    (checks.check_softmax, lambda x, axis=-1: good_softmax(np.asarray(x, dtype=float), axis), {}, "(float32)", "float32 out"),
    (checks.check_log_softmax, naive_log_softmax, {}, "[1000.0, 0.0]", "log(0) = -inf"),
    (checks.check_logsumexp, naive_logsumexp, {}, "[1000.0, 1000.0]", "1000 + log 2"),
    (checks.check_sigmoid, naive_sigmoid, {}, "[-1000.0, 1000.0]", "exp(-|x|)"),
    (checks.check_sigmoid, where_sigmoid, {}, "[-1000.0, 1000.0]", "np.where evaluates both branches"),
    (checks.check_sigmoid, tanh_sigmoid, {}, "[-710.0, -100.0]", "left tail"),
    (checks.check_sigmoid, float64_sigmoid, {}, "(float32)", "dtype"),
    (checks.check_sigmoid_grad, lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2, {}, "[-1000.0, -50.0, 50.0, 1000.0]", "nothing may overflow"),
    (checks.check_sigmoid_grad, lambda x: good_sigmoid(x) * (1 - good_sigmoid(x)) * 2, {}, "[0.0]", "0.25"),
    (checks.check_softmax_jacobian, jacobian_wrong_sign, {}, "[1.0, 2.0, 3.0]", "diag(p) - outer(p, p)"),
    (checks.check_softmax_jacobian, lambda x: np.diag(np.exp(x) / np.exp(x).sum()) - 0, {}, "[1.0, 2.0, 3.0]", "off-diagonal"),
    (checks.check_cross_entropy_grad, ce_grad_wrong_sign, {}, "[1.0, 2.0, 3.0]", "softmax(z) - y"),
    (checks.check_cross_entropy_grad, good_ce_grad, {"reduction": "mean", "targets": "one-hot"}, "[[-1.5, ", "divided by the batch size"),
    (checks.check_chain_gradient, chain_gradient_with_output, {}, "0.0, [1.0], [0.0]", "Use z, not h"),
    (checks.check_relu, relu_by_mask, {}, "[-inf, inf]", "-inf * 0 = nan"),
    (checks.check_relu_grad, relu_grad_at_zero_one, {}, "[0.0]", "relu'(0) = 0"),
    (checks.check_relu_grad, lambda x: x > 0, {}, "(float32)", "not bool"),
    (checks.check_leaky_relu, leaky_relu_fixed_slope, {}, "0.2", "slope that is passed in"),
    (checks.check_leaky_relu_grad, lambda x, a=0.01: np.where(x >= 0, 1.0, a), {}, "0.2", "left slope"),
    (checks.check_elu, naive_elu, {}, "[-1000.0, 1000.0]", "np.where evaluates both branches"),
    (checks.check_elu, lambda x, alpha=1.0: np.where(x > 0, x, alpha * (np.exp(np.minimum(x, 0)) - 1)), {}, "[-1e-10]", "np.expm1"),
    (checks.check_elu_grad, elu_grad_right_at_zero, {}, "[0.0], 0.5", "alpha * exp(0) = 0.5"),
    (checks.check_dead_fraction, dead_fraction_wrong_axis, {}, "array of shape (3, 5)", "Reduce over axis 0"),
    (checks.check_dead_fraction, dead_fraction_strict, {}, "array of shape (3, 5)", "relu'(0) = 0"),
    (checks.check_dead_fraction, dead_count, {}, "array of shape (3, 5)", "Column 2"),
    (checks.check_lab_activation, lambda x: np.exp(x), {}, "[-1000.0, -100.0, 100.0, 1000.0]", "clip x before exp"),
    (checks.check_lab_activation, lambda x: (x > 0).astype(float), {}, "241 points", "cannot learn"),
    (checks.check_lab_activation, np.tanh, {"student_grad": lambda x: np.ones_like(x)}, "f_grad", "disagrees"),
    (checks.check_lab_activation, lambda x: float(np.sum(x)), {}, "(3, 4)", "same shape"),
]


@pytest.mark.parametrize(
    "check, function, options, in_input, in_hint",
    FAILING,
    ids=[f"{case[0].__name__}-{i}" for i, case in enumerate(FAILING)],
)
def test_typical_mistake_fails_with_hint(check, function, options, in_input, in_hint):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning that escapes the check fails here
        result = check(function, **options)
    assert not result.passed
    assert bool(result) is False
    assert result.failures, "a failed check lists its failures"
    first = result.failures[0]
    assert in_input in first.input
    assert in_hint in first.hint
    assert first.expected != first.actual
    report = str(result)
    assert report.startswith(f"{check.__name__}: FAILED {len(result.failures)} of {result.cases} cases.")
    assert "Traceback" not in report
    assert "0x" not in report


def test_naive_sigmoid_reports_overflow_warning():
    result = checks.check_sigmoid(naive_sigmoid)
    failure = next(f for f in result.failures if f.input == "[-1000.0, 1000.0]")
    assert failure.expected == "[0.0, 1.0] with no warning"
    assert failure.actual == "[0.0, 1.0], and numpy warned: overflow encountered in exp"


def test_wrong_axis_shows_values():
    result = checks.check_softmax(softmax_ignoring_axis)
    failure = next(f for f in result.failures if "axis=0" in f.input)
    expected = good_softmax(np.arange(12.0).reshape(3, 4) / 4.0, axis=0)
    assert failure.expected.startswith(f"[[{expected[0, 0]:.10g}, ")
    assert failure.input.endswith("axis=0")


def test_left_tail_values_printed_exactly():
    result = checks.check_sigmoid(tanh_sigmoid)
    failure = next(f for f in result.failures if f.input == "[-30.0, -20.0, 20.0, 30.0]")
    true_value = float(1 / (1 + mpmath.exp(30)))
    assert failure.expected.startswith(f"[{true_value:.10g}, ")


# ---------------------------------------------------------------------------------------------
# Student code that raises, returns nothing or is not a function


def raises_zero_division(x, *args, **kwargs):
    return 1 / 0


ALL_CHECKS = [getattr(checks, name) for name in checks.__all__ if name.startswith("check_")]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda check: check.__name__)
def test_raising_function_is_reported(check):
    result = check(raises_zero_division)
    assert not result.passed
    assert result.cases >= 1
    assert all(f.actual == "raised ZeroDivisionError: division by zero" for f in result.failures)
    assert "Traceback" not in str(result)


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda check: check.__name__)
def test_not_implemented_stops_at_first_case(check):
    def unfinished(*args, **kwargs):
        raise NotImplementedError("Exercise ch9-ex9: write the body")

    result = check(unfinished)
    assert not result.passed
    assert result.cases == 1
    assert len(result.failures) == 1
    assert result.failures[0].actual == "raised NotImplementedError: Exercise ch9-ex9: write the body"
    assert "raise NotImplementedError" in result.failures[0].hint


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda check: check.__name__)
def test_non_function_is_reported(check):
    result = check(np.zeros(3))
    assert not result.passed
    assert result.cases == 0
    assert result.failures[0].expected == "a function"
    assert result.failures[0].actual == "[0.0, 0.0, 0.0]"
    assert str(result).startswith(f"{check.__name__}: FAILED before running any case.")


def test_missing_return_is_explained():
    result = checks.check_relu(lambda x: None)
    assert result.failures[0].actual == "None (the function returned nothing: is `return` missing?)"


def test_unconvertible_result_has_no_address():
    result = checks.check_relu(lambda x: object())
    assert result.failures[0].actual == "an object of type object"
    assert "0x" not in str(result)


def test_wrong_shape_is_named():
    result = checks.check_relu(lambda x: np.maximum(x, 0).ravel())
    failure = next(f for f in result.failures if "[[" in f.input)
    assert failure.expected == "an array of shape (2, 2)"
    assert failure.actual.startswith("an array of shape (4,)")


def test_invalid_options_raise():
    with pytest.raises(ValueError, match="gate must be one of"):
        checks.check_logic_gate(good_relu, gate="xnor")
    with pytest.raises(ValueError, match="'not' gate has one input"):
        checks.check_logic_gate(good_relu, gate="not")
    with pytest.raises(ValueError, match="reduction must be"):
        checks.check_cross_entropy_grad(good_ce_grad, reduction="total")
    with pytest.raises(ValueError, match="targets must be"):
        checks.check_cross_entropy_grad(good_ce_grad, targets="indices")


# ---------------------------------------------------------------------------------------------
# Options for exercises that ask for less


def test_dtype_and_empty_options():
    as_float64 = lambda x, axis=-1: good_softmax(np.asarray(x, dtype=float), axis)

    def no_empty(x, axis=-1):
        e = np.exp(x - np.max(x, axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)

    assert not checks.check_softmax(as_float64)
    assert checks.check_softmax(as_float64, check_dtype=False)
    assert not checks.check_softmax(no_empty)
    assert checks.check_softmax(no_empty, check_empty=False)
    assert checks.check_softmax(no_empty, check_empty=False).cases == 11
    assert checks.check_sigmoid(float64_sigmoid, check_dtype=False)


def test_labels_and_mean_reduction():
    def mean_grad(z, labels):
        p = good_softmax(z, axis=1)
        p[np.arange(len(labels)), labels] -= 1.0
        return p / len(labels)

    assert checks.check_cross_entropy_grad(mean_grad, targets="labels", reduction="mean")
    result = checks.check_cross_entropy_grad(mean_grad, targets="labels")
    assert not result.passed
    assert "summed" not in result.failures[0].hint


def test_chain_gradient_accepts_pair():
    def with_output(x, weights, biases):
        h = x
        for w, b in zip(weights, biases):
            h = float(good_sigmoid(w * h + b))
        return h, good_chain_gradient(x, weights, biases)

    assert checks.check_chain_gradient(with_output)

    def wrong_output(x, weights, biases):
        return 0.0, good_chain_gradient(x, weights, biases)

    result = checks.check_chain_gradient(wrong_output)
    assert not result.passed
    assert result.failures[0].expected.startswith("[0.5, 0.25]")


def test_chain_gradient_other_activation():
    def tanh_chain(x, weights, biases):
        h, product = x, 1.0
        for w, b in zip(weights, biases):
            z = w * h + b
            product *= w * (1 - np.tanh(z) ** 2)
            h = np.tanh(z)
        return product

    assert checks.check_chain_gradient(tanh_chain, activation="tanh")
    assert not checks.check_chain_gradient(good_chain_gradient, activation="tanh")


def test_entropy_base_detected_from_signature():
    assert checks.check_entropy(lambda p: good_entropy(p)).cases == 5
    assert checks.check_entropy(good_entropy).cases == 7
    assert checks.check_entropy(lambda p, **options: good_entropy(p, **options)).cases == 7
    assert checks.check_entropy(good_entropy, check_base=False).cases == 5


# ---------------------------------------------------------------------------------------------
# The references behind the checks agree with high precision


def test_sigmoid_reference_matches_mpmath():
    for x in (-710.0, -100.0, -30.0, -20.0, 20.0, 30.0):
        expected = float(1 / (1 + mpmath.exp(-mpmath.mpf(x))))
        assert activations.sigmoid(np.array([x]))[0] == pytest.approx(expected, rel=1e-14)


def test_logsumexp_reference_matches_mpmath():
    for values in ([1000.0, 1000.0], [-1000.0, -1000.0], [1000.0, -1000.0], [1.0, 2.0, 3.0]):
        expected = float(mpmath.log(sum(mpmath.exp(mpmath.mpf(v)) for v in values)))
        assert activations.logsumexp(np.array(values)) == pytest.approx(expected, rel=1e-15)


def test_elu_reference_near_zero():
    expected = float(mpmath.expm1(mpmath.mpf(-1e-10)))
    assert activations.elu(np.array([-1e-10]))[0] == pytest.approx(expected, rel=1e-15)


def test_maxent_die_reference_satisfies_constraint():
    for mean in (2.0, 4.5, 5.9, 1.05):
        p = checks._probabilities_of(maxent.maxent_die(mean))
        assert p.sum() == pytest.approx(1.0, abs=1e-12)
        assert p @ np.arange(1, 7) == pytest.approx(mean, abs=1e-9)


# ---------------------------------------------------------------------------------------------
# The report


def test_report_text_is_exact():
    result = checks.check_relu_grad(relu_grad_at_zero_one)
    assert str(result) == (
        "check_relu_grad: FAILED 1 of 4 cases.\n"
        "  input:    [0.0]\n"
        "  expected: [0.0]\n"
        "  actual:   [1.0]\n"
        "  hint:     At x = 0 the course uses relu'(0) = 0, as PyTorch does: test x > 0, not x >= 0."
    )
    assert repr(result) == str(result)


def test_report_is_deterministic():
    first = checks.check_softmax(naive_softmax)
    second = checks.check_softmax(naive_softmax)
    assert str(first) == str(second)
    assert first._repr_html_() == second._repr_html_()


def test_report_shows_three_failures_and_count():
    result = checks.check_softmax(raises_zero_division)
    assert len(result.failures) == result.cases == 12
    report = str(result)
    assert report.count("  input:") == checks.MAX_FAILURES_SHOWN
    assert report.endswith("(9 more failed cases not shown)")


def test_html_report_escapes_and_colours():
    passed = checks.check_relu(good_relu)._repr_html_()
    assert "#009E73" in passed
    assert "check_relu: passed all 4 cases." in passed
    failed = checks.check_relu_grad(relu_grad_at_zero_one)._repr_html_()
    assert "#D55E00" in failed
    assert "<code>[0.0]</code>" in failed
    assert "x &gt; 0, not x &gt;= 0" in failed
    assert "<th" in failed


def test_input_unchanged_after_check():
    x = np.array([1000.0, 1000.0])
    original = x.copy()
    checks._call(good_softmax, (x,), {})
    np.testing.assert_array_equal(x, original)


def test_check_log_records_each_check(tmp_path, monkeypatch):
    log = tmp_path / "checks.jsonl"
    monkeypatch.setenv(checks.CHECK_LOG_VARIABLE, str(log))
    checks.check_relu(good_relu)
    checks.check_relu_grad(relu_grad_at_zero_one)
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert records == [
        {"check": "check_relu", "passed": True, "cases": 4, "failures": 0},
        {"check": "check_relu_grad", "passed": False, "cases": 4, "failures": 1},
    ]


def test_check_log_off_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv(checks.CHECK_LOG_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    checks.check_relu(good_relu)
    assert list(tmp_path.iterdir()) == []
