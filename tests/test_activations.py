"""Unit tests of course_lib.activations: exact anchors, mpmath references, limits and errors."""

import math
import pathlib
import re
import warnings

import mpmath as mp
import numpy as np
import pytest

from course_lib import activations as act

mp.mp.dps = 60

ULP_TOLERANCE = 4.0
# Exact GELU below x = -1 is limited by scipy.special.erfcx, whose own error reaches 5.6 ulp;
# gelu's docstring states the measured bound of 6.6 ulp.
VALUE_TOLERANCE = {"gelu": 7.0}
LAMBDA = mp.mpf("1.0507009873554804934193349852946")
ALPHA = mp.mpf("1.6732632423543772848170429916717")
GELU_KAPPA = mp.mpf("0.044715")
BIB_PATH = pathlib.Path(__file__).resolve().parents[1] / "book" / "references.bib"


# ---------------------------------------------------------------------------------------------
# mpmath references, written from the textbook definitions
# ---------------------------------------------------------------------------------------------


def mp_sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def mp_softplus_exact(x):
    return mp.log1p(mp.exp(x))


def mp_gelu_tanh_argument(x):
    return mp.sqrt(2 / mp.pi) * (x + GELU_KAPPA * x**3)


def mp_gelu_tanh(x):
    # (1 + tanh z) / 2 written as sigma(2z): 1 + tanh z cancels beyond the working precision.
    return x * mp_sigmoid(2 * mp_gelu_tanh_argument(x))


def mp_gelu_tanh_grad(x):
    z = mp_gelu_tanh_argument(x)
    dz = mp.sqrt(2 / mp.pi) * (1 + 3 * GELU_KAPPA * x**2)
    return mp_sigmoid(2 * z) + x / 2 * mp.sech(z) ** 2 * dz


def mp_hardsigmoid(x):
    if x <= -3:
        return mp.mpf(0)
    if x >= 3:
        return mp.mpf(1)
    return (x + 3) / 6


def mp_mish(x):
    return x * mp.tanh(mp_softplus_exact(x))


def mp_mish_grad(x):
    s = mp_softplus_exact(x)
    return mp.tanh(s) + x * mp.sech(s) ** 2 * mp_sigmoid(x)


# name -> (function under test, derivative under test, mpmath value, mpmath derivative,
#          derivative has a root, so its error is measured against an O(1) scale there)
SMOOTH_CASES = {
    "sigmoid": (act.sigmoid, act.sigmoid_grad, mp_sigmoid, lambda x: mp_sigmoid(x) * mp_sigmoid(-x), False),
    "log_sigmoid": (act.log_sigmoid, act.log_sigmoid_grad, lambda x: -mp.log1p(mp.exp(-x)), lambda x: mp_sigmoid(-x), False),
    "tanh": (act.tanh, act.tanh_grad, mp.tanh, lambda x: mp.sech(x) ** 2, False),
    "softsign": (act.softsign, act.softsign_grad, lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x)) ** 2, False),
    "softplus": (
        act.softplus,
        act.softplus_grad,
        lambda x: x if x > 20 else mp_softplus_exact(x),
        lambda x: 1 if x > 20 else mp_sigmoid(x),
        False,
    ),
    "softplus_exact": (
        lambda x: act.softplus(x, threshold=math.inf),
        lambda x: act.softplus_grad(x, threshold=math.inf),
        mp_softplus_exact,
        mp_sigmoid,
        False,
    ),
    "elu": (act.elu, act.elu_grad, lambda x: x if x > 0 else mp.expm1(x), lambda x: 1 if x > 0 else mp.exp(x), False),
    "celu": (act.celu, act.celu_grad, lambda x: x if x > 0 else mp.expm1(x), lambda x: 1 if x > 0 else mp.exp(x), False),
    "selu": (
        act.selu,
        act.selu_grad,
        lambda x: LAMBDA * x if x > 0 else LAMBDA * ALPHA * mp.expm1(x),
        lambda x: LAMBDA if x > 0 else LAMBDA * ALPHA * mp.exp(x),
        False,
    ),
    "gelu": (
        act.gelu,
        act.gelu_grad,
        lambda x: x / 2 * mp.erfc(-x / mp.sqrt(2)),
        lambda x: mp.erfc(-x / mp.sqrt(2)) / 2 + x * mp.npdf(x),
        True,
    ),
    "gelu_tanh": (
        lambda x: act.gelu(x, approximate="tanh"),
        lambda x: act.gelu_grad(x, approximate="tanh"),
        mp_gelu_tanh,
        mp_gelu_tanh_grad,
        True,
    ),
    "silu": (
        act.silu,
        act.silu_grad,
        lambda x: x * mp_sigmoid(x),
        lambda x: mp_sigmoid(x) * (1 + x * mp_sigmoid(-x)),
        True,
    ),
    "mish": (act.mish, act.mish_grad, mp_mish, mp_mish_grad, True),
    "hardsigmoid": (
        act.hardsigmoid,
        None,
        mp_hardsigmoid,
        None,
        False,
    ),
    "hardswish": (
        act.hardswish,
        None,
        lambda x: x * mp_hardsigmoid(x),
        None,
        False,
    ),
}


def dense_grid():
    """Points dense near 0 (down to 1e-300), dense on [-40, 40], and out to +-1000."""
    tiny = np.logspace(-300, 0, 151)
    rng = np.random.default_rng(20240607)
    points = np.concatenate(
        [
            -tiny,
            tiny,
            np.linspace(-40.0, 40.0, 641),
            rng.uniform(-40.0, 40.0, 300),
            np.linspace(-1000.0, 1000.0, 201),
            np.linspace(-750.0, -700.0, 41),
            [0.0, 5e-324, -5e-324, 2.2250738585072014e-308],
        ]
    )
    return np.unique(points)


GRID = dense_grid()


def ulp_error(actual, reference, floor=0.0):
    """Return |actual - reference| in units of the spacing at max(|reference|, floor)."""
    reference_floats = np.array([float(value) for value in reference])
    scale = np.maximum(np.abs(reference_floats), floor)
    spacing = np.spacing(np.maximum(scale, 5e-324))
    difference = np.array([float(abs(mp.mpf(float(a)) - r)) for a, r in zip(actual, reference)])
    return difference / spacing


_REFERENCE_CACHE = {}


def reference_values(name, kind):
    """Return the mpmath values (``kind="value"``) or derivatives of case ``name`` on GRID."""
    key = (name, kind)
    if key not in _REFERENCE_CACHE:
        reference = SMOOTH_CASES[name][2 if kind == "value" else 3]
        _REFERENCE_CACHE[key] = [mp.mpf(reference(mp.mpf(float(x)))) for x in GRID]
    return _REFERENCE_CACHE[key]


def describe_worst(errors):
    index = int(np.argmax(errors))
    return f"max {errors[index]:.2f} ulp at x = {GRID[index]!r}"


# ---------------------------------------------------------------------------------------------
# Accuracy against mpmath
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SMOOTH_CASES))
def test_value_within_ulp_bound_of_mpmath(name):
    function = SMOOTH_CASES[name][0]
    errors = ulp_error(function(GRID), reference_values(name, "value"))
    assert errors.max() <= VALUE_TOLERANCE.get(name, ULP_TOLERANCE), describe_worst(errors)


@pytest.mark.parametrize("name", sorted(n for n, case in SMOOTH_CASES.items() if case[1] is not None))
def test_derivative_within_4_ulp_of_mpmath(name):
    derivative, has_root = SMOOTH_CASES[name][1], SMOOTH_CASES[name][4]
    actual = derivative(GRID)
    reference = reference_values(name, "derivative")
    errors = ulp_error(actual, reference)
    if has_root:
        # Near a root of the derivative the relative error is unbounded; measure it against the
        # O(1) size of the terms that cancel there.
        near_root = np.abs(GRID) < 5
        errors[near_root] = ulp_error(actual[near_root], [r for r, n in zip(reference, near_root) if n], floor=1.0)
    assert errors.max() <= ULP_TOLERANCE, describe_worst(errors)


@pytest.mark.parametrize("name", sorted(SMOOTH_CASES))
def test_float32_within_1_ulp_of_mpmath(name):
    function = SMOOTH_CASES[name][0]
    x32 = GRID.astype(np.float32)
    y32 = function(x32)
    assert y32.dtype == np.float32
    reference = [mp.mpf(SMOOTH_CASES[name][2](mp.mpf(float(x)))) for x in x32[::7]]
    reference32 = np.array([float(r) for r in reference]).astype(np.float32)
    scale = np.maximum(np.abs(reference32), np.finfo(np.float32).smallest_subnormal)
    errors = np.abs(y32[::7].astype(np.float64) - np.array([float(r) for r in reference])) / np.spacing(scale)
    assert errors.max() <= 1.0, f"max {errors.max():.2f} float32 ulp"


# ---------------------------------------------------------------------------------------------
# Exact anchors
# ---------------------------------------------------------------------------------------------


def test_sigmoid_anchors():
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid_grad(0.0) == 0.25
    assert act.sigmoid_grad_from_output(0.5) == 0.25
    assert act.sigmoid(np.inf) == 1.0
    assert act.sigmoid(-np.inf) == 0.0


def test_sigmoid_left_tail_is_not_zero():
    # The tanh form 0.5 * (1 + tanh(x / 2)) returns 0 here; the true value is e^-40.
    assert act.sigmoid(-40.0) == pytest.approx(math.exp(-40.0), rel=1e-15)
    assert act.sigmoid(-740.0) > 0.0


def test_tanh_anchors():
    assert act.tanh(0.0) == 0.0
    assert act.tanh_grad(0.0) == 1.0
    assert act.tanh_grad_from_output(0.0) == 1.0


def test_relu_kink_conventions():
    assert act.relu_grad(0.0) == 0.0
    assert act.relu_grad(-0.0) == 0.0
    assert act.relu_grad(1e-300) == 1.0
    assert act.relu6_grad(0.0) == 0.0
    assert act.relu6_grad(6.0) == 0.0
    assert act.relu6_grad(3.0) == 1.0


def test_leaky_and_hard_kink_conventions():
    assert act.leaky_relu_grad(0.0) == 0.01
    assert act.leaky_relu_grad(0.0, negative_slope=0.2) == 0.2
    assert act.hardtanh_grad(-1.0) == 0.0
    assert act.hardtanh_grad(1.0) == 0.0
    assert act.hardtanh_grad(0.999) == 1.0
    assert act.hardsigmoid_grad(-3.0) == 0.0
    assert act.hardsigmoid_grad(3.0) == 0.0
    assert act.hardsigmoid_grad(0.0) == 1.0 / 6.0
    # PyTorch 2.13 takes the slope of the outer piece at both kinks of hard swish.
    assert act.hardswish_grad(-3.0) == 0.0
    assert act.hardswish_grad(3.0) == 1.0
    assert act.hardswish_grad(-3.5) == 0.0
    assert act.hardswish_grad(3.5) == 1.0


def test_hardswish_grad_near_root():
    # (x + 3/2) / 3 is exact up to one rounding; x / 3 + 1/2 cancels near x = -3/2.
    x = np.array([np.nextafter(-1.5, 0.0), np.nextafter(-1.5, -3.0), -1.5 + 1e-9])
    expected = [(mp.mpf(float(value)) + mp.mpf(1.5)) / 3 for value in x]
    assert ulp_error(act.hardswish_grad(x), expected).max() <= 0.5
    assert act.hardswish_grad(-1.5) == 0.0


def test_kinks_match_torch_autograd():
    torch = pytest.importorskip("torch", reason="PyTorch is not installed")
    functional = torch.nn.functional
    torch_functions = {
        "hardtanh": functional.hardtanh,
        "hardsigmoid": functional.hardsigmoid,
        "relu": functional.relu,
        "relu6": functional.relu6,
        "leaky_relu": functional.leaky_relu,
        "elu": functional.elu,
        "celu": functional.celu,
        "selu": functional.selu,
        "hardswish": functional.hardswish,
        "softplus": functional.softplus,
    }
    for name, torch_function in torch_functions.items():
        points = torch.tensor(KINKS[name], dtype=torch.float64, requires_grad=True)
        (gradient,) = torch.autograd.grad(torch_function(points).sum(), points)
        # Exact but for softplus, whose sigma(20) differs from PyTorch's by 1 ulp.
        np.testing.assert_allclose(
            act.ACTIVATIONS[name].derivative(np.array(KINKS[name])), gradient.numpy(), rtol=2.3e-16, atol=0,
            err_msg=name,
        )


def test_exponential_unit_anchors():
    assert act.elu(0.0) == 0.0
    assert act.elu_grad(0.0) == 1.0
    assert act.elu_grad(0.0, alpha=2.0) == 2.0
    assert act.elu(-np.inf, alpha=2.0) == -2.0
    assert act.celu_grad(0.0, alpha=3.0) == 1.0
    assert act.celu(-np.inf, alpha=3.0) == -3.0
    assert act.selu(1.0) == act.SELU_SCALE
    assert act.selu_grad(0.0) == act.SELU_SCALE * act.SELU_ALPHA
    assert act.selu_grad(1.0) == act.SELU_SCALE


def test_smooth_gate_anchors():
    assert act.softplus(0.0) == math.log(2.0)
    assert act.softplus_grad(0.0) == 0.5
    assert act.softplus(25.0) == 25.0
    assert act.softplus_grad(25.0) == 1.0
    assert act.gelu(0.0) == 0.0
    assert act.gelu_grad(0.0) == 0.5
    assert act.gelu_grad(0.0, approximate="tanh") == 0.5
    assert act.silu(0.0) == 0.0
    assert act.silu_grad(0.0) == 0.5
    assert act.mish_grad(0.0) == pytest.approx(0.6, abs=1e-16)
    assert act.softsign(1.0) == 0.5
    assert act.softsign_grad(0.0) == 1.0
    assert act.log_sigmoid(0.0) == -math.log(2.0)


def test_heaviside_threshold_unit():
    assert act.heaviside(0.0) == 1.0
    assert act.heaviside(0.0, value_at_zero=0.5) == 0.5
    assert act.heaviside(-1e-300) == 0.0
    assert act.heaviside_grad(0.0) == 0.0
    assert np.isnan(act.heaviside(np.nan))


def test_softplus_beta_matches_definition():
    x = np.array([-3.0, 0.0, 0.5, 4.0])
    expected = np.log1p(np.exp(2.0 * x)) / 2.0
    np.testing.assert_allclose(act.softplus(x, beta=2.0), expected, rtol=1e-15)
    np.testing.assert_allclose(act.softplus_grad(x, beta=2.0), 1.0 / (1.0 + np.exp(-2.0 * x)), rtol=1e-15)
    # beta * x = 24 > 20, so the linear branch applies even though x = 12.
    assert act.softplus(12.0, beta=2.0) == 12.0


# ---------------------------------------------------------------------------------------------
# Derivatives against central finite differences
# ---------------------------------------------------------------------------------------------

KINKS = {
    "heaviside": [0.0],
    "hardtanh": [-1.0, 1.0],
    "hardsigmoid": [-3.0, 3.0],
    "relu": [0.0],
    "relu6": [0.0, 6.0],
    "leaky_relu": [0.0],
    "prelu": [0.0],
    "rrelu": [0.0],
    "elu": [0.0],
    "celu": [0.0],
    "selu": [0.0],
    "hardswish": [-3.0, 3.0],
    "softplus": [20.0],
}


def points_away_from_kinks(name, count=400, seed=1):
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.uniform(-8.0, 8.0, count), rng.uniform(-40.0, 40.0, count // 4)])
    for kink in KINKS.get(name, []):
        x = x[np.abs(x - kink) > 1e-3]
    return x


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_derivative_matches_finite_differences(name):
    entry = act.ACTIVATIONS[name]
    x = points_away_from_kinks(name)
    step = 1e-6 * np.maximum(1.0, np.abs(x))
    numeric = (entry.function(x + step) - entry.function(x - step)) / (2.0 * step)
    np.testing.assert_allclose(entry.derivative(x), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "gelu", "silu", "mish", "softplus", "selu"])
def test_derivative_matches_mpmath_diff(name):
    entry = act.ACTIVATIONS[name]
    reference = {
        "sigmoid": mp_sigmoid,
        "tanh": mp.tanh,
        "gelu": lambda x: x / 2 * mp.erfc(-x / mp.sqrt(2)),
        "silu": lambda x: x * mp_sigmoid(x),
        "mish": mp_mish,
        "softplus": mp_softplus_exact,
        "selu": lambda x: LAMBDA * x if x > 0 else LAMBDA * ALPHA * mp.expm1(x),
    }[name]
    for x in [-7.25, -1.5, -0.3, 0.4, 2.0, 9.5]:
        expected = float(mp.diff(reference, mp.mpf(x)))
        assert entry.derivative(x) == pytest.approx(expected, rel=1e-14, abs=1e-300)


def test_output_derivative_forms_agree_with_input_forms():
    x = np.linspace(-5.0, 5.0, 101)
    np.testing.assert_allclose(act.sigmoid_grad_from_output(act.sigmoid(x)), act.sigmoid_grad(x), rtol=1e-13)
    np.testing.assert_allclose(act.tanh_grad_from_output(act.tanh(x)), act.tanh_grad(x), rtol=1e-12)


# ---------------------------------------------------------------------------------------------
# Extremes, dtypes and the out= argument
# ---------------------------------------------------------------------------------------------

EXTREMES = np.array([-np.inf, -1e308, -1000.0, -745.5, -1e-308, -0.0, 0.0, 5e-324, 1000.0, 1e308, np.inf, np.nan])


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_extremes_raise_no_warning_and_keep_nan(name):
    entry = act.ACTIVATIONS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="warn", invalid="warn", divide="warn"):
            values = entry.function(EXTREMES)
            derivatives = entry.derivative(EXTREMES)
    assert np.isnan(values[-1])
    assert np.isnan(derivatives[-1])
    assert not np.isnan(values[:-1]).any(), values
    assert not np.isnan(derivatives[:-1]).any(), derivatives


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_infinite_input_gives_the_limit(name):
    entry = act.ACTIVATIONS[name]
    for sign in (-1.0, 1.0):
        at_infinity = entry.function(sign * np.inf)
        near_infinity = entry.function(sign * 1e308)
        if abs(near_infinity) > 1e300:
            assert at_infinity == math.copysign(np.inf, near_infinity)
        else:
            assert at_infinity == pytest.approx(near_infinity, abs=1e-300)
        assert entry.derivative(sign * np.inf) == pytest.approx(entry.derivative(sign * 1e308), abs=1e-300)


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_float_dtype_is_kept(name, dtype):
    entry = act.ACTIVATIONS[name]
    x = np.linspace(-4.0, 4.0, 9).astype(dtype)
    assert entry.function(x).dtype == dtype
    assert entry.derivative(x).dtype == dtype
    np.testing.assert_allclose(entry.function(x), entry.function(x.astype(np.float64)), rtol=np.finfo(dtype).eps, atol=np.finfo(dtype).tiny)


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_integer_and_bool_input_computed_in_float64(name):
    entry = act.ACTIVATIONS[name]
    integers = np.array([-3, 0, 2], dtype=np.int32)
    result = entry.function(integers)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, entry.function(integers.astype(np.float64)))
    assert entry.function([True, False]).dtype == np.float64
    assert entry.function(2).dtype == np.float64


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_empty_and_scalar_input(name):
    entry = act.ACTIVATIONS[name]
    empty = entry.function(np.empty((0, 3), dtype=np.float32))
    assert empty.shape == (0, 3)
    assert empty.dtype == np.float32
    scalar = entry.function(1.5)
    assert np.ndim(scalar) == 0
    assert float(scalar) == float(entry.function(np.array([1.5]))[0])


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_out_argument_is_filled_and_returned(name):
    entry = act.ACTIVATIONS[name]
    x = np.linspace(-3.0, 3.0, 13)
    expected = entry.function(x)
    out = np.empty_like(x)
    assert entry.function(x, out=out) is out
    np.testing.assert_array_equal(out, expected)
    out32 = np.empty(x.shape, dtype=np.float32)
    entry.function(x.astype(np.float32), out=out32)
    np.testing.assert_array_equal(out32, entry.function(x.astype(np.float32)))
    derivative_out = np.empty_like(x)
    assert entry.derivative(x, out=derivative_out) is derivative_out
    np.testing.assert_array_equal(derivative_out, entry.derivative(x))


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_out_may_be_the_input(name):
    entry = act.ACTIVATIONS[name]
    x = np.linspace(-3.0, 3.0, 13)
    expected = entry.function(x)
    assert entry.function(x, out=x) is x
    np.testing.assert_array_equal(x, expected)


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
def test_large_arrays_match_small_pieces(name):
    # Arrays above 65536 elements are computed in cache-sized blocks; the result must not depend
    # on that, nor on the layout of the input and output.
    entry = act.ACTIVATIONS[name]
    rng = np.random.default_rng(10)
    x = rng.standard_normal(200_003) * 20
    x[::1000] = EXTREMES[np.arange(x[::1000].size) % EXTREMES.size]
    pieces = np.concatenate([entry.function(x[i : i + 1000]) for i in range(0, x.size, 1000)])
    np.testing.assert_array_equal(entry.function(x), pieces)
    derivative_pieces = np.concatenate([entry.derivative(x[i : i + 1000]) for i in range(0, x.size, 1000)])
    np.testing.assert_array_equal(entry.derivative(x), derivative_pieces)
    strided = np.empty(2 * x.size)[::2]
    entry.function(x.reshape(1, -1)[:, ::-1], out=strided.reshape(1, -1))
    np.testing.assert_array_equal(strided, pieces[::-1])


def test_out_with_wrong_shape_or_dtype_is_rejected():
    x = np.zeros(4)
    with pytest.raises(ValueError, match="out must have the shape of x"):
        act.relu(x, out=np.zeros(5))
    with pytest.raises(TypeError, match="out must have the dtype of the result, float64, got float32"):
        act.sigmoid(x, out=np.zeros(4, dtype=np.float32))
    with pytest.raises(TypeError, match="out must be a numpy.ndarray"):
        act.tanh(x, out=[0.0] * 4)


def test_no_warning_for_large_float16_and_float32():
    x16 = np.array([-65504.0, 65504.0], dtype=np.float16)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isinf(act.selu(x16)[1])
        assert act.softplus(x16)[1] == x16[1]
        assert act.sigmoid(np.float32(-100.0)) > 0


# ---------------------------------------------------------------------------------------------
# Invalid arguments
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_input, dtype_name",
    [
        (np.array([1 + 2j]), "complex128"),
        (np.array(["a", "b"]), "<U1"),
        (np.array([object()]), "object"),
        (np.array(["2024-01-01"], dtype="datetime64[D]"), "datetime64[D]"),
    ],
)
def test_non_real_input_is_rejected(bad_input, dtype_name):
    with pytest.raises(TypeError, match=re.escape(f"x must be a real numeric array, got {dtype_name}")):
        act.sigmoid(bad_input)


def test_ragged_input_is_rejected():
    with pytest.raises(TypeError, match="x must be a real numeric array, got a ragged sequence"):
        act.relu([[1.0, 2.0], [3.0]])


def test_longdouble_input_is_rejected():
    if np.dtype(np.longdouble) == np.dtype(np.float64):
        pytest.skip("longdouble is float64 on this platform")
    with pytest.raises(TypeError, match="x must be float16, float32 or float64"):
        act.relu(np.zeros(2, dtype=np.longdouble))


def test_invalid_parameters_are_rejected():
    with pytest.raises(ValueError, match="lower must be <= upper, got lower=0.5 and upper=0.1"):
        act.rrelu([1.0], lower=0.5, upper=0.1)
    with pytest.raises(ValueError, match="threshold must be >= 0, got -1.0"):
        act.softplus([1.0], threshold=-1.0)
    with pytest.raises(ValueError, match="beta must be > 0, got 0.0"):
        act.softplus([1.0], beta=0.0)
    with pytest.raises(ValueError, match="min_val must be < max_val"):
        act.hardtanh([1.0], min_val=1.0, max_val=1.0)
    with pytest.raises(ValueError, match="alpha must be > 0"):
        act.celu([1.0], alpha=-1.0)
    with pytest.raises(ValueError, match="alpha must be finite"):
        act.elu([1.0], alpha=np.inf)
    with pytest.raises(ValueError, match="approximate must be 'none' or 'tanh', got 'erf'"):
        act.gelu([1.0], approximate="erf")
    with pytest.raises(TypeError, match="negative_slope must be a real number, got str"):
        act.leaky_relu([1.0], negative_slope="0.1")
    with pytest.raises(ValueError, match="negative_slope must be a real number, got nan"):
        act.leaky_relu([1.0], negative_slope=np.nan)


def test_flag_arguments_must_be_bool():
    with pytest.raises(TypeError, match="training must be True or False, got str 'no'"):
        act.rrelu([-1.0], training="no")
    with pytest.raises(TypeError, match="return_slope must be True or False, got int 1"):
        act.rrelu([-1.0], return_slope=1)
    with pytest.raises(TypeError, match="training must be True or False"):
        act.rrelu_grad([-1.0], training="yes", slope=[0.2])
    with pytest.raises(TypeError, match="keepdims must be True or False, got str 'yes'"):
        act.logsumexp(np.ones(3), keepdims="yes")
    assert act.logsumexp(np.zeros((2, 2)), axis=0, keepdims=np.True_).shape == (1, 2)


def test_rrelu_rejects_infinite_slope_range():
    with pytest.raises(ValueError, match="upper - lower must be finite"):
        act.rrelu([-1.0], lower=-1e308, upper=1e308, training=True, rng=0)


def test_rrelu_mean_of_huge_bounds():
    huge = np.finfo(np.float64).max
    assert act.rrelu(-1.0, lower=huge, upper=huge) == -huge
    assert act.rrelu_grad(-1.0, lower=huge, upper=huge) == huge


def test_rrelu_zero_slope_at_minus_infinity():
    # lower = -upper gives the mean slope 0; 0 * -inf would be nan, while the limit is 0.
    x = np.array([-np.inf, -1.0, 2.0])
    np.testing.assert_array_equal(act.rrelu(x, lower=-0.5, upper=0.5), [0.0, -0.0, 2.0])


# Parameter values at the edges of the float64 range, each a valid argument.
EXTREME_PARAMETERS = [
    ("heaviside", {"value_at_zero": 1e300}),
    ("hardtanh", {"min_val": -1e300, "max_val": 1e300}),
    ("hardtanh", {"min_val": 1e20, "max_val": 1e300}),
    ("leaky_relu", {"negative_slope": -1e300}),
    ("leaky_relu", {"negative_slope": 1e300}),
    ("elu", {"alpha": 1e300}),
    ("celu", {"alpha": 5e-324}),
    ("celu", {"alpha": 0.5}),
    ("celu", {"alpha": 1e300}),
    ("softplus", {"beta": 1e-300, "threshold": 1e300}),
    ("softplus", {"beta": 1e300, "threshold": 0.0}),
    ("prelu", {"weight": 1e300}),
    ("rrelu", {"lower": -1e300, "upper": 1e300}),
]


@pytest.mark.parametrize("name, params", EXTREME_PARAMETERS)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_extreme_parameters_raise_no_warning(name, params, dtype):
    function = getattr(act, name)
    derivative = getattr(act, f"{name}_grad")
    x = np.array([-np.inf, -1e308, -2.0, -0.0, 0.0, 0.5, 1e308, np.inf, np.nan])
    with np.errstate(over="ignore"):
        x = x.astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="warn", invalid="warn", divide="warn"):
            values = function(x, **params)
            derivatives = derivative(x, **params)
    assert values.dtype == dtype
    assert derivatives.dtype == dtype
    assert not np.isnan(values[:-1]).any(), values
    assert not np.isnan(derivatives[:-1]).any(), derivatives
    assert np.isnan(values[-1])
    assert np.isnan(derivatives[-1])


@pytest.mark.parametrize("name", ["leaky_relu", "prelu", "rrelu"])
@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_slope_product_rounded_once(name, dtype):
    # The slope is not rounded to float16 or float32 before the product.
    function = {
        "leaky_relu": lambda x: act.leaky_relu(x, negative_slope=0.01),
        "prelu": lambda x: act.prelu(x, 0.1),
        "rrelu": act.rrelu,
    }[name]
    x = -np.abs(np.random.default_rng(5).standard_normal(4000)).astype(dtype)
    np.testing.assert_array_equal(function(x), function(x.astype(np.float64)).astype(dtype))


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_hardtanh_grad_unrounded_bounds(dtype):
    # The bound lies between two numbers of the dtype and rounds up to the larger one, which is
    # still inside the window.
    inside = np.array([0.10003662], dtype=dtype) if dtype == np.float16 else np.array([1.00000012], dtype=dtype)
    bound = 0.10002 if dtype == np.float16 else 1.00000009
    assert np.asarray(bound, dtype=dtype) == inside[0]
    assert act.hardtanh_grad(inside, min_val=bound, max_val=2.0)[0] == 1.0
    assert act.hardtanh(inside, min_val=bound, max_val=2.0)[0] == inside[0]


def test_log_softmax_of_widest_finite_row():
    row = np.array([1e308, -1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="warn", invalid="warn", divide="warn"):
            result = act.log_softmax(row)
    np.testing.assert_array_equal(result, [0.0, -np.inf])


def test_prelu_weight_must_match_channel_axis():
    x = np.zeros((2, 3, 4))
    with pytest.raises(ValueError, match=re.escape("weight must have 1 or x.shape[1] = 3 elements (one per channel), got 4")):
        act.prelu(x, weight=np.ones(4))
    with pytest.raises(ValueError, match="weight must be a scalar or a 1-D array, got 2 dimensions"):
        act.prelu(x, weight=np.ones((3, 1)))
    with pytest.raises(ValueError, match="weight must have 1 element for an input with fewer than 2 dimensions"):
        act.prelu(np.zeros(3), weight=np.ones(3))
    with pytest.raises(ValueError, match="axis 3 is out of range for an array with 3 dimensions"):
        act.prelu(x, weight=np.ones(4), axis=3)
    with pytest.raises(ValueError, match="weight must contain only finite values"):
        act.prelu(x, weight=np.array([np.nan]))


def test_rrelu_training_grad_requires_slope():
    with pytest.raises(ValueError, match="slope is required when training=True"):
        act.rrelu_grad([-1.0], training=True)
    with pytest.raises(ValueError, match="slope must have the shape of x"):
        act.rrelu_grad(np.zeros(3), slope=np.zeros(4))


def test_rng_of_wrong_type_is_rejected():
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator, an integer seed or None, got float"):
        act.rrelu([-1.0], training=True, rng=0.5)
    with pytest.raises(TypeError, match="got RandomState"):
        act.rrelu([-1.0], training=True, rng=np.random.RandomState(0))


@pytest.mark.parametrize("function", [act.softmax, act.log_softmax, act.softmin])
def test_softmax_axis_errors(function):
    with pytest.raises(ValueError, match="axis 2 is out of range for an array with 2 dimensions"):
        function(np.zeros((2, 3)), axis=2)
    with pytest.raises(ValueError, match="axis -3 is out of range"):
        function(np.zeros((2, 3)), axis=-3)
    with pytest.raises(TypeError, match="axis must be an integer, got float 1.0"):
        function(np.zeros((2, 3)), axis=1.0)
    with pytest.raises(ValueError, match="x must have at least one dimension, got a scalar"):
        function(1.0)


def test_logsumexp_axis_errors():
    with pytest.raises(ValueError, match="axis 1 is out of range for an array with 1 dimensions"):
        act.logsumexp(np.zeros(3), axis=1)
    with pytest.raises(ValueError, match="axis must not repeat an axis"):
        act.logsumexp(np.zeros((2, 2)), axis=(0, 0))


def test_unknown_activation_name_lists_valid_names():
    with pytest.raises(ValueError, match=r"unknown activation 'rleu'; valid names: .*relu.*swish"):
        act.get_activation("rleu")
    with pytest.raises(TypeError, match="name must be a string, got int"):
        act.get_activation(3)


def test_softmax_jacobian_rejects_non_probabilities():
    with pytest.raises(ValueError, match="p must sum to 1 along axis 0"):
        act.softmax_jacobian([0.5, 0.6])
    with pytest.raises(ValueError, match=r"p entries must be in \[0, 1\]"):
        act.softmax_jacobian([1.5, -0.5])
    with pytest.raises(ValueError, match="p must have at least one dimension"):
        act.softmax_jacobian(1.0)


# ---------------------------------------------------------------------------------------------
# Softmax family
# ---------------------------------------------------------------------------------------------


def mp_softmax_row(row):
    exps = [mp.exp(mp.mpf(float(v))) for v in row]
    total = mp.fsum(exps)
    return [e / total for e in exps]


def test_softmax_matches_mpmath():
    # The shift x - max(x) is rounded, which perturbs exp(x - max) by up to |x - max| / 2 ulp:
    # softmax is backward stable, not within a fixed number of ulp of the exact result.
    rng = np.random.default_rng(3)
    rows = [rng.normal(size=7) * 30, rng.normal(size=50), np.array([1000.0, -1000.0, 0.0, 999.0]), np.array([-5.0, -5.0])]
    for row in rows:
        expected = mp_softmax_row(row)
        errors = ulp_error(act.softmax(row), expected)
        allowed = ULP_TOLERANCE + np.abs(row - row.max())
        assert np.all(errors <= allowed), errors - allowed
        log_expected = [mp.log(p) for p in expected]
        log_errors = ulp_error(act.log_softmax(row), log_expected)
        assert log_errors.max() <= ULP_TOLERANCE


def test_logsumexp_matches_mpmath():
    rng = np.random.default_rng(4)
    rows = [rng.normal(size=11) * 50, np.array([0.0, -46.0]), np.array([-1000.0, -1001.0]), np.array([7.0])]
    for row in rows:
        expected = mp.log(mp.fsum(mp.exp(mp.mpf(float(v))) for v in row))
        assert ulp_error([act.logsumexp(row)], [expected])[0] <= ULP_TOLERANCE


def test_logsumexp_of_scalar_is_itself():
    assert act.logsumexp(3.0) == 3.0
    assert act.logsumexp(np.float32(-np.inf)) == -np.inf
    assert act.logsumexp(np.float32(2.0)).dtype == np.float32


def test_logsumexp_keeps_tiny_contributions():
    # log(1 + e^-46) = 1.05e-20; summing to 1 first and taking log would return 0.
    assert act.logsumexp(np.array([0.0, -46.0])) == pytest.approx(math.exp(-46.0), rel=1e-14)


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2])
def test_softmax_any_axis(axis):
    x = np.random.default_rng(5).normal(size=(3, 4, 5)) * 10
    p = act.softmax(x, axis=axis)
    np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=1e-14)
    moved = np.moveaxis(x, axis, -1)
    np.testing.assert_allclose(np.moveaxis(p, axis, -1), act.softmax(moved), rtol=1e-15)
    np.testing.assert_allclose(act.log_softmax(x, axis=axis), np.log(p), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(act.softmin(x, axis=axis), act.softmax(-x, axis=axis), rtol=0)
    np.testing.assert_allclose(act.logsumexp(x, axis=axis), np.log(np.exp(x).sum(axis=axis)), rtol=1e-14)


def test_logsumexp_axis_none_tuple_and_keepdims():
    x = np.random.default_rng(6).normal(size=(2, 3, 4))
    assert act.logsumexp(x) == pytest.approx(float(np.log(np.exp(x).sum())), rel=1e-14)
    np.testing.assert_allclose(act.logsumexp(x, axis=(0, 2)), np.log(np.exp(x).sum(axis=(0, 2))), rtol=1e-14)
    assert act.logsumexp(x, axis=(0, 2), keepdims=True).shape == (1, 3, 1)
    assert act.logsumexp(x, axis=1, keepdims=True).shape == (2, 1, 4)
    assert act.logsumexp(x, keepdims=True).shape == (1, 1, 1)


def test_softmax_family_empty_inputs():
    assert act.softmax(np.empty((0,))).shape == (0,)
    assert act.softmax(np.empty((3, 0))).shape == (3, 0)
    assert act.log_softmax(np.empty((0, 4))).shape == (0, 4)
    assert act.softmin(np.empty((0,), dtype=np.float32)).dtype == np.float32
    assert act.logsumexp(np.empty((0,))) == -np.inf
    np.testing.assert_array_equal(act.logsumexp(np.empty((3, 0)), axis=1), [-np.inf, -np.inf, -np.inf])
    assert act.logsumexp(np.empty((0, 3)), axis=1).shape == (0,)


def test_softmax_rows_with_infinities():
    x = np.array(
        [
            [1.0, np.inf, 2.0],
            [np.inf, 0.0, np.inf],
            [-np.inf, -np.inf, -np.inf],
            [-np.inf, 0.0, 0.0],
            [1.0, np.nan, 2.0],
            [np.inf, -np.inf, np.inf],
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = act.softmax(x)
        log_p = act.log_softmax(x)
        lse = act.logsumexp(x, axis=1)
    np.testing.assert_array_equal(p[0], [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(p[1], [0.5, 0.0, 0.5])
    assert np.isnan(p[2]).all()
    np.testing.assert_array_equal(p[3], [0.0, 0.5, 0.5])
    assert np.isnan(p[4]).all()
    np.testing.assert_array_equal(p[5], [0.5, 0.0, 0.5])
    np.testing.assert_array_equal(log_p[0], [-np.inf, 0.0, -np.inf])
    np.testing.assert_array_equal(log_p[1], [-math.log(2), -np.inf, -math.log(2)])
    assert np.isnan(log_p[2]).all()
    np.testing.assert_array_equal(log_p[3], [-np.inf, -math.log(2), -math.log(2)])
    np.testing.assert_array_equal(lse[[0, 1, 2, 5]], [np.inf, np.inf, -np.inf, np.inf])
    assert lse[3] == pytest.approx(math.log(2.0), rel=1e-15)
    assert np.isnan(lse[4])


def test_softmin_of_minus_infinity_is_one_hot():
    np.testing.assert_array_equal(act.softmin(np.array([3.0, -np.inf, 0.0])), [0.0, 1.0, 0.0])


def test_softmax_extreme_finite_values():
    p = act.softmax(np.array([1e308, -1e308, 0.0]))
    np.testing.assert_array_equal(p, [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(act.softmax(np.array([1000.0, 1000.0])), [0.5, 0.5])


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_softmax_family_keeps_dtype(dtype):
    x = np.array([[1.0, 2.0, 3.0]], dtype=dtype)
    for function in (act.softmax, act.log_softmax, act.softmin):
        assert function(x).dtype == dtype
    assert act.logsumexp(x, axis=1).dtype == dtype
    assert act.softmax(np.array([[1, 2]])).dtype == np.float64


def test_softmax_jacobian_matches_finite_differences():
    x = np.array([0.3, -1.2, 2.0, 0.0])
    p = act.softmax(x)
    jacobian = act.softmax_jacobian(p)
    step = 1e-6
    numeric = np.empty((4, 4))
    for j in range(4):
        dx = np.zeros(4)
        dx[j] = step
        numeric[:, j] = (act.softmax(x + dx) - act.softmax(x - dx)) / (2 * step)
    np.testing.assert_allclose(jacobian, numeric, atol=1e-9)
    np.testing.assert_allclose(jacobian.sum(axis=0), 0.0, atol=1e-16)
    np.testing.assert_allclose(jacobian, jacobian.T, rtol=0)


def test_softmax_jacobian_batch():
    p = act.softmax(np.random.default_rng(7).normal(size=(2, 5, 3)))
    jacobian = act.softmax_jacobian(p)
    assert jacobian.shape == (2, 5, 3, 3)
    np.testing.assert_allclose(jacobian[1, 2], act.softmax_jacobian(p[1, 2]), rtol=0)


# ---------------------------------------------------------------------------------------------
# RReLU and PReLU
# ---------------------------------------------------------------------------------------------


def test_rrelu_training_reproducible_with_seeded_generator():
    x = np.linspace(-5.0, 5.0, 1001)
    y1, slope1 = act.rrelu(x, training=True, rng=np.random.default_rng(11), return_slope=True)
    y2, slope2 = act.rrelu(x, training=True, rng=np.random.default_rng(11), return_slope=True)
    y3 = act.rrelu(x, training=True, rng=np.random.default_rng(12))
    np.testing.assert_array_equal(y1, y2)
    np.testing.assert_array_equal(slope1, slope2)
    assert not np.array_equal(y1, y3)
    np.testing.assert_array_equal(act.rrelu(x, training=True, rng=11), y1)


def test_rrelu_training_slopes_are_uniform_in_bounds():
    lower, upper = 1.0 / 8.0, 1.0 / 3.0
    x = -np.ones(200_000)
    y, slope = act.rrelu(x, lower, upper, training=True, rng=np.random.default_rng(13), return_slope=True)
    assert slope.min() >= lower
    assert slope.max() <= upper
    np.testing.assert_array_equal(y, -slope)
    standard_error = (upper - lower) / math.sqrt(12 * x.size)
    assert abs(slope.mean() - (lower + upper) / 2) < 5 * standard_error
    np.testing.assert_array_equal(act.rrelu_grad(x, slope=slope), slope)


def test_rrelu_positive_inputs_pass_through_in_training():
    x = np.array([0.5, 2.0, 1e300])
    np.testing.assert_array_equal(act.rrelu(x, training=True, rng=0), x)
    np.testing.assert_array_equal(act.rrelu_grad(x, slope=np.full(3, 0.2)), [1.0, 1.0, 1.0])


def test_rrelu_evaluation_uses_mean_slope():
    x = np.array([-3.0, 0.0, 2.0])
    mean_slope = (0.1 + 0.3) / 2
    np.testing.assert_array_equal(act.rrelu(x, 0.1, 0.3), act.leaky_relu(x, mean_slope))
    np.testing.assert_array_equal(act.rrelu_grad(x, 0.1, 0.3), [mean_slope, mean_slope, 1.0])
    y, slope = act.rrelu(x, 0.1, 0.3, return_slope=True)
    np.testing.assert_array_equal(slope, np.full(3, mean_slope))


def test_prelu_per_channel_weights():
    x = np.random.default_rng(8).normal(size=(4, 3, 5, 5))
    weight = np.array([0.1, 0.25, 0.5])
    expected = np.where(x > 0, x, weight[None, :, None, None] * x)
    np.testing.assert_array_equal(act.prelu(x, weight), expected)
    np.testing.assert_array_equal(act.prelu_grad(x, weight), np.where(x > 0, 1.0, weight[None, :, None, None]))
    np.testing.assert_array_equal(act.prelu(x, 0.25), act.leaky_relu(x, 0.25))
    np.testing.assert_array_equal(act.prelu(x, [0.25]), act.leaky_relu(x, 0.25))


def test_prelu_explicit_axis_and_1d_input():
    x = np.array([-1.0, -2.0, 3.0])
    np.testing.assert_array_equal(act.prelu(x, [0.1, 0.2, 0.3], axis=0), [-0.1, -0.4, 3.0])
    np.testing.assert_array_equal(act.prelu(x, 0.5), [-0.5, -1.0, 3.0])


def test_prelu_weight_grad_matches_finite_differences():
    rng = np.random.default_rng(9)
    x = rng.normal(size=(6, 3, 2))
    weight = np.array([0.1, 0.2, 0.3])
    upstream = rng.normal(size=x.shape)
    analytic = act.prelu_weight_grad(x, weight, grad_output=upstream)
    assert analytic.shape == weight.shape
    numeric = np.empty(3)
    for c in range(3):
        dw = np.zeros(3)
        dw[c] = 1e-6
        loss_plus = np.sum(upstream * act.prelu(x, weight + dw))
        loss_minus = np.sum(upstream * act.prelu(x, weight - dw))
        numeric[c] = (loss_plus - loss_minus) / 2e-6
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7)
    shared = act.prelu_weight_grad(x, 0.25)
    assert shared.shape == ()
    assert float(shared) == pytest.approx(np.minimum(x, 0).sum(), rel=1e-14)
    with pytest.raises(ValueError, match="grad_output must have the shape of x"):
        act.prelu_weight_grad(x, weight, grad_output=np.ones(3))


# ---------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------


def test_registry_covers_every_elementwise_function():
    exported = set(act.__all__)
    elementwise = {name for name in exported if f"{name}_grad" in exported}
    aliases = {"swish"}
    assert elementwise - aliases == set(act.ACTIVATIONS)


def test_registry_entries_are_complete():
    bib_keys = set(re.findall(r"@\w+\{([^,]+),", BIB_PATH.read_text(encoding="utf-8")))
    for name, entry in act.ACTIVATIONS.items():
        assert entry.name == name
        assert callable(entry.function)
        assert callable(entry.derivative)
        assert entry.formula and entry.derivative_formula
        assert re.fullmatch(r"[\[\(\{].*[\]\)\}]", entry.output_range), entry.output_range
        assert isinstance(entry.params, dict)
        assert entry.reference == "" or entry.reference in bib_keys, entry.reference
        x = np.linspace(-2.0, 2.0, 5)
        np.testing.assert_array_equal(entry.function(x, **entry.params), entry.function(x))
        np.testing.assert_array_equal(entry.derivative(x, **entry.params), entry.derivative(x))


def test_registry_record_is_frozen():
    entry = act.ACTIVATIONS["relu"]
    with pytest.raises(AttributeError):
        entry.name = "other"


def test_get_activation_accepts_aliases_and_case():
    assert act.get_activation("swish") is act.ACTIVATIONS["silu"]
    assert act.get_activation("Leaky-ReLU") is act.ACTIVATIONS["leaky_relu"]
    assert act.swish is act.silu
    assert act.swish_grad is act.silu_grad


# ---------------------------------------------------------------------------------------------
# Timing helper
# ---------------------------------------------------------------------------------------------


def test_time_activation_reports_per_call_times():
    from course_lib.timing import time_activation

    timing = time_activation("sigmoid", n=2000, repeats=3, derivative=True)
    assert timing.name == "sigmoid"
    assert 0 < timing.best_seconds <= timing.median_seconds
    assert timing.ns_per_element == pytest.approx(timing.median_seconds / 2000 * 1e9)
    assert time_activation("swish", n=10, repeats=1).name == "silu"


def test_time_activation_rejects_bad_arguments():
    from course_lib.timing import time_activation, time_call

    with pytest.raises(ValueError, match="n must be >= 1, got 0"):
        time_activation("relu", n=0)
    with pytest.raises(TypeError, match="repeats must be an integer, got float"):
        time_activation("relu", n=10, repeats=2.5)
    with pytest.raises(ValueError, match="unknown activation 'relu7'"):
        time_activation("relu7")
    with pytest.raises(TypeError, match="function must be callable, got int"):
        time_call(3)
