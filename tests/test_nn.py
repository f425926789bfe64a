"""Tests of course_lib.nn: forward values, backprop gradients, initialisation and training."""

import math
import time

import numpy as np
import pytest

from course_lib import activations
from course_lib.datasets import spirals, xor
from course_lib.nn import MLP, train


def _data(seed=0, n=12, n_inputs=3, n_classes=4):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, n_inputs)), rng.integers(0, n_classes, size=n)


def _reference_loss(model, X, y):
    """Forward pass and cross-entropy written out independently of the model's buffers."""
    h = X
    for l, (W, b) in enumerate(zip(model.weights, model.biases)):
        z = h @ W + b
        if l < len(model.weights) - 1:
            h = model._function(z, **model.activation_params)
        else:
            h = z
    shift = h.max(axis=1, keepdims=True)
    log_z = np.log(np.exp(h - shift).sum(axis=1)) + shift[:, 0]
    return float(np.mean(log_z - h[np.arange(len(y)), y]))


def _finite_difference_gradients(model, X, y, step=1e-6):
    gradients = []
    for parameters in zip(model.weights, model.biases):
        pair = []
        for array in parameters:
            numeric = np.zeros_like(array)
            for index in np.ndindex(array.shape):
                saved = array[index]
                array[index] = saved + step
                plus = _reference_loss(model, X, y)
                array[index] = saved - step
                minus = _reference_loss(model, X, y)
                array[index] = saved
                numeric[index] = (plus - minus) / (2 * step)
            pair.append(numeric)
        gradients.append(tuple(pair))
    return gradients


def _min_abs_preactivation(model, X):
    model.forward(X)
    return min(float(np.min(np.abs(z))) for z in model.preactivations)


@pytest.mark.parametrize(
    "activation", ["relu", "leaky_relu", "sigmoid", "tanh", "elu", "gelu", "silu", "softplus"]
)
def test_gradients_match_central_differences(activation):
    X, y = _data()
    model = MLP((3, 5, 4, 4), activation=activation, init="xavier", seed=1)
    # Kinks (ReLU family at 0) would spoil the finite differences; the data keep away from them.
    assert _min_abs_preactivation(model, X) > 1e-4
    loss, gradients = model.loss_and_gradients(X, y)
    assert loss == pytest.approx(_reference_loss(model, X, y), rel=1e-14)
    numeric = _finite_difference_gradients(model, X, y)
    for (dW, db), (nW, nb) in zip(gradients, numeric):
        np.testing.assert_allclose(dW, nW, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(db, nb, rtol=1e-6, atol=1e-9)


def test_gradients_of_student_pair_match_central_differences():
    def cube_root_ish(x):
        return x / (1.0 + x * x) ** (1 / 3)

    def cube_root_ish_grad(x):
        s = 1.0 + x * x
        return s ** (-1 / 3) - (2 / 3) * x * x * s ** (-4 / 3)

    X, y = _data(seed=3)
    model = MLP((3, 6, 4), activation=(cube_root_ish, cube_root_ish_grad), seed=2)
    assert model.activation_name == "cube_root_ish"
    _, gradients = model.loss_and_gradients(X, y)
    numeric = _finite_difference_gradients(model, X, y)
    for (dW, db), (nW, nb) in zip(gradients, numeric):
        np.testing.assert_allclose(dW, nW, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(db, nb, rtol=1e-6, atol=1e-9)


def test_gradients_against_torch_float64():
    torch = pytest.importorskip(
        "torch", reason="PyTorch is not installed; the finite-difference tests cover backprop"
    )
    X, y = _data(seed=4)
    model = MLP((3, 7, 5, 4), activation="tanh", seed=3)
    loss, gradients = model.loss_and_gradients(X, y)

    parameters = []
    for W, b in zip(model.weights, model.biases):
        parameters.append(torch.tensor(W, dtype=torch.float64, requires_grad=True))
        parameters.append(torch.tensor(b, dtype=torch.float64, requires_grad=True))
    h = torch.tensor(X, dtype=torch.float64)
    for l in range(0, len(parameters), 2):
        h = h @ parameters[l] + parameters[l + 1]
        if l < len(parameters) - 2:
            h = torch.tanh(h)
    torch_loss = torch.nn.functional.cross_entropy(h, torch.tensor(y))
    torch_loss.backward()

    assert loss == pytest.approx(torch_loss.item(), rel=1e-13)
    for l, (dW, db) in enumerate(gradients):
        np.testing.assert_allclose(dW, parameters[2 * l].grad.numpy(), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(db, parameters[2 * l + 1].grad.numpy(), rtol=1e-12, atol=1e-15)


def test_loss_of_extreme_logits_is_finite():
    X, y = _data(seed=5)
    model = MLP((3, 8, 4), activation="relu", seed=0)
    model.weights[-1] *= 1e6
    # Underflow of exp for far-below-max logits is expected and ignored.
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, gradients = model.loss_and_gradients(X, y)
    assert math.isfinite(loss)
    assert loss == pytest.approx(_reference_loss(model, X, y), rel=1e-12)
    assert all(np.all(np.isfinite(dW)) for dW, _ in gradients)


def test_relu_fast_path_matches_registry_functions():
    X, y = _data(seed=6)
    fast = MLP((3, 9, 9, 4), activation="relu", seed=4)
    generic = MLP(
        (3, 9, 9, 4), activation=(activations.relu, activations.relu_grad), seed=4
    )
    fast_loss, fast_gradients = fast.loss_and_gradients(X, y)
    generic_loss, generic_gradients = generic.loss_and_gradients(X, y)
    assert fast_loss == generic_loss
    for (a, b), (c, d) in zip(fast_gradients, generic_gradients):
        assert np.array_equal(a, c)
        assert np.array_equal(b, d)


def test_relu_gradient_at_zero_preactivation_is_zero():
    model = MLP((1, 1, 2), activation="relu", seed=0)
    model.weights[0][:] = 1.0
    _, gradients = model.loss_and_gradients(np.zeros((1, 1)), np.array([0]))
    assert gradients[0][1][0] == 0.0


def test_returned_gradients_are_not_overwritten_later():
    X, y = _data(seed=7)
    model = MLP((3, 5, 4), seed=0)
    _, first = model.loss_and_gradients(X, y)
    saved = first[0][0].copy()
    model.loss_and_gradients(X[::-1] * 2, y)
    assert np.array_equal(first[0][0], saved)


def test_activation_object_and_params():
    X, y = _data(seed=8)
    entry = activations.get_activation("leaky_relu")
    model = MLP((3, 5, 4), activation=entry, activation_params={"negative_slope": 0.2}, seed=0)
    assert model.activation_params["negative_slope"] == 0.2
    model.forward(X)
    z, h = model.preactivations[0], model.hidden[0]
    np.testing.assert_allclose(h, np.where(z > 0, z, 0.2 * z), rtol=1e-15)


def test_prelu_gets_its_default_weight_from_registry():
    model = MLP((2, 4, 2), activation="prelu", seed=0)
    assert model.activation_params == {"weight": 0.25}


@pytest.mark.parametrize(
    "init, expected_std",
    [
        ("he", math.sqrt(2 / 400)),
        ("xavier", math.sqrt(2 / 800)),
        ("glorot", math.sqrt(2 / 800)),
        ("lecun", math.sqrt(1 / 400)),
    ],
)
def test_initialisation_standard_deviation(init, expected_std):
    model = MLP((400, 400, 2), init=init, seed=0)
    # 160000 draws estimate the standard deviation to about 0.2 %.
    assert np.std(model.weights[0]) == pytest.approx(expected_std, rel=0.01)
    assert abs(np.mean(model.weights[0])) < 4 * expected_std / 400


def test_normal_initialisation_and_bias_init():
    model = MLP((300, 300, 300, 2), init="normal", init_scale=0.05, bias_init=-0.5, seed=0)
    assert np.std(model.weights[1]) == pytest.approx(0.05, rel=0.01)
    assert np.all(model.biases[0] == -0.5)
    assert np.all(model.biases[1] == -0.5)
    assert np.all(model.biases[-1] == 0.0)


def test_init_scale_multiplies_named_scheme():
    base = MLP((50, 50, 2), init="he", seed=3)
    scaled = MLP((50, 50, 2), init="he", init_scale=0.5, seed=3)
    np.testing.assert_allclose(scaled.weights[0], 0.5 * base.weights[0], rtol=1e-15)


def test_same_seed_same_weights_and_generator_accepted():
    a = MLP((2, 8, 3), seed=11)
    b = MLP((2, 8, 3), seed=np.random.default_rng(11))
    for Wa, Wb in zip(a.weights, b.weights):
        assert np.array_equal(Wa, Wb)


def test_predict_proba_consistent_with_predict():
    X, _ = _data(seed=9)
    model = MLP((3, 6, 4), seed=0)
    probabilities = model.predict_proba(X)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-15)
    assert np.array_equal(model.predict(X), probabilities.argmax(axis=1))
    assert model.predict(X).dtype == np.int64


def test_preactivation_gradients_last_is_softmax_minus_one_hot():
    X, y = _data(seed=10)
    model = MLP((3, 6, 4), seed=0)
    deltas = model.preactivation_gradients(X, y)
    expected = (model.predict_proba(X) - np.eye(4)[y]) / len(y)
    np.testing.assert_allclose(deltas[-1], expected, rtol=1e-12, atol=1e-17)
    _, gradients = model.loss_and_gradients(X, y)
    np.testing.assert_allclose(gradients[0][1], deltas[0].sum(axis=0), rtol=1e-12)


def test_train_is_deterministic():
    X, y = spirals(n_per_class=30)
    histories = []
    for _ in range(2):
        model = MLP((2, 16, 3), seed=0)
        histories.append(train(model, X, y, 20, 0.5, momentum=0.9, batch_size=16, seed=3))
    assert np.array_equal(histories[0].loss, histories[1].loss)


def test_train_minibatch_seed_changes_the_run():
    X, y = spirals(n_per_class=30)
    first = train(MLP((2, 16, 3), seed=0), X, y, 5, 0.5, batch_size=16, seed=1)
    second = train(MLP((2, 16, 3), seed=0), X, y, 5, 0.5, batch_size=16, seed=2)
    assert not np.array_equal(first.loss, second.loss)


def test_train_solves_xor():
    X, y = xor(n_per_class=50)
    model = MLP((2, 8, 2), activation="tanh", init="xavier", seed=0)
    history = train(model, X, y, 300, 0.5, momentum=0.9)
    assert history.accuracy[-1] == 1.0
    assert history.loss[-1] < 0.1 * history.loss[0]
    assert model.accuracy(X, y) == history.accuracy[-1]


def test_history_records_state_after_each_epoch():
    X, y = spirals(n_per_class=20)
    model = MLP((2, 8, 3), seed=0)
    initial_loss = model.loss(X, y)
    history = train(
        model, X, y, 7, 0.3, record_gradient_norms=True, record_dead_fraction=True
    )
    assert history.epochs_run == 7
    assert history.loss.shape == history.accuracy.shape == (8,)
    assert history.gradient_norms.shape == (7, 2)
    assert history.dead_fraction.shape == (8, 1)
    assert history.loss[0] == initial_loss
    assert history.loss[-1] == pytest.approx(model.loss(X, y), rel=1e-15)
    assert history.dead_fraction[-1, 0] == model.dead_fraction(X)[0]


def test_full_batch_step_is_gradient_descent():
    X, y = spirals(n_per_class=10)
    model = MLP((2, 5, 3), seed=0)
    _, gradients = model.loss_and_gradients(X, y)
    expected = [W - 0.1 * dW for W, (dW, _) in zip(model.weights, gradients)]
    train(model, X, y, 1, 0.1)
    for W, W_expected in zip(model.weights, expected):
        np.testing.assert_allclose(W, W_expected, rtol=1e-15)


def test_momentum_is_heavy_ball():
    X, y = spirals(n_per_class=10)
    model = MLP((2, 5, 3), seed=0)
    reference = model.copy()
    velocities = [np.zeros_like(p) for p in reference.weights + reference.biases]
    for _ in range(3):
        _, gradients = reference.loss_and_gradients(X, y)
        parameters = reference.weights + reference.biases
        flat_gradients = [dW for dW, _ in gradients] + [db for _, db in gradients]
        for parameter, gradient, velocity in zip(parameters, flat_gradients, velocities):
            velocity *= 0.9
            velocity -= 0.1 * gradient
            parameter += velocity
    train(model, X, y, 3, 0.1, momentum=0.9)
    trained_parameters = model.weights + model.biases
    for trained, expected in zip(trained_parameters, reference.weights + reference.biases):
        np.testing.assert_allclose(trained, expected, rtol=1e-13, atol=1e-16)


def test_target_accuracy_stops_early():
    X, y = xor(n_per_class=50)
    model = MLP((2, 8, 2), activation="tanh", init="xavier", seed=0)
    history = train(model, X, y, 1000, 0.5, momentum=0.9, target_accuracy=0.95)
    assert history.reached_target_at == history.epochs_run
    assert history.epochs_run < 1000
    assert history.accuracy[-1] >= 0.95
    assert np.all(history.accuracy[:-1] < 0.95)


def test_huge_learning_rate_diverges_without_warnings():
    X, y = spirals(n_per_class=20)
    model = MLP((2, 16, 3), activation="relu", seed=0)
    history = train(model, X, y, 50, 1e200)
    assert history.diverged
    assert history.epochs_run < 50
    assert not math.isfinite(history.loss[-1])


def test_full_batch_speed():
    X, y = spirals()
    model = MLP((2, 64, 3), activation="relu", seed=0)
    train(model, X, y, 20, 0.5)
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        train(model, X, y, 300, 0.1)
        best = min(best, time.perf_counter() - start)
    # About 10,000 steps/s measured on a 2-core VM; the bound leaves room for a loaded machine.
    assert 300 / best > 1000


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"layer_sizes": (2,)}, ValueError, "layer_sizes"),
        ({"layer_sizes": (2, 0, 3)}, ValueError, "layer_sizes"),
        ({"layer_sizes": (2, 4.0, 3)}, TypeError, "layer_sizes"),
        ({"layer_sizes": (2, 4, 1)}, ValueError, "output size"),
        ({"init": "uniform"}, ValueError, "init"),
        ({"activation": "relu7"}, ValueError, "unknown activation"),
        ({"activation": 3}, TypeError, "activation"),
        ({"activation_params": [1]}, TypeError, "activation_params"),
        ({"bias_init": math.nan}, ValueError, "bias_init"),
        ({"init_scale": 0.0}, ValueError, "init_scale"),
    ],
)
def test_mlp_rejects_invalid_arguments(kwargs, error, message):
    arguments = {"layer_sizes": (2, 4, 3)} | kwargs
    with pytest.raises(error, match=message):
        MLP(**arguments)


def test_mlp_rejects_broken_student_activation():
    with pytest.raises(ValueError, match="shape"):
        MLP((2, 4, 3), activation=(lambda x: x.sum(), lambda x: np.ones_like(x)))
    with pytest.raises(ValueError, match="nan or inf"):
        MLP((2, 4, 3), activation=(lambda x: np.log(x + 3), lambda x: 1 / (x + 3)))


@pytest.mark.parametrize(
    "X, y, error, message",
    [
        (np.zeros((4, 3)), np.zeros(4, dtype=int), ValueError, r"shape \(N, 2\)"),
        (np.zeros((4, 2)), np.zeros(3, dtype=int), ValueError, "one label per row"),
        (np.zeros((4, 2)), np.full(4, 3), ValueError, "labels in 0..2"),
        (np.zeros((4, 2)), np.zeros(4), TypeError, "integer class labels"),
    ],
)
def test_loss_rejects_invalid_data(X, y, error, message):
    with pytest.raises(error, match=message):
        MLP((2, 4, 3)).loss_and_gradients(X, y)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"epochs": -1}, ValueError, "epochs"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"momentum": 1.0}, ValueError, "momentum"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"target_accuracy": 1.5}, ValueError, "target_accuracy"),
    ],
)
def test_train_rejects_invalid_arguments(kwargs, error, message):
    X, y = xor(n_per_class=4)
    arguments = {"epochs": 2, "learning_rate": 0.1} | kwargs
    with pytest.raises(error, match=message):
        train(MLP((2, 4, 2)), X, y, **arguments)
