"""Two-dimensional toy classification data sets generated from a seed.

Each function returns ``(X, y)``: ``X`` float64 of shape ``(n, 2)`` and ``y`` int64 of shape
``(n,)``, with the points of class 0 first, then class 1, and so on. Nothing is downloaded and
no global random state is used: the same ``seed`` gives the same arrays on every machine with the
same NumPy version (NumPy keeps ``default_rng`` streams stable across versions but does not
promise it).

==========  =======  =========================================================================
function    classes  shape of the classes
==========  =======  =========================================================================
spirals     K >= 2   K interleaved arms of a spiral; not linearly separable
moons       2        two interleaved half circles
circles     2        a circle around a smaller concentric circle (radius ratio ``factor``)
xor         2        four Gaussian blobs at (±1, ±1); the label is the XOR of the signs
==========  =======  =========================================================================
"""

import math

import numpy as np

from course_lib._validation import check_integer, check_nonnegative, check_rng

__all__ = ["spirals", "moons", "circles", "xor"]


def _labels(n_per_class, n_classes):
    return np.repeat(np.arange(n_classes, dtype=np.int64), n_per_class)


def spirals(n_per_class=100, n_classes=3, noise=0.2, seed=0):
    r"""Generate points on the interleaved arms of a spiral, one arm per class.

    Point :math:`i` of class :math:`k` has radius :math:`r_i = i / (n - 1)` and angle

    .. math::

        \theta_{k,i} = \frac{2 \pi k}{K} + 4 r_i + \sigma \varepsilon_{k,i}, \qquad
        \varepsilon_{k,i} \sim \mathcal N(0, 1),

    and lies at :math:`r_i (\sin \theta_{k,i}, \cos \theta_{k,i})`, so every point is in the
    unit disc. Each arm turns through 4 radians; the noise :math:`\sigma` blurs the arms into
    each other near the centre, where the radius is small.

    Parameters
    ----------
    n_per_class : int, default 100
        Points per class, at least 2.
    n_classes : int, default 3
        Number of arms :math:`K`, at least 2.
    noise : float, default 0.2
        Standard deviation :math:`\sigma` of the angular noise, in radians.
    seed : int, numpy.random.Generator or None, default 0
        Seed of ``numpy.random.default_rng`` or a Generator to draw from.

    Returns
    -------
    X : numpy.ndarray, float64, shape (n_per_class * n_classes, 2)
    y : numpy.ndarray, int64, shape (n_per_class * n_classes,)

    Examples
    --------
    >>> X, y = spirals(n_per_class=50, n_classes=3)
    >>> print(X.shape, X.dtype, y.dtype, np.bincount(y))
    (150, 2) float64 int64 [50 50 50]
    >>> print(f"{np.max(np.hypot(X[:, 0], X[:, 1])):.6f}")
    1.000000
    """
    n_per_class = check_integer(n_per_class, "n_per_class", 2)
    n_classes = check_integer(n_classes, "n_classes", 2)
    noise = check_nonnegative(noise, "noise")
    rng = check_rng(seed, "seed")

    radius = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    y = _labels(n_per_class, n_classes)
    angle = 2.0 * math.pi * y / n_classes + 4.0 * radius
    angle += noise * rng.standard_normal(angle.shape)
    X = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    return X, y


def moons(n_per_class=100, noise=0.1, seed=0):
    r"""Generate two interleaved half circles with Gaussian noise.

    Class 0 lies on the upper unit half circle :math:`(\cos t, \sin t)`, class 1 on the lower one
    shifted to :math:`(1 - \cos t, \tfrac12 - \sin t)`, for :math:`t` evenly spaced in
    :math:`[0, \pi]`; then every coordinate gets independent noise :math:`\mathcal N(0,
    \sigma^2)`.

    Parameters
    ----------
    n_per_class : int, default 100
        Points per class, at least 2.
    noise : float, default 0.1
        Standard deviation :math:`\sigma` of the noise added to each coordinate.
    seed : int, numpy.random.Generator or None, default 0
        Seed of ``numpy.random.default_rng`` or a Generator to draw from.

    Returns
    -------
    X : numpy.ndarray, float64, shape (2 * n_per_class, 2)
    y : numpy.ndarray, int64, shape (2 * n_per_class,)

    Examples
    --------
    >>> X, y = moons(n_per_class=3, noise=0.0)
    >>> print(np.round(X, 3) + 0.0)
    [[ 1.   0. ]
     [ 0.   1. ]
     [-1.   0. ]
     [ 0.   0.5]
     [ 1.  -0.5]
     [ 2.   0.5]]
    """
    n_per_class = check_integer(n_per_class, "n_per_class", 2)
    noise = check_nonnegative(noise, "noise")
    rng = check_rng(seed, "seed")

    t = np.linspace(0.0, math.pi, n_per_class)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.vstack([upper, lower])
    X += noise * rng.standard_normal(X.shape)
    return X, _labels(n_per_class, 2)


def circles(n_per_class=100, noise=0.05, factor=0.5, seed=0):
    r"""Generate a circle of class 0 around a smaller concentric circle of class 1.

    Class 0 lies on the unit circle and class 1 on the circle of radius ``factor``, at evenly
    spaced angles. Then every coordinate gets independent noise :math:`\mathcal N(0,
    \sigma^2)`. No linear classifier separates them, but a single hidden layer can (the
    boundary is the circle of radius between ``factor`` and 1).

    Parameters
    ----------
    n_per_class : int, default 100
        Points per class, at least 1.
    noise : float, default 0.05
        Standard deviation :math:`\sigma` of the noise added to each coordinate.
    factor : float, default 0.5
        Radius of the inner circle, in (0, 1).
    seed : int, numpy.random.Generator or None, default 0
        Seed of ``numpy.random.default_rng`` or a Generator to draw from.

    Returns
    -------
    X : numpy.ndarray, float64, shape (2 * n_per_class, 2)
    y : numpy.ndarray, int64, shape (2 * n_per_class,)

    Examples
    --------
    >>> X, y = circles(n_per_class=4, noise=0.0)
    >>> print(np.round(np.hypot(X[:, 0], X[:, 1]), 6), y)
    [1.  1.  1.  1.  0.5 0.5 0.5 0.5] [0 0 0 0 1 1 1 1]
    """
    n_per_class = check_integer(n_per_class, "n_per_class", 1)
    noise = check_nonnegative(noise, "noise")
    factor = check_nonnegative(factor, "factor")
    if not 0 < factor < 1:
        raise ValueError(f"factor must be in (0, 1), got {factor}")
    rng = check_rng(seed, "seed")

    t = np.linspace(0.0, 2.0 * math.pi, n_per_class, endpoint=False)
    unit = np.column_stack([np.cos(t), np.sin(t)])
    X = np.vstack([unit, factor * unit])
    X += noise * rng.standard_normal(X.shape)
    return X, _labels(n_per_class, 2)


def xor(n_per_class=100, noise=0.3, seed=0):
    r"""Generate the XOR problem: four Gaussian blobs whose label is the XOR of two signs.

    Class 0 has blobs centred at :math:`(1, 1)` and :math:`(-1, -1)`, class 1 at :math:`(1, -1)`
    and :math:`(-1, 1)`, each with isotropic standard deviation :math:`\sigma`. A class of odd
    size puts the extra point in its first blob. No linear classifier gets more than 3 of the 4
    blob centres right.

    Parameters
    ----------
    n_per_class : int, default 100
        Points per class, at least 2.
    noise : float, default 0.3
        Standard deviation :math:`\sigma` of each blob.
    seed : int, numpy.random.Generator or None, default 0
        Seed of ``numpy.random.default_rng`` or a Generator to draw from.

    Returns
    -------
    X : numpy.ndarray, float64, shape (2 * n_per_class, 2)
    y : numpy.ndarray, int64, shape (2 * n_per_class,)

    Examples
    --------
    >>> X, y = xor(n_per_class=4, noise=0.0)
    >>> print(np.column_stack([X, y]).astype(int))
    [[ 1  1  0]
     [ 1  1  0]
     [-1 -1  0]
     [-1 -1  0]
     [ 1 -1  1]
     [ 1 -1  1]
     [-1  1  1]
     [-1  1  1]]
    """
    n_per_class = check_integer(n_per_class, "n_per_class", 2)
    noise = check_nonnegative(noise, "noise")
    rng = check_rng(seed, "seed")

    first = (n_per_class + 1) // 2
    second = n_per_class - first
    centres = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    counts = [first, second, first, second]
    X = np.repeat(centres, counts, axis=0)
    X += noise * rng.standard_normal(X.shape)
    return X, _labels(n_per_class, 2)
