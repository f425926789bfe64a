"""Entropy, cross-entropy, KL divergence and maximum-entropy models.

Chapter 2 of the course derives softmax from the maximum entropy principle. This module contains
the numerics behind it:

* :func:`entropy`, :func:`cross_entropy` and :func:`kl_divergence` of discrete distributions, in
  nats unless a ``base`` is given;
* :func:`solve_maxent`, the maximum-entropy distribution on a finite support under linear
  expectation constraints, solved through its convex dual with Newton's method, and
  :func:`gibbs`, the closed form :math:`p_j \\propto \\exp(\\sum_k \\lambda_k f_k(j))` of its
  solution; :func:`maxent_die` is Jaynes's die;
* :class:`ConditionalMaxEnt`, the conditional maximum-entropy model
  :math:`p_w(y \\mid x) = \\exp(\\sum_i w_i f_i(x, y)) / Z_w(x)` of Berger, Della Pietra and Della
  Pietra (1996) and Li Hang (2012, chapter 6), fitted by maximising its dual, which is the
  conditional log-likelihood; :func:`linear_class_features` builds the features
  :math:`x_j [y = k]` and :math:`[y = k]` under which the model is multinomial logistic
  regression, and :func:`split_weights` reads its weights as the matrix :math:`W` and the bias
  :math:`b` of ``softmax(W x + b)``.

scipy is imported only inside :func:`solve_maxent`, and only when two or more constraints need a
linear-programming feasibility check.
"""

import dataclasses

import numpy as np

from course_lib._validation import (
    as_float_array,
    check_axis,
    check_bool,
    check_in_range,
    check_integer,
    check_nonnegative,
)

__all__ = [
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "MaxEntResult",
    "solve_maxent",
    "gibbs",
    "maxent_die",
    "ConditionalMaxEnt",
    "linear_class_features",
    "features_from_functions",
    "split_weights",
]


# ----------------------------------------------------------------------------------------------
# Entropy, cross-entropy and KL divergence
# ----------------------------------------------------------------------------------------------


def _probability_tolerance(dtype):
    # The same tolerance as _validation.check_probability_vector: 1e-6 in float64, sqrt(eps) in
    # float32 (3.5e-4) and float16 (3.1e-2), loose enough for rounded inputs.
    if dtype == np.float64:
        return 1e-6
    return float(np.sqrt(np.finfo(dtype).eps))


def _check_probabilities(p, name, axis):
    """Convert ``p`` to a float array of distributions along ``axis``, or raise ValueError.

    nan entries pass, so that they propagate to the result. Every other entry must lie in [0, 1],
    and every slice along ``axis`` without nan must sum to 1.
    """
    p = as_float_array(p, name)
    if p.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension (a distribution), got a scalar")
    axis = check_axis(axis, p.ndim)
    if p.shape[axis] == 0:
        raise ValueError(f"{name} must not be empty along axis {axis}, got shape {p.shape}")

    with np.errstate(invalid="ignore"):
        invalid = (p < 0) | (p > 1) | np.isinf(p)
    if np.any(invalid):
        bad = p[invalid].flat[0]
        raise ValueError(
            f"{name} must contain probabilities in [0, 1], got the value {float(bad)!r}"
        )

    totals = np.sum(p, axis=axis, dtype=np.float64)
    finite_totals = totals[~np.isnan(totals)]
    tolerance = _probability_tolerance(p.dtype)
    if finite_totals.size and np.max(np.abs(finite_totals - 1.0)) > tolerance:
        worst = finite_totals[np.argmax(np.abs(finite_totals - 1.0))]
        raise ValueError(
            f"{name} must sum to 1 along axis {axis}, got a sum of {float(worst)!r}; "
            f"normalise it first, for example {name} / {name}.sum(axis={axis}, keepdims=True)"
        )
    return p, axis


def _finish_sum(terms, axis, base):
    """Sum ``terms`` along ``axis``, negate, turn -0.0 into 0.0 and convert to ``base``."""
    result = -np.sum(terms, axis=axis)
    result = result + 0.0
    if base is not None:
        result = result / np.log(np.asarray(base, dtype=result.dtype))
    if result.ndim == 0:
        return result[()]
    return result


def _check_base(base):
    if base is None:
        return None
    if isinstance(base, bool) or not isinstance(base, (int, float, np.integer, np.floating)):
        raise TypeError(f"base must be None or a positive real number, got {type(base).__name__}")
    if not np.isfinite(base) or base <= 0 or base == 1:
        raise ValueError(f"base must be a finite positive number other than 1, got {base!r}")
    return float(base)


def entropy(p, axis=-1, base=None):
    r"""Compute the Shannon entropy of discrete distributions.

    .. math::

        H(p) = -\sum_i p_i \log p_i, \qquad 0 \log 0 = 0 .

    :math:`0 \le H(p) \le \log n` for a distribution on :math:`n` points, with :math:`H = 0`
    exactly for a point mass and :math:`H = \log n` exactly for the uniform distribution. The
    derivative is :math:`\partial H / \partial p_i = -(\log p_i + 1)`, which is unbounded as
    :math:`p_i \to 0`.

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1] that sum to 1 along ``axis`` (checked to within
        1e-6 in float64, :math:`\sqrt{\varepsilon}` in float16 and float32).
        nan entries give a nan entropy.
    axis : int, default -1
        Axis along which each distribution lies.
    base : float, optional
        Base of the logarithm: ``None`` for nats, ``2`` for bits.

    Returns
    -------
    numpy.floating or numpy.ndarray
        Entropy of each distribution, in the dtype of ``p`` (float64 for integer input).

    Raises
    ------
    ValueError
        If an entry lies outside [0, 1], a distribution does not sum to 1, or ``base`` is not a
        positive number other than 1.

    Examples
    --------
    >>> print(f"{entropy([0.25, 0.25, 0.25, 0.25]):.6f}")   # log 4
    1.386294
    >>> print(f"{entropy([0.5, 0.5], base=2):.6f}")
    1.000000
    >>> print(f"{entropy([1.0, 0.0, 0.0]):.6f}")
    0.000000
    """
    base = _check_base(base)
    p, axis = _check_probabilities(p, "p", axis)

    # log is taken only where p != 0, so 0 log 0 contributes 0 and no divide warning is raised;
    # nan passes the mask and propagates.
    log_p = np.zeros_like(p)
    np.log(p, out=log_p, where=p != 0)
    return _finish_sum(p * log_p, axis, base)


def cross_entropy(p_true, q_pred, axis=-1):
    r"""Compute the cross-entropy of a predicted distribution relative to a true one.

    .. math::

        H(p, q) = -\sum_i p_i \log q_i = H(p) + D_{\mathrm{KL}}(p \,\|\, q) \;\ge\; H(p),

    with :math:`0 \log q_i = 0` for every :math:`q_i`, and :math:`H(p, q) = +\infty` when
    :math:`q` gives probability 0 to an event that :math:`p` gives positive probability (no
    clipping). The derivative is :math:`\partial H / \partial q_i = -p_i / q_i`. With a one-hot
    ``p_true`` it is the negative log-likelihood :math:`-\log q_y` of the class :math:`y`.

    Parameters
    ----------
    p_true, q_pred : array_like
        Distributions along ``axis`` (see :func:`entropy`); they are broadcast together.
    axis : int, default -1
        Axis along which each distribution lies.

    Returns
    -------
    numpy.floating or numpy.ndarray
        Cross-entropy in nats, in :math:`[0, +\infty]`.

    Raises
    ------
    ValueError
        If either argument is not a distribution along ``axis`` or the shapes do not broadcast.

    See Also
    --------
    kl_divergence : the excess :math:`H(p, q) - H(p)`.

    Examples
    --------
    >>> print(f"{cross_entropy([0.0, 1.0], [0.2, 0.8]):.6f}")   # -log 0.8
    0.223144
    >>> print(cross_entropy([0.5, 0.5], [1.0, 0.0]))
    inf
    """
    p, axis_p = _check_probabilities(p_true, "p_true", axis)
    q, axis_q = _check_probabilities(q_pred, "q_pred", axis)
    p, q = _broadcast_pair(p, q, axis)
    axis = check_axis(axis, p.ndim)

    # log 0 = -inf is intended here: p_i log 0 = -inf gives H = +inf for an impossible event.
    with np.errstate(divide="ignore"):
        log_q = np.log(q)
    terms = np.zeros(p.shape, dtype=np.result_type(p, q))
    np.multiply(p, log_q, out=terms, where=p != 0)
    # Adding 0 * q carries a nan of q_pred where p_true is 0.
    terms += 0 * q
    return _finish_sum(terms, axis, None)


def kl_divergence(p, q, axis=-1):
    r"""Compute the Kullback–Leibler divergence of ``q`` from ``p``.

    .. math::

        D_{\mathrm{KL}}(p \,\|\, q) = \sum_i p_i \log \frac{p_i}{q_i} \;\ge\; 0,

    with equality if and only if :math:`p = q` (Gibbs' inequality). Terms with :math:`p_i = 0`
    contribute 0, and :math:`p_i > 0 = q_i` gives :math:`+\infty`. The derivative with respect to
    :math:`q_i` is :math:`-p_i / q_i`. Each term is computed as
    :math:`p_i (\log p_i - \log q_i)`, which is exactly 0 where :math:`p_i = q_i`; a total below
    0 can come only from rounding and is returned as 0.

    Parameters
    ----------
    p, q : array_like
        Distributions along ``axis`` (see :func:`entropy`); they are broadcast together.
    axis : int, default -1
        Axis along which each distribution lies.

    Returns
    -------
    numpy.floating or numpy.ndarray
        Divergence in nats, in :math:`[0, +\infty]`.

    Examples
    --------
    >>> print(f"{kl_divergence([0.5, 0.5], [0.9, 0.1]):.6f}")
    0.510826
    >>> print(f"{kl_divergence([0.3, 0.7], [0.3, 0.7]):.6f}")
    0.000000
    """
    p, _ = _check_probabilities(p, "p", axis)
    q, _ = _check_probabilities(q, "q", axis)
    p, q = _broadcast_pair(p, q, axis)
    axis = check_axis(axis, p.ndim)

    with np.errstate(divide="ignore"):
        log_q = np.log(q)
    log_ratio = np.zeros(p.shape, dtype=np.result_type(p, q))
    np.log(p, out=log_ratio, where=p != 0)
    # Where p != 0 and q == 0 this is log p - (-inf) = +inf, the intended value.
    np.subtract(log_ratio, log_q, out=log_ratio, where=p != 0)
    terms = p * log_ratio
    terms += 0 * q
    divergence = np.sum(terms, axis=axis)
    divergence = np.maximum(divergence, 0)
    if divergence.ndim == 0:
        return divergence[()]
    return divergence


def _broadcast_pair(p, q, axis):
    try:
        return np.broadcast_arrays(p, q)
    except ValueError:
        raise ValueError(
            f"the two distributions must have broadcastable shapes, got {p.shape} and {q.shape}"
        ) from None


# ----------------------------------------------------------------------------------------------
# Maximum entropy on a finite support
# ----------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class MaxEntResult:
    r"""Solution of a maximum-entropy problem returned by :func:`solve_maxent`.

    Attributes
    ----------
    p : numpy.ndarray
        The maximum-entropy distribution, shape ``(n,)``.
    multipliers : numpy.ndarray
        Lagrange multipliers :math:`\lambda`, shape ``(m,)``, so that
        ``gibbs(features, multipliers, support=support)`` reproduces ``p``. An entry is
        ``+inf`` (``-inf``) when its target equals the maximum (minimum) of that feature, and 0
        when the feature is constant on the support, where any value would do.
    entropy : float
        :math:`H(p)` in nats.
    iterations : int
        Newton iterations taken.
    converged : bool
        Whether ``constraint_error`` fell below ``tol`` times :math:`\max_{k,j} |f_k(j)|`.
    constraint_error : float
        :math:`\max_k |E_p[f_k] - t_k|`.
    support : numpy.ndarray
        Boolean mask, shape ``(n,)``, of the points that may carry probability: all points for a
        target inside the convex hull, the points of the face for a target on its boundary.
    """

    p: np.ndarray
    multipliers: np.ndarray
    entropy: float
    iterations: int
    converged: bool
    constraint_error: float
    support: np.ndarray


def _logsumexp_1d(scores):
    # Shifting by the max keeps every exponent <= 0, so exp cannot overflow.
    shift = np.max(scores)
    return shift + np.log(np.sum(np.exp(scores - shift)))


def _check_features_and_targets(features, targets):
    features = np.asarray(as_float_array(features, "features"), dtype=np.float64)
    if features.ndim == 1:
        features = features[np.newaxis, :]
    if features.ndim != 2 or features.shape[1] == 0:
        raise ValueError(
            "features must be a 2-D array of shape (m, n): m feature functions evaluated at n "
            f"support points, got shape {features.shape}"
        )
    if not np.all(np.isfinite(features)):
        raise ValueError("features must be finite, got nan or inf")

    targets = np.asarray(as_float_array(targets, "targets"), dtype=np.float64).reshape(-1)
    if targets.shape != (features.shape[0],):
        raise ValueError(
            f"targets must hold one value per feature, shape ({features.shape[0]},), "
            f"got {targets.size} values"
        )
    if not np.all(np.isfinite(targets)):
        raise ValueError(f"targets must be finite, got {targets.tolist()}")
    return features, targets


def _reduce_to_face(features, targets):
    """Find the points that can carry probability when targets sit at a feature's min or max.

    Returns ``(support, status)``: ``status[k]`` is +1 (-1) when target k equals the max (min) of
    feature k over the support, 2 when feature k is constant on the support, and 0 otherwise.
    Raises ValueError when a target lies outside the range of its feature over the support.
    """
    m, n = features.shape
    support = np.ones(n, dtype=bool)
    status = np.zeros(m, dtype=np.int64)
    changed = True
    while changed:
        changed = False
        for k in range(m):
            if status[k] != 0:
                continue
            values = features[k, support]
            low, high = values.min(), values.max()
            if not low <= targets[k] <= high:
                if support.all():
                    context = ""
                else:
                    context = (
                        " on the points left by the other targets that equal the minimum or "
                        "maximum of their feature"
                    )
                raise ValueError(
                    f"targets[{k}] = {float(targets[k])!r} is infeasible: it lies outside the "
                    f"range [{float(low)!r}, {float(high)!r}] of features[{k}]{context}, and an "
                    "expectation cannot leave the range of the values it averages"
                )
            if low == high:
                status[k] = 2
            elif targets[k] == high:
                support &= features[k] == high
                status[k] = 1
                changed = True
            elif targets[k] == low:
                support &= features[k] == low
                status[k] = -1
                changed = True
    return support, status


def _check_hull(features, targets):
    """Raise ValueError if no distribution on the columns of ``features`` has mean ``targets``."""
    from scipy.optimize import linprog

    m, n = features.shape
    equality_matrix = np.vstack([features, np.ones((1, n))])
    equality_values = np.concatenate([targets, [1.0]])
    solution = linprog(
        np.zeros(n), A_eq=equality_matrix, b_eq=equality_values, bounds=(0, None), method="highs"
    )
    if solution.status == 2:
        raise ValueError(
            f"targets = {targets.tolist()} are infeasible: they lie outside the convex hull of "
            "the feature vectors (the columns of features), so no distribution has these "
            "expectations"
        )


def _newton_dual(centered, row_scale, tolerance, max_iter):
    """Minimise log sum_j exp(lambda . centered[:, j]) over lambda by damped Newton steps.

    ``centered`` contains (f_k(j) - t_k) / row_scale[k], so the gradient of the objective is
    (E_p[f] - t) / row_scale and its Hessian is the scaled Cov_p(f). ``tolerance`` applies to
    the unscaled constraint error. Returns ``(multipliers, log_p, iterations, converged)``.
    """

    def constraint_error(gradient):
        return np.max(np.abs(gradient) * row_scale, initial=0.0)

    m = centered.shape[0]
    multipliers = np.zeros(m)
    iterations = 0
    converged = False
    polishing = False
    armijo = 1e-4

    scores = multipliers @ centered
    objective = _logsumexp_1d(scores)
    while True:
        log_p = scores - objective
        p = np.exp(log_p)
        gradient = centered @ p
        error = constraint_error(gradient)
        if error <= tolerance:
            converged = True
            # Newton converges quadratically, so one more step usually takes the error from
            # just under the tolerance to the rounding level. The step is kept only if it helps.
            if polishing or error == 0.0:
                break
            polishing = True
        if iterations >= max_iter:
            break
        iterations += 1

        hessian = (centered * p) @ centered.T - np.outer(gradient, gradient)
        # lstsq copes with a singular Hessian (linearly dependent features) by taking the
        # minimum-norm step.
        direction = -np.linalg.lstsq(hessian, gradient, rcond=None)[0]
        slope = gradient @ direction
        if not slope < 0:
            direction = -gradient
            slope = -(gradient @ gradient)

        step = 1.0
        accepted = False
        while step > 1e-12:
            trial = multipliers + step * direction
            trial_scores = trial @ centered
            trial_objective = _logsumexp_1d(trial_scores)
            if trial_objective <= objective + armijo * step * slope:
                accepted = True
                break
            # Near the optimum the decrease drops below the rounding of the objective, so a
            # step that shrinks the constraint error is accepted as well.
            if trial_objective - objective <= 64 * np.finfo(float).eps * max(1.0, abs(objective)):
                trial_p = np.exp(trial_scores - trial_objective)
                if constraint_error(centered @ trial_p) < error:
                    accepted = True
                    break
            step *= 0.5
        if accepted and polishing:
            trial_p = np.exp(trial_scores - trial_objective)
            accepted = constraint_error(centered @ trial_p) < error
        if not accepted:
            break
        multipliers, scores, objective = trial, trial_scores, trial_objective

    return multipliers, scores - objective, iterations, converged


def solve_maxent(features, targets, *, tol=1e-12, max_iter=200):
    r"""Find the maximum-entropy distribution under linear expectation constraints.

    For support points :math:`j = 1, \dots, n` and feature functions :math:`f_1, \dots, f_m`,
    solve

    .. math::

        \max_p \; H(p) = -\sum_j p_j \log p_j
        \quad\text{subject to}\quad
        \sum_j p_j = 1, \quad \sum_j p_j f_k(j) = t_k \;(k = 1, \dots, m).

    The Lagrangian gives the Gibbs form :math:`p_j = \exp(\sum_k \lambda_k f_k(j)) / Z(\lambda)`
    (see :func:`gibbs`), and the multipliers minimise the convex dual

    .. math::

        g(\lambda) = \log Z(\lambda) - \lambda \cdot t, \qquad
        \nabla g = E_p[f] - t, \qquad \nabla^2 g = \operatorname{Cov}_p(f),

    whose minimum value is the maximum entropy. This function minimises :math:`g` by Newton's
    method with a backtracking (Armijo) line search, evaluating :math:`\log Z` by log-sum-exp
    so that no exponential overflows.

    Feasible targets on the boundary of the convex hull of the feature vectors have no finite
    multipliers. When a target equals the minimum or maximum of its feature (a die with mean
    exactly 6), the solution is the maximum-entropy distribution on the points where the feature
    takes that value, which is a point mass on 6 for the die. The points off that face get
    probability exactly 0, and the multiplier is reported as :math:`\pm\infty`.

    Parameters
    ----------
    features : array_like, shape (m, n) or (n,)
        ``features[k, j]`` is :math:`f_k(j)`; a 1-D array is a single feature.
    targets : array_like, shape (m,)
        Required expectations :math:`t_k`; a scalar for a single feature.
    tol : float, default 1e-12
        Convergence threshold on :math:`\max_k |E_p[f_k] - t_k|`, relative to
        :math:`\max_{k,j} |f_k(j)|`. Rounding limits the error to about 1e-16 of that scale.
    max_iter : int, default 200
        Maximum number of Newton iterations.

    Returns
    -------
    MaxEntResult
        ``p``, ``multipliers``, ``entropy``, ``iterations``, ``converged``,
        ``constraint_error`` and ``support``.

    Raises
    ------
    ValueError
        If the shapes do not match, a value is not finite, or the targets are infeasible: a target
        outside the range of its feature, or (with two or more features, checked by a linear
        program) outside the convex hull of the feature vectors.

    Notes
    -----
    With two or more features, a target can lie on a face of the hull that is not the minimum or
    maximum of a single feature (:math:`E[X] = 3` and :math:`E[X^2] = 9` force :math:`X = 3`).
    Such a face is approached with finite multipliers that grow until the constraint error is
    below ``tol``, so ``p`` keeps a mass of order ``tol`` off the face. Targets outside the hull
    by less than the linear program's tolerance (about 1e-7) pass the check and end with
    ``converged = False``.

    References
    ----------
    E. T. Jaynes, "Information Theory and Statistical Mechanics", Physical Review 106(4), 1957.

    Examples
    --------
    Jaynes's die: the faces 1..6 with mean 4.5 instead of 3.5.

    >>> result = solve_maxent([[1, 2, 3, 4, 5, 6]], [4.5])
    >>> print(" ".join(f"{value:.4f}" for value in result.p))
    0.0544 0.0788 0.1142 0.1654 0.2398 0.3475
    >>> print(f"{result.multipliers[0]:.6f} {result.converged}")
    0.371049 True

    The mean 6 is on the boundary: all mass goes to face 6.

    >>> result = solve_maxent([[1, 2, 3, 4, 5, 6]], [6])
    >>> print(" ".join(f"{value:.1f}" for value in result.p), result.multipliers[0])
    0.0 0.0 0.0 0.0 0.0 1.0 inf
    """
    features, targets = _check_features_and_targets(features, targets)
    tol = check_in_range(tol, "tol", 0, 1, low_inclusive=False, high_inclusive=False)
    max_iter = check_integer(max_iter, "max_iter", 0)
    m, n = features.shape

    support, status = _reduce_to_face(features, targets)
    free = status == 0
    if np.count_nonzero(free) >= 2:
        _check_hull(features[np.ix_(free, support)], targets[free])

    # Zero features have no free rows, so the scale is positive wherever Newton runs.
    scale = float(np.max(np.abs(features)))
    centered = features[np.ix_(free, support)] - targets[free, np.newaxis]
    # Dividing each row by its largest magnitude keeps Cov_p(f) finite for features near the
    # float64 limit; Newton's method is unaffected by such a change of variables.
    row_scale = np.max(np.abs(centered), axis=1)
    centered /= row_scale[:, np.newaxis]
    scaled_multipliers, log_p_support, iterations, _ = _newton_dual(
        centered, row_scale, tol * scale, max_iter
    )
    free_multipliers = scaled_multipliers / row_scale

    p = np.zeros(n)
    p[support] = np.exp(log_p_support)
    multipliers = np.zeros(m)
    multipliers[free] = free_multipliers
    multipliers[status == 1] = np.inf
    multipliers[status == -1] = -np.inf

    constraint_error = float(np.max(np.abs(features @ p - targets)))
    entropy_value = float(-np.sum(p[support] * log_p_support)) + 0.0
    return MaxEntResult(
        p=p,
        multipliers=multipliers,
        entropy=entropy_value,
        iterations=iterations,
        converged=constraint_error <= tol * scale,
        constraint_error=constraint_error,
        support=support,
    )


def gibbs(features, multipliers, support=None):
    r"""Evaluate the Gibbs (exponential-family) distribution of given multipliers.

    .. math::

        p_j = \frac{\exp\big(\sum_k \lambda_k f_k(j)\big)}{\sum_i \exp\big(\sum_k \lambda_k
        f_k(i)\big)} = \operatorname{softmax}(\lambda^\top F)_j ,

    the form of every maximum-entropy solution (:func:`solve_maxent`). Its derivative is
    :math:`\partial p_j / \partial \lambda_k = p_j (f_k(j) - E_p[f_k])`. It is computed by
    log-sum-exp, so no multiplier size overflows.

    An infinite multiplier is the limit :math:`\lambda_k \to \pm\infty`: the mass concentrates on
    the points where :math:`f_k` is maximal (for :math:`+\infty`) or minimal (for
    :math:`-\infty`). Several infinite multipliers keep the points that are extremal for all of
    them. A nan multiplier gives a nan distribution.

    Parameters
    ----------
    features : array_like, shape (m, n) or (n,)
        ``features[k, j]`` is :math:`f_k(j)`.
    multipliers : array_like, shape (m,)
        :math:`\lambda`.
    support : array_like of bool, shape (n,), optional
        Points allowed to carry probability; the others get exactly 0. Pass
        ``result.support`` from :func:`solve_maxent` when the multipliers contain infinities.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The distribution.

    Raises
    ------
    ValueError
        If the shapes do not match, or the infinite multipliers have no common extremal point.

    Examples
    --------
    >>> p = gibbs([[0.0, 1.0, 2.0]], [np.log(2.0)])   # p proportional to 1, 2, 4
    >>> print(" ".join(f"{value:.6f}" for value in p))
    0.142857 0.285714 0.571429
    >>> print(" ".join(f"{value:.1f}" for value in gibbs([[0.0, 1.0, 2.0]], [-np.inf])))
    1.0 0.0 0.0
    """
    features = np.asarray(as_float_array(features, "features"), dtype=np.float64)
    if features.ndim == 1:
        features = features[np.newaxis, :]
    if features.ndim != 2 or features.shape[1] == 0:
        raise ValueError(f"features must have shape (m, n) with n >= 1, got {features.shape}")
    m, n = features.shape
    multipliers = np.asarray(as_float_array(multipliers, "multipliers"), dtype=np.float64)
    multipliers = multipliers.reshape(-1)
    if multipliers.shape != (m,):
        raise ValueError(
            f"multipliers must hold one value per feature, shape ({m},), got {multipliers.size}"
        )

    if support is None:
        mask = np.ones(n, dtype=bool)
    else:
        mask = np.asarray(support)
        if mask.dtype != bool or mask.shape != (n,):
            raise ValueError(
                f"support must be a boolean array of shape ({n},), got dtype {mask.dtype} "
                f"and shape {mask.shape}"
            )
        mask = mask.copy()

    infinite = np.isinf(multipliers)
    if support is None:
        for k in np.flatnonzero(infinite):
            extreme = features[k].max() if multipliers[k] > 0 else features[k].min()
            mask &= features[k] == extreme
    if not mask.any():
        raise ValueError(
            "the infinite multipliers have no common extremal point (or support is empty); "
            "pass support= to say which points carry probability"
        )

    # Infinite multipliers belong to features that are constant on the mask, so they only shift
    # every score by the same amount and are left out.
    finite = ~infinite
    scores = multipliers[finite] @ features[np.ix_(finite, mask)]
    p = np.zeros(n)
    p[mask] = np.exp(scores - _logsumexp_1d(scores))
    return p


def maxent_die(mean, faces=6):
    r"""Find the maximum-entropy distribution of a die with a given mean (Jaynes's die).

    The solution is :math:`p_j = e^{\lambda j} / \sum_{i=1}^{F} e^{\lambda i}` for
    :math:`j = 1, \dots, F`: geometric in :math:`j`, uniform for the mean :math:`(F + 1)/2`,
    tilted toward the high faces for a larger mean. A mean of exactly 1 or :math:`F` gives a
    point mass (multiplier :math:`\mp\infty`).

    Parameters
    ----------
    mean : float
        Required expectation, in :math:`[1, F]`.
    faces : int, default 6
        Number of faces :math:`F \ge 2`, labelled 1 to :math:`F`.

    Returns
    -------
    MaxEntResult
        See :func:`solve_maxent`.

    Raises
    ------
    ValueError
        If ``mean`` lies outside [1, faces] or ``faces`` is not an integer of at least 2.

    Examples
    --------
    >>> result = maxent_die(3.5)
    >>> print(" ".join(f"{value:.6f}" for value in result.p))
    0.166667 0.166667 0.166667 0.166667 0.166667 0.166667
    """
    if isinstance(faces, bool) or not isinstance(faces, (int, np.integer)) or faces < 2:
        raise ValueError(f"faces must be an integer of at least 2, got {faces!r}")
    if isinstance(mean, bool) or not isinstance(mean, (int, float, np.integer, np.floating)):
        raise TypeError(f"mean must be a real number, got {type(mean).__name__}")
    if not 1 <= mean <= faces:
        raise ValueError(
            f"mean must lie in [1, {faces}] for a die with faces 1..{faces}, got {float(mean)!r}"
        )
    values = np.arange(1, faces + 1, dtype=np.float64)
    return solve_maxent(values[np.newaxis, :], [float(mean)])


# ----------------------------------------------------------------------------------------------
# The conditional maximum-entropy model
# ----------------------------------------------------------------------------------------------


def linear_class_features(X, n_classes, bias=True):
    r"""Build the features :math:`f_{k,j}(x, y) = x_j [y = k]` and :math:`f_k(x, y) = [y = k]`.

    With these features the conditional maximum-entropy model is multinomial logistic
    regression: :math:`\sum_i w_i f_i(x, y) = (W x + b)_y`, so
    :math:`p_w(y \mid x) = \operatorname{softmax}(W x + b)_y`.

    Parameters
    ----------
    X : array_like, shape (N, D)
        Inputs.
    n_classes : int
        Number of classes :math:`K \ge 2`.
    bias : bool, default True
        Whether to include the class indicators :math:`[y = k]`.

    Returns
    -------
    numpy.ndarray, shape (N, K, K * (D + 1)) or (N, K, K * D)
        ``features[i, k]`` is the feature vector :math:`f(x_i, k)`. Feature ``k * (D + 1) + j``
        is :math:`x_j [y = k]` for ``j < D`` and feature ``k * (D + 1) + D`` is :math:`[y = k]`,
        so the weights reshape to ``(K, D + 1)`` (see :func:`split_weights`).

    Examples
    --------
    >>> features = linear_class_features([[2.0, 3.0]], n_classes=2)
    >>> print(features[0])
    [[2. 3. 1. 0. 0. 0.]
     [0. 0. 0. 2. 3. 1.]]
    """
    X = np.asarray(as_float_array(X, "X"), dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array of shape (N, D), got shape {X.shape}")
    n_classes = _check_n_classes(n_classes)
    bias = check_bool(bias, "bias")
    n_samples, n_inputs = X.shape
    block = n_inputs + 1 if bias else n_inputs
    features = np.zeros((n_samples, n_classes, n_classes * block))
    for k in range(n_classes):
        features[:, k, k * block : k * block + n_inputs] = X
        if bias:
            features[:, k, k * block + n_inputs] = 1.0
    return features


def split_weights(weights, n_classes, bias=True):
    r"""Read the weights of :func:`linear_class_features` as the matrix W and the bias b.

    Parameters
    ----------
    weights : array_like, shape (K * (D + 1),) or (K * D,)
        Fitted weights, for example ``ConditionalMaxEnt().fit(...).weights_``.
    n_classes : int
        Number of classes K.
    bias : bool, default True
        Whether the features included the class indicators.

    Returns
    -------
    W : numpy.ndarray, shape (K, D)
    b : numpy.ndarray, shape (K,)
        Zeros when ``bias`` is False.

    Examples
    --------
    >>> W, b = split_weights(np.arange(6.0), n_classes=2)
    >>> print(W, b)
    [[0. 1.]
     [3. 4.]] [2. 5.]
    """
    weights = np.asarray(as_float_array(weights, "weights"), dtype=np.float64).reshape(-1)
    n_classes = _check_n_classes(n_classes)
    bias = check_bool(bias, "bias")
    if weights.size % n_classes:
        raise ValueError(
            f"weights must have a multiple of n_classes = {n_classes} entries, got {weights.size}"
        )
    table = weights.reshape(n_classes, -1)
    if bias:
        return table[:, :-1].copy(), table[:, -1].copy()
    return table.copy(), np.zeros(n_classes)


def features_from_functions(inputs, n_classes, functions):
    r"""Evaluate feature functions :math:`f_i(x, y)` on every input and every class.

    Parameters
    ----------
    inputs : sequence
        The inputs :math:`x`, of any type the functions accept.
    n_classes : int
        Number of classes; the labels are ``0, ..., n_classes - 1``.
    functions : sequence of callable
        Each ``f(x, y)`` returns a real number.

    Returns
    -------
    numpy.ndarray, shape (N, K, d)
        ``features[i, y, k]`` is ``functions[k](inputs[i], y)``.

    Examples
    --------
    >>> words = ["in", "on"]
    >>> functions = [lambda x, y: float(x == "in" and y == 1), lambda x, y: float(y == 0)]
    >>> print(features_from_functions(words, 2, functions)[:, :, 0])
    [[0. 1.]
     [0. 0.]]
    """
    n_classes = _check_n_classes(n_classes)
    functions = list(functions)
    if not functions or not all(callable(function) for function in functions):
        raise TypeError("functions must be a non-empty sequence of callables f(x, y)")
    inputs = list(inputs)
    features = np.empty((len(inputs), n_classes, len(functions)))
    for i, x in enumerate(inputs):
        for y in range(n_classes):
            for k, function in enumerate(functions):
                features[i, y, k] = function(x, y)
    if not np.all(np.isfinite(features)):
        raise ValueError("every feature function must return a finite number")
    return features


def _check_n_classes(n_classes):
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)):
        raise TypeError(f"n_classes must be an integer, got {type(n_classes).__name__}")
    if n_classes < 2:
        raise ValueError(f"n_classes must be at least 2, got {n_classes}")
    return int(n_classes)


def _log_softmax_rows(scores):
    shifted = scores - np.max(scores, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


class ConditionalMaxEnt:
    r"""Conditional maximum-entropy model fitted by maximising its dual.

    Given feature functions :math:`f_i(x, y)` and training pairs with empirical distribution
    :math:`\tilde p(x, y)`, the model is the distribution of maximum conditional entropy
    :math:`H(p) = -\sum_{x,y} \tilde p(x) p(y \mid x) \log p(y \mid x)` whose feature
    expectations match the data:

    .. math::

        E_{\tilde p(x) p(y \mid x)}[f_i] = E_{\tilde p(x, y)}[f_i] \quad \text{for every } i .

    Its solution (Berger, Della Pietra and Della Pietra, 1996; Li Hang, 2012, chapter 6) is

    .. math::

        p_w(y \mid x) = \frac{\exp\big(\sum_i w_i f_i(x, y)\big)}{Z_w(x)}, \qquad
        Z_w(x) = \sum_y \exp\Big(\sum_i w_i f_i(x, y)\Big),

    and the weights maximise the dual
    :math:`\Psi(w) = \sum_{x,y} \tilde p(x, y) \log p_w(y \mid x)`, the conditional
    log-likelihood. Its gradient is :math:`E_{\tilde p(x, y)}[f] - E_{\tilde p(x) p_w}[f]`, so at
    the maximum the constraints hold; its Hessian is
    :math:`-\sum_x \tilde p(x) \operatorname{Cov}_{p_w(\cdot \mid x)}(f)`. :meth:`fit` maximises
    :math:`\Psi` by Newton's method with a backtracking line search.

    Parameters
    ----------
    l2 : float, default 0.0
        Weight of the penalty :math:`\tfrac{l_2}{2} \lVert w \rVert^2` subtracted from
        :math:`\Psi`. With separable data the unpenalised maximum does not exist: the weights
        grow until the gradient falls below ``tol``, so their size depends on ``tol`` and the
        probabilities come out near 0 and 1. A small positive ``l2`` gives a finite maximiser,
        which matches the constraints only approximately.
    tol : float, default 1e-9
        Convergence threshold on :math:`\max_i |\partial \Psi / \partial w_i|`.
    max_iter : int, default 100
        Maximum number of Newton iterations.

    Attributes
    ----------
    weights_ : numpy.ndarray, shape (d,)
        Fitted weights :math:`w`.
    n_iter_ : int
        Newton iterations taken.
    converged_ : bool
        Whether the gradient fell below ``tol``.
    empirical_expectation_ : numpy.ndarray, shape (d,)
        :math:`E_{\tilde p(x, y)}[f]`.
    model_expectation_ : numpy.ndarray, shape (d,)
        :math:`E_{\tilde p(x) p_w(y \mid x)}[f]` at the fitted weights.

    Examples
    --------
    Two inputs seen three times each, with label counts 2:1 and 1:2, and one indicator feature
    per (input, label) pair: the fitted model reproduces the empirical conditionals.

    >>> features = np.zeros((6, 2, 4))
    >>> for i, x in enumerate([0, 0, 0, 1, 1, 1]):
    ...     for y in range(2):
    ...         features[i, y, 2 * x + y] = 1.0
    >>> model = ConditionalMaxEnt().fit(features, [0, 0, 1, 0, 1, 1])
    >>> print(np.round(model.predict_proba(features[[0, 3]]), 6))
    [[0.666667 0.333333]
     [0.333333 0.666667]]
    """

    def __init__(self, *, l2=0.0, tol=1e-9, max_iter=100):
        self.l2 = check_nonnegative(l2, "l2")
        self.tol = check_in_range(tol, "tol", 0, 1, low_inclusive=False, high_inclusive=False)
        self.max_iter = check_integer(max_iter, "max_iter", 0)

    @staticmethod
    def _check_features(features):
        features = np.asarray(as_float_array(features, "features"), dtype=np.float64)
        if (
            features.ndim != 3
            or features.shape[0] == 0
            or features.shape[1] < 2
            or features.shape[2] == 0
        ):
            raise ValueError(
                "features must have shape (N, K, d): the d feature values f(x_i, y) of each "
                f"sample i and class y, with N >= 1 and K >= 2; got shape {features.shape}"
            )
        if not np.all(np.isfinite(features)):
            raise ValueError("features must be finite, got nan or inf")
        return features

    def _check_fitted(self, n_features):
        if not hasattr(self, "weights_"):
            raise ValueError("this ConditionalMaxEnt is not fitted yet: call fit(features, y)")
        if n_features != self.weights_.size:
            raise ValueError(
                f"features must have {self.weights_.size} feature functions like the training "
                f"data, got {n_features}"
            )

    def _objective(self, weights, features, labels):
        """Return the penalised negative dual, its gradient, and p_w(y|x) of every sample."""
        n_samples = features.shape[0]
        log_p = _log_softmax_rows(features @ weights)
        p = np.exp(log_p)
        log_likelihood = np.mean(log_p[np.arange(n_samples), labels])
        model_expectation = np.einsum("ik,ikd->d", p, features) / n_samples
        value = -log_likelihood + 0.5 * self.l2 * (weights @ weights)
        gradient = model_expectation - self.empirical_expectation_ + self.l2 * weights
        return value, gradient, p, model_expectation

    def fit(self, features, y):
        r"""Fit the weights by maximising the dual :math:`\Psi(w)`.

        Parameters
        ----------
        features : array_like, shape (N, K, d)
            ``features[i, k]`` is the feature vector :math:`f(x_i, k)` of sample ``i`` with
            class ``k`` (see :func:`linear_class_features`, :func:`features_from_functions`).
        y : array_like of int, shape (N,)
            Observed classes in ``0, ..., K - 1``.

        Returns
        -------
        ConditionalMaxEnt
            ``self``, fitted.
        """
        features = self._check_features(features)
        n_samples, n_classes, n_features = features.shape
        labels = _check_labels(y, n_samples, n_classes)

        self.empirical_expectation_ = features[np.arange(n_samples), labels].mean(axis=0)
        weights = np.zeros(n_features)
        value, gradient, p, model_expectation = self._objective(weights, features, labels)
        iterations = 0
        converged = False
        while True:
            if np.max(np.abs(gradient)) <= self.tol:
                converged = True
                break
            if iterations >= self.max_iter:
                break
            iterations += 1

            # Hessian of the negative dual: the mean over samples of Cov_{p(.|x_i)}(f).
            mean_features = np.einsum("ik,ikd->id", p, features)
            second_moment = np.einsum("ik,ikd,ike->de", p, features, features) / n_samples
            hessian = second_moment - mean_features.T @ mean_features / n_samples
            hessian += self.l2 * np.eye(n_features)
            # Adding to w a direction that shifts all classes' scores alike leaves the model
            # unchanged, so the Hessian can be singular. lstsq then takes the minimum-norm step.
            direction = -np.linalg.lstsq(hessian, gradient, rcond=None)[0]
            slope = gradient @ direction
            if not slope < 0:
                direction, slope = -gradient, -(gradient @ gradient)

            step = 1.0
            accepted = False
            while step > 1e-12:
                trial = weights + step * direction
                trial_value, trial_gradient, trial_p, trial_expectation = self._objective(
                    trial, features, labels
                )
                if trial_value <= value + 1e-4 * step * slope or (
                    trial_value - value <= 64 * np.finfo(float).eps * max(1.0, abs(value))
                    and np.max(np.abs(trial_gradient)) < np.max(np.abs(gradient))
                ):
                    accepted = True
                    break
                step *= 0.5
            if not accepted:
                break
            weights, value, gradient = trial, trial_value, trial_gradient
            p, model_expectation = trial_p, trial_expectation

        self.weights_ = weights
        self.n_iter_ = iterations
        self.converged_ = converged
        self.model_expectation_ = model_expectation
        return self

    def predict_proba(self, features):
        r"""Compute :math:`p_w(y \mid x)` for every sample and class.

        Parameters
        ----------
        features : array_like, shape (N, K, d)

        Returns
        -------
        numpy.ndarray, shape (N, K)
            Rows sum to 1.
        """
        features = self._check_features(features)
        self._check_fitted(features.shape[2])
        return np.exp(_log_softmax_rows(features @ self.weights_))

    def predict(self, features):
        """Return the most probable class of every sample, shape (N,)."""
        return np.argmax(self.predict_proba(features), axis=1)

    def log_likelihood(self, features, y):
        r"""Compute the dual :math:`\Psi(w)`: the mean log-probability of the observed classes.

        Parameters
        ----------
        features : array_like, shape (N, K, d)
        y : array_like of int, shape (N,)

        Returns
        -------
        float
            :math:`\frac1N \sum_i \log p_w(y_i \mid x_i) \le 0`.
        """
        features = self._check_features(features)
        self._check_fitted(features.shape[2])
        labels = _check_labels(y, features.shape[0], features.shape[1])
        log_p = _log_softmax_rows(features @ self.weights_)
        return float(np.mean(log_p[np.arange(features.shape[0]), labels]))


def _check_labels(y, n_samples, n_classes):
    labels = np.asarray(y)
    if labels.shape != (n_samples,):
        raise ValueError(f"y must have shape ({n_samples},), got {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(f"y must contain integer class labels, got dtype {labels.dtype}")
    labels = labels.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"y must contain labels in 0..{n_classes - 1}, got values from {labels.min()} "
            f"to {labels.max()}"
        )
    return labels
