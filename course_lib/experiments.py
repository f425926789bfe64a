"""The experiments behind the claims of chapters 2 to 5, returned as plain data.

Each function runs one small, seeded experiment and returns a frozen dataclass of floats and
NumPy arrays: the chapters print its numbers and plot its arrays, and the tests check the claim
it supports. With default arguments each one runs in about 3 s or less on one core.

=====================================  =========================================================
function                               claim
=====================================  =========================================================
:func:`maxent_matches_softmax`         the numerical max-ent solution is the Gibbs (softmax) form
:func:`conditional_maxent_is_softmax`  the conditional max-ent model with the features
                                       x_j [y = k] and [y = k] is softmax(W x + b); with two
                                       classes it is the sigmoid of the logit difference
:func:`gradient_norms_vs_depth`        sigmoid gradients shrink geometrically toward the input;
                                       ReLU with He initialisation keeps them steady
:func:`convergence_epochs`             ReLU reaches a target accuracy in fewer epochs
:func:`dead_neuron_fraction`           a large learning rate or a negative bias kills ReLU
                                       units; leaky ReLU keeps a non-zero gradient
:func:`dead_unit_stays_dead`           a dead ReLU unit gets exactly zero gradient
:func:`rrelu_train_vs_eval`            RReLU's evaluation slope is the mean training slope
=====================================  =========================================================
"""

import dataclasses
import math
import numbers

import numpy as np

from course_lib import activations as _activations
from course_lib._validation import as_float_array, check_integer, check_positive, check_rng
from course_lib.datasets import spirals
from course_lib.maxent import (
    ConditionalMaxEnt,
    linear_class_features,
    solve_maxent,
    split_weights,
)
from course_lib.nn import MLP, train

__all__ = [
    "MaxEntSoftmaxCheck",
    "maxent_matches_softmax",
    "ConditionalSoftmaxCheck",
    "conditional_maxent_is_softmax",
    "GradientNorms",
    "gradient_norms_vs_depth",
    "ConvergenceEpochs",
    "convergence_epochs",
    "DeadNeurons",
    "dead_neuron_fraction",
    "DeadUnitCheck",
    "dead_unit_stays_dead",
    "RReLUCheck",
    "rrelu_train_vs_eval",
]


def _check_names(names, argument):
    if isinstance(names, str):
        names = (names,)
    names = tuple(names)
    if not names:
        raise ValueError(f"{argument} must name at least one entry, got an empty sequence")
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"{argument} must contain strings, got {name!r}")
    return names


def _check_activation_names(names, argument="activations"):
    names = _check_names(names, argument)
    for name in names:
        _activations.get_activation(name)
    return names


def _check_seeds(seeds):
    if isinstance(seeds, numbers.Integral):
        seeds = (seeds,)
    seeds = tuple(seeds)
    if not seeds:
        raise ValueError("seeds must contain at least one seed, got an empty sequence")
    for seed in seeds:
        check_integer(seed, "each seed", 0)
    return tuple(int(seed) for seed in seeds)


def _check_positive_floats(values, name):
    if isinstance(values, numbers.Real):
        values = (values,)
    values = tuple(check_positive(value, name) for value in values)
    if not values:
        raise ValueError(f"{name} must contain at least one value")
    return values


# ----------------------------------------------------------------------------------------------
# Chapter 2: maximum entropy and softmax
# ----------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class MaxEntSoftmaxCheck:
    r"""Result of :func:`maxent_matches_softmax`.

    Attributes
    ----------
    max_abs_difference : float
        :math:`\max_j |p_j - \operatorname{softmax}(\lambda^\top F)_j|` between the Newton
        solution and the closed form evaluated at its multipliers.
    primal_max_abs_difference : float
        The same difference for :math:`p` found by a general constrained optimiser (scipy's
        SLSQP maximising :math:`H(p)` over the simplex directly, with no Gibbs form assumed).
    constraint_error : float
        :math:`\max_k |E_p[f_k] - t_k|` of that solution.
    entropy_gap : float
        :math:`H(p) - H(q) \ge 0`, where :math:`q` is the random distribution that produced the
        targets: :math:`q` meets the same constraints, so its entropy cannot be larger.
    die_probabilities : numpy.ndarray, shape (6,)
        Jaynes's die with mean 4.5.
    die_multiplier : float
        Its multiplier :math:`\lambda`, :math:`p_j \propto e^{\lambda j}`.
    die_entropy : float
        Its entropy in nats, below :math:`\log 6` of the fair die.
    extreme_means : numpy.ndarray
        Means tried on the support 0..100.
    extreme_multipliers, extreme_top_probability : numpy.ndarray
        Multiplier and :math:`p_{100}` of each; ``inf`` multiplier for a mean of exactly 100.
    extreme_converged : numpy.ndarray of bool
    """

    max_abs_difference: float
    primal_max_abs_difference: float
    constraint_error: float
    entropy_gap: float
    die_probabilities: np.ndarray
    die_multiplier: float
    die_entropy: float
    extreme_means: np.ndarray
    extreme_multipliers: np.ndarray
    extreme_top_probability: np.ndarray
    extreme_converged: np.ndarray


def maxent_matches_softmax(
    n_points=20, n_features=3, seed=0, extreme_means=(0.0001, 50.0, 99.9999, 100.0)
):
    r"""Check that the numerical maximum-entropy solution has the softmax (Gibbs) form.

    Draws features :math:`F \in \mathbb R^{m \times n}` and a random distribution :math:`q` from
    ``seed``, sets the targets to :math:`t = F q` (feasible by construction), solves the
    maximum-entropy problem with :func:`course_lib.maxent.solve_maxent` and compares its
    :math:`p` with :math:`\operatorname{softmax}(\lambda^\top F)` computed by
    :func:`course_lib.activations.softmax`. It also maximises the entropy directly over the
    probability simplex with scipy's SLSQP, which assumes nothing about the Gibbs form, and
    compares that :math:`p` with the same softmax. Finally it solves Jaynes's die (faces 1..6,
    mean 4.5) and means close to the ends of the support 0..100, where :math:`|\lambda|` is
    large and a naive :math:`e^{\lambda j}` would overflow.

    Parameters
    ----------
    n_points : int, default 20
        Support size :math:`n \ge 2`.
    n_features : int, default 3
        Number of constraints :math:`m \ge 1`.
    seed : int or numpy.random.Generator, default 0
    extreme_means : sequence of float, default (0.0001, 50, 99.9999, 100)
        Means to solve on the support 0..100, each in [0, 100].

    Returns
    -------
    MaxEntSoftmaxCheck

    Examples
    --------
    >>> check = maxent_matches_softmax()
    >>> print(check.max_abs_difference < 1e-14, check.primal_max_abs_difference < 1e-6)
    True True
    >>> print(" ".join(f"{p:.4f}" for p in check.die_probabilities))
    0.0544 0.0788 0.1142 0.1654 0.2398 0.3475
    """
    n_points = check_integer(n_points, "n_points", 2)
    n_features = check_integer(n_features, "n_features", 1)
    rng = check_rng(seed, "seed")

    features = rng.standard_normal((n_features, n_points))
    reference = _activations.softmax(rng.standard_normal(n_points))
    targets = features @ reference
    result = solve_maxent(features, targets)
    closed_form = _activations.softmax(result.multipliers @ features)
    max_abs_difference = float(np.max(np.abs(result.p - closed_form)))
    primal = _maximise_entropy_slsqp(features, targets)
    primal_max_abs_difference = float(np.max(np.abs(primal - closed_form)))
    reference_entropy = float(-np.sum(reference * np.log(reference)))

    die = solve_maxent(np.arange(1.0, 7.0)[np.newaxis, :], [4.5])

    support = np.arange(101.0)[np.newaxis, :]
    means = np.array([float(mean) for mean in extreme_means])
    extreme = [solve_maxent(support, [mean]) for mean in means]
    return MaxEntSoftmaxCheck(
        max_abs_difference=max_abs_difference,
        primal_max_abs_difference=primal_max_abs_difference,
        constraint_error=result.constraint_error,
        entropy_gap=result.entropy - reference_entropy,
        die_probabilities=die.p,
        die_multiplier=float(die.multipliers[0]),
        die_entropy=die.entropy,
        extreme_means=means,
        extreme_multipliers=np.array([solution.multipliers[0] for solution in extreme]),
        extreme_top_probability=np.array([solution.p[-1] for solution in extreme]),
        extreme_converged=np.array([solution.converged for solution in extreme]),
    )


def _maximise_entropy_slsqp(features, targets):
    """Maximise H(p) subject to F p = t, sum p = 1, p >= 0 with scipy's SLSQP."""
    from scipy.optimize import minimize

    n_points = features.shape[1]
    equality_matrix = np.vstack([features, np.ones(n_points)])
    equality_values = np.concatenate([targets, [1.0]])

    def negative_entropy(p):
        # SLSQP may step onto the bound p_j = 0, where the log needs a floor.
        log_p = np.log(np.maximum(p, 1e-300))
        return float(p @ log_p), log_p + 1.0

    solution = minimize(
        negative_entropy,
        np.full(n_points, 1.0 / n_points),
        jac=True,
        method="SLSQP",
        bounds=[(0.0, 1.0)] * n_points,
        constraints=[
            {
                "type": "eq",
                "fun": lambda p: equality_matrix @ p - equality_values,
                "jac": lambda p: equality_matrix,
            }
        ],
        options={"ftol": 1e-15, "maxiter": 500},
    )
    return solution.x


@dataclasses.dataclass(frozen=True)
class ConditionalSoftmaxCheck:
    r"""Result of :func:`conditional_maxent_is_softmax`.

    Attributes
    ----------
    W, b : numpy.ndarray
        Fitted weights of the conditional max-ent model read as a matrix ``(K, D)`` and a bias
        ``(K,)``.
    softmax_identity_error : float
        :math:`\max |p_w(y \mid x) - \operatorname{softmax}(W x + b)_y|` over the training inputs:
        the two are one formula, so this is rounding only.
    logistic_regression_difference : float
        Largest difference between the max-ent probabilities and those of multinomial logistic
        regression fitted independently (L-BFGS on the cross-entropy in the ``(W, b)``
        parameterisation).
    constraint_error : float
        :math:`\max_i |E_{\tilde p(x) p_w}[f_i] - E_{\tilde p(x, y)}[f_i]|` at the fitted weights.
    iterations : int
        Newton iterations of the max-ent fit.
    sigmoid_identity_error : float
        With two classes, :math:`\max |p_w(1 \mid x) - \sigma((w_1 - w_0) \cdot x + b_1 - b_0)|`.
    """

    W: np.ndarray
    b: np.ndarray
    softmax_identity_error: float
    logistic_regression_difference: float
    constraint_error: float
    iterations: int
    sigmoid_identity_error: float


def _blobs(rng, n_per_class, n_classes, spread):
    angles = 2 * math.pi * np.arange(n_classes) / n_classes
    centres = np.column_stack([np.cos(angles), np.sin(angles)])
    X = np.repeat(centres, n_per_class, axis=0) + spread * rng.standard_normal(
        (n_per_class * n_classes, 2)
    )
    y = np.repeat(np.arange(n_classes), n_per_class)
    return X, y


def _fit_logistic_regression(X, y, n_classes):
    """Fit multinomial logistic regression in the (W, b) parameterisation with scipy's L-BFGS."""
    from scipy.optimize import minimize

    n_samples, n_inputs = X.shape
    one_hot = np.eye(n_classes)[y]

    def loss_and_gradient(theta):
        W = theta[: n_classes * n_inputs].reshape(n_classes, n_inputs)
        b = theta[n_classes * n_inputs :]
        log_p = _activations.log_softmax(X @ W.T + b, axis=1)
        loss = -np.mean(np.sum(one_hot * log_p, axis=1))
        residual = (np.exp(log_p) - one_hot) / n_samples
        return loss, np.concatenate([(residual.T @ X).ravel(), residual.sum(axis=0)])

    theta0 = np.zeros(n_classes * (n_inputs + 1))
    solution = minimize(
        loss_and_gradient,
        theta0,
        jac=True,
        method="L-BFGS-B",
        options={"gtol": 1e-12, "ftol": 1e-15, "maxiter": 1000},
    )
    W = solution.x[: n_classes * n_inputs].reshape(n_classes, n_inputs)
    b = solution.x[n_classes * n_inputs :]
    return _activations.softmax(X @ W.T + b, axis=1)


def conditional_maxent_is_softmax(n_per_class=50, n_classes=3, spread=0.8, seed=0):
    r"""Show that the conditional max-ent model with linear class features is softmax regression.

    With the features :math:`f_{k,j}(x, y) = x_j [y = k]` and :math:`f_k(x, y) = [y = k]`, the
    exponent of the conditional max-ent model is
    :math:`\sum_i w_i f_i(x, y) = \sum_j W_{y j} x_j + b_y = (W x + b)_y`, so

    .. math::

        p_w(y \mid x) = \frac{e^{(W x + b)_y}}{\sum_k e^{(W x + b)_k}}
        = \operatorname{softmax}(W x + b)_y ,

    and for two classes
    :math:`p_w(1 \mid x) = 1 / (1 + e^{-((W_1 - W_0) x + b_1 - b_0)}) = \sigma(\Delta)`.
    Maximising the dual is maximising the conditional log-likelihood, which is how multinomial
    logistic regression is fitted. The function checks both identities on overlapping Gaussian
    blobs with centres on the unit circle, where the maximum exists. It also compares the model
    with an independent logistic-regression fit.

    Parameters
    ----------
    n_per_class : int, default 50
    n_classes : int, default 3
        At least 3, so that the two-class check is a separate fit.
    spread : float, default 0.8
        Standard deviation of each blob; a large value keeps the classes overlapping.
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    ConditionalSoftmaxCheck

    Examples
    --------
    >>> check = conditional_maxent_is_softmax()
    >>> print(check.softmax_identity_error < 1e-14, check.logistic_regression_difference < 1e-5)
    True True
    """
    n_per_class = check_integer(n_per_class, "n_per_class", 2)
    n_classes = check_integer(n_classes, "n_classes", 3)
    spread = check_positive(spread, "spread")
    rng = check_rng(seed, "seed")

    X, y = _blobs(rng, n_per_class, n_classes, spread)
    features = linear_class_features(X, n_classes)
    model = ConditionalMaxEnt().fit(features, y)
    probabilities = model.predict_proba(features)
    W, b = split_weights(model.weights_, n_classes)
    softmax_form = _activations.softmax(X @ W.T + b, axis=1)
    independent = _fit_logistic_regression(X, y, n_classes)

    two = y < 2
    binary_model = ConditionalMaxEnt().fit(linear_class_features(X[two], 2), y[two])
    W2, b2 = split_weights(binary_model.weights_, 2)
    p_one = binary_model.predict_proba(linear_class_features(X[two], 2))[:, 1]
    logit_difference = X[two] @ (W2[1] - W2[0]) + (b2[1] - b2[0])
    sigmoid_form = _activations.sigmoid(logit_difference)

    return ConditionalSoftmaxCheck(
        W=W,
        b=b,
        softmax_identity_error=float(np.max(np.abs(probabilities - softmax_form))),
        logistic_regression_difference=float(np.max(np.abs(probabilities - independent))),
        constraint_error=float(
            np.max(np.abs(model.model_expectation_ - model.empirical_expectation_))
        ),
        iterations=model.n_iter_,
        sigmoid_identity_error=float(np.max(np.abs(p_one - sigmoid_form))),
    )


# ----------------------------------------------------------------------------------------------
# Chapter 4: vanishing gradients
# ----------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class GradientNorms:
    r"""Result of :func:`gradient_norms_vs_depth`.

    Attributes
    ----------
    activations, inits : tuple of str
        Row labels of the arrays.
    layers : numpy.ndarray
        Layer numbers ``1 .. depth + 1`` (1 is next to the input, ``depth + 1`` the output).
    weight_gradient_norms : numpy.ndarray, shape (n_activations, n_inits, depth + 1)
        Frobenius norm of :math:`\partial \mathcal L / \partial W_l`, averaged over seeds.
    preactivation_gradient_norms : numpy.ndarray, same shape
        Frobenius norm of :math:`\partial \mathcal L / \partial z_l` over the batch, averaged
        over seeds.
    """

    activations: tuple
    inits: tuple
    layers: np.ndarray
    weight_gradient_norms: np.ndarray
    preactivation_gradient_norms: np.ndarray

    def _index(self, activation, init):
        try:
            return self.activations.index(activation), self.inits.index(init)
        except ValueError:
            raise ValueError(
                f"no result for activation={activation!r}, init={init!r}; available: "
                f"{self.activations} x {self.inits}"
            ) from None

    def norms(self, activation, init, kind="weight"):
        """Return the per-layer norms of one configuration, input layer first.

        ``kind`` is "weight" or "preactivation".
        """
        i, j = self._index(activation, init)
        if kind == "weight":
            return self.weight_gradient_norms[i, j]
        if kind == "preactivation":
            return self.preactivation_gradient_norms[i, j]
        raise ValueError(f"kind must be 'weight' or 'preactivation', got {kind!r}")

    def ratio(self, activation, init, kind="weight"):
        """Return the norm of the layer next to the input divided by that of the output layer."""
        norms = self.norms(activation, init, kind)
        return float(norms[0] / norms[-1])


def gradient_norms_vs_depth(
    activations=("sigmoid", "tanh", "relu"),
    inits=("xavier", "he"),
    depth=10,
    width=64,
    seeds=(0, 1, 2),
    n_per_class=100,
):
    r"""Measure each layer's gradient norm in a deep MLP at initialisation.

    Backpropagation multiplies the gradient by :math:`W_l^\top` and by
    :math:`f'(z_{l-1})` once per layer:

    .. math::

        \delta_{l-1} = (\delta_l W_l^\top) \odot f'(z_{l-1}), \qquad
        \frac{\partial \mathcal L}{\partial W_l} = h_{l-1}^\top \delta_l .

    With the sigmoid, :math:`f' \le 1/4`, so each layer shrinks the gradient by roughly a constant
    factor and the layers next to the input get geometrically smaller gradients. ReLU passes a
    derivative of exactly 1 for active units, and He initialisation
    (:math:`\operatorname{Var} W = 2 / n_{in}`) keeps the signal's scale from layer to layer, so
    the norms stay level.

    The network is ``2 -> width x depth -> 3`` on :func:`course_lib.datasets.spirals` with
    ``n_per_class`` points per class; one forward and backward pass per seed, no training.

    Parameters
    ----------
    activations : sequence of str, default ("sigmoid", "tanh", "relu")
        Names from ``course_lib.activations.ACTIVATIONS``.
    inits : sequence of str, default ("xavier", "he")
        Initialisations (see :class:`course_lib.nn.MLP`).
    depth : int, default 10
        Number of hidden layers.
    width : int, default 64
        Units per hidden layer.
    seeds : sequence of int, default (0, 1, 2)
        One initialisation per seed; the norms are averaged.
    n_per_class : int, default 100

    Returns
    -------
    GradientNorms

    Examples
    --------
    >>> result = gradient_norms_vs_depth(activations=("sigmoid", "relu"), inits=("xavier", "he"))
    >>> print(result.ratio("sigmoid", "xavier") < 1e-3, 0.1 < result.ratio("relu", "he") < 10)
    True True
    """
    activation_names = _check_activation_names(activations)
    inits = _check_names(inits, "inits")
    depth = check_integer(depth, "depth", 1)
    width = check_integer(width, "width", 1)
    seeds = _check_seeds(seeds)
    n_per_class = check_integer(n_per_class, "n_per_class", 2)

    X, y = spirals(n_per_class=n_per_class, n_classes=3, seed=0)
    layer_sizes = (2,) + (width,) * depth + (3,)
    shape = (len(activation_names), len(inits), depth + 1)
    weight_norms = np.zeros(shape)
    preactivation_norms = np.zeros(shape)
    for i, activation in enumerate(activation_names):
        for j, init in enumerate(inits):
            for seed in seeds:
                model = MLP(layer_sizes, activation=activation, init=init, seed=seed)
                _, gradients = model.loss_and_gradients(X, y)
                weight_norms[i, j] += [np.linalg.norm(dW) for dW, _ in gradients]
                deltas = model.preactivation_gradients(X, y)
                preactivation_norms[i, j] += [np.linalg.norm(delta) for delta in deltas]
    weight_norms /= len(seeds)
    preactivation_norms /= len(seeds)
    return GradientNorms(
        activations=activation_names,
        inits=inits,
        layers=np.arange(1, depth + 2),
        weight_gradient_norms=weight_norms,
        preactivation_gradient_norms=preactivation_norms,
    )


# ----------------------------------------------------------------------------------------------
# Chapter 5: the ReLU family
# ----------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ConvergenceEpochs:
    r"""Result of :func:`convergence_epochs`.

    Attributes
    ----------
    activations : tuple of str
    seeds : tuple of int
    target_accuracy : float
    max_epochs : int
    epochs : numpy.ndarray, shape (n_activations, n_seeds)
        Epochs of full-batch gradient descent until the training accuracy first reached the
        target, or ``inf`` when it did not within ``max_epochs``.
    median, minimum, maximum : numpy.ndarray, shape (n_activations,)
        Over seeds; ``inf`` when the runs that failed make up half or more (median) or all
        (minimum) of them.
    loss_curves : numpy.ndarray, shape (n_activations, n_seeds, longest_run + 1)
        Training loss after each epoch of every run (index 0 is the initialisation), padded
        with nan after a run stops; ``longest_run`` is the largest number of epochs any run took.
    """

    activations: tuple
    seeds: tuple
    target_accuracy: float
    max_epochs: int
    epochs: np.ndarray
    median: np.ndarray
    minimum: np.ndarray
    maximum: np.ndarray
    loss_curves: np.ndarray

    def summary(self, activation):
        """Return ``(median, minimum, maximum)`` epochs of one activation."""
        if activation not in self.activations:
            raise ValueError(f"activation must be one of {self.activations}, got {activation!r}")
        i = self.activations.index(activation)
        return float(self.median[i]), float(self.minimum[i]), float(self.maximum[i])


def convergence_epochs(
    activations=("relu", "tanh", "sigmoid"),
    seeds=(0, 1, 2, 3, 4),
    target_accuracy=0.9,
    hidden=64,
    learning_rate=1.0,
    init="he",
    max_epochs=3000,
    n_per_class=100,
):
    r"""Count the epochs each activation needs to reach a training accuracy on the spirals.

    Trains ``2 -> hidden -> 3`` networks by full-batch gradient descent on
    :func:`course_lib.datasets.spirals` (3 classes, ``n_per_class`` points each, noise 0.2,
    data seed 0), one run per (activation, seed), all with the same initialisation scheme and
    learning rate, and stops each run when the accuracy reaches ``target_accuracy``. Runs that
    do not reach it within ``max_epochs`` count as ``inf``.

    Parameters
    ----------
    activations : sequence of str, default ("relu", "tanh", "sigmoid")
    seeds : sequence of int, default (0, 1, 2, 3, 4)
        Seeds of the initial weights.
    target_accuracy : float, default 0.9
    hidden : int, default 64
    learning_rate : float, default 1.0
    init : str, default "he"
        The same scheme for every activation, so only the activation differs.
    max_epochs : int, default 3000
    n_per_class : int, default 100

    Returns
    -------
    ConvergenceEpochs

    Examples
    --------
    >>> result = convergence_epochs(activations=("relu", "tanh"), seeds=(0, 1))
    >>> print(result.median[0] < result.median[1])
    True
    """
    activation_names = _check_activation_names(activations)
    seeds = _check_seeds(seeds)
    target_accuracy = check_positive(target_accuracy, "target_accuracy")
    if target_accuracy > 1:
        raise ValueError(f"target_accuracy must be in (0, 1], got {target_accuracy}")
    hidden = check_integer(hidden, "hidden", 1)
    max_epochs = check_integer(max_epochs, "max_epochs", 1)
    n_per_class = check_integer(n_per_class, "n_per_class", 2)

    X, y = spirals(n_per_class=n_per_class, n_classes=3, seed=0)
    epochs = np.full((len(activation_names), len(seeds)), np.inf)
    histories = []
    for i, activation in enumerate(activation_names):
        for j, seed in enumerate(seeds):
            model = MLP((2, hidden, 3), activation=activation, init=init, seed=seed)
            history = train(
                model, X, y, max_epochs, learning_rate, target_accuracy=target_accuracy
            )
            if history.reached_target_at is not None:
                epochs[i, j] = history.reached_target_at
            histories.append(history.loss)

    curve_length = max(len(loss) for loss in histories)
    loss_curves = np.full((len(activation_names), len(seeds), curve_length), np.nan)
    for index, loss in enumerate(histories):
        i, j = divmod(index, len(seeds))
        loss_curves[i, j, : len(loss)] = loss

    # Order statistics only, so inf (not reached) needs no special case and raises no warning.
    ordered = np.sort(epochs, axis=1)
    n = len(seeds)
    if n % 2:
        median = ordered[:, n // 2]
    else:
        median = 0.5 * (ordered[:, n // 2 - 1] + ordered[:, n // 2])
    return ConvergenceEpochs(
        activations=activation_names,
        seeds=seeds,
        target_accuracy=target_accuracy,
        max_epochs=max_epochs,
        epochs=epochs,
        median=median,
        minimum=ordered[:, 0],
        maximum=ordered[:, -1],
        loss_curves=loss_curves,
    )


@dataclasses.dataclass(frozen=True)
class DeadNeurons:
    r"""Result of :func:`dead_neuron_fraction`.

    Arrays have shape ``(n_activations, n_bias_inits, n_learning_rates, n_seeds)``.

    Attributes
    ----------
    activations : tuple of str
    bias_inits : numpy.ndarray
    learning_rates : numpy.ndarray
    seeds : tuple of int
    dead_before, dead_after : numpy.ndarray
        Fraction of hidden units whose pre-activation is <= 0 on every training point, at
        initialisation and after training.
    zero_gradient_after : numpy.ndarray
        Fraction of hidden units whose activation derivative is exactly 0 on every training
        point after training, so that no gradient reaches their incoming weights. It equals
        ``dead_after`` for ReLU and is 0 for leaky ReLU, whose slope never vanishes. For ELU it
        counts only units whose :math:`e^{z}` underflows to 0 (:math:`z \lesssim -745`). It is
        nan for a run whose pre-activations are no longer finite.
    accuracy_after : numpy.ndarray
        Training accuracy after training.
    diverged : numpy.ndarray of bool
        Runs whose loss became nan or inf; their other entries describe the state where training
        stopped.
    """

    activations: tuple
    bias_inits: np.ndarray
    learning_rates: np.ndarray
    seeds: tuple
    dead_before: np.ndarray
    dead_after: np.ndarray
    zero_gradient_after: np.ndarray
    accuracy_after: np.ndarray
    diverged: np.ndarray

    def mean_dead(self, activation, bias_init):
        """Return the seed-averaged ``dead_after`` against learning rate for one configuration."""
        if activation not in self.activations:
            raise ValueError(f"activation must be one of {self.activations}, got {activation!r}")
        matches = np.flatnonzero(self.bias_inits == bias_init)
        if matches.size == 0:
            raise ValueError(
                f"bias_init must be one of {self.bias_inits.tolist()}, got {bias_init!r}"
            )
        return self.dead_after[self.activations.index(activation), matches[0]].mean(axis=-1)


def dead_neuron_fraction(
    learning_rates=(0.1, 1.0, 3.0, 10.0),
    bias_inits=(0.0, -1.0),
    activations=("relu", "leaky_relu", "elu"),
    seeds=(0, 1, 2),
    hidden=64,
    epochs=100,
    n_per_class=100,
):
    r"""Measure the fraction of dead hidden units after training, against learning rate and bias.

    A ReLU unit is dead on a data set when its pre-activation :math:`z = w \cdot x + b` is
    :math:`\le 0` on every point: its output is 0 and its derivative :math:`\operatorname{relu}'(z)
    = 0`, so its incoming weights get exactly zero gradient and it cannot come back. A large
    learning rate can throw a unit there in one step, and a negative initial bias starts many
    units there. Leaky ReLU (slope 0.01) and ELU (:math:`\alpha e^{z}`) keep a non-zero derivative
    for :math:`z < 0`, so their "dead" units still learn.

    Trains ``2 -> hidden -> 3`` networks (He initialisation, hidden biases set to each value of
    ``bias_inits``) by full-batch gradient descent for ``epochs`` epochs on
    :func:`course_lib.datasets.spirals` (3 classes, data seed 0).

    Parameters
    ----------
    learning_rates : sequence of float, default (0.1, 1.0, 3.0, 10.0)
    bias_inits : sequence of float, default (0.0, -1.0)
    activations : sequence of str, default ("relu", "leaky_relu", "elu")
    seeds : sequence of int, default (0, 1, 2)
        Seeds of the initial weights.
    hidden : int, default 64
    epochs : int, default 100
    n_per_class : int, default 100

    Returns
    -------
    DeadNeurons

    Examples
    --------
    >>> result = dead_neuron_fraction(learning_rates=(10.0,), bias_inits=(0.0,),
    ...                               activations=("relu", "leaky_relu"), seeds=(0,))
    >>> print(f"{result.dead_after[0].mean():.2f} {result.zero_gradient_after[1].max():.2f}")
    1.00 0.00
    """
    learning_rates = np.array(_check_positive_floats(learning_rates, "learning_rates"))
    if isinstance(bias_inits, numbers.Real):
        bias_inits = (bias_inits,)
    bias_inits = np.array([float(value) for value in bias_inits])
    if bias_inits.size == 0 or not np.all(np.isfinite(bias_inits)):
        raise ValueError(f"bias_inits must be finite numbers, got {bias_inits.tolist()}")
    activation_names = _check_activation_names(activations)
    seeds = _check_seeds(seeds)
    hidden = check_integer(hidden, "hidden", 1)
    epochs = check_integer(epochs, "epochs", 0)
    n_per_class = check_integer(n_per_class, "n_per_class", 2)

    X, y = spirals(n_per_class=n_per_class, n_classes=3, seed=0)
    shape = (len(activation_names), bias_inits.size, learning_rates.size, len(seeds))
    dead_before = np.zeros(shape)
    dead_after = np.zeros(shape)
    zero_gradient = np.zeros(shape)
    accuracy = np.zeros(shape)
    diverged = np.zeros(shape, dtype=bool)
    for a, activation in enumerate(activation_names):
        entry = _activations.get_activation(activation)
        for b, bias_init in enumerate(bias_inits):
            for r, learning_rate in enumerate(learning_rates):
                for s, seed in enumerate(seeds):
                    model = MLP(
                        (2, hidden, 3), activation=activation, init="he", seed=seed,
                        bias_init=float(bias_init),
                    )
                    history = train(
                        model, X, y, epochs, float(learning_rate), record_dead_fraction=True
                    )
                    dead_before[a, b, r, s] = history.dead_fraction[0, 0]
                    dead_after[a, b, r, s] = history.dead_fraction[-1, 0]
                    accuracy[a, b, r, s] = history.accuracy[-1]
                    diverged[a, b, r, s] = history.diverged
                    zero_gradient[a, b, r, s] = _zero_gradient_fraction(model, X, entry)
    return DeadNeurons(
        activations=activation_names,
        bias_inits=bias_inits,
        learning_rates=learning_rates,
        seeds=seeds,
        dead_before=dead_before,
        dead_after=dead_after,
        zero_gradient_after=zero_gradient,
        accuracy_after=accuracy,
        diverged=diverged,
    )


def _zero_gradient_fraction(model, X, entry):
    with np.errstate(over="ignore", invalid="ignore"):
        model.forward(X)
    z = model.preactivations[0]
    if not np.all(np.isfinite(z)):
        # A diverged run: its units carry no meaningful gradient statement.
        return np.nan
    slope = np.asarray(entry.derivative(z, **model.activation_params))
    return float(np.mean(np.all(slope == 0, axis=0)))


@dataclasses.dataclass(frozen=True)
class DeadUnitCheck:
    r"""Result of :func:`dead_unit_stays_dead`, one entry per activation.

    Attributes
    ----------
    activations : tuple of str
    max_preactivation : numpy.ndarray
        Largest pre-activation of the chosen unit over the data before training (<= 0).
    incoming_gradient_norm : numpy.ndarray
        Norm of the gradient of the unit's incoming weights and bias at that point.
    parameters_changed : numpy.ndarray of bool
        Whether training changed any incoming weight or the bias of the unit.
    max_preactivation_after : numpy.ndarray
        Largest pre-activation of the unit after training.
    """

    activations: tuple
    max_preactivation: np.ndarray
    incoming_gradient_norm: np.ndarray
    parameters_changed: np.ndarray
    max_preactivation_after: np.ndarray


def dead_unit_stays_dead(
    activations=("relu", "leaky_relu"), unit=0, bias=-3.0, epochs=200, learning_rate=0.5, seed=0
):
    r"""Show that a dead ReLU unit gets zero gradient and so never recovers.

    Builds a ``2 -> 16 -> 3`` network and sets the bias of hidden unit ``unit`` to ``bias``, or
    lower when needed, so that its pre-activation is negative on every point of
    :func:`course_lib.datasets.spirals`. The points lie in the unit disc, so a bias below minus
    the norm of the unit's weights suffices. Then it computes

    .. math::

        \frac{\partial \mathcal L}{\partial w_{\cdot u}} = \sum_i x_i \, \delta_{i u}, \qquad
        \delta_{i u} = (\delta^{out}_i W_2^\top)_u \, f'(z_{i u}),

    which is exactly 0 for ReLU because :math:`f'(z) = 0` for :math:`z \le 0`. Training with
    momentum then leaves the unit's parameters bit-for-bit unchanged. With leaky ReLU the same
    unit gets a non-zero gradient and its parameters move.

    Parameters
    ----------
    activations : sequence of str, default ("relu", "leaky_relu")
    unit : int, default 0
        Index of the hidden unit to kill, in 0..15.
    bias : float, default -3.0
        Bias given to that unit; it must be negative.
    epochs : int, default 200
    learning_rate : float, default 0.5
    seed : int, default 0

    Returns
    -------
    DeadUnitCheck

    Examples
    --------
    >>> check = dead_unit_stays_dead()
    >>> print(check.incoming_gradient_norm[0], bool(check.parameters_changed[0]))
    0.0 False
    >>> print(bool(check.incoming_gradient_norm[1] > 0), bool(check.parameters_changed[1]))
    True True
    """
    activation_names = _check_activation_names(activations)
    unit = check_integer(unit, "unit", 0)
    hidden = 16
    if unit >= hidden:
        raise ValueError(f"unit must be in 0..{hidden - 1}, got {unit}")
    bias = float(bias)
    if not bias < 0:
        raise ValueError(f"bias must be negative so the unit starts dead, got {bias}")
    epochs = check_integer(epochs, "epochs", 1)
    learning_rate = check_positive(learning_rate, "learning_rate")

    X, y = spirals(n_per_class=100, n_classes=3, seed=0)
    n = len(activation_names)
    max_before = np.zeros(n)
    gradient_norm = np.zeros(n)
    changed = np.zeros(n, dtype=bool)
    max_after = np.zeros(n)
    for a, activation in enumerate(activation_names):
        model = MLP((2, hidden, 3), activation=activation, init="he", seed=seed)
        weights_norm = float(np.linalg.norm(model.weights[0][:, unit]))
        # |w . x| <= |w| on the unit disc, so this bias keeps z < 0 on every point.
        model.biases[0][unit] = min(bias, -1.5 * weights_norm)
        model.forward(X)
        max_before[a] = model.preactivations[0][:, unit].max()

        _, gradients = model.loss_and_gradients(X, y)
        dW, db = gradients[0]
        gradient_norm[a] = math.hypot(float(np.linalg.norm(dW[:, unit])), float(db[unit]))

        incoming = model.weights[0][:, unit].copy()
        bias_before = model.biases[0][unit]
        train(model, X, y, epochs, learning_rate, momentum=0.9)
        changed[a] = not (
            np.array_equal(model.weights[0][:, unit], incoming)
            and model.biases[0][unit] == bias_before
        )
        model.forward(X)
        max_after[a] = model.preactivations[0][:, unit].max()
    return DeadUnitCheck(
        activations=activation_names,
        max_preactivation=max_before,
        incoming_gradient_norm=gradient_norm,
        parameters_changed=changed,
        max_preactivation_after=max_after,
    )


@dataclasses.dataclass(frozen=True)
class RReLUCheck:
    r"""Result of :func:`rrelu_train_vs_eval`.

    Attributes
    ----------
    x : numpy.ndarray
        Inputs.
    lower, upper : float
        Slope bounds :math:`l, u` (multiplicative parameterisation).
    train_mean : numpy.ndarray
        Monte Carlo mean of the training output :math:`a x`, :math:`a \sim U(l, u)`.
    train_standard_error : numpy.ndarray
        Standard error of that mean.
    eval_output : numpy.ndarray
        Evaluation output with slope :math:`(l + u)/2`.
    expected_slope : float
        :math:`E[a] = (l + u)/2`, so the evaluation output is the expected training output.
    divisor_train_mean : numpy.ndarray
        Monte Carlo mean of :math:`x / d`, :math:`d \sim U(1/u, 1/l)`: the divisor
        parameterisation with the same slope range.
    divisor_train_standard_error : numpy.ndarray
        Standard error of that mean.
    divisor_eval_output : numpy.ndarray
        :math:`x / ((1/u + 1/l)/2)`, the divisor form's test-time rule.
    divisor_expected_slope : float
        :math:`E[1/d] = \ln(u/l) / (1/l - 1/u)`, the exact mean slope of the divisor form.
    divisor_eval_slope : float
        :math:`2 / (1/l + 1/u)`, smaller than ``divisor_expected_slope`` by Jensen's inequality.
    """

    x: np.ndarray
    lower: float
    upper: float
    train_mean: np.ndarray
    train_standard_error: np.ndarray
    eval_output: np.ndarray
    expected_slope: float
    divisor_train_mean: np.ndarray
    divisor_train_standard_error: np.ndarray
    divisor_eval_output: np.ndarray
    divisor_expected_slope: float
    divisor_eval_slope: float


def rrelu_train_vs_eval(x=None, lower=1.0 / 8.0, upper=1.0 / 3.0, n_draws=20000, seed=0):
    r"""Compare RReLU's random training output with its deterministic evaluation output.

    In training every element draws its own slope, :math:`y = a x` for :math:`x < 0` with
    :math:`a \sim U(l, u)`. In evaluation PyTorch (``torch.nn.RReLU``, whose defaults
    :math:`l = 1/8`, :math:`u = 1/3` are used here) and :func:`course_lib.activations.rrelu` use
    the fixed slope :math:`(l + u)/2`. Because the output is linear in :math:`a`,

    .. math::

        E[a x] = x\,E[a] = x \frac{l + u}{2},

    so the evaluation output is exactly the expected training output, as with dropout's scaling.

    Xu et al. (2015) write the negative part as a division, :math:`y = x / d` with
    :math:`d \sim U(3, 8)` (the Kaggle NDSB winner's setting, slopes between 1/8 and 1/3), and
    at test time divide by :math:`(3 + 8)/2`, as summarised on Papers with Code
    (paperswithcode.com/method/rrelu). In that parameterisation the test-time slope
    :math:`2/11 \approx 0.1818` is not the mean training slope
    :math:`E[1/d] = \ln(8/3)/5 \approx 0.1962`: :math:`1/d` is convex, so by Jensen's inequality
    :math:`1/E[d] < E[1/d]`. The function returns both rules.

    Parameters
    ----------
    x : array_like, optional
        Inputs; default 13 points evenly spaced in [-3, 3].
    lower, upper : float, default 1/8 and 1/3
        Slope bounds, :math:`0 < l < u`.
    n_draws : int, default 20000
        Training draws per input.
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    RReLUCheck

    Examples
    --------
    >>> check = rrelu_train_vs_eval()
    >>> print(f"{check.expected_slope:.4f} {check.divisor_eval_slope:.4f} "
    ...       f"{check.divisor_expected_slope:.4f}")
    0.2292 0.1818 0.1962
    """
    if x is None:
        x = np.linspace(-3.0, 3.0, 13)
    x = np.asarray(as_float_array(x, "x"), dtype=np.float64).reshape(-1)
    lower = check_positive(lower, "lower")
    upper = check_positive(upper, "upper")
    if not lower < upper:
        raise ValueError(f"lower must be < upper, got lower={lower}, upper={upper}")
    n_draws = check_integer(n_draws, "n_draws", 2)
    rng = check_rng(seed, "seed")

    inputs = np.broadcast_to(x, (n_draws, x.size))
    outputs = _activations.rrelu(inputs, lower=lower, upper=upper, training=True, rng=rng)
    train_mean = outputs.mean(axis=0)
    train_standard_error = outputs.std(axis=0, ddof=1) / math.sqrt(n_draws)
    eval_output = _activations.rrelu(x, lower=lower, upper=upper, training=False)

    divisor = rng.uniform(1.0 / upper, 1.0 / lower, size=(n_draws, x.size))
    divisor_outputs = np.where(inputs < 0, inputs / divisor, inputs)
    divisor_mid = 0.5 * (1.0 / lower + 1.0 / upper)
    divisor_eval = np.where(x < 0, x / divisor_mid, x)
    divisor_expected_slope = math.log(upper / lower) / (1.0 / lower - 1.0 / upper)

    return RReLUCheck(
        x=x,
        lower=lower,
        upper=upper,
        train_mean=train_mean,
        train_standard_error=train_standard_error,
        eval_output=np.asarray(eval_output, dtype=np.float64),
        expected_slope=0.5 * (lower + upper),
        divisor_train_mean=divisor_outputs.mean(axis=0),
        divisor_train_standard_error=divisor_outputs.std(axis=0, ddof=1) / math.sqrt(n_draws),
        divisor_eval_output=divisor_eval,
        divisor_expected_slope=divisor_expected_slope,
        divisor_eval_slope=1.0 / divisor_mid,
    )
