"""Activation functions and their derivatives, accurate over the whole floating-point range.

Every elementwise activation ``f(x, ...)`` has its derivative ``f_grad(x, ...)`` beside it. At a
kink the derivative takes the value that PyTorch computes (for example ``relu_grad(0) == 0``).
Elementwise functions accept an optional ``out=`` array of the input's shape and dtype.

Input conventions: any array-like. float16, float32 and float64 results keep the input's dtype.
float16 and float32 inputs are computed in float64 and rounded once, so they are correctly
rounded but for rare double roundings. Functions whose result is an input element, a constant or
a rounded parameter (relu, relu6, hardtanh, heaviside and the piecewise-constant derivatives)
run in the input's dtype, where that is exact. Those that multiply by a slope (leaky_relu,
prelu, rrelu) run in float64 too, because a slope rounded to float16 or float32 and then
multiplied would round twice. Booleans and integers are computed in
float64. No input, including ``±inf``, raises a floating-point warning, and ``nan`` propagates.
In float64 the smooth functions and their derivatives are within 4 ulp of the exact values over
the whole range (exact GELU: see :func:`gelu`); the tests check this against mpmath. The
exception is the derivatives that cross zero (``gelu_grad``, ``silu_grad``, ``mish_grad``): near
that root their terms of size about 1 cancel, so there the error is within 4 ulp of 1 (8.9e-16
absolute), not 4 ulp of the small result.

The registry ``ACTIVATIONS`` maps each elementwise activation's name to an :class:`Activation`
record (function, derivative, LaTeX formulas, output range, default parameters, reference).
"""

import functools
import math
from dataclasses import dataclass, field

import numpy as np

from ._validation import (
    as_float_array,
    check_axis,
    check_bool,
    check_finite_real,
    check_nonnegative,
    check_positive,
    check_probability_vector,
    check_rng,
)

__all__ = [
    "Activation",
    "ACTIVATIONS",
    "get_activation",
    "SELU_ALPHA",
    "SELU_SCALE",
    "heaviside",
    "heaviside_grad",
    "sigmoid",
    "sigmoid_grad",
    "sigmoid_grad_from_output",
    "log_sigmoid",
    "log_sigmoid_grad",
    "tanh",
    "tanh_grad",
    "tanh_grad_from_output",
    "hardtanh",
    "hardtanh_grad",
    "hardsigmoid",
    "hardsigmoid_grad",
    "softsign",
    "softsign_grad",
    "softplus",
    "softplus_grad",
    "relu",
    "relu_grad",
    "relu6",
    "relu6_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "prelu",
    "prelu_grad",
    "prelu_weight_grad",
    "rrelu",
    "rrelu_grad",
    "elu",
    "elu_grad",
    "celu",
    "celu_grad",
    "selu",
    "selu_grad",
    "gelu",
    "gelu_grad",
    "silu",
    "silu_grad",
    "swish",
    "swish_grad",
    "mish",
    "mish_grad",
    "hardswish",
    "hardswish_grad",
    "softmax",
    "log_softmax",
    "logsumexp",
    "softmin",
    "softmax_jacobian",
]

# Constants of SELU (Klambauer et al. 2017), the values PyTorch uses.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_GELU_TANH_COEFF = 0.044715


# ---------------------------------------------------------------------------------------------
# Plumbing shared by the elementwise functions
# ---------------------------------------------------------------------------------------------


def _check_out(out, x):
    if not isinstance(out, np.ndarray):
        raise TypeError(f"out must be a numpy.ndarray or None, got {type(out).__name__}")
    if out.shape != x.shape:
        raise ValueError(f"out must have the shape of x, {x.shape}, got {out.shape}")
    if out.dtype != x.dtype:
        raise TypeError(f"out must have the dtype of the result, {x.dtype}, got {out.dtype}")
    if not out.flags.writeable:
        raise ValueError("out must be writeable, got a read-only array")


# Elements per block of a blocked kernel call. At 32768 float64 (256 KiB) per array, the input,
# the output and a temporary or two fit in a 1-2 MiB L2 cache, so a multi-pass kernel reads
# main memory once instead of once per pass. The Python cost per block (a few microseconds)
# stays below 0.2 ns per element. On a 2-core AMD EPYC VM, sigmoid on n = 1e7 ran 1.7x to 2.5x
# faster than in one call over the whole array, and blocks of 4096 were slower than no blocks.
_BLOCK = 32768


def _run_blocked(kernel, x, y, params):
    if x.size <= 2 * _BLOCK or not (x.flags.c_contiguous and y.flags.c_contiguous):
        kernel(x, y, *params)
        return
    x_flat = x.reshape(-1)
    y_flat = y.reshape(-1)
    for start in range(0, x_flat.size, _BLOCK):
        kernel(x_flat[start : start + _BLOCK], y_flat[start : start + _BLOCK], *params)


def _apply(kernel, x, out, *params, native=False, blocked=True):
    """Run ``kernel(x_work, y_work, *params)`` with the dtype and ``out`` conventions.

    The kernel writes its result into ``y_work``, which never shares memory with ``x_work``.
    float16 and float32 inputs are computed in float64 and rounded once to their dtype, unless
    ``native`` is true: piecewise-linear kernels are exact (or correctly rounded) in any dtype.
    A ``blocked`` kernel must use nothing but its two arguments and scalar parameters; large
    arrays are then fed to it in cache-sized blocks. Single-pass kernels gain nothing from that.

    A native kernel may round a parameter (a bound, a slope written as a derivative, the value at
    0) to a float16 or float32 input's dtype. A parameter beyond that dtype's range then becomes
    +-inf, which is its correct rounding, so the overflow warning of that cast is suppressed.
    """
    if blocked:
        kernel = functools.partial(_run_blocked, kernel, params=params)
        params = ()
    x = as_float_array(x, "x")
    work_dtype = x.dtype if native else np.dtype(np.float64)
    x_work = x.astype(work_dtype) if x.dtype != work_dtype else x
    # Ufuncs return scalars rather than 0-d arrays, which would break the kernels' in-place
    # steps, so a scalar is computed as a 1-element array.
    work_shape = x.shape if x.ndim else (1,)
    x_work = x_work.reshape(work_shape)

    if native:
        kernel = _ignoring_overflow(kernel)

    if out is not None:
        _check_out(out, x)
        if out.dtype == work_dtype and not np.may_share_memory(out, x_work):
            kernel(x_work, out.reshape(work_shape), *params)
            return out

    y = np.empty(work_shape, dtype=work_dtype)
    kernel(x_work, y, *params)
    # A float64 result beyond the float16 or float32 range becomes inf, the correct rounding.
    with np.errstate(over="ignore"):
        if out is not None:
            np.copyto(out, y.reshape(x.shape), casting="same_kind")
            return out
        if y.dtype != x.dtype:
            y = y.astype(x.dtype)
    return y.reshape(x.shape)[()] if x.ndim == 0 else y


def _ignoring_overflow(kernel):
    @functools.wraps(kernel)
    def wrapped(*args):
        with np.errstate(over="ignore"):
            kernel(*args)

    return wrapped


def _propagate_nan(x, g):
    # Comparisons map nan to False, so derivatives built from masks would turn nan into 0 or 1.
    nan_mask = np.isnan(x)
    if nan_mask.any():
        g[nan_mask] = np.nan


_TAIL_START = -700.0
_TAIL_SHIFT = 64.0
_EXP_MINUS_TAIL_SHIFT = math.exp(-_TAIL_SHIFT)


def _rescale_exp_tail(x, y, prefactor):
    """Overwrite ``y`` with ``prefactor(x) * exp(x)`` where ``x < -700``.

    There ``exp(x)`` is subnormal and carries few significant bits, so multiplying it by a
    prefactor of several hundred multiplies its rounding error too. ``exp(x + 64) * exp(-64)``
    rounds into the subnormal range only once, at the end (``x + 64`` is exact in that binade).
    """
    tail = x < _TAIL_START
    if tail.any():
        # Below -1000 the result underflows to zero anyway; the clip keeps -inf * 0 from being nan.
        x_tail = np.maximum(x[tail], -1000.0)
        scaled = np.exp(x_tail + _TAIL_SHIFT)
        scaled *= prefactor(x_tail)
        scaled *= _EXP_MINUS_TAIL_SHIFT
        y[tail] = scaled


def _sigmoid_kernel(x, y):
    # exp(min(x, 0)) / (1 + exp(-|x|)) is sigma(x) for both signs: neither exponential can
    # overflow, and in the left tail the numerator keeps full relative accuracy where
    # 1 - sigma(-x) would cancel.
    t = np.abs(x)
    np.negative(t, out=t)
    np.exp(t, out=t)
    t += 1.0
    np.minimum(x, 0.0, out=y)
    np.exp(y, out=y)
    y /= t


def _softplus_core(z, y):
    # log(1 + e^z) = max(z, 0) + log1p(e^-|z|): the exponential cannot overflow, and both terms
    # are >= 0, so the sum has no cancellation.
    t = np.abs(z)
    np.negative(t, out=t)
    np.exp(t, out=t)
    np.log1p(t, out=t)
    np.maximum(z, 0.0, out=y)
    y += t


# ---------------------------------------------------------------------------------------------
# The threshold unit
# ---------------------------------------------------------------------------------------------


def heaviside(x, value_at_zero=1.0, out=None):
    r"""Apply the Heaviside step, the threshold unit of McCulloch and Pitts (1943).

    .. math::

        H(x) = \begin{cases} 1 & x > 0 \\ h_0 & x = 0 \\ 0 & x < 0 \end{cases}

    Derivative: :math:`H'(x) = 0` for :math:`x \ne 0`; at 0 it is a Dirac delta, which
    :func:`heaviside_grad` also reports as 0. Range: :math:`\{0, h_0, 1\}`.

    The default ``value_at_zero=1`` makes the unit fire when its input reaches the threshold
    (weighted sum minus threshold ``>= 0``), as in McCulloch and Pitts (1943).

    Parameters
    ----------
    x : array_like
        Input (the weighted sum minus the threshold).
    value_at_zero : float, default 1.0
        Output at exactly ``x == 0``.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        0, ``value_at_zero`` or 1 for each element; nan stays nan.

    Examples
    --------
    >>> print(heaviside(np.array([-2.0, 0.0, 3.0])))
    [0. 1. 1.]
    """
    value_at_zero = check_finite_real(value_at_zero, "value_at_zero")
    return _apply(lambda x, y: np.heaviside(x, value_at_zero, out=y), x, out, native=True, blocked=False)


def heaviside_grad(x, value_at_zero=1.0, out=None):
    r"""Return the derivative of :func:`heaviside` away from 0, which is 0 everywhere.

    .. math::

        H'(x) = 0 \quad (x \ne 0)

    At 0 the derivative is a Dirac delta; this function returns 0 there too. Because the
    gradient is zero almost everywhere, gradient descent cannot train a network of threshold
    units, which is why learning needs a differentiable surrogate such as the sigmoid.

    Parameters
    ----------
    x : array_like
        Input.
    value_at_zero : float, default 1.0
        Accepted for symmetry with :func:`heaviside`; it does not change the derivative.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        Zeros of the input's shape; nan stays nan.

    Examples
    --------
    >>> print(heaviside_grad(np.array([-1.0, 0.0, 1.0])))
    [0. 0. 0.]
    """
    check_finite_real(value_at_zero, "value_at_zero")

    def kernel(x, y):
        # 0 * x would turn inf into nan, so fill zeros and copy only the nan entries.
        y.fill(0.0)
        _propagate_nan(x, y)

    return _apply(kernel, x, out, native=True)


# ---------------------------------------------------------------------------------------------
# Sigmoid family
# ---------------------------------------------------------------------------------------------


def sigmoid(x, out=None):
    r"""Apply the logistic sigmoid.

    .. math::

        \sigma(x) = \frac{1}{1 + e^{-x}}

    Derivative: :math:`\sigma'(x) = \sigma(x)\,\sigma(-x) = \sigma(x)(1 - \sigma(x))`.
    Range: :math:`(0, 1)` (0 and 1 are reached in floating point for large :math:`|x|`).
    Smooth everywhere, so no kink convention is needed.

    The sigmoid is the two-class case of softmax, Bridle (1990); it is the smooth threshold of
    Rosenblatt (1958) style units and of Cybenko (1989). In float64 the result is within 4 ulp
    of the exact value for every input, including the subnormal left tail (x down to -745).

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        :math:`\sigma(x)`.

    Examples
    --------
    >>> print(sigmoid(np.array([-1.0, 0.0, 1.0])).round(6))
    [0.268941 0.5      0.731059]
    >>> print(f"{sigmoid(-40.0):.6e}")  # 0.5 * (1 + tanh(x / 2)) returns 0.0 here
    4.248354e-18
    """
    return _apply(_sigmoid_kernel, x, out)


def sigmoid_grad(x, out=None):
    r"""Return the derivative of :func:`sigmoid`.

    .. math::

        \sigma'(x) = \sigma(x)\,(1 - \sigma(x)) = \frac{e^{-|x|}}{(1 + e^{-|x|})^2}

    The form on the right uses one exponential that cannot overflow and keeps full relative
    accuracy in both tails, where :math:`1 - \sigma(x)` would cancel. Range: :math:`(0, 1/4]`,
    with the maximum :math:`\sigma'(0) = 1/4`.

    Parameters
    ----------
    x : array_like
        Input of the sigmoid (not its output; see :func:`sigmoid_grad_from_output`).
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        :math:`\sigma'(x)`.

    Examples
    --------
    >>> print(sigmoid_grad(np.array([0.0, 2.0])).round(6))
    [0.25     0.104994]
    """

    def kernel(x, y):
        t = np.abs(x)
        np.negative(t, out=t)
        np.exp(t, out=y)
        # (1 + e)^2 as 1 + e (2 + e): one rounding of a number near 1 instead of a rounded sum
        # that is then squared, which doubles its error.
        np.add(y, 2.0, out=t)
        t *= y
        t += 1.0
        y /= t

    return _apply(kernel, x, out)


def sigmoid_grad_from_output(s, out=None):
    r"""Return the sigmoid's derivative from its output :math:`s = \sigma(x)`.

    .. math::

        \sigma'(x) = s\,(1 - s)

    This is what backpropagation uses when it has kept the forward output. It is exact to
    rounding when :math:`s` is accurate, but :math:`s` itself only carries absolute precision
    near 1, so in the right tail :func:`sigmoid_grad` of the input is more accurate.

    Parameters
    ----------
    s : array_like
        Output of the sigmoid, in [0, 1].
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        :math:`s(1 - s)`.

    Examples
    --------
    >>> print(f"{sigmoid_grad_from_output(0.5):.6f}")
    0.250000
    """

    def kernel(s, y):
        np.subtract(1.0, s, out=y)
        y *= s

    return _apply(kernel, s, out)


def log_sigmoid(x, out=None):
    r"""Apply the logarithm of the sigmoid.

    .. math::

        \log\sigma(x) = -\log(1 + e^{-x}) = \min(x, 0) - \log(1 + e^{-|x|})

    Derivative: :math:`\frac{d}{dx}\log\sigma(x) = \sigma(-x) = 1 - \sigma(x)`.
    Range: :math:`(-\infty, 0)`. Smooth everywhere.

    The right-hand form never overflows and adds two terms of the same sign, so it keeps full
    relative accuracy; ``log(sigmoid(x))`` would return ``-inf`` below x = -745. It is the
    log-likelihood term of logistic regression, Goodfellow, Bengio and Courville (2016).

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        :math:`\log\sigma(x)`.

    Examples
    --------
    >>> print(log_sigmoid(np.array([-1000.0, 0.0, 1.0])).round(6))
    [-1.00000e+03 -6.93147e-01 -3.13262e-01]
    """

    def kernel(x, y):
        # log sigma(x) = -softplus(-x): evaluate softplus on -x and flip the sign.
        z = np.negative(x)
        _softplus_core(z, y)
        np.negative(y, out=y)

    return _apply(kernel, x, out)


def log_sigmoid_grad(x, out=None):
    r"""Return the derivative of :func:`log_sigmoid`.

    .. math::

        \frac{d}{dx}\log\sigma(x) = \sigma(-x) = \frac{1}{1 + e^{x}}

    Range: :math:`(0, 1)`.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        :math:`\sigma(-x)`.

    Examples
    --------
    >>> print(f"{log_sigmoid_grad(0.0):.6f}")
    0.500000
    """

    def kernel(x, y):
        _sigmoid_kernel(np.negative(x), y)

    return _apply(kernel, x, out)


def tanh(x, out=None):
    r"""Apply the hyperbolic tangent.

    .. math::

        \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1

    Derivative: :math:`\tanh'(x) = 1 - \tanh^2(x)`. Range: :math:`(-1, 1)`. Smooth everywhere.

    A zero-centred sigmoid; Glorot and Bengio (2010) studied its saturation in deep networks.
    This calls ``numpy.tanh``, whose float64 error measured below 1.1 ulp against mpmath (numpy
    2.4).

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        :math:`\tanh(x)`.

    Examples
    --------
    >>> print(tanh(np.array([-1.0, 0.0, 1.0])).round(6))
    [-0.761594  0.        0.761594]
    """
    return _apply(lambda x, y: np.tanh(x, out=y), x, out, blocked=False)


def _tanh_grad_kernel(x, y):
    # 1 - tanh(x)^2 cancels for large |x|. With e = exp(-2|x|) the same value is 4e / (1 + e)^2,
    # which keeps full relative accuracy and cannot overflow.
    # Beyond |x| = 400 the value underflows to 0; the clip keeps -2|x| from overflowing.
    t = np.minimum(np.abs(x), 400.0)
    t *= -2.0
    np.exp(t, out=y)
    # (1 + e)^2 as 1 + e (2 + e), which rounds once near 1 instead of squaring a rounded sum.
    np.add(y, 2.0, out=t)
    t *= y
    t += 1.0
    y *= 4.0
    y /= t


def tanh_grad(x, out=None):
    r"""Return the derivative of :func:`tanh`.

    .. math::

        \tanh'(x) = 1 - \tanh^2(x) = \frac{4 e^{-2|x|}}{(1 + e^{-2|x|})^2}

    Range: :math:`(0, 1]`, with :math:`\tanh'(0) = 1`.

    Parameters
    ----------
    x : array_like
        Input of tanh (not its output; see :func:`tanh_grad_from_output`).
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        :math:`\tanh'(x)`.

    Examples
    --------
    >>> print(tanh_grad(np.array([0.0, 20.0])))
    [1.0000000e+00 1.6993417e-17]
    """
    return _apply(_tanh_grad_kernel, x, out)


def tanh_grad_from_output(t, out=None):
    r"""Return the derivative of tanh from its output :math:`t = \tanh(x)`.

    .. math::

        \tanh'(x) = 1 - t^2 = (1 - t)(1 + t)

    The factored form avoids the rounding of :math:`t^2`; in the tails, where :math:`t` is within
    rounding of :math:`\pm 1`, :func:`tanh_grad` of the input is more accurate.

    Parameters
    ----------
    t : array_like
        Output of tanh, in [-1, 1].
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        :math:`1 - t^2`.

    Examples
    --------
    >>> print(f"{tanh_grad_from_output(0.5):.6f}")
    0.750000
    """

    def kernel(t, y):
        np.subtract(1.0, t, out=y)
        y *= t + 1.0

    return _apply(kernel, t, out)


def hardtanh(x, min_val=-1.0, max_val=1.0, out=None):
    r"""Apply the hard tanh, a clip to ``[min_val, max_val]``.

    .. math::

        \operatorname{hardtanh}(x) = \min(\max(x, a), b), \quad a = \text{min\_val},\;
        b = \text{max\_val}

    Derivative: 1 for :math:`a < x < b`, 0 otherwise; at the kinks :math:`x = a` and
    :math:`x = b` it is 0, as in PyTorch. Range: :math:`[a, b]`.

    A piecewise-linear stand-in for tanh, Goodfellow, Bengio and Courville (2016).

    Parameters
    ----------
    x : array_like
        Input.
    min_val, max_val : float, default -1 and 1
        Clip bounds, ``min_val < max_val``.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The clipped input.

    Examples
    --------
    >>> print(hardtanh(np.array([-3.0, 0.5, 3.0])))
    [-1.   0.5  1. ]
    """
    min_val, max_val = _check_bounds(min_val, max_val, "min_val", "max_val")
    return _apply(lambda x, y: np.clip(x, min_val, max_val, out=y), x, out, native=True, blocked=False)


def _check_bounds(low, high, low_name, high_name, strict=True):
    low = check_finite_real(low, low_name)
    high = check_finite_real(high, high_name)
    if (strict and not low < high) or (not strict and not low <= high):
        relation = "<" if strict else "<="
        raise ValueError(f"{low_name} must be {relation} {high_name}, got {low_name}={low} and {high_name}={high}")
    return low, high


def _window_grad_kernel(low, high, inside_value):
    # As NumPy scalars the bounds are not rounded to a float16 or float32 input's dtype (the
    # input is promoted instead), so the comparisons are exact: a bound of 0.10002 must not
    # become the float16 number 0.10004 and put that number outside the window.
    low = np.float64(low)
    high = np.float64(high)

    def kernel(x, y):
        # 1 on the open interval (low, high) and 0 elsewhere, including at both kinks.
        inside = np.greater(x, low)
        inside &= np.less(x, high)
        np.multiply(inside, inside_value, out=y, casting="unsafe")
        _propagate_nan(x, y)

    return kernel


def hardtanh_grad(x, min_val=-1.0, max_val=1.0, out=None):
    r"""Return the derivative of :func:`hardtanh`.

    .. math::

        \operatorname{hardtanh}'(x) = \begin{cases} 1 & a < x < b \\ 0 & \text{otherwise}
        \end{cases}

    At :math:`x = a` and :math:`x = b` the value is 0, as PyTorch computes it.

    Parameters
    ----------
    x : array_like
        Input.
    min_val, max_val : float, default -1 and 1
        Clip bounds, ``min_val < max_val``.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        0 or 1 for each element; nan stays nan.

    Examples
    --------
    >>> print(hardtanh_grad(np.array([-1.0, 0.0, 1.0])))
    [0. 1. 0.]
    """
    min_val, max_val = _check_bounds(min_val, max_val, "min_val", "max_val")
    return _apply(_window_grad_kernel(min_val, max_val, 1.0), x, out, native=True)


def hardsigmoid(x, out=None):
    r"""Apply the hard sigmoid of MobileNetV3, Howard et al. (2019).

    .. math::

        \operatorname{hardsigmoid}(x) = \min\!\left(\max\!\left(\frac{x + 3}{6}, 0\right), 1\right)

    Derivative: :math:`1/6` for :math:`-3 < x < 3`, 0 otherwise; at :math:`x = \pm 3` it is 0,
    as in PyTorch. Range: :math:`[0, 1]`.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The hard sigmoid of the input.

    Examples
    --------
    >>> print(hardsigmoid(np.array([-4.0, 0.0, 1.5, 4.0])))
    [0.   0.5  0.75 1.  ]
    """

    def kernel(x, y):
        # (x + 3) / 6 rather than x / 6 + 1/2: near x = -3 the sum is exact, while the second
        # form subtracts two numbers close to 1/2.
        np.add(x, 3.0, out=y)
        y /= 6.0
        np.clip(y, 0.0, 1.0, out=y)

    return _apply(kernel, x, out)


def hardsigmoid_grad(x, out=None):
    r"""Return the derivative of :func:`hardsigmoid`.

    .. math::

        \operatorname{hardsigmoid}'(x) = \begin{cases} 1/6 & -3 < x < 3 \\ 0 & \text{otherwise}
        \end{cases}

    At :math:`x = \pm 3` the value is 0, as PyTorch computes it.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        0 or 1/6 for each element; nan stays nan.

    Examples
    --------
    >>> print(hardsigmoid_grad(np.array([-3.0, 0.0, 3.0])).round(6))
    [0.       0.166667 0.      ]
    """
    return _apply(_window_grad_kernel(-3.0, 3.0, 1.0 / 6.0), x, out, native=True)


def softsign(x, out=None):
    r"""Apply the softsign.

    .. math::

        \operatorname{softsign}(x) = \frac{x}{1 + |x|}

    Derivative: :math:`\frac{1}{(1 + |x|)^2}`. Range: :math:`(-1, 1)`. Smooth at 0 to first
    order (the second derivative jumps there).

    Its polynomial tails saturate more slowly than tanh; Glorot and Bengio (2010) compared the
    two in deep networks.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        :math:`x / (1 + |x|)`.

    Examples
    --------
    >>> print(softsign(np.array([-1.0, 0.0, 3.0, np.inf])))
    [-0.5   0.    0.75  1.  ]
    """

    def kernel(x, y):
        # inf / inf is nan: clip to the largest finite value, whose quotient rounds to +-1.
        limit = np.finfo(x.dtype).max
        np.clip(x, -limit, limit, out=y)
        t = np.abs(y)
        t += 1.0
        y /= t

    return _apply(kernel, x, out)


def softsign_grad(x, out=None):
    r"""Return the derivative of :func:`softsign`.

    .. math::

        \operatorname{softsign}'(x) = \frac{1}{(1 + |x|)^2}

    Range: :math:`(0, 1]`, with the maximum 1 at 0.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        :math:`(1 + |x|)^{-2}`.

    Examples
    --------
    >>> print(softsign_grad(np.array([0.0, 1.0])))
    [1.   0.25]
    """

    def kernel(x, y):
        magnitude = np.abs(x)
        # 1 / (1 + |x| (2 + |x|)) rounds once near 1, so it is the more accurate form for small
        # |x|. Beyond 1e150 that denominator would overflow; there the square of the reciprocal
        # is used, which stays accurate into the subnormal range.
        near = np.minimum(magnitude, 1e150)
        denominator = near + 2.0
        denominator *= near
        denominator += 1.0
        np.reciprocal(denominator, out=y)
        far = magnitude > 1e150
        if far.any():
            y[far] = np.square(np.reciprocal(magnitude[far] + 1.0))

    return _apply(kernel, x, out)


# ---------------------------------------------------------------------------------------------
# Softplus
# ---------------------------------------------------------------------------------------------


def _check_softplus_params(beta, threshold):
    beta = check_positive(beta, "beta")
    threshold = check_nonnegative(threshold, "threshold", allow_inf=True)
    return beta, threshold


def softplus(x, beta=1.0, threshold=20.0, out=None):
    r"""Apply the softplus, a smooth ReLU, with PyTorch's linear cut-over.

    .. math::

        \operatorname{softplus}(x) = \begin{cases} \frac{1}{\beta}\log(1 + e^{\beta x}) &
        \beta x \le \text{threshold} \\ x & \beta x > \text{threshold} \end{cases}

    Derivative: :math:`\sigma(\beta x)` for :math:`\beta x \le` threshold and 1 above.
    Range: :math:`(0, \infty)`.

    The threshold follows PyTorch: above it the function returns ``x`` itself, which differs
    from the exact :math:`\frac{1}{\beta}\log(1 + e^{\beta x})` by less than
    :math:`\frac{1}{\beta}e^{-\text{threshold}}` (about 2.1e-9 for the default 20). Pass
    ``threshold=math.inf`` for the exact function. The smooth rectifier is from Dugas et al.
    (2001); Glorot, Bordes and Bengio (2011) compared it with ReLU.

    Parameters
    ----------
    x : array_like
        Input.
    beta : float, default 1.0
        Sharpness, > 0; softplus tends to ReLU as ``beta`` grows.
    threshold : float, default 20.0
        Value of :math:`\beta x`, >= 0 (``inf`` allowed), above which the result is ``x``.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The softplus of the input.

    Examples
    --------
    >>> print(" ".join(f"{v:.6f}" for v in softplus(np.array([-1000.0, 0.0, 1.0, 1000.0]))))
    0.000000 0.693147 1.313262 1000.000000
    """
    beta, threshold = _check_softplus_params(beta, threshold)

    def kernel(x, y):
        z = x if beta == 1.0 else x * beta
        # max(x, 0) + log1p(exp(-|beta x|)) / beta: max(beta x, 0) / beta would round twice.
        t = np.abs(z)
        np.negative(t, out=t)
        if threshold != math.inf:
            # exp(-inf) = 0 makes the correction term vanish, which gives exactly x above the
            # threshold without a second pass over the output.
            t[z > threshold] = -np.inf
        np.exp(t, out=t)
        np.log1p(t, out=t)
        if beta != 1.0:
            t /= beta
        np.maximum(x, 0.0, out=y)
        y += t

    with np.errstate(over="ignore"):
        return _apply(kernel, x, out)


def softplus_grad(x, beta=1.0, threshold=20.0, out=None):
    r"""Return the derivative of :func:`softplus`.

    .. math::

        \operatorname{softplus}'(x) = \begin{cases} \sigma(\beta x) & \beta x \le
        \text{threshold} \\ 1 & \beta x > \text{threshold} \end{cases}

    Range: :math:`(0, 1]`.

    Parameters
    ----------
    x : array_like
        Input.
    beta : float, default 1.0
        Sharpness, > 0.
    threshold : float, default 20.0
        Value of :math:`\beta x`, >= 0, above which softplus is linear.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The derivative of softplus.

    Examples
    --------
    >>> print(softplus_grad(np.array([0.0, 25.0])))
    [0.5 1. ]
    """
    beta, threshold = _check_softplus_params(beta, threshold)

    def kernel(x, y):
        z = x if beta == 1.0 else x * beta
        _sigmoid_kernel(z, y)
        if threshold != math.inf:
            y[z > threshold] = 1.0

    with np.errstate(over="ignore"):
        return _apply(kernel, x, out)


# ---------------------------------------------------------------------------------------------
# ReLU family
# ---------------------------------------------------------------------------------------------


def relu(x, out=None):
    r"""Apply the rectified linear unit.

    .. math::

        \operatorname{relu}(x) = \max(x, 0)

    Derivative: 1 for :math:`x > 0`, 0 for :math:`x < 0`; at the kink :math:`x = 0` it is 0, as
    in PyTorch. Range: :math:`[0, \infty)`.

    Nair and Hinton (2010); Glorot, Bordes and Bengio (2011) showed that deep rectifier
    networks train well without pre-training.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to (may be ``x`` itself).

    Returns
    -------
    ndarray or scalar
        :math:`\max(x, 0)`.

    Examples
    --------
    >>> print(relu(np.array([-2.0, 0.0, 3.0])))
    [0. 0. 3.]
    """
    return _apply(lambda x, y: np.maximum(x, 0.0, out=y), x, out, native=True, blocked=False)


def relu_grad(x, out=None):
    r"""Return the derivative of :func:`relu`.

    .. math::

        \operatorname{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}

    The value at the kink is :math:`\operatorname{relu}'(0) = 0`, as PyTorch computes it.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        0 or 1 for each element; nan stays nan.

    Examples
    --------
    >>> print(relu_grad(np.array([-1.0, 0.0, 2.0])))
    [0. 0. 1.]
    """
    # numpy.heaviside returns nan for nan, which keeps the nan convention for free.
    return _apply(lambda x, y: np.heaviside(x, 0.0, out=y), x, out, native=True, blocked=False)


def relu6(x, out=None):
    r"""Apply ReLU capped at 6, as used in MobileNets.

    .. math::

        \mathrm{relu6}(x) = \min(\max(x, 0), 6)

    Derivative: 1 for :math:`0 < x < 6`, 0 otherwise; at the kinks 0 and 6 it is 0, as in
    PyTorch. Range: :math:`[0, 6]`. Howard et al. (2019) build the hard sigmoid and hard swish
    from it.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The input clipped to [0, 6].

    Examples
    --------
    >>> print(relu6(np.array([-1.0, 3.0, 8.0])))
    [0. 3. 6.]
    """
    return _apply(lambda x, y: np.clip(x, 0.0, 6.0, out=y), x, out, native=True, blocked=False)


def relu6_grad(x, out=None):
    r"""Return the derivative of :func:`relu6`.

    .. math::

        \mathrm{relu6}'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise}
        \end{cases}

    At :math:`x = 0` and :math:`x = 6` the value is 0, as PyTorch computes it.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        0 or 1 for each element; nan stays nan.

    Examples
    --------
    >>> print(relu6_grad(np.array([0.0, 3.0, 6.0])))
    [0. 1. 0.]
    """
    return _apply(_window_grad_kernel(0.0, 6.0, 1.0), x, out, native=True)


def _leaky_kernel(x, y, slope):
    if slope == 0.0:
        # slope * x would be 0 * inf = nan at -inf.
        np.maximum(x, 0.0, out=y)
    elif 0.0 < slope <= 1.0:
        # For 0 < a <= 1, max(x, a x) picks x when x > 0 and a x when x < 0: one branch-free pass.
        np.multiply(x, slope, out=y)
        np.maximum(x, y, out=y)
    elif slope > 1.0:
        np.multiply(x, slope, out=y)
        np.minimum(x, y, out=y)
    else:
        np.multiply(x, slope, out=y)
        np.copyto(y, x, where=x > 0)


def _leaky_grad_kernel(x, y, slope):
    y.fill(slope)
    np.copyto(y, 1.0, where=x > 0)
    _propagate_nan(x, y)


def leaky_relu(x, negative_slope=0.01, out=None):
    r"""Apply the leaky ReLU of Maas, Hannun and Ng (2013).

    .. math::

        \operatorname{leaky\_relu}(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases},
        \quad a = \text{negative\_slope}

    Derivative: 1 for :math:`x > 0` and :math:`a` for :math:`x \le 0`; at the kink it is
    :math:`a`, as in PyTorch. Range: :math:`(-\infty, \infty)` for :math:`a > 0`.

    The small negative slope keeps a gradient flowing through units that ReLU would leave dead.

    Parameters
    ----------
    x : array_like
        Input.
    negative_slope : float, default 0.01
        Slope :math:`a` for negative inputs (any finite value, as in PyTorch).
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The leaky ReLU of the input.

    Examples
    --------
    >>> print(leaky_relu(np.array([-100.0, 0.0, 2.0])))
    [-1.  0.  2.]
    """
    slope = check_finite_real(negative_slope, "negative_slope")
    with np.errstate(over="ignore"):
        return _apply(_leaky_kernel, x, out, slope)


def leaky_relu_grad(x, negative_slope=0.01, out=None):
    r"""Return the derivative of :func:`leaky_relu`.

    .. math::

        \operatorname{leaky\_relu}'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}

    At the kink :math:`x = 0` the value is :math:`a`, as PyTorch computes it.

    Parameters
    ----------
    x : array_like
        Input.
    negative_slope : float, default 0.01
        Slope :math:`a` for negative inputs.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        1 or ``negative_slope`` for each element; nan stays nan.

    Examples
    --------
    >>> print(leaky_relu_grad(np.array([-1.0, 0.0, 1.0])))
    [0.01 0.01 1.  ]
    """
    slope = check_finite_real(negative_slope, "negative_slope")
    return _apply(_leaky_grad_kernel, x, out, slope, native=True)


def _prelu_weight(x, weight, axis):
    """Return ``weight`` reshaped to broadcast along the channel axis of ``x``."""
    weight = as_float_array(weight, "weight")
    if weight.ndim > 1:
        raise ValueError(f"weight must be a scalar or a 1-D array, got {weight.ndim} dimensions")
    if not np.all(np.isfinite(weight)):
        raise ValueError("weight must contain only finite values")
    # float64, so that prelu rounds the product once; the input is computed in float64 too.
    weight = weight.astype(np.float64)
    if weight.size == 1:
        return weight.reshape(()), None

    if axis is None:
        if x.ndim < 2:
            raise ValueError(
                f"weight must have 1 element for an input with fewer than 2 dimensions "
                f"(no channel axis), got {weight.size}; pass axis=0 to give each element its own slope"
            )
        axis = 1
    else:
        axis = check_axis(axis, x.ndim)
    channels = x.shape[axis]
    if weight.size != channels:
        raise ValueError(
            f"weight must have 1 or x.shape[{axis}] = {channels} elements (one per channel), "
            f"got {weight.size}"
        )
    shape = [1] * x.ndim
    shape[axis] = channels
    return weight.reshape(shape), axis


def prelu(x, weight, axis=None, out=None):
    r"""Apply the parametric ReLU of He et al. (2015), with one learned slope per channel.

    .. math::

        \operatorname{prelu}(x)_{c} = \begin{cases} x & x > 0 \\ w_c\,x & x \le 0 \end{cases}

    Derivative with respect to :math:`x`: 1 for :math:`x > 0` and :math:`w_c` for
    :math:`x \le 0` (at the kink :math:`w_c`, as in PyTorch); with respect to :math:`w_c`:
    :math:`\min(x, 0)`, see :func:`prelu_weight_grad`. Range: :math:`(-\infty, \infty)`.

    As in PyTorch, ``weight`` has one element (shared) or one element per channel. The channel
    axis is axis 1 when ``x`` has at least 2 dimensions. An input with fewer dimensions has no
    channel axis and takes a single weight. Passing ``axis`` explicitly picks another
    channel axis (``axis=0`` gives a 1-D input one slope per element).

    Parameters
    ----------
    x : array_like
        Input.
    weight : float or array_like
        Slopes for negative inputs: a scalar, or a 1-D array of 1 or ``x.shape[axis]`` elements.
        PyTorch initialises them to 0.25.
    axis : int, optional
        Channel axis; default 1 for inputs with at least 2 dimensions.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The PReLU of the input.

    Examples
    --------
    >>> x = np.array([[-4.0, -4.0], [2.0, -2.0]])
    >>> print(prelu(x, weight=[0.25, 0.5]))
    [[-1. -2.]
     [ 2. -1.]]
    """
    x_array = as_float_array(x, "x")
    weight, _ = _prelu_weight(x_array, weight, axis)

    def kernel(x, y):
        np.multiply(x, weight, out=y)
        # A zero slope times -inf would be nan, while the limit is 0.
        np.copyto(y, 0.0, where=(weight == 0) & (x < 0))
        np.copyto(y, x, where=x > 0)

    with np.errstate(over="ignore", invalid="ignore"):
        return _apply(kernel, x_array, out, blocked=False)


def prelu_grad(x, weight, axis=None, out=None):
    r"""Return the derivative of :func:`prelu` with respect to its input.

    .. math::

        \frac{\partial\,\operatorname{prelu}(x)}{\partial x} = \begin{cases} 1 & x > 0 \\ w_c &
        x \le 0 \end{cases}

    At the kink :math:`x = 0` the value is :math:`w_c`, as PyTorch computes it. The derivative
    with respect to the weights is :func:`prelu_weight_grad`.

    Parameters
    ----------
    x : array_like
        Input.
    weight : float or array_like
        Slopes, as in :func:`prelu`.
    axis : int, optional
        Channel axis, as in :func:`prelu`.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        1 or the channel's slope for each element; nan stays nan.

    Examples
    --------
    >>> print(prelu_grad(np.array([[-1.0, 1.0]]), weight=[0.25, 0.5]))
    [[0.25 1.  ]]
    """
    x_array = as_float_array(x, "x")
    weight, _ = _prelu_weight(x_array, weight, axis)

    def kernel(x, y):
        np.copyto(y, weight)
        np.copyto(y, 1.0, where=x > 0)
        _propagate_nan(x, y)

    return _apply(kernel, x_array, out, native=True, blocked=False)


def prelu_weight_grad(x, weight, grad_output=None, axis=None):
    r"""Return the gradient of PReLU with respect to its weights.

    .. math::

        \frac{\partial L}{\partial w_c} = \sum_{i \in c} g_i \min(x_i, 0)

    where :math:`g = \partial L / \partial\,\operatorname{prelu}(x)` is ``grad_output`` and the
    sum runs over every element of channel :math:`c`. With ``grad_output=None`` it is all ones,
    which gives the gradient of ``prelu(x, weight).sum()``. A single shared weight sums over all
    elements.

    Parameters
    ----------
    x : array_like
        Input of the forward pass.
    weight : float or array_like
        Slopes, as in :func:`prelu`; only their number and shape matter here.
    grad_output : array_like, optional
        Upstream gradient, same shape as ``x``.
    axis : int, optional
        Channel axis, as in :func:`prelu`.

    Returns
    -------
    ndarray
        Gradient with the shape of ``weight`` (a 0-d array for a scalar weight).

    Examples
    --------
    >>> x = np.array([[-4.0, -4.0], [2.0, -2.0]])
    >>> print(prelu_weight_grad(x, weight=[0.25, 0.5]))
    [-4. -6.]
    """
    x_array = as_float_array(x, "x")
    weight_shape = np.shape(weight)
    _, channel_axis = _prelu_weight(x_array, weight, axis)

    negative_part = np.minimum(x_array, 0.0)
    if grad_output is not None:
        grad_output = as_float_array(grad_output, "grad_output")
        if grad_output.shape != x_array.shape:
            raise ValueError(f"grad_output must have the shape of x, {x_array.shape}, got {grad_output.shape}")
        with np.errstate(over="ignore", invalid="ignore"):
            negative_part = negative_part * grad_output

    with np.errstate(over="ignore", invalid="ignore"):
        if channel_axis is None:
            total = negative_part.sum()
        else:
            other_axes = tuple(i for i in range(x_array.ndim) if i != channel_axis)
            total = negative_part.sum(axis=other_axes)
        return np.asarray(total).astype(x_array.dtype).reshape(weight_shape)


def _check_rrelu_bounds(lower, upper):
    return _check_bounds(lower, upper, "lower", "upper", strict=False)


def _rrelu_mean_slope(lower, upper):
    mean = (lower + upper) / 2.0
    # lower + upper overflows when both are near the float64 maximum; halving first does not.
    return mean if math.isfinite(mean) else lower / 2.0 + upper / 2.0


def rrelu(x, lower=1.0 / 8.0, upper=1.0 / 3.0, training=False, rng=None, return_slope=False, out=None):
    r"""Apply the randomized leaky ReLU of Xu et al. (2015).

    .. math::

        \operatorname{rrelu}(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases},
        \quad a \sim U(l, u) \text{ in training}, \quad a = \frac{l + u}{2} \text{ in evaluation}

    Derivative: 1 for :math:`x > 0`, :math:`a` for :math:`x \le 0` (at the kink :math:`a`, as in
    PyTorch). Range: :math:`(-\infty, \infty)`.

    In training every element draws its own slope from ``rng``, so a seeded Generator makes the
    result reproducible. In evaluation the slope is the mean :math:`(l + u)/2` and the function
    equals :func:`leaky_relu` with that slope. With ``return_slope=True`` the function also
    returns the per-element slopes :math:`a` (an array of the input's shape), which
    :func:`rrelu_grad` needs for the backward pass in training.

    Parameters
    ----------
    x : array_like
        Input.
    lower, upper : float, default 1/8 and 1/3
        Bounds of the uniform slope distribution, ``lower <= upper``.
    training : bool, default False
        Draw random slopes (True) or use their mean (False).
    rng : numpy.random.Generator or int, optional
        Source of the slopes in training (an int seeds a new Generator). ``None`` uses a fresh,
        unseeded Generator, so the result is not reproducible.
    return_slope : bool, default False
        Also return the slopes.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    y : ndarray or scalar
        The RReLU of the input.
    slope : ndarray
        Only with ``return_slope=True``: slope :math:`a` of every element.

    Examples
    --------
    >>> x = np.array([-2.0, 3.0])
    >>> print(rrelu(x).round(6))
    [-0.458333  3.      ]
    >>> y, slope = rrelu(x, training=True, rng=np.random.default_rng(0), return_slope=True)
    >>> bool(1 / 8 <= slope[0] <= 1 / 3)
    True
    """
    lower, upper = _check_rrelu_bounds(lower, upper)
    training = check_bool(training, "training")
    return_slope = check_bool(return_slope, "return_slope")
    x_array = as_float_array(x, "x")
    # A slope beyond the float16 or float32 range rounds to +-inf, its correct rounding.
    with np.errstate(over="ignore"):
        if training:
            generator = check_rng(rng)
            if not math.isfinite(upper - lower):
                raise ValueError(
                    f"upper - lower must be finite to draw slopes in training, got lower={lower} "
                    f"and upper={upper}"
                )
            # The product uses the slopes as returned, in the input's dtype, so that rrelu_grad
            # with these slopes is the exact derivative of this output.
            slope = generator.uniform(lower, upper, size=x_array.shape).astype(x_array.dtype)
            work_slope = slope.astype(np.float64)
        else:
            work_slope = np.full(x_array.shape, _rrelu_mean_slope(lower, upper))
            slope = work_slope.astype(x_array.dtype)

    def kernel(x, y):
        np.multiply(x, work_slope.reshape(x.shape), out=y)
        np.copyto(y, x, where=x > 0)
        if lower <= 0.0 <= upper:
            # A zero slope times -inf is nan, while the limit is 0.
            np.copyto(y, 0.0, where=(work_slope.reshape(x.shape) == 0.0) & (x < 0))

    with np.errstate(over="ignore", invalid="ignore"):
        y = _apply(kernel, x_array, out, blocked=False)
    if return_slope:
        return y, slope
    return y


def rrelu_grad(x, lower=1.0 / 8.0, upper=1.0 / 3.0, training=False, slope=None, out=None):
    r"""Return the derivative of :func:`rrelu`.

    .. math::

        \operatorname{rrelu}'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}

    In evaluation :math:`a = (l + u)/2`. In training the slopes are random, so the derivative
    needs the slopes drawn in the forward pass: ``y, slope = rrelu(x, training=True,
    rng=rng, return_slope=True)``, then ``rrelu_grad(x, slope=slope)``. Passing ``slope`` uses it
    in either mode; ``training=True`` without ``slope`` raises ``ValueError``.

    Parameters
    ----------
    x : array_like
        Input.
    lower, upper : float, default 1/8 and 1/3
        Bounds of the slope distribution, ``lower <= upper``.
    training : bool, default False
        Whether the forward pass drew random slopes.
    slope : array_like, optional
        Slopes returned by ``rrelu(..., return_slope=True)``; shape of ``x`` (or broadcastable).
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        1 or the slope for each element; nan stays nan.

    Examples
    --------
    >>> print(rrelu_grad(np.array([-1.0, 2.0])).round(6))
    [0.229167 1.      ]
    """
    lower, upper = _check_rrelu_bounds(lower, upper)
    training = check_bool(training, "training")
    x_array = as_float_array(x, "x")
    if slope is None:
        if training:
            raise ValueError(
                "slope is required when training=True: the slopes are random, so pass the ones of "
                "the forward pass, from rrelu(x, training=True, rng=rng, return_slope=True)"
            )
        slope_array = np.asarray(_rrelu_mean_slope(lower, upper))
    else:
        slope_array = as_float_array(slope, "slope")
        try:
            np.broadcast_shapes(slope_array.shape, x_array.shape)
        except ValueError:
            raise ValueError(
                f"slope must have the shape of x, {x_array.shape}, got {slope_array.shape}"
            ) from None

    def kernel(x, y):
        np.copyto(y, np.broadcast_to(slope_array, x.shape), casting="unsafe")
        np.copyto(y, 1.0, where=x > 0)
        _propagate_nan(x, y)

    return _apply(kernel, x_array, out, native=True, blocked=False)


# ---------------------------------------------------------------------------------------------
# Exponential linear units
# ---------------------------------------------------------------------------------------------


def elu(x, alpha=1.0, out=None):
    r"""Apply the exponential linear unit of Clevert, Unterthiner and Hochreiter (2016).

    .. math::

        \operatorname{elu}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0
        \end{cases}

    Derivative: 1 for :math:`x > 0` and :math:`\alpha e^{x}` for :math:`x \le 0`; at the kink it
    is :math:`\alpha`, as in PyTorch. Range: :math:`(-\alpha, \infty)` for :math:`\alpha > 0`.

    Parameters
    ----------
    x : array_like
        Input.
    alpha : float, default 1.0
        Saturation value for negative inputs (any finite value, as in PyTorch).
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The ELU of the input.

    Examples
    --------
    >>> print(elu(np.array([-1000.0, -1.0, 2.0])).round(6))
    [-1.       -0.632121  2.      ]
    """
    alpha = check_finite_real(alpha, "alpha")

    def kernel(x, y):
        # alpha * expm1(min(x, 0)) + max(x, 0) evaluates both branches without a mask: one term
        # is exactly 0, and expm1 keeps full accuracy near 0 where exp(x) - 1 cancels.
        t = np.minimum(x, 0.0)
        np.expm1(t, out=t)
        if alpha != 1.0:
            t *= alpha
        np.maximum(x, 0.0, out=y)
        y += t

    return _apply(kernel, x, out)


def elu_grad(x, alpha=1.0, out=None):
    r"""Return the derivative of :func:`elu`.

    .. math::

        \operatorname{elu}'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}

    At the kink :math:`x = 0` the value is :math:`\alpha`, as PyTorch computes it.

    Parameters
    ----------
    x : array_like
        Input.
    alpha : float, default 1.0
        Saturation value of ELU.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The derivative of ELU.

    Examples
    --------
    >>> print(elu_grad(np.array([-1.0, 0.0, 1.0]), alpha=2.0).round(6))
    [0.735759 2.       1.      ]
    """
    alpha = check_finite_real(alpha, "alpha")

    def kernel(x, y):
        np.minimum(x, 0.0, out=y)
        np.exp(y, out=y)
        if alpha != 1.0:
            y *= alpha
            np.copyto(y, 1.0, where=x > 0)

    return _apply(kernel, x, out)


def celu(x, alpha=1.0, out=None):
    r"""Apply the continuously differentiable ELU of Barron (2017).

    .. math::

        \operatorname{celu}(x) = \max(x, 0) + \min\!\left(0, \alpha\left(e^{x/\alpha} - 1\right)
        \right)

    Derivative: 1 for :math:`x > 0` and :math:`e^{x/\alpha}` for :math:`x \le 0`, which is
    continuous (1 at the kink, as in PyTorch). Range: :math:`(-\alpha, \infty)`.

    For ``alpha != 1`` the rounding of :math:`x/\alpha` adds a relative error of about
    :math:`|x/\alpha|/2` ulp in the left tail; for ``alpha == 1`` the result is within 4 ulp.

    Parameters
    ----------
    x : array_like
        Input.
    alpha : float, default 1.0
        Saturation value, > 0.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The CELU of the input.

    Examples
    --------
    >>> print(celu(np.array([-1.0, 2.0]), alpha=2.0).round(6))
    [-0.786939  2.      ]
    """
    alpha = check_positive(alpha, "alpha")

    def kernel(x, y):
        t = np.minimum(x, 0.0)
        if alpha != 1.0:
            t /= alpha
        np.expm1(t, out=t)
        if alpha != 1.0:
            t *= alpha
        np.maximum(x, 0.0, out=y)
        y += t

    # For a small alpha, min(x, 0) / alpha overflows to -inf, whose expm1 is the limit -1.
    with np.errstate(over="ignore"):
        return _apply(kernel, x, out)


def celu_grad(x, alpha=1.0, out=None):
    r"""Return the derivative of :func:`celu`.

    .. math::

        \operatorname{celu}'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}
        = e^{\min(x, 0)/\alpha}

    Continuous, so the kink needs no convention (the value at 0 is 1).

    Parameters
    ----------
    x : array_like
        Input.
    alpha : float, default 1.0
        Saturation value, > 0.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The derivative of CELU.

    Examples
    --------
    >>> print(celu_grad(np.array([-2.0, 3.0]), alpha=2.0).round(6))
    [0.367879 1.      ]
    """
    alpha = check_positive(alpha, "alpha")

    def kernel(x, y):
        np.minimum(x, 0.0, out=y)
        if alpha != 1.0:
            y /= alpha
        np.exp(y, out=y)

    # For a small alpha, min(x, 0) / alpha overflows to -inf, whose exp is the limit 0.
    with np.errstate(over="ignore"):
        return _apply(kernel, x, out)


def selu(x, out=None):
    r"""Apply the scaled ELU of Klambauer et al. (2017).

    .. math::

        \operatorname{selu}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0
        \end{cases}

    with :math:`\alpha \approx 1.6733` and :math:`\lambda \approx 1.0507` (``SELU_ALPHA`` and
    ``SELU_SCALE``), chosen so that activations keep zero mean and unit variance through deep
    networks. Derivative: :math:`\lambda` for :math:`x > 0` and :math:`\lambda\alpha e^{x}` for
    :math:`x \le 0`; at the kink :math:`\lambda\alpha`, as in PyTorch. Range:
    :math:`(-\lambda\alpha, \infty)`.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The SELU of the input.

    Examples
    --------
    >>> print(selu(np.array([-1000.0, 0.0, 1.0])).round(6))
    [-1.758099  0.        1.050701]
    """

    def kernel(x, y):
        t = np.minimum(x, 0.0)
        np.expm1(t, out=t)
        t *= SELU_SCALE * SELU_ALPHA
        np.maximum(x, 0.0, out=y)
        y *= SELU_SCALE
        y += t

    with np.errstate(over="ignore"):
        return _apply(kernel, x, out)


def selu_grad(x, out=None):
    r"""Return the derivative of :func:`selu`.

    .. math::

        \operatorname{selu}'(x) = \begin{cases} \lambda & x > 0 \\ \lambda\alpha e^{x} & x \le 0
        \end{cases}

    At the kink :math:`x = 0` the value is :math:`\lambda\alpha \approx 1.7581`, as PyTorch
    computes it.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The derivative of SELU.

    Examples
    --------
    >>> print(selu_grad(np.array([-1.0, 0.0, 1.0])).round(6))
    [0.646769 1.758099 1.050701]
    """

    def kernel(x, y):
        np.minimum(x, 0.0, out=y)
        np.exp(y, out=y)
        y *= SELU_SCALE * SELU_ALPHA
        np.copyto(y, SELU_SCALE, where=x > 0)

    return _apply(kernel, x, out)


# ---------------------------------------------------------------------------------------------
# Smooth gated units: GELU, SiLU, Mish, hard swish
# ---------------------------------------------------------------------------------------------


# Double-double splits of the constants of the tanh form, 2 sqrt(2/pi) and 0.044715 (decimal).
_GELU_TANH_SCALE_HI = 1.5957691216057308
_GELU_TANH_SCALE_LO = -9.96930880911092e-17
_GELU_TANH_COEFF_HI = 0.044715
_GELU_TANH_COEFF_LO = 2.1960211427085595e-18
# Veltkamp's constant 2^27 + 1 splits a float64 into two halves whose products are exact.
_SPLITTER = 134217729.0
# Below this input the GELU kernels switch to the tail forms.
_GELU_TAIL_START = -1.0


def _split(a):
    c = a * _SPLITTER
    high = c - (c - a)
    return high, a - high


def _two_product(a, b):
    """Return ``(p, e)`` with ``p = fl(a * b)`` and ``p + e == a * b`` exactly (Dekker)."""
    p = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    e = ((a_high * b_high - p) + a_high * b_low + a_low * b_high) + a_low * b_low
    return p, e


def _two_sum(a, b):
    """Return ``(s, e)`` with ``s = fl(a + b)`` and ``s + e == a + b`` exactly (Knuth)."""
    s = a + b
    b_virtual = s - a
    e = (a - (s - b_virtual)) + (b - b_virtual)
    return s, e


def _gelu_erfc_tail(x):
    """Return ``(scaled, half_lo, exponential, rescale)`` for x < 0.

    erfc(-x/sqrt 2) = scaled (1 - half_lo) exponential rescale, and exp(-x^2/2) = (1 - half_lo)
    exponential rescale. erfc(u) = erfcx(u) exp(-u^2) separates the smooth factor erfcx, which
    the rounding of u = -x/sqrt(2) barely changes, from exp(-x^2/2), which is evaluated on the
    exact square x^2 = hi + lo: exp(-(hi + lo)/2) = exp(-hi/2) (1 - lo/2) to double precision.
    Callers multiply the normal-range factors first and ``rescale`` last, so that a result in the
    subnormal range is rounded only once, and apply 1 - half_lo as ``t -= t * half_lo``, which
    avoids rounding a number near 1.
    """
    from scipy.special import erfcx

    square_hi, square_lo = _two_product(x, x)
    scaled = erfcx(x * -_SQRT_HALF)
    # Where exp(-hi/2) would be subnormal, compute exp(-hi/2 + 64) and multiply by e^-64 last;
    # adding 64 is exact for hi/2 in [650, 1024).
    shift = np.where(square_hi > 1300.0, _TAIL_SHIFT, 0.0)
    exponential = np.exp(-0.5 * square_hi + shift)
    rescale = np.exp(-shift)
    return scaled, 0.5 * square_lo, exponential, rescale


def _gelu_tanh_argument_tail(x):
    """Return ``(w_hi, w_lo)``, the argument 2z of the tanh form in double-double arithmetic.

    In the left tail the gate sigma(2z) is about exp(2z) with |2z| up to ~2000, so a relative
    rounding error e in 2z becomes an error of |2z| e in the result. Carrying 2z as a pair of
    floats removes that amplification.
    """
    square_hi, square_lo = _two_product(x, x)
    coeff_hi, coeff_lo = _two_product(square_hi, _GELU_TANH_COEFF_HI)
    coeff_lo += square_hi * _GELU_TANH_COEFF_LO + square_lo * _GELU_TANH_COEFF_HI
    inner_hi, inner_lo = _two_sum(coeff_hi, 1.0)
    inner_lo += coeff_lo
    product_hi, product_lo = _two_product(x, inner_hi)
    product_lo += x * inner_lo
    w_hi, w_lo = _two_product(product_hi, _GELU_TANH_SCALE_HI)
    w_lo += product_hi * _GELU_TANH_SCALE_LO + product_lo * _GELU_TANH_SCALE_HI
    return w_hi, w_lo


def _sigmoid_of_pair(w_hi, w_lo):
    """Return ``(gate, complement, rescale)`` for ``w = w_hi + w_lo`` with ``|w_lo|`` tiny.

    sigma(w) = gate * rescale and sigma(-w) = complement. Where sigma(w) would be subnormal the
    gate is computed as exp(w + 64) and ``rescale`` is e^-64, so that the caller can multiply by
    its normal-range factors first and round into the subnormal range once, at the end.
    """
    # Adding 64 to w_hi in [-2048, -650] is exact, because both lie in binades of spacing <= w's.
    shift = np.where(w_hi < -650.0, _TAIL_SHIFT, 0.0)
    gate = np.minimum(w_hi, 0.0)
    gate += shift
    np.exp(gate, out=gate)
    gate /= 1.0 + np.exp(-np.abs(w_hi))
    complement = np.empty_like(w_hi)
    _sigmoid_kernel(-w_hi, complement)
    rescale = np.exp(-shift)
    # sigma(w_hi + w_lo) = sigma(w_hi) (1 + w_lo sigma(-w_hi)) to first order in w_lo. Adding
    # the small correction term, rather than multiplying by the rounded 1 + correction, avoids
    # one rounding of a number near 1 (worth up to 1 ulp).
    complement_corrected = complement - complement * (w_lo * gate * rescale)
    gate += gate * (w_lo * complement)
    return gate, complement_corrected, rescale


def _gelu_tanh_slope_factor(x, complement):
    """Return 1 + x sigma(-2z) d(2z)/dx, the factor of sigma(2z) in the tanh form's derivative."""
    factor = np.square(x)
    factor *= 3.0 * _GELU_TANH_COEFF
    factor += 1.0
    factor *= 2.0 * _SQRT_2_OVER_PI
    factor *= x
    factor *= complement
    factor += 1.0
    return factor


def _gelu_tanh_slope_factor_tail(x, w_hi, w_lo, complement):
    """Return the same factor as :func:`_gelu_tanh_slope_factor` in double-double arithmetic.

    x d(2z)/dx = C x + 3 C k x^3 = 3 (2z) - 2 C x with C = 2 sqrt(2/pi), so it follows from the
    double-double 2z with one exact subtraction, and no rounded x^2 or x^3 enters the factor.
    """
    three_w_hi, three_w_lo = _two_product(w_hi, 3.0)
    three_w_lo += 3.0 * w_lo
    linear_hi, linear_lo = _two_product(x, 2.0 * _GELU_TANH_SCALE_HI)
    linear_lo += x * (2.0 * _GELU_TANH_SCALE_LO)
    slope_hi, slope_lo = _two_sum(three_w_hi, -linear_hi)
    slope_lo += three_w_lo - linear_lo
    product_hi, product_lo = _two_product(slope_hi, complement)
    product_lo += slope_lo * complement
    factor_hi, factor_lo = _two_sum(product_hi, 1.0)
    return factor_hi + (factor_lo + product_lo)


def _check_approximate(approximate):
    if approximate not in ("none", "tanh"):
        raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")
    return approximate


def _gelu_tanh_gate(x, s, complement=None):
    """Write sigma(2 z) into ``s`` (and sigma(-2 z) into ``complement``), z the tanh argument."""
    # Beyond |x| = 30 the gate is exactly 0 or 1 in float64, and clipping keeps x^3 finite.
    z = np.clip(x, -30.0, 30.0)
    t = np.square(z)
    t *= _GELU_TANH_COEFF
    t += 1.0
    z *= t
    z *= 2.0 * _SQRT_2_OVER_PI
    _sigmoid_kernel(z, s)
    if complement is not None:
        np.negative(z, out=z)
        _sigmoid_kernel(z, complement)
    return z


def gelu(x, approximate="none", out=None):
    r"""Apply the Gaussian error linear unit of Hendrycks and Gimpel (2016).

    .. math::

        \operatorname{gelu}(x) = x\,\Phi(x) = \frac{x}{2}\operatorname{erfc}\!\left(
        -\frac{x}{\sqrt 2}\right)

    and, with ``approximate="tanh"``,

    .. math::

        \operatorname{gelu}_{\tanh}(x) = \frac{x}{2}\left(1 + \tanh z\right) = x\,\sigma(2z),
        \quad z = \sqrt{2/\pi}\,(x + 0.044715\,x^{3})

    Derivative: :math:`\Phi(x) + x\,\varphi(x)` (exact form). Smooth everywhere. Range:
    about :math:`[-0.170, \infty)` (minimum near :math:`x = -0.752`).

    The exact form uses ``scipy.special.erfc`` for :math:`x \ge -1`, because :math:`1 +
    \operatorname{erf}` cancels in the negative tail. Below -1 it uses :math:`\operatorname{erfc}
    (u) = \operatorname{erfcx}(u)\,e^{-u^2}` with :math:`e^{-x^2/2}` evaluated on the exact
    (double-double) square of :math:`x`: with :math:`\operatorname{erfc}(-x/\sqrt 2)` directly,
    the rounding of :math:`x/\sqrt 2` alone would cost :math:`x^2/2` ulp (700 ulp at x = -37),
    and scipy's erfc returns 0 below x = -37.7 where the result is still a subnormal number.
    Measured float64 error against mpmath: at most 3.1 ulp for :math:`x \ge -1`, 6.6 ulp on
    :math:`[-3, -1]`, 5.2 ulp on :math:`[-10, -3]` and 4.7 ulp from -10 down to the underflow
    at -38.6; below -1 it is limited by ``scipy.special.erfcx``, whose own error reaches 5.6 ulp.
    The derivative is within 3.4 ulp, except near its root at :math:`x \approx -0.752`, where
    :math:`\Phi(x)` and :math:`x\varphi(x)` cancel: there the error is below 1 ulp of 1, which
    can be hundreds of ulp of the result. The tanh form is evaluated as :math:`x\,\sigma(2z)`, which
    avoids the cancellation in :math:`1 + \tanh z`. For :math:`x < -1` it carries :math:`2z` in
    double-double arithmetic, because :math:`|2z|` reaches 2000 there and would amplify its own
    rounding. Value and derivative of the tanh form are within 4 ulp of the tanh formula.

    Parameters
    ----------
    x : array_like
        Input.
    approximate : {"none", "tanh"}, default "none"
        Exact form or the tanh approximation, as in PyTorch.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The GELU of the input.

    Examples
    --------
    >>> print(gelu(np.array([-1.0, 0.0, 1.0])).round(6))
    [-0.158655  0.        0.841345]
    >>> print(gelu(np.array([-1.0, 1.0]), approximate="tanh").round(6))
    [-0.158808  0.841192]
    """
    approximate = _check_approximate(approximate)

    if approximate == "tanh":

        def kernel(x, y):
            _gelu_tanh_gate(x, y)
            # Below -30 the gate is exactly 0; clipping x there keeps -inf * 0 from being nan.
            y *= np.maximum(x, -30.0)
            tail = x < _GELU_TAIL_START
            if tail.any():
                x_tail = np.maximum(x[tail], -30.0)
                gate, _, rescale = _sigmoid_of_pair(*_gelu_tanh_argument_tail(x_tail))
                gate *= x_tail
                gate *= rescale
                y[tail] = gate

    else:
        from scipy.special import erfc

        def kernel(x, y):
            # Below -40 the result underflows to -0.0 anyway; the clip avoids -inf * 0 = nan.
            x_clipped = np.maximum(x, -40.0)
            np.multiply(x_clipped, -_SQRT_HALF, out=y)
            erfc(y, out=y)
            y *= 0.5
            y *= x_clipped
            tail = x < _GELU_TAIL_START
            if tail.any():
                x_tail = x_clipped[tail]
                scaled, half_lo, exponential, rescale = _gelu_erfc_tail(x_tail)
                scaled *= 0.5 * x_tail
                scaled -= scaled * half_lo
                scaled *= exponential
                scaled *= rescale
                y[tail] = scaled

    return _apply(kernel, x, out)


def gelu_grad(x, approximate="none", out=None):
    r"""Return the derivative of :func:`gelu`.

    .. math::

        \operatorname{gelu}'(x) = \Phi(x) + x\,\varphi(x) = \frac12\operatorname{erfc}\!\left(
        -\frac{x}{\sqrt 2}\right) + \frac{x}{\sqrt{2\pi}}e^{-x^2/2}

    and for the tanh form, with :math:`s = \sigma(2z)`,

    .. math::

        \operatorname{gelu}_{\tanh}'(x) = s + 2x\,s\,(1 - s)\,\sqrt{2/\pi}\,(1 + 3 \cdot
        0.044715\,x^2)

    Range: about :math:`[-0.129, 1.129]`. Smooth, so no kink convention is needed.

    Parameters
    ----------
    x : array_like
        Input.
    approximate : {"none", "tanh"}, default "none"
        Exact form or the tanh approximation.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The derivative of GELU.

    Examples
    --------
    >>> print(gelu_grad(np.array([-1.0, 0.0, 1.0])).round(6))
    [-0.083315  0.5       1.083315]
    """
    approximate = _check_approximate(approximate)

    if approximate == "tanh":

        def kernel(x, y):
            xc = np.clip(x, -30.0, 30.0)
            complement = np.empty_like(y)
            _gelu_tanh_gate(x, y, complement)
            # s + x s (1 - s) d(2z)/dx = s (1 + x sigma(-2z) d(2z)/dx), with 1 - s computed as
            # sigma(-2z), which does not cancel. The clipped x keeps x^2 finite.
            factor = _gelu_tanh_slope_factor(xc, complement)
            y *= factor
            tail = x < _GELU_TAIL_START
            if tail.any():
                x_tail = xc[tail]
                w_hi, w_lo = _gelu_tanh_argument_tail(x_tail)
                gate, gate_complement, rescale = _sigmoid_of_pair(w_hi, w_lo)
                gate *= _gelu_tanh_slope_factor_tail(x_tail, w_hi, w_lo, gate_complement)
                gate *= rescale
                y[tail] = gate

    else:
        from scipy.special import erfc

        def kernel(x, y):
            xc = np.clip(x, -40.0, 40.0)
            density = np.square(xc)
            density *= -0.5
            np.exp(density, out=density)
            density *= _INV_SQRT_2PI
            density *= xc
            np.multiply(xc, -_SQRT_HALF, out=y)
            erfc(y, out=y)
            y *= 0.5
            y += density
            tail = x < _GELU_TAIL_START
            if tail.any():
                x_tail = xc[tail]
                scaled, half_lo, exponential, rescale = _gelu_erfc_tail(x_tail)
                # Phi(x) + x phi(x) = exp(-x^2/2) (erfcx(u)/2 + x/sqrt(2 pi)), u = -x/sqrt(2).
                scaled *= 0.5
                scaled += x_tail * _INV_SQRT_2PI
                scaled -= scaled * half_lo
                scaled *= exponential
                scaled *= rescale
                y[tail] = scaled

    return _apply(kernel, x, out)


def silu(x, out=None):
    r"""Apply the sigmoid-weighted linear unit (SiLU, also called swish).

    .. math::

        \operatorname{silu}(x) = x\,\sigma(x)

    Derivative: :math:`\sigma(x)\,(1 + x\,(1 - \sigma(x)))`. Smooth everywhere. Range: about
    :math:`[-0.278, \infty)` (minimum near :math:`x = -1.278`).

    Elfwing, Uchibe and Doya (2018) introduced it; Ramachandran, Zoph and Le (2017) found it by
    search and named it swish (their swish with :math:`\beta = 1`).

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        :math:`x\,\sigma(x)`.

    Examples
    --------
    >>> print(silu(np.array([-1.0, 0.0, 1.0])).round(6))
    [-0.268941  0.        0.731059]
    """

    def kernel(x, y):
        _sigmoid_kernel(x, y)
        # sigma(x) is exactly 0 below -746, so clipping there changes nothing but -inf * 0.
        y *= np.maximum(x, -800.0)
        # Below -700, 1 + e^x == 1 and silu(x) == x e^x.
        _rescale_exp_tail(x, y, lambda t: t)

    return _apply(kernel, x, out)


def silu_grad(x, out=None):
    r"""Return the derivative of :func:`silu`.

    .. math::

        \operatorname{silu}'(x) = \sigma(x) + x\,\sigma(x)\,\sigma(-x)

    The second term uses :math:`\sigma(-x)` for :math:`1 - \sigma(x)`, which would cancel for
    large :math:`x`. Range: about :math:`[-0.100, 1.100]`.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The derivative of SiLU.

    Examples
    --------
    >>> print(silu_grad(np.array([-1.0, 0.0, 1.0])).round(6))
    [0.072329 0.5      0.927671]
    """

    def kernel(x, y):
        # With t = exp(-|x|) the derivative is rational in t, and one division replaces the
        # product of two rounded sigmoids:
        #   x <= 0:  t ((1 + x) + t) / (1 + t)^2        x > 0:  (1 + t (1 + x)) / (1 + t)^2
        xc = np.clip(x, -800.0, 800.0)
        t = np.exp(-np.abs(xc))
        one_plus_x = 1.0 + xc
        left = (one_plus_x + t) * t
        right = 1.0 + t * one_plus_x
        np.copyto(y, np.where(x <= 0, left, right))
        # (1 + t)^2 as 1 + t (2 + t), which rounds once near 1.
        denominator = t + 2.0
        denominator *= t
        denominator += 1.0
        y /= denominator
        # Below -700 the derivative is e^x (1 + x) to double precision.
        _rescale_exp_tail(x, y, lambda t: t + 1.0)

    return _apply(kernel, x, out)


swish = silu
swish_grad = silu_grad


def mish(x, out=None):
    r"""Apply Mish of Misra (2019).

    .. math::

        \operatorname{mish}(x) = x \tanh(\operatorname{softplus}(x))

    Derivative: :math:`\tanh(\operatorname{sp}(x)) + x\,\operatorname{sech}^2(\operatorname{sp}
    (x))\,\sigma(x)` with :math:`\operatorname{sp} = \log(1 + e^x)`. Smooth everywhere. Range:
    about :math:`[-0.309, \infty)` (minimum near :math:`x = -1.192`).

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The Mish of the input.

    Examples
    --------
    >>> print(mish(np.array([-1.0, 0.0, 1.0])).round(6))
    [-0.303401  0.        0.865098]
    """

    def kernel(x, y):
        _softplus_core(x, y)
        np.tanh(y, out=y)
        # tanh(softplus(x)) is exactly 0 below -746; clipping avoids -inf * 0 = nan.
        y *= np.maximum(x, -800.0)
        # Below -700, tanh(softplus(x)) == e^x to double precision, so mish(x) == x e^x.
        _rescale_exp_tail(x, y, lambda t: t)

    return _apply(kernel, x, out)


def mish_grad(x, out=None):
    r"""Return the derivative of :func:`mish`.

    .. math::

        \operatorname{mish}'(x) = \tanh(\operatorname{sp}(x)) + x\,\operatorname{sech}^2(
        \operatorname{sp}(x))\,\sigma(x), \quad \operatorname{sp}(x) = \log(1 + e^{x})

    :math:`\operatorname{sech}^2` is computed like :func:`tanh_grad`, without the cancellation
    of :math:`1 - \tanh^2`. Range: about :math:`[-0.119, 1.120]`.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The derivative of Mish.

    Examples
    --------
    >>> print(mish_grad(np.array([-1.0, 0.0, 1.0])).round(6))
    [0.059217 0.6      1.049036]
    """

    def kernel(x, y):
        # With t = exp(-|x|), tanh(softplus(x)), sech^2(softplus(x)) and sigma(x) are rational
        # in t. Over one denominator, in Horner form, the leading term is exact up to one
        # rounding and the rest are corrections scaled by t:
        #   x <= 0:  t (4(1 + x) + t(6 + 4x + t(4 + t))) / (4 + t(8 + t(8 + t(4 + t))))
        #   x > 0:   (1 + t(4 + t(6 + 4x + t(4 + 4x)))) / (1 + t(4 + t(8 + t(8 + 4t))))
        # This sums no rounded transcendentals, which cost up to 4.5 ulp near x = -6.6.
        xc = np.clip(x, -800.0, 800.0)
        t = np.exp(-np.abs(xc))
        left = 4.0 * (1.0 + xc) + t * (6.0 + 4.0 * xc + t * (4.0 + t))
        left *= t
        left /= 4.0 + t * (8.0 + t * (8.0 + t * (4.0 + t)))
        right = 1.0 + t * (4.0 + t * (6.0 + 4.0 * xc + t * (4.0 + 4.0 * xc)))
        right /= 1.0 + t * (4.0 + t * (8.0 + t * (8.0 + 4.0 * t)))
        np.copyto(y, np.where(x <= 0, left, right))
        # Below -700 the derivative is e^x (1 + x) to double precision.
        _rescale_exp_tail(x, y, lambda t: t + 1.0)

    return _apply(kernel, x, out)


def hardswish(x, out=None):
    r"""Apply the hard swish of MobileNetV3, Howard et al. (2019).

    .. math::

        \operatorname{hardswish}(x) = x\,\frac{\mathrm{relu6}(x + 3)}{6} = \begin{cases} 0
        & x \le -3 \\ x(x + 3)/6 & -3 < x < 3 \\ x & x \ge 3 \end{cases}

    Derivative: 0 for :math:`x \le -3`, :math:`x/3 + 1/2` for :math:`-3 < x < 3` and 1 for
    :math:`x \ge 3`; at the kinks this gives 0 at :math:`x = -3` and 1 at :math:`x = 3`, as
    PyTorch 2.13 computes it. Range: :math:`[-3/8, \infty)`.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The hard swish of the input.

    Examples
    --------
    >>> print(hardswish(np.array([-4.0, -1.5, 0.0, 4.0])))
    [-0.    -0.375  0.     4.   ]
    """

    def kernel(x, y):
        np.add(x, 3.0, out=y)
        y /= 6.0
        np.clip(y, 0.0, 1.0, out=y)
        # Clip x before the product: -inf times a gate of exactly 0 would be nan.
        y *= np.maximum(x, -4.0)

    return _apply(kernel, x, out)


def hardswish_grad(x, out=None):
    r"""Return the derivative of :func:`hardswish`.

    .. math::

        \operatorname{hardswish}'(x) = \begin{cases} 0 & x \le -3 \\ x/3 + 1/2 & -3 < x < 3
        \\ 1 & x \ge 3 \end{cases}

    The kinks follow PyTorch 2.13 (the version in ``requirements-torch.txt``): 0 at
    :math:`x = -3` and 1 at :math:`x = 3`, the slopes of the outer pieces. PyTorch 2.6 and
    earlier returned :math:`x/3 + 1/2` there, that is :math:`-1/2` and :math:`3/2`.

    The middle piece is computed as :math:`(x + 3/2)/3`, where the sum is exact near the root
    :math:`x = -3/2`, so the result keeps its relative accuracy there.

    Parameters
    ----------
    x : array_like
        Input.
    out : ndarray, optional
        Array of the input's shape and dtype to write the result to.

    Returns
    -------
    ndarray or scalar
        The derivative of hard swish.

    Examples
    --------
    >>> print(hardswish_grad(np.array([-4.0, -3.0, -1.5, 0.0, 3.0, 4.0])))
    [0.  0.  0.  0.5 1.  1. ]
    """

    def kernel(x, y):
        # x/3 + 1/2 would round x/3 and then cancel near x = -3/2.
        np.add(x, 1.5, out=y)
        y /= 3.0
        np.copyto(y, 0.0, where=x <= -3.0)
        np.copyto(y, 1.0, where=x >= 3.0)

    return _apply(kernel, x, out)


# ---------------------------------------------------------------------------------------------
# Softmax family
# ---------------------------------------------------------------------------------------------


def _prepare_reduction(x, axis, allow_none=False):
    x = as_float_array(x, "x")
    if x.ndim == 0 and not allow_none:
        raise ValueError("x must have at least one dimension, got a scalar")
    axis = check_axis(axis, x.ndim, allow_none=allow_none) if x.ndim else None
    return x, x.astype(np.float64, copy=False), axis


def _shifted_exp(x, axis):
    """Return ``(e, m)`` with ``e = exp(x - m)`` and ``m`` the finite-safe max along ``axis``.

    Rows whose max is not finite (+inf, all -inf, or nan) get the shift 0, so ``x - m`` raises
    no warning; the callers overwrite those rows.
    """
    m = np.max(x, axis=axis, keepdims=True)
    finite = np.isfinite(m)
    all_finite = bool(finite.all())
    if not all_finite:
        m = np.where(finite, m, 0.0)
    # x - m can overflow to -inf (e.g. -1e308 - 1e308), whose exponential 0 is the right limit.
    with np.errstate(over="ignore"):
        e = np.subtract(x, m)
    np.exp(e, out=e)
    return e, m, finite, all_finite


def _limit_rows(x, axis, m_raw_finite, x_max):
    """Return the softmax limit for rows with a non-finite max (mask of such rows included)."""
    is_pos_inf = x == np.inf
    count = is_pos_inf.sum(axis=axis, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        limit = is_pos_inf / count
    # A row with a nan, or a row that is all -inf, has no limit: nan.
    limit = np.where(np.isnan(x_max) | (x_max == -np.inf), np.nan, limit)
    return limit


def softmax(x, axis=-1):
    r"""Apply the softmax along ``axis``.

    .. math::

        \operatorname{softmax}(x)_i = \frac{e^{x_i - m}}{\sum_j e^{x_j - m}}, \quad m = \max_j x_j

    Jacobian: :math:`\partial p_i / \partial x_j = p_i(\delta_{ij} - p_j)`, i.e.
    :math:`\operatorname{diag}(p) - p p^\top` (see :func:`softmax_jacobian`). Range: each entry
    in :math:`[0, 1]`, entries along ``axis`` sum to 1.

    Subtracting the max :math:`m` changes nothing mathematically (softmax ignores a shift) but
    keeps every exponential in :math:`(0, 1]`, so nothing overflows. Bridle (1990) named it and
    gave its probabilistic reading.

    Accuracy: the rounding of :math:`x_i - m` perturbs entry :math:`i` by up to
    :math:`|x_i - m|/2` ulp on top of a few ulp from exp, the sum and the division. That is the
    effect of changing each input by half an ulp, so the result is backward stable, like
    ``scipy.special.softmax`` (1.17), which computes it the same way. A compensated subtraction
    would remove the term but triple the time.

    Non-finite rows are handled as limits: a row with one ``+inf`` gives a one-hot vector, a row
    with several ``+inf`` is uniform over them, ``-inf`` entries get probability 0, a row that is
    all ``-inf`` gives nan (no limit exists, as in scipy and PyTorch), and a nan anywhere in a
    row makes the whole row nan. An empty input returns an empty array.

    Parameters
    ----------
    x : array_like
        Scores (logits), at least 1-D.
    axis : int, default -1
        Axis along which the entries sum to 1.

    Returns
    -------
    ndarray
        Probabilities, same shape and dtype as ``x``.

    Examples
    --------
    >>> print(softmax(np.array([1.0, 2.0, 3.0])).round(6))
    [0.090031 0.244728 0.665241]
    >>> print(softmax(np.array([1000.0, 1000.0])))  # naive exp(1000) overflows
    [0.5 0.5]
    """
    x_in, x, axis = _prepare_reduction(x, axis)
    if x.size == 0:
        return np.empty(x_in.shape, dtype=x_in.dtype)

    e, m, finite, all_finite = _shifted_exp(x, axis)
    total = np.sum(e, axis=axis, keepdims=True)
    if not all_finite:
        total[~finite] = 1.0
    e /= total
    if not all_finite:
        x_max = np.max(x, axis=axis, keepdims=True)
        e = np.where(finite, e, _limit_rows(x, axis, finite, x_max))
    return e.astype(x_in.dtype, copy=False)


def log_softmax(x, axis=-1):
    r"""Apply the logarithm of the softmax along ``axis``.

    .. math::

        \log\operatorname{softmax}(x)_i = x_i - \operatorname{logsumexp}(x) = (x_i - m) -
        \log\sum_j e^{x_j - m}

    Gradient of :math:`\sum_i g_i \log p_i`: :math:`g - p \sum_i g_i`. Range: :math:`(-\infty,
    0]`.

    Computing ``log(softmax(x))`` loses everything below the smallest float (it returns
    ``-inf`` once a probability underflows), while this form stays accurate there. Non-finite
    rows follow :func:`softmax`. A row with ``k`` entries equal to ``+inf`` gives ``-log k`` on
    them and ``-inf`` elsewhere, and rows that are all ``-inf`` or contain a nan give nan.

    Parameters
    ----------
    x : array_like
        Scores, at least 1-D.
    axis : int, default -1
        Axis along which to normalise.

    Returns
    -------
    ndarray
        Log-probabilities, same shape and dtype as ``x``.

    Examples
    --------
    >>> print(log_softmax(np.array([0.0, 1000.0])).round(6))
    [-1000.     0.]
    """
    x_in, x, axis = _prepare_reduction(x, axis)
    if x.size == 0:
        return np.empty(x_in.shape, dtype=x_in.dtype)

    e, m, finite, all_finite = _shifted_exp(x, axis)
    log_total = _log_sum_shifted(e, x, m, axis)
    if not all_finite:
        log_total[~finite] = 0.0
    # As in _shifted_exp, x - m may overflow to -inf, which is the correct limit.
    with np.errstate(over="ignore"):
        shifted = np.subtract(x, m)
    shifted -= log_total
    if not all_finite:
        x_max = np.max(x, axis=axis, keepdims=True)
        with np.errstate(divide="ignore"):
            limit = np.log(_limit_rows(x, axis, finite, x_max))
        shifted = np.where(finite, shifted, limit)
    return shifted.astype(x_in.dtype, copy=False)


def _log_sum_shifted(e, x, m, axis):
    """Return ``log(sum(e))`` with full accuracy when one term dominates.

    The max entry contributes exactly 1 to the sum. The log of ``1 + rest`` is taken as
    ``log1p(rest)``, so a tiny ``rest`` is not lost by rounding it into 1.
    """
    total = np.sum(e, axis=axis, keepdims=True)
    # rest = total - 1 loses the small terms, so sum them again without the first max entry.
    index = np.argmax(x, axis=axis, keepdims=True)
    if axis is None:
        e_flat = e.reshape(-1).copy()
        e_flat[index.reshape(-1)] = 0.0
        rest = np.sum(e_flat).reshape(total.shape)
    else:
        e_copy = e.copy()
        np.put_along_axis(e_copy, index, 0.0, axis=axis)
        rest = np.sum(e_copy, axis=axis, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log1p(rest)


def logsumexp(x, axis=None, keepdims=False):
    r"""Return the log of the sum of exponentials along ``axis``.

    .. math::

        \operatorname{logsumexp}(x) = \log\sum_i e^{x_i} = m + \log\sum_i e^{x_i - m}, \quad m =
        \max_i x_i

    Gradient: :math:`\operatorname{softmax}(x)`. Range: :math:`[\max_i x_i, \max_i x_i + \log
    n]`.

    The max shift keeps the exponentials in :math:`(0, 1]`, and ``log1p`` of the sum without the
    max term keeps tiny contributions that ``log`` of a sum near 1 would round away. Limits: an
    empty reduction gives ``-inf`` (the log of an empty sum), ``+inf`` anywhere gives ``+inf``,
    all ``-inf`` gives ``-inf``, and nan propagates.

    Parameters
    ----------
    x : array_like
        Input.
    axis : int or tuple of int, optional
        Axes to reduce; ``None`` reduces all.
    keepdims : bool, default False
        Keep the reduced axes with length 1.

    Returns
    -------
    ndarray or scalar
        The log-sum-exp, dtype of ``x``.

    Examples
    --------
    >>> print(f"{logsumexp(np.array([1000.0, 1000.0])):.6f}")
    1000.693147
    >>> print(logsumexp(np.zeros((2, 0)), axis=1))
    [-inf -inf]
    """
    keepdims = check_bool(keepdims, "keepdims")
    x_in, x, axis = _prepare_reduction(x, axis, allow_none=True)
    if x.ndim == 0:
        # The log-sum-exp of a single number is that number.
        return _as_result(x, x_in.dtype)
    if isinstance(axis, tuple):
        # Move the reduced axes to the end and merge them, so that one argmax finds the max entry.
        kept = [i for i in range(x.ndim) if i not in axis]
        x = np.transpose(x, kept + list(axis)).reshape([x.shape[i] for i in kept] + [-1])
        result = logsumexp(x, axis=-1)
        result = np.asarray(result)
        if keepdims:
            result = np.expand_dims(result, axis)
        return _as_result(result, x_in.dtype)

    reduced_shape = np.sum(np.empty(x.shape, dtype=np.bool_), axis=axis, keepdims=keepdims).shape
    if x.size == 0:
        return _as_result(np.full(reduced_shape, -np.inf), x_in.dtype)

    e, m, finite, all_finite = _shifted_exp(x, axis)
    result = _log_sum_shifted(e, x, m, axis)
    if axis is None:
        result = result.reshape(())
        m = m.reshape(())
        finite = finite.reshape(())
    result += m
    if not all_finite:
        x_max = np.max(x, axis=axis, keepdims=True).reshape(result.shape)
        result = np.where(finite, result, x_max)
    if not keepdims and axis is not None:
        result = np.squeeze(result, axis=axis)
    elif keepdims and axis is None:
        result = result.reshape(reduced_shape)
    return _as_result(result, x_in.dtype)


def _as_result(array, dtype):
    array = np.asarray(array).astype(dtype, copy=False)
    return array[()] if array.ndim == 0 else array


def softmin(x, axis=-1):
    r"""Apply the softmin along ``axis``: the softmax of ``-x``.

    .. math::

        \operatorname{softmin}(x)_i = \frac{e^{-x_i}}{\sum_j e^{-x_j}}

    Jacobian: :math:`-(\operatorname{diag}(p) - p p^\top)` with :math:`p = \operatorname{softmin}
    (x)`. Range: each entry in :math:`[0, 1]`, summing to 1. Limits as in :func:`softmax` with
    the signs flipped (a row with one ``-inf`` gives a one-hot vector).

    Parameters
    ----------
    x : array_like
        Costs, at least 1-D.
    axis : int, default -1
        Axis along which the entries sum to 1.

    Returns
    -------
    ndarray
        Probabilities, same shape and dtype as ``x``.

    Examples
    --------
    >>> print(softmin(np.array([1.0, 2.0, 3.0])).round(6))
    [0.665241 0.244728 0.090031]
    """
    x = as_float_array(x, "x")
    return softmax(np.negative(x), axis=axis)


def softmax_jacobian(p):
    r"""Return the Jacobian of the softmax from its output :math:`p`.

    .. math::

        J = \operatorname{diag}(p) - p\,p^\top, \quad J_{ij} = \frac{\partial p_i}{\partial x_j}
        = p_i(\delta_{ij} - p_j)

    Each row and column of :math:`J` sums to 0 (softmax ignores a shift of :math:`x`), and
    :math:`J` is symmetric positive semi-definite.

    Parameters
    ----------
    p : array_like
        Probability vector of shape ``(n,)`` or a batch of shape ``(..., n)`` (the last axis sums
        to 1).

    Returns
    -------
    ndarray
        Shape ``(n, n)`` or ``(..., n, n)``.

    Examples
    --------
    >>> print(softmax_jacobian(np.array([0.5, 0.5])))
    [[ 0.25 -0.25]
     [-0.25  0.25]]
    """
    p = check_probability_vector(p, "p", axis=-1)
    jacobian = -p[..., :, None] * p[..., None, :]
    diagonal = np.einsum("...ii->...i", jacobian)
    diagonal += p
    return jacobian


# ---------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activation:
    """An elementwise activation with its derivative and the facts the course shows about it.

    ``function(x, **params)`` and ``derivative(x, **params)`` accept the parameters in
    ``params``, whose values are the defaults. ``formula`` and ``derivative_formula`` are LaTeX
    without surrounding ``$``. ``reference`` is a key of ``book/references.bib`` or ``""``.
    """

    name: str
    function: object
    derivative: object
    formula: str
    derivative_formula: str
    output_range: str
    params: dict = field(default_factory=dict)
    reference: str = ""


def _prelu_shared(x, weight=0.25, out=None):
    return prelu(x, weight, out=out)


def _prelu_shared_grad(x, weight=0.25, out=None):
    return prelu_grad(x, weight, out=out)


def _rrelu_eval(x, lower=1.0 / 8.0, upper=1.0 / 3.0, out=None):
    return rrelu(x, lower=lower, upper=upper, training=False, out=out)


def _rrelu_eval_grad(x, lower=1.0 / 8.0, upper=1.0 / 3.0, out=None):
    return rrelu_grad(x, lower=lower, upper=upper, training=False, out=out)


# Registry functions take x and the keyword parameters of ``params``. PReLU is registered with one
# shared weight (PyTorch's initial value 0.25) and RReLU in evaluation mode, so that every entry
# is a deterministic function of x.
_ACTIVATION_LIST = [
    Activation(
        "heaviside", heaviside, heaviside_grad,
        r"H(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",
        r"H'(x) = 0 \quad (x \ne 0)",
        "{0, 1}", {"value_at_zero": 1.0}, "mcculloch1943logical",
    ),
    Activation(
        "sigmoid", sigmoid, sigmoid_grad,
        r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        r"\sigma'(x) = \sigma(x)\,(1 - \sigma(x))",
        "(0, 1)", {}, "cybenko1989approximation",
    ),
    Activation(
        "log_sigmoid", log_sigmoid, log_sigmoid_grad,
        r"\log\sigma(x) = -\log(1 + e^{-x})",
        r"\frac{d}{dx}\log\sigma(x) = 1 - \sigma(x)",
        "(-∞, 0)", {}, "goodfellow2016deep",
    ),
    Activation(
        "tanh", tanh, tanh_grad,
        r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        r"\tanh'(x) = 1 - \tanh^2(x)",
        "(-1, 1)", {}, "glorot2010understanding",
    ),
    Activation(
        "hardtanh", hardtanh, hardtanh_grad,
        r"\operatorname{hardtanh}(x) = \min(\max(x, -1), 1)",
        r"\operatorname{hardtanh}'(x) = \begin{cases} 1 & -1 < x < 1 \\ 0 & \text{otherwise} \end{cases}",
        "[-1, 1]", {"min_val": -1.0, "max_val": 1.0}, "goodfellow2016deep",
    ),
    Activation(
        "hardsigmoid", hardsigmoid, hardsigmoid_grad,
        r"\operatorname{hardsigmoid}(x) = \min(\max((x + 3)/6, 0), 1)",
        r"\operatorname{hardsigmoid}'(x) = \begin{cases} 1/6 & -3 < x < 3 \\ 0 & \text{otherwise} \end{cases}",
        "[0, 1]", {}, "howard2019searching",
    ),
    Activation(
        "softsign", softsign, softsign_grad,
        r"\operatorname{softsign}(x) = \frac{x}{1 + |x|}",
        r"\operatorname{softsign}'(x) = \frac{1}{(1 + |x|)^2}",
        "(-1, 1)", {}, "glorot2010understanding",
    ),
    Activation(
        "softplus", softplus, softplus_grad,
        r"\operatorname{softplus}(x) = \frac{1}{\beta}\log(1 + e^{\beta x})",
        r"\operatorname{softplus}'(x) = \sigma(\beta x)",
        "(0, ∞)", {"beta": 1.0, "threshold": 20.0}, "dugas2001incorporating",
    ),
    Activation(
        "relu", relu, relu_grad,
        r"\operatorname{relu}(x) = \max(x, 0)",
        r"\operatorname{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        "[0, ∞)", {}, "nair2010rectified",
    ),
    Activation(
        "relu6", relu6, relu6_grad,
        r"\mathrm{relu6}(x) = \min(\max(x, 0), 6)",
        r"\mathrm{relu6}'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}",
        "[0, 6]", {}, "howard2019searching",
    ),
    Activation(
        "leaky_relu", leaky_relu, leaky_relu_grad,
        r"\operatorname{leaky\_relu}(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases}",
        r"\operatorname{leaky\_relu}'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}",
        "(-∞, ∞)", {"negative_slope": 0.01}, "maas2013rectifier",
    ),
    Activation(
        "prelu", _prelu_shared, _prelu_shared_grad,
        r"\operatorname{prelu}(x) = \begin{cases} x & x > 0 \\ w x & x \le 0 \end{cases}",
        r"\operatorname{prelu}'(x) = \begin{cases} 1 & x > 0 \\ w & x \le 0 \end{cases}",
        "(-∞, ∞)", {"weight": 0.25}, "he2015delving",
    ),
    Activation(
        "rrelu", _rrelu_eval, _rrelu_eval_grad,
        r"\operatorname{rrelu}(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases}, \; a = \frac{l + u}{2}",
        r"\operatorname{rrelu}'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}",
        "(-∞, ∞)", {"lower": 1.0 / 8.0, "upper": 1.0 / 3.0}, "xu2015empirical",
    ),
    Activation(
        "elu", elu, elu_grad,
        r"\operatorname{elu}(x) = \begin{cases} x & x > 0 \\ \alpha(e^{x} - 1) & x \le 0 \end{cases}",
        r"\operatorname{elu}'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        "(-1, ∞)", {"alpha": 1.0}, "clevert2016fast",
    ),
    Activation(
        "celu", celu, celu_grad,
        r"\operatorname{celu}(x) = \max(x, 0) + \min(0, \alpha(e^{x/\alpha} - 1))",
        r"\operatorname{celu}'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
        "(-1, ∞)", {"alpha": 1.0}, "barron2017continuously",
    ),
    Activation(
        "selu", selu, selu_grad,
        r"\operatorname{selu}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha(e^{x} - 1) & x \le 0 \end{cases}",
        r"\operatorname{selu}'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        "(-1.7581, ∞)", {}, "klambauer2017self",
    ),
    Activation(
        "gelu", gelu, gelu_grad,
        r"\operatorname{gelu}(x) = x\,\Phi(x)",
        r"\operatorname{gelu}'(x) = \Phi(x) + x\,\varphi(x)",
        "[-0.1700, ∞)", {"approximate": "none"}, "hendrycks2016gaussian",
    ),
    Activation(
        "silu", silu, silu_grad,
        r"\operatorname{silu}(x) = x\,\sigma(x)",
        r"\operatorname{silu}'(x) = \sigma(x)\,(1 + x(1 - \sigma(x)))",
        "[-0.2785, ∞)", {}, "elfwing2018sigmoid",
    ),
    Activation(
        "mish", mish, mish_grad,
        r"\operatorname{mish}(x) = x\tanh(\log(1 + e^{x}))",
        r"\operatorname{mish}'(x) = \tanh(\operatorname{sp}(x)) + x\,\operatorname{sech}^2(\operatorname{sp}(x))\,\sigma(x)",
        "[-0.3088, ∞)", {}, "misra2019mish",
    ),
    Activation(
        "hardswish", hardswish, hardswish_grad,
        r"\operatorname{hardswish}(x) = x\,\frac{\mathrm{relu6}(x + 3)}{6}",
        r"\operatorname{hardswish}'(x) = \begin{cases} 0 & x \le -3 \\ x/3 + 1/2 & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}",
        "[-0.375, ∞)", {}, "howard2019searching",
    ),
]

ACTIVATIONS = {activation.name: activation for activation in _ACTIVATION_LIST}

_ALIASES = {"swish": "silu"}


def get_activation(name):
    """Return the :class:`Activation` registered under ``name`` (``"swish"`` is ``"silu"``).

    Parameters
    ----------
    name : str
        Name of an activation in ``ACTIVATIONS``, case-insensitive.

    Returns
    -------
    Activation
        The registry entry.

    Examples
    --------
    >>> act = get_activation("relu")
    >>> print(act.output_range)
    [0, ∞)
    >>> print(act.derivative(np.array([-1.0, 0.0, 1.0])))
    [0. 0. 1.]
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    key = name.strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    if key not in ACTIVATIONS:
        valid = ", ".join(sorted(ACTIVATIONS) + sorted(_ALIASES))
        raise ValueError(f"unknown activation {name!r}; valid names: {valid}")
    return ACTIVATIONS[key]
