"""Tests of course_lib.maxent: entropies, the maximum-entropy solver and the conditional model."""

import math

import mpmath
import numpy as np
import pytest

from course_lib.maxent import (
    ConditionalMaxEnt,
    cross_entropy,
    entropy,
    features_from_functions,
    gibbs,
    kl_divergence,
    linear_class_features,
    maxent_die,
    solve_maxent,
    split_weights,
)

mpmath.mp.dps = 50


def _random_distributions(seed, shape):
    return np.random.default_rng(seed).dirichlet(np.ones(shape[-1]), size=shape[:-1])


def _mp_entropy(p):
    return float(-mpmath.fsum(mpmath.mpf(x) * mpmath.log(mpmath.mpf(x)) for x in p if x > 0))


# ----------------------------------------------------------------------------------------------
# entropy, cross_entropy, kl_divergence
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 6, 1000])
def test_entropy_uniform_is_log_n(n):
    assert entropy(np.full(n, 1.0 / n)) == pytest.approx(math.log(n), rel=1e-14, abs=1e-15)


def test_entropy_point_mass_is_positive_zero():
    value = entropy([0.0, 1.0, 0.0])
    assert value == 0.0
    assert math.copysign(1.0, value) == 1.0


def test_entropy_matches_mpmath():
    for p in _random_distributions(1, (5, 7)):
        assert entropy(p) == pytest.approx(_mp_entropy(p), rel=1e-14)


def test_entropy_bounds_on_random_distributions():
    p = _random_distributions(2, (200, 5))
    p[:50, 1:] *= 1e-9
    p /= p.sum(axis=1, keepdims=True)
    h = entropy(p)
    assert h.shape == (200,)
    assert np.all(h >= 0)
    assert np.all(h <= math.log(5) + 1e-15)


def test_entropy_base_two_gives_bits():
    assert entropy([0.25] * 4, base=2) == pytest.approx(2.0, rel=1e-15)
    assert entropy([0.5, 0.5], base=2) == pytest.approx(1.0, rel=1e-15)


def test_entropy_axis_zero_equals_transposed():
    p = _random_distributions(3, (4, 6))
    np.testing.assert_allclose(entropy(p.T, axis=0), entropy(p, axis=1), rtol=1e-15)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_entropy_keeps_float_dtype(dtype):
    value = entropy(np.array([0.5, 0.25, 0.25], dtype=dtype))
    assert value.dtype == dtype
    assert float(value) == pytest.approx(1.5 * math.log(2), rel=1e-3)


def test_entropy_integer_input_is_float64():
    value = entropy(np.array([0, 1, 0]))
    assert value.dtype == np.float64
    assert value == 0.0


def test_entropy_nan_propagates_per_row():
    p = np.array([[np.nan, 0.5, 0.5], [0.5, 0.5, 0.0]])
    h = entropy(p)
    assert np.isnan(h[0])
    assert h[1] == pytest.approx(math.log(2), rel=1e-15)


@pytest.mark.parametrize(
    "p, message",
    [
        ([0.5, 0.6], "sum to 1"),
        ([1.5, -0.5], r"\[0, 1\]"),
        ([np.inf, 0.0], r"\[0, 1\]"),
        ([], "empty"),
        (0.5, "scalar"),
    ],
)
def test_entropy_rejects_invalid_probabilities(p, message):
    with pytest.raises(ValueError, match=message):
        entropy(p)


@pytest.mark.parametrize("base", [1, 0, -2.0, np.inf])
def test_entropy_rejects_invalid_base(base):
    with pytest.raises(ValueError, match="base"):
        entropy([0.5, 0.5], base=base)


def test_entropy_rejects_non_numeric_base():
    with pytest.raises(TypeError, match="base"):
        entropy([0.5, 0.5], base="e")


def test_cross_entropy_impossible_event_is_inf():
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf


def test_cross_entropy_ignores_zero_probability_terms():
    assert cross_entropy([1.0, 0.0], [0.25, 0.75]) == pytest.approx(math.log(4), rel=1e-15)
    assert cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_cross_entropy_is_entropy_plus_kl():
    p = _random_distributions(4, (10, 5))
    q = _random_distributions(5, (10, 5))
    np.testing.assert_allclose(cross_entropy(p, q), entropy(p) + kl_divergence(p, q), rtol=1e-13)


def test_cross_entropy_matches_mpmath():
    p = _random_distributions(6, (6,))
    q = _random_distributions(7, (6,))
    reference = -mpmath.fsum(mpmath.mpf(a) * mpmath.log(mpmath.mpf(b)) for a, b in zip(p, q))
    assert cross_entropy(p, q) == pytest.approx(float(reference), rel=1e-14)


def test_cross_entropy_broadcasts_one_hot_rows():
    q = np.array([0.2, 0.3, 0.5])
    targets = np.eye(3)
    np.testing.assert_allclose(cross_entropy(targets, q), -np.log(q), rtol=1e-15)


def test_cross_entropy_nan_in_prediction_propagates():
    assert np.isnan(cross_entropy([1.0, 0.0], [1.0, np.nan]))


def test_cross_entropy_rejects_incompatible_shapes():
    with pytest.raises(ValueError, match="broadcastable"):
        cross_entropy([0.5, 0.5], [0.2, 0.3, 0.5])


def test_cross_entropy_names_invalid_argument():
    with pytest.raises(ValueError, match="q_pred"):
        cross_entropy([0.5, 0.5], [0.7, 0.7])


def test_kl_divergence_zero_for_equal_distributions():
    p = _random_distributions(8, (20, 4))
    assert np.all(kl_divergence(p, p) == 0.0)


def test_kl_divergence_inf_when_support_missing():
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-15)


def test_kl_divergence_nonnegative_and_asymmetric():
    p = _random_distributions(9, (100, 3))
    q = _random_distributions(10, (100, 3))
    forward = kl_divergence(p, q)
    assert np.all(forward >= 0)
    assert not np.allclose(forward, kl_divergence(q, p))


def test_kl_divergence_matches_mpmath():
    p, q = [0.1, 0.2, 0.7], [0.3, 0.3, 0.4]
    reference = mpmath.fsum(
        mpmath.mpf(a) * mpmath.log(mpmath.mpf(a) / mpmath.mpf(b)) for a, b in zip(p, q)
    )
    assert kl_divergence(p, q) == pytest.approx(float(reference), rel=1e-14)


# ----------------------------------------------------------------------------------------------
# solve_maxent, gibbs, maxent_die
# ----------------------------------------------------------------------------------------------


def _mp_die_multiplier(mean, faces):
    def excess(lam):
        weights = [mpmath.exp(lam * j) for j in range(1, faces + 1)]
        return mpmath.fsum(j * w for j, w in zip(range(1, faces + 1), weights)) / mpmath.fsum(
            weights
        ) - mean

    return mpmath.findroot(excess, 0.1)


def test_jaynes_die_matches_mpmath_root():
    result = maxent_die(4.5)
    lam = _mp_die_multiplier(mpmath.mpf("4.5"), 6)
    weights = [mpmath.exp(lam * j) for j in range(1, 7)]
    total = mpmath.fsum(weights)
    assert result.converged
    assert result.multipliers[0] == pytest.approx(float(lam), rel=1e-12)
    np.testing.assert_allclose(result.p, [float(w / total) for w in weights], rtol=1e-12)
    assert result.entropy == pytest.approx(_mp_entropy(result.p), rel=1e-13)


def test_fair_die_is_uniform():
    result = maxent_die(3.5)
    np.testing.assert_allclose(result.p, np.full(6, 1 / 6), rtol=1e-14)
    assert result.entropy == pytest.approx(math.log(6), rel=1e-14)


@pytest.mark.parametrize("mean, face, sign", [(6, 5, 1), (1, 0, -1)])
def test_die_mean_at_boundary_is_point_mass(mean, face, sign):
    result = maxent_die(mean)
    expected = np.zeros(6)
    expected[face] = 1.0
    assert np.array_equal(result.p, expected)
    assert result.multipliers[0] == sign * math.inf
    assert result.entropy == 0.0
    assert result.converged


@pytest.mark.parametrize("mean", [0.5, 7, 6.000001])
def test_die_mean_outside_faces_raises(mean):
    with pytest.raises(ValueError, match="mean"):
        maxent_die(mean)


def test_solve_maxent_infeasible_target_names_argument():
    with pytest.raises(ValueError, match=r"targets\[0\] = 7.0 is infeasible"):
        solve_maxent([[1, 2, 3, 4, 5, 6]], [7.0])


def _mp_geometric_mean_solution(mean):
    """Multiplier and p_100 of max-ent on 0..100 with the given mean, in 50-digit arithmetic."""
    support = range(101)

    def excess(lam):
        # Scores shifted by 100 lam keep the sum near 1 for large lam.
        weights = [mpmath.exp(lam * (j - 100)) for j in support]
        return mpmath.fsum(j * w for j, w in zip(support, weights)) / mpmath.fsum(weights) - mean

    lam = mpmath.findroot(excess, 9.0)
    weights = [mpmath.exp(lam * (j - 100)) for j in support]
    return lam, weights[-1] / mpmath.fsum(weights)


def test_extreme_mean_near_top_matches_mpmath():
    result = solve_maxent(np.arange(101.0), [99.9999])
    lam, top = _mp_geometric_mean_solution(mpmath.mpf("99.9999"))
    assert result.converged
    assert np.all(np.isfinite(result.p))
    assert result.p.sum() == pytest.approx(1.0, abs=1e-15)
    # The mean moves by Var(X) = 1e-4 per unit of lambda, so lambda is ill-conditioned.
    assert result.multipliers[0] == pytest.approx(float(lam), rel=1e-8)
    assert result.p[-1] == pytest.approx(float(top), rel=1e-12)
    assert result.p @ np.arange(101.0) == pytest.approx(99.9999, rel=1e-15)


def test_extreme_mean_near_bottom_mirrors_top():
    low = solve_maxent(np.arange(101.0), [0.0001])
    high = solve_maxent(np.arange(101.0), [99.9999])
    assert low.converged
    assert low.multipliers[0] == pytest.approx(-high.multipliers[0], rel=1e-9)
    np.testing.assert_allclose(low.p, high.p[::-1], rtol=1e-8, atol=1e-300)


def test_solution_is_gibbs_form_of_multipliers():
    rng = np.random.default_rng(11)
    features = rng.standard_normal((3, 15))
    targets = features @ _random_distributions(12, (15,))
    result = solve_maxent(features, targets)
    assert result.converged
    np.testing.assert_allclose(result.p, gibbs(features, result.multipliers), rtol=1e-13)
    np.testing.assert_allclose(features @ result.p, targets, atol=1e-10)


def test_strong_duality_entropy_equals_dual_minimum():
    rng = np.random.default_rng(13)
    features = rng.standard_normal((2, 10))
    targets = features @ _random_distributions(14, (10,))
    result = solve_maxent(features, targets)
    scores = result.multipliers @ features
    log_partition = np.log(np.sum(np.exp(scores)))
    dual_value = log_partition - result.multipliers @ targets
    assert result.entropy == pytest.approx(dual_value, rel=1e-12)


def test_solution_beats_other_feasible_distributions():
    rng = np.random.default_rng(15)
    features = rng.standard_normal((2, 8))
    q = _random_distributions(16, (8,))
    result = solve_maxent(features, features @ q)
    assert result.entropy > entropy(q)


def test_two_moment_constraints_give_discrete_gaussian_shape():
    x = np.arange(11.0)
    features = np.vstack([x, x**2])
    result = solve_maxent(features, [5.0, 25.0 + 4.0])
    assert result.converged
    log_p = np.log(result.p)
    # log p is a concave quadratic in x, symmetric around the mean 5.
    np.testing.assert_allclose(np.diff(log_p, 3), 0.0, atol=1e-9)
    np.testing.assert_allclose(result.p, result.p[::-1], rtol=1e-9)


def test_two_moment_infeasible_targets_raise():
    x = np.arange(11.0)
    with pytest.raises(ValueError, match="convex hull"):
        solve_maxent(np.vstack([x, x**2]), [3.0, 8.0])


def test_face_not_aligned_with_a_feature_concentrates_mass():
    x = np.arange(11.0)
    result = solve_maxent(np.vstack([x, x**2]), [3.0, 9.0])
    assert result.converged
    assert result.p[3] > 1 - 1e-6


def test_pinned_feature_restricts_support_and_solves_the_rest():
    # Points (f1, f2): f1 = 1 on points 2..5, so E[f1] = 1 keeps only them.
    features = np.array([[0, 0, 1, 1, 1, 1], [0, 1, 0, 1, 2, 3]], dtype=float)
    result = solve_maxent(features, [1.0, 1.0])
    assert np.array_equal(result.support, [False, False, True, True, True, True])
    assert np.all(result.p[:2] == 0.0)
    assert result.multipliers[0] == math.inf
    reduced = solve_maxent(features[1:, 2:], [1.0])
    np.testing.assert_allclose(result.p[2:], reduced.p, rtol=1e-12)
    np.testing.assert_allclose(
        gibbs(features, result.multipliers, support=result.support), result.p, rtol=1e-12
    )


def test_constant_feature_gets_zero_multiplier():
    features = np.vstack([np.ones(4), np.arange(4.0)])
    result = solve_maxent(features, [1.0, 2.0])
    assert result.multipliers[0] == 0.0
    assert result.converged


def test_solver_raises_no_floating_point_warning():
    # Underflow of far-off probabilities to 0 is expected and stays ignored.
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        solve_maxent(np.arange(101.0), [99.9999])
        solve_maxent(np.arange(101.0), [100.0])


@pytest.mark.parametrize(
    "features, targets, message",
    [
        ([[1.0, np.nan]], [0.5], "finite"),
        ([[1.0, 2.0]], [1.5, 1.0], "one value per feature"),
        (np.zeros((2, 2, 2)), [0.0, 0.0], "2-D"),
        ([[1.0, 2.0]], [np.inf], "finite"),
    ],
)
def test_solve_maxent_rejects_invalid_input(features, targets, message):
    with pytest.raises(ValueError, match=message):
        solve_maxent(features, targets)


def test_solve_maxent_max_iter_zero_reports_not_converged():
    result = solve_maxent([[1, 2, 3, 4, 5, 6]], [4.5], max_iter=0)
    assert not result.converged
    assert result.iterations == 0


def test_gibbs_matches_explicit_normalisation():
    features = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 1.0]])
    multipliers = np.array([0.3, -0.7])
    weights = np.exp(multipliers @ features)
    np.testing.assert_allclose(gibbs(features, multipliers), weights / weights.sum(), rtol=1e-15)


def test_gibbs_large_multiplier_does_not_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = gibbs(np.arange(101.0), [1e4])
    assert p[-1] == 1.0
    assert p[-2] == 0.0


def test_gibbs_infinite_multipliers_without_common_extreme_raise():
    features = np.array([[0.0, 1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match="no common extremal point"):
        gibbs(features, [np.inf, np.inf])


def test_gibbs_nan_multiplier_gives_nan():
    assert np.all(np.isnan(gibbs([[0.0, 1.0]], [np.nan])))


# ----------------------------------------------------------------------------------------------
# ConditionalMaxEnt
# ----------------------------------------------------------------------------------------------


def _indicator_data():
    # Inputs 0, 1, 2 with label counts (3, 1), (1, 1), (0, 2) plus a feature shared by all.
    xs = [0, 0, 0, 0, 1, 1, 2, 2]
    ys = [0, 0, 0, 1, 0, 1, 1, 1]
    functions = [
        (lambda x, y, a=a, b=b: float(x == a and y == b)) for a in range(3) for b in range(2)
    ]
    return xs, np.array(ys), features_from_functions(xs, 2, functions)


def test_indicator_features_reproduce_empirical_conditionals():
    xs, ys, features = _indicator_data()
    model = ConditionalMaxEnt(max_iter=200).fit(features[:6], ys[:6])
    probabilities = model.predict_proba(features[[0, 4]])
    np.testing.assert_allclose(probabilities[0], [0.75, 0.25], atol=1e-9)
    np.testing.assert_allclose(probabilities[1], [0.5, 0.5], atol=1e-9)


def test_model_expectations_match_empirical_ones():
    rng = np.random.default_rng(21)
    X = rng.standard_normal((60, 2))
    y = rng.integers(0, 3, size=60)
    model = ConditionalMaxEnt().fit(linear_class_features(X, 3), y)
    assert model.converged_
    np.testing.assert_allclose(
        model.model_expectation_, model.empirical_expectation_, atol=1e-9
    )


def test_fitted_model_is_softmax_of_linear_scores():
    rng = np.random.default_rng(22)
    X = rng.standard_normal((40, 3))
    y = rng.integers(0, 4, size=40)
    features = linear_class_features(X, 4)
    model = ConditionalMaxEnt().fit(features, y)
    W, b = split_weights(model.weights_, 4)
    scores = X @ W.T + b
    expected = np.exp(scores - scores.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(model.predict_proba(features), expected, rtol=1e-13)


def test_bias_flag_must_be_bool():
    with pytest.raises(TypeError, match="bias must be True or False, got str 'no'"):
        linear_class_features(np.ones((2, 3)), 2, bias="no")
    with pytest.raises(TypeError, match="bias must be True or False, got int 0"):
        split_weights(np.ones(8), 2, bias=0)


def test_fitted_weights_maximise_log_likelihood():
    rng = np.random.default_rng(23)
    X = rng.standard_normal((50, 2))
    y = rng.integers(0, 2, size=50)
    features = linear_class_features(X, 2)
    model = ConditionalMaxEnt().fit(features, y)
    best = model.log_likelihood(features, y)
    weights = model.weights_.copy()
    for direction in np.eye(weights.size):
        for step in (1e-3, -1e-3):
            model.weights_ = weights + step * direction
            assert model.log_likelihood(features, y) < best
    model.weights_ = weights


def test_separable_data_weights_grow_as_tol_shrinks():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0, 0, 1, 1])
    features = linear_class_features(X, 2)
    loose = ConditionalMaxEnt(tol=1e-4).fit(features, y)
    tight = ConditionalMaxEnt(tol=1e-10).fit(features, y)
    assert np.linalg.norm(tight.weights_) > np.linalg.norm(loose.weights_) + 1.0
    assert tight.predict_proba(features)[0, 0] > 1 - 1e-9


def test_l2_penalty_gives_finite_weights_on_separable_data():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0, 0, 1, 1])
    features = linear_class_features(X, 2)
    loose = ConditionalMaxEnt(l2=0.1, tol=1e-4).fit(features, y)
    tight = ConditionalMaxEnt(l2=0.1, tol=1e-12).fit(features, y)
    assert tight.converged_
    np.testing.assert_allclose(tight.weights_, loose.weights_, atol=1e-3)
    # The penalised optimum balances the penalty: gradient of Psi = l2 * w.
    residual = tight.empirical_expectation_ - tight.model_expectation_
    np.testing.assert_allclose(residual, 0.1 * tight.weights_, atol=1e-11)


def test_conditional_model_rejects_invalid_use():
    features = linear_class_features(np.zeros((3, 2)), 2)
    with pytest.raises(ValueError, match="not fitted"):
        ConditionalMaxEnt().predict_proba(features)
    with pytest.raises(ValueError, match="labels in 0..1"):
        ConditionalMaxEnt().fit(features, [0, 1, 2])
    with pytest.raises(ValueError, match=r"shape \(N, K, d\)"):
        ConditionalMaxEnt().fit(np.zeros((3, 2)), [0, 1, 1])
    with pytest.raises(ValueError, match="l2"):
        ConditionalMaxEnt(l2=-1.0)


def test_linear_class_features_layout():
    features = linear_class_features([[2.0, 3.0]], n_classes=3)
    assert features.shape == (1, 3, 9)
    W_true = np.arange(6.0).reshape(3, 2)
    b_true = np.array([10.0, 20.0, 30.0])
    weights = np.column_stack([W_true, b_true]).ravel()
    np.testing.assert_allclose(features[0] @ weights, W_true @ [2.0, 3.0] + b_true)
    W, b = split_weights(weights, 3)
    assert np.array_equal(W, W_true)
    assert np.array_equal(b, b_true)
