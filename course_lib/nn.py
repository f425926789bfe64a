r"""A NumPy multilayer perceptron with manual backpropagation.

The network maps a batch :math:`X` of shape ``(N, D)`` to class logits through hidden layers

.. math::

    z_l = h_{l-1} W_l + b_l, \qquad h_l = f(z_l), \qquad h_0 = X,

and a linear output layer :math:`\text{logits} = h_{L-1} W_L + b_L`. The loss is the mean
cross-entropy of the softmax of the logits, computed from the logits by log-softmax so it never
takes the log of 0:

.. math::

    \mathcal L = -\frac1N \sum_{i} \log \operatorname{softmax}(\text{logits}_i)_{y_i}, \qquad
    \frac{\partial \mathcal L}{\partial\, \text{logits}} = \frac1N (P - Y),

with :math:`P` the softmax probabilities and :math:`Y` the one-hot labels. Backpropagation then
runs :math:`\delta_L = (P - Y)/N`, :math:`\partial \mathcal L / \partial W_l = h_{l-1}^\top
\delta_l`, :math:`\partial \mathcal L / \partial b_l = \sum_i \delta_{l,i}` and
:math:`\delta_{l-1} = (\delta_l W_l^\top) \odot f'(z_{l-1})`.

:class:`MLP` stores the weights. :func:`train` runs gradient descent with optional momentum and
mini-batches and returns a :class:`TrainingHistory`. Weights are float64 and stored with shape
``(fan_in, fan_out)``, so a batch is multiplied from the left. Every random draw comes from a
``numpy.random.Generator`` made from the ``seed`` argument.
"""

import dataclasses
import inspect
import math
import numbers

import numpy as np

from course_lib import activations as _activations
from course_lib._validation import as_float_array, check_integer, check_nonnegative, check_positive, check_rng

__all__ = ["MLP", "TrainingHistory", "train", "INITIALISATIONS"]

INITIALISATIONS = ("he", "xavier", "glorot", "lecun", "normal")
"""Names accepted by ``MLP(init=...)``; "glorot" is another name for "xavier"."""


def _init_std(init, fan_in, fan_out, init_scale):
    if init == "he":
        std = math.sqrt(2.0 / fan_in)
    elif init in ("xavier", "glorot"):
        std = math.sqrt(2.0 / (fan_in + fan_out))
    elif init == "lecun":
        std = math.sqrt(1.0 / fan_in)
    else:
        return 0.01 if init_scale is None else init_scale
    return std if init_scale is None else std * init_scale


def _accepts_out(function):
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    return "out" in parameters


def _resolve_activation(activation, activation_params):
    """Return ``(name, f, f_grad, params)`` from a registry name, an Activation or a pair."""
    if isinstance(activation, str):
        activation = _activations.get_activation(activation)
    defaults = {}
    if hasattr(activation, "function") and hasattr(activation, "derivative"):
        name, function, derivative = (
            getattr(activation, "name", "custom"),
            activation.function,
            activation.derivative,
        )
        # Registry entries list their default parameters; PReLU needs its weight passed.
        defaults = dict(getattr(activation, "params", None) or {})
    elif (
        isinstance(activation, (tuple, list))
        and len(activation) == 2
        and all(callable(item) for item in activation)
    ):
        function, derivative = activation
        name = getattr(function, "__name__", "custom")
    else:
        raise TypeError(
            "activation must be a name from course_lib.activations.ACTIVATIONS, an Activation, "
            f"or a pair (f, f_grad) of callables; got {type(activation).__name__}"
        )

    if activation_params is None:
        activation_params = {}
    if not isinstance(activation_params, dict):
        raise TypeError(
            "activation_params must be a dict of keyword arguments for the activation, got "
            f"{type(activation_params).__name__}"
        )
    params = {**defaults, **activation_params}
    _probe_activation(name, function, derivative, params)
    return name, function, derivative, params


def _probe_activation(name, function, derivative, params):
    # A student's function fails here with a readable message rather than deep inside backprop.
    probe = np.linspace(-3.0, 3.0, 7).reshape(7, 1)
    for label, callable_ in (("activation", function), ("activation derivative", derivative)):
        try:
            # A warning from a student's function becomes the nan/inf message below.
            with np.errstate(all="ignore"):
                value = np.asarray(callable_(probe.copy(), **params))
        except TypeError as error:
            raise TypeError(
                f"the {label} of {name!r} failed on a float64 array of shape (7, 1) with "
                f"activation_params={params}: {error}"
            ) from None
        if value.shape != probe.shape:
            raise ValueError(
                f"the {label} of {name!r} must return an array of the input's shape (7, 1), "
                f"got shape {value.shape}"
            )
        if not np.all(np.isfinite(value)):
            raise ValueError(
                f"the {label} of {name!r} returned nan or inf on inputs in [-3, 3]: "
                f"{value.ravel().tolist()}"
            )


def _is_registry_relu(function, derivative):
    return function is _activations.relu and derivative is _activations.relu_grad


def _check_layer_sizes(layer_sizes):
    try:
        sizes = tuple(layer_sizes)
    except TypeError:
        raise TypeError(
            f"layer_sizes must be a sequence of integers, got {type(layer_sizes).__name__}"
        ) from None
    if len(sizes) < 2:
        raise ValueError(
            "layer_sizes must list at least the input and output sizes, for example (2, 64, 3); "
            f"got {sizes}"
        )
    for size in sizes:
        if isinstance(size, (bool, np.bool_)) or not isinstance(size, numbers.Integral):
            raise TypeError(f"layer_sizes must contain integers, got {size!r} in {sizes}")
        if size < 1:
            raise ValueError(f"layer_sizes must contain sizes >= 1, got {sizes}")
    if sizes[-1] < 2:
        raise ValueError(f"the output size (last of layer_sizes) must be >= 2 classes, got {sizes}")
    return tuple(int(size) for size in sizes)


def _check_data(X, y, n_inputs, n_classes):
    X = np.asarray(as_float_array(X, "X"), dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != n_inputs:
        raise ValueError(f"X must have shape (N, {n_inputs}), got {X.shape}")
    if X.shape[0] == 0:
        raise ValueError("X must contain at least one row")
    if y is None:
        return X, None
    labels = np.asarray(y)
    if labels.shape != (X.shape[0],):
        raise ValueError(
            f"y must have shape ({X.shape[0]},), one label per row of X, got {labels.shape}"
        )
    if not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(f"y must contain integer class labels, got dtype {labels.dtype}")
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ValueError(
            f"y must contain labels in 0..{n_classes - 1}, got values from {labels.min()} to "
            f"{labels.max()}"
        )
    return X, labels.astype(np.intp, copy=False)


class _Buffers:
    """Arrays for one batch size, reused by every step so training allocates little."""

    def __init__(self, layer_sizes, n_rows):
        n_layers = len(layer_sizes) - 1
        self.z = [np.empty((n_rows, size)) for size in layer_sizes[1:]]
        self.h = [np.empty((n_rows, size)) for size in layer_sizes[1:-1]]
        self.delta = [np.empty((n_rows, size)) for size in layer_sizes[1:]]
        self.row_sums = np.empty((n_rows, 1))
        self.ones_rows = np.ones(n_rows)
        self.ones_classes = np.ones((layer_sizes[-1], 1))
        self.predicted = np.empty(n_rows, dtype=np.intp)
        self.mask = [np.empty((n_rows, size), dtype=bool) for size in layer_sizes[1:-1]]
        self.rows = np.arange(n_rows)
        self.n_layers = n_layers


class MLP:
    r"""Multilayer perceptron classifier with a chosen activation and initialisation.

    Parameters
    ----------
    layer_sizes : sequence of int
        Sizes from input to output, for example ``(2, 64, 3)``: 2 inputs, one hidden layer of 64
        units, 3 classes. The output layer is linear (logits).
    activation : str, Activation or (callable, callable), default "relu"
        Activation of every hidden layer: a name from
        ``course_lib.activations.ACTIVATIONS``, an ``Activation`` from that registry, or a pair
        ``(f, f_grad)`` of elementwise functions and their derivatives (for the lab).
    init : {"he", "xavier", "glorot", "lecun", "normal"}, default "he"
        Weight initialisation. Every weight is drawn from :math:`\mathcal N(0, s^2)` with
        :math:`s^2 = 2 / n_{in}` (He et al., 2015), :math:`2 / (n_{in} + n_{out})` (Glorot and
        Bengio, 2010, in its normal form), :math:`1 / n_{in}` (LeCun), or :math:`s =`
        ``init_scale`` for "normal".
    seed : int, numpy.random.Generator or None, default 0
        Source of the initial weights.
    activation_params : dict, optional
        Keyword arguments passed to the activation and its derivative, for example
        ``{"negative_slope": 0.1}``.
    bias_init : float, default 0.0
        Initial value of every hidden-layer bias (the output biases start at 0). A negative
        value starts units closer to dead for ReLU.
    init_scale : float, optional
        For ``init="normal"`` the standard deviation (default 0.01); for the other schemes a
        factor on their standard deviation (default 1).

    Attributes
    ----------
    weights : list of numpy.ndarray
        ``weights[l]`` has shape ``(layer_sizes[l], layer_sizes[l + 1])``.
    biases : list of numpy.ndarray
        ``biases[l]`` has shape ``(layer_sizes[l + 1],)``.
    activation_name : str

    Examples
    --------
    >>> model = MLP((2, 16, 3), activation="tanh", init="xavier", seed=0)
    >>> X = np.array([[0.5, -1.0], [2.0, 0.0]])
    >>> loss, gradients = model.loss_and_gradients(X, np.array([0, 2]))
    >>> print([dW.shape for dW, db in gradients])
    [(2, 16), (16, 3)]
    >>> print(f"{model.predict_proba(X).sum(axis=1)[0]:.6f}")
    1.000000
    """

    def __init__(
        self,
        layer_sizes,
        activation="relu",
        init="he",
        seed=0,
        activation_params=None,
        bias_init=0.0,
        init_scale=None,
    ):
        self.layer_sizes = _check_layer_sizes(layer_sizes)
        if init not in INITIALISATIONS:
            raise ValueError(f"init must be one of {INITIALISATIONS}, got {init!r}")
        if init_scale is not None:
            init_scale = check_positive(init_scale, "init_scale")
        bias_init = float(np.float64(_finite(bias_init, "bias_init")))
        rng = check_rng(seed, "seed")
        (self.activation_name, self._function, self._derivative, self.activation_params) = (
            _resolve_activation(activation, activation_params)
        )
        self._function_out = _accepts_out(self._function)
        self._derivative_out = _accepts_out(self._derivative)
        # The registry's relu and relu_grad validate and convert their input on every call,
        # which costs more than the arithmetic at this size, so the network computes them
        # inline with the same values (relu'(0) = 0).
        self._relu = _is_registry_relu(self._function, self._derivative)
        self.init = init

        self.weights = []
        self.biases = []
        n_layers = len(self.layer_sizes) - 1
        for l in range(n_layers):
            fan_in, fan_out = self.layer_sizes[l], self.layer_sizes[l + 1]
            std = _init_std(init, fan_in, fan_out, init_scale)
            self.weights.append(std * rng.standard_normal((fan_in, fan_out)))
            hidden = l < n_layers - 1
            self.biases.append(np.full(fan_out, bias_init if hidden else 0.0))
        self._buffers = {}
        self._gradient_w = [np.empty_like(W) for W in self.weights]
        self._gradient_b = [np.empty_like(b) for b in self.biases]
        self.preactivations = []
        self.hidden = []

    @property
    def n_layers(self):
        """Number of weight layers (hidden layers + the output layer)."""
        return len(self.weights)

    def _buffers_for(self, n_rows):
        buffers = self._buffers.get(n_rows)
        if buffers is None:
            # Keep at most a few sizes (full batch, mini-batch, last mini-batch).
            if len(self._buffers) >= 4:
                self._buffers.clear()
            buffers = _Buffers(self.layer_sizes, n_rows)
            self._buffers[n_rows] = buffers
        return buffers

    def _activate(self, z, out):
        if self._relu:
            return np.maximum(z, 0.0, out=out)
        if self._function_out:
            self._function(z, out=out, **self.activation_params)
        else:
            out[...] = self._function(z, **self.activation_params)
        return out

    def _forward_into(self, X):
        """Run the forward pass into reusable buffers; return them with logits in ``z[-1]``."""
        buffers = self._buffers_for(X.shape[0])
        h = X
        for l in range(self.n_layers):
            z = buffers.z[l]
            np.matmul(h, self.weights[l], out=z)
            z += self.biases[l]
            if l < self.n_layers - 1:
                h = self._activate(z, buffers.h[l])
        return buffers

    def _loss_into(self, buffers, y):
        """Turn the logits into softmax probabilities in ``delta[-1]`` and return the loss."""
        logits = buffers.z[-1]
        probabilities = buffers.delta[-1]
        # Shift each row by its max so exp cannot overflow; the loss is log-softmax at the label.
        # Reductions over the short class axis are slow in NumPy, so the row max is read at the
        # argmax (also the prediction) and row sums are a product with a vector of ones.
        np.argmax(logits, axis=1, out=buffers.predicted)
        row_max = logits[buffers.rows, buffers.predicted]
        np.subtract(logits, row_max[:, np.newaxis], out=probabilities)
        label_scores = probabilities[buffers.rows, y]
        np.exp(probabilities, out=probabilities)
        np.matmul(probabilities, buffers.ones_classes, out=buffers.row_sums)
        probabilities /= buffers.row_sums
        log_sums = np.log(buffers.row_sums[:, 0])
        log_sums -= label_scores
        return float(np.add.reduce(log_sums)) / logits.shape[0]

    def _backward_into(self, X, y, buffers):
        """Fill the gradient buffers from the probabilities left in ``delta[-1]``."""
        n_rows = X.shape[0]
        delta = buffers.delta[-1]
        delta[buffers.rows, y] -= 1.0
        delta /= n_rows
        for l in range(self.n_layers - 1, -1, -1):
            h_previous = X if l == 0 else buffers.h[l - 1]
            np.matmul(h_previous.T, delta, out=self._gradient_w[l])
            np.matmul(buffers.ones_rows, delta, out=self._gradient_b[l])
            if l == 0:
                break
            delta_previous = buffers.delta[l - 1]
            np.matmul(delta, self.weights[l].T, out=delta_previous)
            z_previous = buffers.z[l - 1]
            if self._relu:
                slope = np.greater(z_previous, 0.0, out=buffers.mask[l - 1])
            elif self._derivative_out:
                # The hidden output h[l - 1] is no longer needed once dW[l] is computed, so it
                # receives f'(z).
                slope = self._derivative(z_previous, out=buffers.h[l - 1], **self.activation_params)
            else:
                slope = self._derivative(z_previous, **self.activation_params)
            delta_previous *= slope
            delta = delta_previous

    def forward(self, X):
        r"""Compute the logits of a batch, keeping every layer's values.

        After the call, ``preactivations[l]`` is :math:`z_{l+1}` and ``hidden[l]`` is
        :math:`h_{l+1}` for each hidden layer (copies that later calls do not change).

        Parameters
        ----------
        X : array_like, shape (N, D)

        Returns
        -------
        numpy.ndarray, shape (N, K)
            Logits :math:`h_{L-1} W_L + b_L`.
        """
        X, _ = _check_data(X, None, self.layer_sizes[0], self.layer_sizes[-1])
        buffers = self._forward_into(X)
        self.preactivations = [z.copy() for z in buffers.z[:-1]]
        self.hidden = [h.copy() for h in buffers.h]
        return buffers.z[-1].copy()

    def predict_proba(self, X):
        """Return the softmax probabilities of each class, shape (N, K); rows sum to 1."""
        logits = self.forward(X)
        logits -= np.max(logits, axis=1, keepdims=True)
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        return probabilities

    def predict(self, X):
        """Return the most probable class of each row of ``X``, shape (N,), int64."""
        return np.argmax(self.forward(X), axis=1).astype(np.int64)

    def accuracy(self, X, y):
        """Return the fraction of rows of ``X`` whose predicted class equals ``y``."""
        X, y = _check_data(X, y, self.layer_sizes[0], self.layer_sizes[-1])
        return float(np.mean(self.predict(X) == y))

    def loss(self, X, y):
        """Return the mean cross-entropy of the softmax of the logits against ``y``."""
        X, y = _check_data(X, y, self.layer_sizes[0], self.layer_sizes[-1])
        buffers = self._forward_into(X)
        return self._loss_into(buffers, y)

    def loss_and_gradients(self, X, y):
        r"""Compute the loss and its gradient with respect to every weight and bias.

        Parameters
        ----------
        X : array_like, shape (N, D)
        y : array_like of int, shape (N,)
            Class labels in ``0, ..., K - 1``.

        Returns
        -------
        loss : float
            Mean cross-entropy :math:`\mathcal L`.
        gradients : list of (numpy.ndarray, numpy.ndarray)
            ``gradients[l] = (dL/dW_l, dL/db_l)``, shaped like ``weights[l]`` and
            ``biases[l]``; fresh arrays owned by the caller.
        """
        X, y = _check_data(X, y, self.layer_sizes[0], self.layer_sizes[-1])
        buffers = self._forward_into(X)
        loss = self._loss_into(buffers, y)
        self._backward_into(X, y, buffers)
        gradients = [
            (dW.copy(), db.copy()) for dW, db in zip(self._gradient_w, self._gradient_b)
        ]
        return loss, gradients

    def preactivation_gradients(self, X, y):
        r"""Compute :math:`\partial \mathcal L / \partial z_l` for every layer, output included.

        Returns
        -------
        list of numpy.ndarray
            ``result[l]`` has shape ``(N, layer_sizes[l + 1])``; the last entry is
            :math:`(P - Y)/N`.
        """
        X, y = _check_data(X, y, self.layer_sizes[0], self.layer_sizes[-1])
        buffers = self._forward_into(X)
        self._loss_into(buffers, y)
        self._backward_into(X, y, buffers)
        return [delta.copy() for delta in buffers.delta]

    def dead_fraction(self, X):
        """Return, per hidden layer, the fraction of units with pre-activation <= 0 on every row.

        For ReLU such a unit outputs 0 and passes no gradient on the whole of ``X``.

        Returns
        -------
        numpy.ndarray, shape (number of hidden layers,)
        """
        X, _ = _check_data(X, None, self.layer_sizes[0], self.layer_sizes[-1])
        buffers = self._forward_into(X)
        return _dead_fractions(buffers)

    def copy(self):
        """Return an independent copy with the same weights, biases and activation."""
        clone = object.__new__(MLP)
        clone.__dict__.update(self.__dict__)
        clone.weights = [W.copy() for W in self.weights]
        clone.biases = [b.copy() for b in self.biases]
        clone._buffers = {}
        clone._gradient_w = [np.empty_like(W) for W in self.weights]
        clone._gradient_b = [np.empty_like(b) for b in self.biases]
        return clone


def _finite(value, name):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def _dead_fractions(buffers):
    fractions = [np.mean(~np.any(z > 0, axis=0)) for z in buffers.z[:-1]]
    return np.array(fractions, dtype=np.float64)


@dataclasses.dataclass
class TrainingHistory:
    r"""Record of a :func:`train` run.

    Index ``e`` of ``loss``, ``accuracy`` and ``dead_fraction`` is the state after ``e`` epochs,
    measured on the whole training set, so index 0 is the initialisation and the arrays have
    ``epochs_run + 1`` entries.

    Attributes
    ----------
    loss : numpy.ndarray, shape (epochs_run + 1,)
        Mean cross-entropy.
    accuracy : numpy.ndarray, shape (epochs_run + 1,)
        Fraction of correctly classified training points.
    epochs_run : int
        Epochs completed; fewer than requested when ``target_accuracy`` was reached or the
        loss stopped being finite.
    reached_target_at : int or None
        First epoch count at which the accuracy was at least ``target_accuracy``; None when not
        reached or when no target was given.
    diverged : bool
        Whether training stopped because the loss became nan or inf.
    gradient_norms : numpy.ndarray or None, shape (epochs_run, n_layers)
        Frobenius norm of :math:`\partial \mathcal L / \partial W_l` in the last step of each
        epoch, when ``record_gradient_norms`` was set.
    dead_fraction : numpy.ndarray or None, shape (epochs_run + 1, n_hidden_layers)
        Fraction of each hidden layer's units with pre-activation <= 0 on every training point,
        when ``record_dead_fraction`` was set.
    """

    loss: np.ndarray
    accuracy: np.ndarray
    epochs_run: int
    reached_target_at: int | None = None
    diverged: bool = False
    gradient_norms: np.ndarray | None = None
    dead_fraction: np.ndarray | None = None


def _check_batch_size(batch_size, n_rows):
    if batch_size is None:
        return n_rows
    if isinstance(batch_size, (bool, np.bool_)) or not isinstance(batch_size, numbers.Integral):
        raise TypeError(f"batch_size must be None or an integer, got {batch_size!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    return min(int(batch_size), n_rows)


def train(
    model,
    X,
    y,
    epochs,
    learning_rate,
    momentum=0.0,
    batch_size=None,
    seed=0,
    *,
    target_accuracy=None,
    record_gradient_norms=False,
    record_dead_fraction=False,
):
    r"""Train ``model`` in place by gradient descent with optional momentum and mini-batches.

    Each step updates every parameter :math:`\theta` by heavy-ball momentum

    .. math::

        v \leftarrow \mu v - \eta \nabla_\theta \mathcal L_{\text{batch}}, \qquad
        \theta \leftarrow \theta + v,

    which is plain gradient descent for :math:`\mu = 0`. An epoch is one pass over the data: one
    step with the full batch (``batch_size=None``), or one step per mini-batch of a fresh random
    permutation.

    Parameters
    ----------
    model : MLP
        Network to train; its weights change in place.
    X : array_like, shape (N, D)
    y : array_like of int, shape (N,)
    epochs : int
        Maximum number of epochs.
    learning_rate : float
        Step size :math:`\eta > 0`.
    momentum : float, default 0.0
        :math:`\mu \in [0, 1)`.
    batch_size : int, optional
        Mini-batch size; None for full-batch gradient descent.
    seed : int, numpy.random.Generator or None, default 0
        Source of the mini-batch permutations (unused for full batches).
    target_accuracy : float, optional
        Stop as soon as the training accuracy reaches this value.
    record_gradient_norms : bool, default False
        Record the norm of each layer's weight gradient every epoch.
    record_dead_fraction : bool, default False
        Record the fraction of dead hidden units (pre-activation <= 0 on every training point)
        after every epoch.

    Returns
    -------
    TrainingHistory

    Notes
    -----
    A loss that becomes nan or inf (too large a learning rate) stops training with
    ``diverged = True``; overflow inside such a run raises no floating-point warning.

    Examples
    --------
    >>> from course_lib.datasets import xor
    >>> X, y = xor(n_per_class=50, seed=0)
    >>> model = MLP((2, 8, 2), activation="tanh", init="xavier", seed=0)
    >>> history = train(model, X, y, epochs=300, learning_rate=0.5, momentum=0.9)
    >>> print(f"{history.accuracy[0]:.2f} -> {history.accuracy[-1]:.2f}")
    0.48 -> 1.00
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be an MLP, got {type(model).__name__}")
    X, y = _check_data(X, y, model.layer_sizes[0], model.layer_sizes[-1])
    epochs = check_integer(epochs, "epochs", 0)
    learning_rate = check_positive(learning_rate, "learning_rate")
    momentum = check_nonnegative(momentum, "momentum")
    if momentum >= 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}")
    n_rows = X.shape[0]
    batch_size = _check_batch_size(batch_size, n_rows)
    rng = check_rng(seed, "seed")
    if target_accuracy is not None:
        target_accuracy = check_nonnegative(target_accuracy, "target_accuracy")
        if target_accuracy > 1:
            raise ValueError(f"target_accuracy must be in [0, 1], got {target_accuracy}")

    parameters = [p for pair in zip(model.weights, model.biases) for p in pair]
    gradients = [g for pair in zip(model._gradient_w, model._gradient_b) for g in pair]
    velocities = [np.zeros_like(p) for p in parameters] if momentum > 0 else None
    full_batch = batch_size == n_rows

    losses = np.empty(epochs + 1)
    accuracies = np.empty(epochs + 1)
    gradient_norms = np.empty((epochs, model.n_layers)) if record_gradient_norms else None
    dead = np.empty((epochs + 1, model.n_layers - 1)) if record_dead_fraction else None
    reached_at = None
    diverged = False
    epoch = 0

    def record(buffers, index):
        # Loss, accuracy and dead units of the parameters that produced this forward pass.
        nonlocal reached_at
        losses[index] = model._loss_into(buffers, y)
        accuracies[index] = np.count_nonzero(buffers.predicted == y) / n_rows
        if dead is not None:
            dead[index] = _dead_fractions(buffers)
        if target_accuracy is not None and reached_at is None:
            if accuracies[index] >= target_accuracy:
                reached_at = index

    def update():
        if velocities is None:
            for parameter, gradient in zip(parameters, gradients):
                gradient *= learning_rate
                parameter -= gradient
        else:
            for parameter, gradient, velocity in zip(parameters, gradients, velocities):
                velocity *= momentum
                gradient *= learning_rate
                velocity -= gradient
                parameter += velocity

    # A diverging run overflows before its loss turns inf; it is reported through `diverged`.
    with np.errstate(over="ignore", invalid="ignore"):
        buffers = model._forward_into(X)
        record(buffers, 0)
        while epoch < epochs:
            if not np.isfinite(losses[epoch]):
                diverged = True
                break
            if reached_at is not None:
                break
            if full_batch:
                # The forward pass of this step also measures the state after the last epoch,
                # so it was already recorded; only backward and update remain.
                model._backward_into(X, y, buffers)
                if gradient_norms is not None:
                    gradient_norms[epoch] = [np.linalg.norm(g) for g in model._gradient_w]
                update()
            else:
                order = rng.permutation(n_rows)
                for start in range(0, n_rows, batch_size):
                    rows = order[start : start + batch_size]
                    X_batch, y_batch = X[rows], y[rows]
                    batch_buffers = model._forward_into(X_batch)
                    model._loss_into(batch_buffers, y_batch)
                    model._backward_into(X_batch, y_batch, batch_buffers)
                    update()
                if gradient_norms is not None:
                    gradient_norms[epoch] = [np.linalg.norm(g) for g in model._gradient_w]
            epoch += 1
            buffers = model._forward_into(X)
            record(buffers, epoch)
        if epoch > 0 and not np.isfinite(losses[epoch]):
            diverged = True

    return TrainingHistory(
        loss=losses[: epoch + 1].copy(),
        accuracy=accuracies[: epoch + 1].copy(),
        epochs_run=epoch,
        reached_target_at=reached_at,
        diverged=diverged,
        gradient_norms=None if gradient_norms is None else gradient_norms[:epoch].copy(),
        dead_fraction=None if dead is None else dead[: epoch + 1].copy(),
    )
