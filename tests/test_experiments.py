"""Tests of the claims that course_lib.experiments supports, one or more per experiment."""

import math

import mpmath
import numpy as np
import pytest

from course_lib.experiments import (
    conditional_maxent_is_softmax,
    convergence_epochs,
    dead_neuron_fraction,
    dead_unit_stays_dead,
    gradient_norms_vs_depth,
    maxent_matches_softmax,
    rrelu_train_vs_eval,
)


# ----------------------------------------------------------------------------------------------
# Chapter 2
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def maxent_check():
    return maxent_matches_softmax()


def test_maxent_solution_is_softmax_of_multipliers(maxent_check):
    assert maxent_check.max_abs_difference < 1e-14
    assert maxent_check.constraint_error < 1e-12


def test_maxent_direct_optimiser_agrees_with_softmax(maxent_check):
    assert maxent_check.primal_max_abs_difference < 1e-6


def test_maxent_solution_has_more_entropy_than_generator(maxent_check):
    assert maxent_check.entropy_gap > 0


def test_maxent_die_against_mpmath(maxent_check):
    mpmath.mp.dps = 40

    def excess(lam):
        weights = [mpmath.exp(lam * j) for j in range(1, 7)]
        return mpmath.fsum(j * w for j, w in zip(range(1, 7), weights)) / mpmath.fsum(weights) - 4.5

    lam = mpmath.findroot(excess, 0.3)
    assert maxent_check.die_multiplier == pytest.approx(float(lam), rel=1e-12)
    assert maxent_check.die_probabilities @ np.arange(1, 7) == pytest.approx(4.5, rel=1e-15)
    assert maxent_check.die_entropy < math.log(6)


def test_maxent_extreme_means(maxent_check):
    assert np.all(maxent_check.extreme_converged)
    means = list(maxent_check.extreme_means)
    top = maxent_check.extreme_top_probability
    multipliers = maxent_check.extreme_multipliers
    assert multipliers[means.index(100.0)] == math.inf
    assert top[means.index(100.0)] == 1.0
    assert multipliers[means.index(50.0)] == pytest.approx(0.0, abs=1e-12)
    # Mean 99.9999 leaves a deficit of 1e-4, carried almost entirely by p_99 ~ 1e-4.
    assert top[means.index(99.9999)] == pytest.approx(1 - 1e-4, rel=1e-6)
    assert np.all(np.isfinite(multipliers[[means.index(0.0001), means.index(99.9999)]]))


def test_conditional_maxent_is_softmax_regression():
    check = conditional_maxent_is_softmax()
    assert check.softmax_identity_error < 1e-14
    assert check.logistic_regression_difference < 1e-6
    assert check.constraint_error < 1e-9
    assert check.sigmoid_identity_error < 1e-14
    assert check.W.shape == (3, 2)
    assert check.b.shape == (3,)


def test_maxent_experiments_are_deterministic():
    first = conditional_maxent_is_softmax(seed=4)
    second = conditional_maxent_is_softmax(seed=4)
    assert np.array_equal(first.W, second.W)


# ----------------------------------------------------------------------------------------------
# Chapter 4
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gradient_norms():
    return gradient_norms_vs_depth(
        activations=("sigmoid", "tanh", "relu"), inits=("xavier", "he"), seeds=(0, 1)
    )


def test_sigmoid_gradients_vanish_toward_input(gradient_norms):
    assert gradient_norms.ratio("sigmoid", "xavier") < 1e-3
    assert gradient_norms.ratio("sigmoid", "he") < 1e-3
    norms = gradient_norms.norms("sigmoid", "xavier", kind="preactivation")
    # Every layer closer to the input gets a smaller gradient.
    assert np.all(np.diff(norms) > 0)


def test_relu_he_gradients_stay_level(gradient_norms):
    assert 0.1 < gradient_norms.ratio("relu", "he") < 10
    hidden = gradient_norms.norms("relu", "he")[1:-1]
    assert hidden.max() / hidden.min() < 10
    assert 0.1 < gradient_norms.ratio("relu", "he", kind="preactivation") < 10


def test_gradient_norms_shapes(gradient_norms):
    assert gradient_norms.weight_gradient_norms.shape == (3, 2, 11)
    assert np.array_equal(gradient_norms.layers, np.arange(1, 12))
    with pytest.raises(ValueError, match="no result"):
        gradient_norms.ratio("elu", "he")


# ----------------------------------------------------------------------------------------------
# Chapter 5
# ----------------------------------------------------------------------------------------------


def test_relu_converges_faster_than_sigmoid():
    result = convergence_epochs(activations=("relu", "sigmoid"), seeds=(0, 1, 2))
    relu_median, _, relu_max = result.summary("relu")
    sigmoid_median, sigmoid_min, _ = result.summary("sigmoid")
    assert math.isfinite(relu_max)
    assert relu_median < sigmoid_median
    assert relu_max < sigmoid_min
    assert result.epochs.shape == (2, 3)


def test_convergence_reports_inf_when_target_missed():
    result = convergence_epochs(activations=("sigmoid",), seeds=(0, 1), max_epochs=5)
    assert np.all(result.epochs == math.inf)
    assert result.median[0] == math.inf
    assert result.loss_curves.shape == (1, 2, 6)


@pytest.fixture(scope="module")
def dead_neurons():
    return dead_neuron_fraction(
        learning_rates=(1.0, 10.0), bias_inits=(0.0, -1.0), seeds=(0, 1), epochs=60
    )


def test_large_learning_rate_kills_relu_units(dead_neurons):
    dead = dead_neurons.mean_dead("relu", 0.0)
    assert dead[0] < 0.1
    assert dead[1] > 0.5


def test_negative_bias_starts_relu_units_dead(dead_neurons):
    relu = dead_neurons.activations.index("relu")
    before = dead_neurons.dead_before[relu, 1]
    after = dead_neurons.dead_after[relu, 1]
    assert before.mean() > 0.3
    # A dead ReLU unit never comes back, so the dead set can only grow.
    assert np.all(after >= before)


def test_relu_dead_units_have_zero_gradient(dead_neurons):
    relu = dead_neurons.activations.index("relu")
    assert np.array_equal(
        dead_neurons.zero_gradient_after[relu], dead_neurons.dead_after[relu]
    )


def test_leaky_relu_gradient_never_zero(dead_neurons):
    leaky = dead_neurons.activations.index("leaky_relu")
    assert np.all(dead_neurons.zero_gradient_after[leaky] == 0.0)


def test_elu_revives_units_started_dead(dead_neurons):
    elu = dead_neurons.activations.index("elu")
    before = dead_neurons.dead_before[elu, 1, 0]
    after = dead_neurons.dead_after[elu, 1, 0]
    assert np.all(after < before)


def test_dead_unit_stays_dead():
    check = dead_unit_stays_dead()
    relu = check.activations.index("relu")
    leaky = check.activations.index("leaky_relu")
    assert np.all(check.max_preactivation < 0)
    assert check.incoming_gradient_norm[relu] == 0.0
    assert not check.parameters_changed[relu]
    assert check.max_preactivation_after[relu] == check.max_preactivation[relu]
    assert check.incoming_gradient_norm[leaky] > 0.0
    assert check.parameters_changed[leaky]


def test_rrelu_eval_output_is_expected_training_output():
    check = rrelu_train_vs_eval(seed=1)
    assert check.expected_slope == pytest.approx(11 / 48, rel=1e-15)
    negative = check.x < 0
    np.testing.assert_allclose(check.eval_output[negative], check.x[negative] * 11 / 48)
    deviation = np.abs(check.train_mean - check.eval_output)[negative]
    assert np.all(deviation < 4.5 * check.train_standard_error[negative])
    positive = check.x >= 0
    assert np.array_equal(check.train_mean[positive], check.x[positive])


def test_rrelu_divisor_rule_underestimates_mean_slope():
    check = rrelu_train_vs_eval(seed=2)
    exact = mpmath.quad(lambda d: 1 / d, [3, 8]) / 5
    assert check.divisor_expected_slope == pytest.approx(float(exact), rel=1e-14)
    assert check.divisor_eval_slope == pytest.approx(2 / 11, rel=1e-15)
    assert check.divisor_eval_slope < check.divisor_expected_slope
    # The Monte Carlo mean agrees with E[1/d], not with the test-time rule.
    negative = check.x < 0
    mean = check.divisor_train_mean[negative]
    error = check.divisor_train_standard_error[negative]
    expected = check.x[negative] * check.divisor_expected_slope
    assert np.all(np.abs(mean - expected) < 4.5 * error)
    assert np.all(np.abs(mean - check.divisor_eval_output[negative]) > 10 * error)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: gradient_norms_vs_depth(activations=("nope",)), ValueError, "unknown activation"),
        (lambda: gradient_norms_vs_depth(depth=0), ValueError, "depth"),
        (lambda: convergence_epochs(seeds=()), ValueError, "seeds"),
        (lambda: convergence_epochs(target_accuracy=1.5), ValueError, "target_accuracy"),
        (lambda: dead_neuron_fraction(learning_rates=(-1.0,)), ValueError, "learning_rates"),
        (lambda: dead_neuron_fraction(bias_inits=(math.nan,)), ValueError, "bias_inits"),
        (lambda: dead_unit_stays_dead(bias=1.0), ValueError, "bias"),
        (lambda: dead_unit_stays_dead(unit=16), ValueError, "unit"),
        (lambda: rrelu_train_vs_eval(lower=0.5, upper=0.25), ValueError, "lower"),
        (lambda: maxent_matches_softmax(n_points=1), ValueError, "n_points"),
    ],
)
def test_experiments_reject_invalid_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()
