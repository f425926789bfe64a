"""Argument checks shared by every module of course_lib.

Each check either returns the value in a normalised form or raises a ``TypeError`` (wrong kind of
value) or ``ValueError`` (right kind, invalid value). Messages name the argument, say what is
allowed and show what arrived.
"""

import math
import numbers
import operator

import numpy as np

__all__ = [
    "as_float_array",
    "check_axis",
    "check_bool",
    "check_positive",
    "check_nonnegative",
    "check_in_range",
    "check_finite_real",
    "check_rng",
    "check_probability_vector",
]

_KEPT_FLOAT_DTYPES = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))


def as_float_array(x, name="x"):
    """Convert ``x`` to a floating-point ndarray.

    float16, float32 and float64 arrays are returned unchanged (no copy). Booleans and integers
    become float64. Complex, object, string, datetime and extended-precision inputs raise
    ``TypeError``.

    Examples
    --------
    >>> as_float_array([1, 2]).dtype
    dtype('float64')
    >>> as_float_array(np.zeros(2, dtype=np.float32)).dtype
    dtype('float32')
    """
    try:
        array = np.asarray(x)
    except ValueError as error:
        raise TypeError(f"{name} must be a real numeric array, got a ragged sequence: {error}") from None

    dtype = array.dtype
    if dtype in _KEPT_FLOAT_DTYPES:
        return array
    if dtype.kind in "biu":
        return array.astype(np.float64)
    if dtype.kind == "f":
        raise TypeError(
            f"{name} must be float16, float32 or float64, got {dtype}; "
            f"convert it first, e.g. {name}.astype(np.float64)"
        )
    raise TypeError(f"{name} must be a real numeric array, got {dtype}")


def _check_real_scalar(value, name):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} must be a real number, got nan")
    return value


def check_integer(value, name, minimum):
    """Return ``value`` as an int after checking that it is an integer of at least ``minimum``.

    Booleans raise ``TypeError``, although Python counts them as integers.

    Examples
    --------
    >>> check_integer(np.int64(3), "epochs", 0)
    3
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_bool(value, name):
    """Return ``value`` as a bool after checking that it is ``True`` or ``False``.

    Strings, numbers and arrays raise ``TypeError``: ``training="no"`` would otherwise count as
    true.

    Examples
    --------
    >>> check_bool(np.True_, "training")
    True
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def check_finite_real(value, name):
    """Return ``value`` as a float after checking that it is a finite real number.

    Examples
    --------
    >>> check_finite_real(2, "alpha")
    2.0
    """
    value = _check_real_scalar(value, name)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def check_positive(value, name, allow_inf=False):
    """Return ``value`` as a float after checking that it is a real number > 0.

    Examples
    --------
    >>> check_positive(0.5, "beta")
    0.5
    """
    value = _check_real_scalar(value, name)
    if not value > 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    if math.isinf(value) and not allow_inf:
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def check_nonnegative(value, name, allow_inf=False):
    """Return ``value`` as a float after checking that it is a real number >= 0.

    Examples
    --------
    >>> check_nonnegative(0, "threshold")
    0.0
    """
    value = _check_real_scalar(value, name)
    if not value >= 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    if math.isinf(value) and not allow_inf:
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def check_in_range(value, name, low, high, low_inclusive=True, high_inclusive=True):
    """Return ``value`` as a float after checking that it lies between ``low`` and ``high``.

    Examples
    --------
    >>> check_in_range(0.3, "p", 0, 1)
    0.3
    """
    value = _check_real_scalar(value, name)
    above_low = value >= low if low_inclusive else value > low
    below_high = value <= high if high_inclusive else value < high
    if not (above_low and below_high):
        left = "[" if low_inclusive else "("
        right = "]" if high_inclusive else ")"
        raise ValueError(f"{name} must be in {left}{low}, {high}{right}, got {value}")
    return value


def check_axis(axis, ndim, name="axis", allow_none=False):
    """Return ``axis`` normalised to ``0 <= axis < ndim``.

    ``axis`` may be an integer or a tuple of distinct integers. ``None`` is returned unchanged
    when ``allow_none`` is true.

    Examples
    --------
    >>> check_axis(-1, 3)
    2
    >>> check_axis((0, -1), 3)
    (0, 2)
    """
    if axis is None:
        if allow_none:
            return None
        raise TypeError(f"{name} must be an integer, got None")

    if isinstance(axis, tuple):
        normalised = tuple(check_axis(item, ndim, name) for item in axis)
        if len(set(normalised)) != len(normalised):
            raise ValueError(f"{name} must not repeat an axis, got {axis}")
        return normalised

    if isinstance(axis, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer, got bool {axis!r}")
    try:
        index = operator.index(axis)
    except TypeError:
        raise TypeError(f"{name} must be an integer, got {type(axis).__name__} {axis!r}") from None
    if not -ndim <= index < ndim:
        raise ValueError(
            f"{name} {index} is out of range for an array with {ndim} dimensions "
            f"(allowed: {-ndim} to {ndim - 1})"
        )
    return index % ndim


def check_rng(rng, name="rng"):
    """Return a ``numpy.random.Generator`` built from ``rng``.

    A Generator is returned as it is, an integer seeds ``numpy.random.default_rng`` and ``None``
    gives a fresh, unseeded Generator.

    Examples
    --------
    >>> float(check_rng(0).random()) == float(np.random.default_rng(0).random())
    True
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, (numbers.Integral, np.integer)) and not isinstance(rng, (bool, np.bool_)):
        if rng < 0:
            raise ValueError(f"{name} seed must be >= 0, got {rng}")
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"{name} must be a numpy.random.Generator, an integer seed or None, "
        f"got {type(rng).__name__}"
    )


def check_probability_vector(p, name="p", axis=-1, atol=None):
    """Return ``p`` as a float array after checking that it contains probability vectors.

    Every entry must be finite and in [0, 1], and the entries along ``axis`` must sum to 1 within
    ``atol``. The default ``atol`` is 1e-6 for float64 and the square root of the machine epsilon
    for float16 and float32.

    Examples
    --------
    >>> check_probability_vector([0.25, 0.75]).shape
    (2,)
    """
    p = as_float_array(p, name)
    if p.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension, got a scalar")
    axis = check_axis(axis, p.ndim)
    if atol is None:
        atol = 1e-6 if p.dtype == np.float64 else float(np.sqrt(np.finfo(p.dtype).eps))

    if not np.all(np.isfinite(p)):
        raise ValueError(f"{name} must contain only finite values")
    if p.size and (p.min() < 0 or p.max() > 1):
        raise ValueError(
            f"{name} entries must be in [0, 1], got values from {float(p.min())} to {float(p.max())}"
        )
    totals = p.sum(axis=axis, dtype=np.float64)
    if p.shape[axis] == 0 or not np.all(np.abs(totals - 1) <= atol):
        worst = float(totals.flat[np.argmax(np.abs(totals - 1))]) if totals.size else 0.0
        raise ValueError(f"{name} must sum to 1 along axis {axis} (within {atol:g}), got a sum of {worst}")
    return p
