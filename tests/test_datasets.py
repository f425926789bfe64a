"""Tests of course_lib.datasets: shapes, geometry, determinism and argument checks."""

import math

import numpy as np
import pytest

from course_lib.datasets import circles, moons, spirals, xor

GENERATORS = [spirals, moons, circles, xor]


@pytest.mark.parametrize("generator", GENERATORS)
def test_dataset_shapes_and_dtypes(generator):
    X, y = generator(n_per_class=7)
    n_classes = 3 if generator is spirals else 2
    assert X.shape == (7 * n_classes, 2)
    assert X.dtype == np.float64
    assert y.dtype == np.int64
    assert np.array_equal(np.bincount(y), np.full(n_classes, 7))


@pytest.mark.parametrize("generator", GENERATORS)
def test_dataset_same_seed_same_arrays(generator):
    X1, y1 = generator(seed=5)
    X2, y2 = generator(seed=5)
    assert np.array_equal(X1, X2)
    assert np.array_equal(y1, y2)


@pytest.mark.parametrize("generator", GENERATORS)
def test_dataset_different_seeds_differ(generator):
    X1, _ = generator(seed=1)
    X2, _ = generator(seed=2)
    assert not np.array_equal(X1, X2)


@pytest.mark.parametrize("generator", GENERATORS)
def test_dataset_accepts_generator(generator):
    X1, _ = generator(seed=np.random.default_rng(3))
    X2, _ = generator(seed=3)
    assert np.array_equal(X1, X2)


@pytest.mark.parametrize("generator", GENERATORS)
def test_dataset_leaves_global_random_state_alone(generator):
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    generator()
    assert np.array_equal(np.random.get_state()[1], before)


def test_spirals_without_noise_follow_the_arms():
    X, y = spirals(n_per_class=5, n_classes=4, noise=0.0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius, np.tile(np.linspace(0, 1, 5), 4), atol=1e-15)
    # Point 2 of arm k has radius 0.5 and angle 2 pi k / 4 + 4 * 0.5.
    for k in range(4):
        angle = 2 * math.pi * k / 4 + 2.0
        np.testing.assert_allclose(X[5 * k + 2], [0.5 * math.sin(angle), 0.5 * math.cos(angle)])


def test_spirals_noise_changes_only_angles():
    X, _ = spirals(n_per_class=30, noise=0.5)
    np.testing.assert_allclose(np.hypot(X[:, 0], X[:, 1]), np.tile(np.linspace(0, 1, 30), 3))


def test_moons_without_noise_lie_on_half_circles():
    X, y = moons(n_per_class=20, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    assert np.all(upper[:, 1] >= -1e-15)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert np.all(lower[:, 1] <= 0.5 + 1e-15)


def test_circles_radii_follow_factor():
    X, y = circles(n_per_class=16, noise=0.0, factor=0.3)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)


def test_xor_label_is_sign_product():
    X, y = xor(n_per_class=200, noise=0.3)
    quadrant_label = (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(np.int64)
    # With sigma = 0.3 a point leaves its quadrant with probability about 2 * 4e-4.
    assert np.mean(quadrant_label == y) > 0.98


def test_xor_odd_class_size():
    X, y = xor(n_per_class=5, noise=0.0)
    assert np.array_equal(np.bincount(y), [5, 5])
    np.testing.assert_array_equal(X[y == 0][:3], np.ones((3, 2)))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: spirals(n_per_class=1), ValueError, "n_per_class"),
        (lambda: spirals(n_per_class=2.5), TypeError, "n_per_class"),
        (lambda: spirals(n_per_class=True), TypeError, "n_per_class"),
        (lambda: spirals(n_classes=1), ValueError, "n_classes"),
        (lambda: moons(noise=-0.1), ValueError, "noise"),
        (lambda: moons(noise=math.nan), ValueError, "noise"),
        (lambda: circles(factor=1.0), ValueError, "factor"),
        (lambda: circles(n_per_class=0), ValueError, "n_per_class"),
        (lambda: xor(seed="zero"), TypeError, "seed"),
        (lambda: xor(seed=-1), ValueError, "seed"),
    ],
)
def test_dataset_rejects_invalid_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()
