"""Activation benchmarks: course_lib against NumPy and SciPy on float64 arrays."""

import numpy as np

from . import BenchmarkCase

ELEMENTWISE_N = 10_000_000
SOFTMAX_SHAPE = (2000, 1000)


def _standard_normal(n, seed=0):
    return np.random.default_rng(seed).standard_normal(n)


def _relu(n):
    from course_lib.activations import relu

    x = _standard_normal(n)
    ours_out, peer_out = np.empty_like(x), np.empty_like(x)
    return (lambda: relu(x, out=ours_out)), (lambda: np.add(x, 0.0, out=peer_out))


def _sigmoid(n):
    from scipy.special import expit

    from course_lib.activations import sigmoid

    x = _standard_normal(n) * 5.0
    ours_out, peer_out = np.empty_like(x), np.empty_like(x)
    return (lambda: sigmoid(x, out=ours_out)), (lambda: expit(x, out=peer_out))


def _tanh(n):
    from course_lib.activations import tanh

    x = _standard_normal(n) * 3.0
    ours_out, peer_out = np.empty_like(x), np.empty_like(x)
    return (lambda: tanh(x, out=ours_out)), (lambda: np.tanh(x, out=peer_out))


def _softplus(n):
    from course_lib.activations import softplus

    x = _standard_normal(n) * 5.0
    ours_out, peer_out = np.empty_like(x), np.empty_like(x)
    return (lambda: softplus(x, out=ours_out)), (lambda: np.logaddexp(0.0, x, out=peer_out))


def _softmax(n):
    from scipy.special import softmax as scipy_softmax

    from course_lib.activations import softmax

    x = _standard_normal(n).reshape(SOFTMAX_SHAPE) * 3.0
    return (lambda: softmax(x, axis=1)), (lambda: scipy_softmax(x, axis=1))


def _leaky_relu(n):
    from course_lib.activations import leaky_relu

    x = _standard_normal(n)
    ours_out, peer_out = np.empty_like(x), np.empty_like(x)
    return (lambda: leaky_relu(x, 0.01, out=ours_out)), (lambda: np.add(x, 0.0, out=peer_out))


def _gelu(n):
    from scipy.special import erf

    from course_lib.activations import gelu

    x = _standard_normal(n)
    ours_out = np.empty_like(x)

    def peer():
        # The textbook formula, which loses the negative tail to cancellation in 1 + erf.
        return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))

    return (lambda: gelu(x, out=ours_out)), peer


CASES = [
    BenchmarkCase("relu", "np.add(x, 0.0)", _relu, goal=1.5, n=ELEMENTWISE_N, size="1e7 float64"),
    BenchmarkCase("sigmoid", "scipy.special.expit", _sigmoid, goal=1.0, n=ELEMENTWISE_N, size="1e7 float64"),
    BenchmarkCase("tanh", "np.tanh", _tanh, goal=1.2, n=ELEMENTWISE_N, size="1e7 float64"),
    BenchmarkCase("softplus", "np.logaddexp(0, x)", _softplus, goal=0.5, n=ELEMENTWISE_N, size="1e7 float64"),
    BenchmarkCase(
        "softmax", "scipy.special.softmax", _softmax, goal=1.0, n=SOFTMAX_SHAPE[0] * SOFTMAX_SHAPE[1],
        size="(2000, 1000) rows",
    ),
    BenchmarkCase("sigmoid (n=1e6)", "scipy.special.expit", _sigmoid, n=1_000_000, size="1e6 float64", rounds=41),
    BenchmarkCase("softplus (n=1e6)", "np.logaddexp(0, x)", _softplus, n=1_000_000, size="1e6 float64", rounds=41),
    BenchmarkCase("leaky_relu", "np.add(x, 0.0)", _leaky_relu, n=ELEMENTWISE_N, size="1e7 float64"),
    BenchmarkCase("gelu (exact)", "0.5 x (1 + erf(x/sqrt 2))", _gelu, n=ELEMENTWISE_N, size="1e7 float64"),
]
