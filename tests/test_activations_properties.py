"""Property tests of course_lib.activations with hypothesis."""

import math
import os
import tempfile

# Hypothesis caches under ./.hypothesis by default, and pytest's norecursedirs (which replaces
# the default list) does not name that folder, so hypothesis' plugin warns on the next
# collection and the warning filter turns it into an error. Keep the cache out of the tree.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "course_lib_hypothesis"))

import numpy as np  # noqa: E402
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

from course_lib import activations as act  # noqa: E402

# No example database: it would leave a .hypothesis folder in the working tree.
FAST = settings(max_examples=60, deadline=None, database=None)

finite_floats = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
moderate_floats = st.floats(min_value=-30.0, max_value=30.0, allow_nan=False, allow_infinity=False)
score_arrays = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6),
    elements=finite_floats,
)


def _axis_for(array, data):
    return data.draw(st.integers(min_value=-array.ndim, max_value=array.ndim - 1), label="axis")


@FAST
@given(x=score_arrays, data=st.data())
def test_softmax_sums_to_one(x, data):
    axis = _axis_for(x, data)
    p = act.softmax(x, axis=axis)
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=0, atol=8 * x.shape[axis] * np.finfo(float).eps)


@FAST
@given(x=score_arrays, shift=st.floats(min_value=-100.0, max_value=100.0), data=st.data())
def test_softmax_ignores_a_shift(x, shift, data):
    axis = _axis_for(x, data)
    shifted = x + shift
    # Adding the shift rounds x by up to half an ulp of |x| + |shift|, which changes the
    # probabilities by that much relative to the spread of the row, not by more.
    tolerance = 4 * np.finfo(float).eps * (np.abs(x).max() + abs(shift) + 1.0)
    np.testing.assert_allclose(act.softmax(shifted, axis=axis), act.softmax(x, axis=axis), rtol=tolerance, atol=1e-300)


@FAST
@given(x=score_arrays, data=st.data())
def test_log_softmax_is_log_of_softmax(x, data):
    axis = _axis_for(x, data)
    p = act.softmax(x, axis=axis)
    log_p = act.log_softmax(x, axis=axis)
    visible = p > 1e-300
    np.testing.assert_allclose(log_p[visible], np.log(p[visible]), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(log_p, x - act.logsumexp(x, axis=axis, keepdims=True), rtol=1e-13, atol=1e-12)


@FAST
@given(x=score_arrays)
def test_logsumexp_bounds(x):
    value = act.logsumexp(x)
    assert value >= x.max()
    assert value <= x.max() + math.log(x.size) + 1e-12 * (1 + abs(x.max()))


@FAST
@given(x=finite_floats)
def test_sigmoid_symmetry(x):
    assert abs(act.sigmoid(-x) - (1.0 - act.sigmoid(x))) <= 2 * np.finfo(float).eps


@FAST
@given(x=finite_floats)
def test_tanh_is_rescaled_sigmoid(x):
    assert abs(act.tanh(x) - (2.0 * act.sigmoid(2.0 * x) - 1.0)) <= 4 * np.finfo(float).eps


@FAST
@given(x=finite_floats)
def test_log_sigmoid_relations(x):
    assert act.log_sigmoid(x) - act.log_sigmoid(-x) == np.float64(x) or math.isclose(
        act.log_sigmoid(x) - act.log_sigmoid(-x), x, rel_tol=1e-14, abs_tol=1e-14
    )
    assert act.softplus(x, threshold=math.inf) == -act.log_sigmoid(-x)


MONOTONE = [
    "heaviside", "sigmoid", "log_sigmoid", "tanh", "hardtanh", "hardsigmoid", "softsign", "softplus",
    "relu", "relu6", "leaky_relu", "prelu", "rrelu", "elu", "celu", "selu",
]


@FAST
@given(
    name=st.sampled_from(MONOTONE),
    a=st.floats(allow_nan=False, allow_infinity=True),
    b=st.floats(allow_nan=False, allow_infinity=True),
)
def test_monotone_activations_preserve_order(name, a, b):
    low, high = min(a, b), max(a, b)
    function = act.ACTIVATIONS[name].function
    assert function(low) <= function(high)


@FAST
@given(name=st.sampled_from(sorted(set(act.ACTIVATIONS) - {"heaviside"})), x=st.floats(-12.0, 12.0))
def test_derivative_matches_finite_difference(name, x):
    kinks = {
        "hardtanh": (-1.0, 1.0), "hardsigmoid": (-3.0, 3.0), "hardswish": (-3.0, 3.0),
        "relu6": (0.0, 6.0), "softplus": (20.0,),
    }.get(name, (0.0,))
    assume(all(abs(x - kink) > 1e-4 for kink in kinks))
    entry = act.ACTIVATIONS[name]
    step = 1e-6
    numeric = (entry.function(x + step) - entry.function(x - step)) / (2 * step)
    assert math.isclose(entry.derivative(x), numeric, rel_tol=1e-6, abs_tol=1e-8)


@FAST
@given(x=moderate_floats, beta=st.floats(0.1, 10.0))
def test_softplus_derivative_is_sigmoid_of_beta_x(x, beta):
    assume(beta * x <= 20.0)
    assert math.isclose(act.softplus_grad(x, beta=beta), act.sigmoid(beta * x), rel_tol=1e-15)


@FAST
@given(x=moderate_floats)
def test_smooth_gates_relations(x):
    assert math.isclose(act.silu(x), x * act.sigmoid(x), rel_tol=1e-14, abs_tol=1e-300)
    assert math.isclose(act.mish(x), x * act.tanh(act.softplus(x, threshold=math.inf)), rel_tol=1e-14, abs_tol=1e-300)
    assert math.isclose(act.hardswish(x), x * act.hardsigmoid(x), rel_tol=1e-15, abs_tol=1e-300)
    assert act.relu(x) - act.relu(-x) == x


@FAST
@given(
    x=hnp.arrays(np.float64, st.integers(1, 50), elements=moderate_floats),
    lower=st.floats(0.0, 0.5),
    width=st.floats(0.0, 0.5),
    seed=st.integers(0, 2**32 - 1),
)
def test_rrelu_training_between_bounds(x, lower, width, seed):
    upper = lower + width
    y, slope = act.rrelu(x, lower, upper, training=True, rng=seed, return_slope=True)
    assert np.all((slope >= lower) & (slope <= upper))
    np.testing.assert_array_equal(y[x > 0], x[x > 0])
    # For x <= 0 the slope lies in [lower, upper], so y = slope * x lies in [upper x, lower x].
    negative = x[x <= 0]
    y_negative = y[x <= 0]
    assert np.all(y_negative >= upper * negative * (1 + 1e-15))
    assert np.all(y_negative <= lower * negative * (1 - 1e-15))
    np.testing.assert_array_equal(y_negative, slope[x <= 0] * negative)
