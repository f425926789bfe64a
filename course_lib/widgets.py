"""Interactive explorers for the chapters, and the static figure shown beside each one.

Each explorer is an :class:`Explorer`. Its ``.controls`` maps a name to an ipywidgets control,
and ``.data`` contains the NumPy arrays currently plotted. ``.figure`` is a persistent matplotlib
``Figure``, redrawn on every change and shown as a PNG in an ``ipywidgets.Image``. ``.widget`` is
the box to display, and a notebook cell can also end with the explorer itself. Setting a
control's ``value`` updates ``.data`` and the picture at once, so tests drive the explorers
without a browser or a kernel. Every explorer is deterministic: the random ones take a ``seed``.

In the static HTML book widgets do not render, so each explorer has a ``*_figure`` function that
draws the equivalent static figure with pyplot (end the cell with ``plt.show()``).

ipywidgets is imported inside the functions that build widgets. Importing this module imports
matplotlib (through :mod:`course_lib.plotting`), and ``import course_lib`` imports neither.
"""

import html
import io

import numpy as np

from course_lib import plotting
from course_lib._validation import check_in_range

__all__ = [
    "Explorer",
    "activation_explorer",
    "activation_explorer_figure",
    "softmax_explorer",
    "softmax_explorer_figure",
    "gradient_flow_explorer",
    "gradient_flow_explorer_figure",
    "dead_neuron_trainer",
    "dead_neuron_trainer_figure",
]


class Explorer:
    """An interactive figure: named controls, the plotted data, and the widget that shows both.

    Subclasses build their controls, then call :meth:`_finish`, and implement :meth:`_compute`
    (fill ``self.data`` from the control values) and :meth:`_draw` (draw ``self.data`` on
    ``self.figure``).

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        The controls by name; set ``controls[name].value`` to change the figure.
    data : dict of str to numpy.ndarray
        The arrays behind the current picture (0-d arrays for single numbers).
    figure : matplotlib.figure.Figure
        The persistent figure, redrawn in place on every update.
    widget : ipywidgets.VBox
        Controls, picture and a status line, ready for ``display``.
    status : str
        The text under the picture, e.g. the entropy or the dead fraction.
    """

    _factory_name = "Explorer"

    def __init__(self, figsize):
        from matplotlib.figure import Figure

        self.controls = {}
        self.data = {}
        self.status = ""
        with plotting.course_style():
            self.figure = Figure(figsize=figsize)
        self.widget = None
        self._image = None
        self._status_label = None
        self._control_box = None

    def _finish(self):
        """Build the widget tree, observe every control and draw the first picture."""
        import ipywidgets

        self._control_box = ipywidgets.HBox(
            self._control_rows(), layout=ipywidgets.Layout(flex_flow="row wrap")
        )
        self._image = ipywidgets.Image(format="png", layout=ipywidgets.Layout(max_width="100%"))
        self._status_label = ipywidgets.HTMLMath()
        self.widget = ipywidgets.VBox([self._control_box, self._image, self._status_label])
        for control in self.controls.values():
            self._observe(control)
        self.update()

    def _control_rows(self):
        return list(self.controls.values())

    def _observe(self, control):
        control.observe(self._on_change, names="value")

    def _on_change(self, change):
        self.update()

    def update(self):
        """Recompute the data from the controls, redraw the figure and refresh the picture.

        An invalid combination of control values (a ``ValueError`` from the computation) keeps
        the previous data and picture and shows the error in the status line.
        """
        try:
            self._compute()
        except ValueError as error:
            self.status = f"<b>invalid setting:</b> {html.escape(str(error))}"
            self._status_label.value = self.status
            return
        with plotting.course_style():
            for ax in list(self.figure.axes):
                self.figure.delaxes(ax)
            self._draw()
        self._render()

    def _render(self):
        buffer = io.BytesIO()
        with plotting.course_style():
            self.figure.savefig(buffer, format="png")
        self._image.value = buffer.getvalue()
        self._status_label.value = self.status

    @property
    def png(self):
        """The current picture as PNG bytes."""
        return bytes(self._image.value)

    def _compute(self):
        raise NotImplementedError

    def _draw(self):
        raise NotImplementedError

    def _describe(self):
        """Return the control values as ``name=value`` text for the plain-text repr."""
        parts = []
        for name, control in self.controls.items():
            value = getattr(control, "value", None)
            if isinstance(value, float):
                parts.append(f"{name}={value:g}")
            elif value is not None and not isinstance(value, bytes):
                parts.append(f"{name}={value!r}")
        return ", ".join(parts)

    def __repr__(self):
        # Named after the function that builds the explorer, so the text reads like the call.
        return f"{self._factory_name}({self._describe()})"

    def _repr_mimebundle_(self, include=None, exclude=None):
        # The widget's own plain-text repr contains the PNG bytes; a notebook stores this short,
        # stable text instead, next to the widget view.
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = repr(self)
        return bundle

    def _ipython_display_(self):
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)


# ---------------------------------------------------------------------------------------------
# 1. Activation explorer
# ---------------------------------------------------------------------------------------------

# Slider (min, max, step) for parameters whose name the course's activations share. Any other
# parameter gets a range around its default, see _parameter_range.
_PARAMETER_RANGES = {
    "negative_slope": (0.0, 1.0, 0.01),
    "weight": (0.0, 1.0, 0.01),
    "alpha": (0.05, 3.0, 0.05),
    "beta": (0.1, 10.0, 0.1),
    "threshold": (1.0, 40.0, 0.5),
    "lower": (0.0, 1.0, 0.01),
    "upper": (0.0, 1.0, 0.01),
    "min_val": (-3.0, -0.1, 0.05),
    "max_val": (0.1, 3.0, 0.05),
    "value_at_zero": (0.0, 1.0, 0.5),
}

# Parameters that take one of a few strings get a dropdown.
_PARAMETER_CHOICES = {
    "approximate": ("none", "tanh"),
}


def _parameter_range(name, default):
    """Return (min, max, step) of the slider of a numeric parameter, containing its default."""
    if name in _PARAMETER_RANGES:
        low, high, step = _PARAMETER_RANGES[name]
    elif default > 0:
        low, high, step = 0.0, 4.0 * default, default / 50.0
    elif default < 0:
        low, high, step = 4.0 * default, 0.0, -default / 50.0
    else:
        low, high, step = -2.0, 2.0, 0.02
    return min(low, default), max(high, default), step


def _parameter_control(name, default):
    import ipywidgets

    if isinstance(default, bool):
        return ipywidgets.Checkbox(value=default, description=name)
    if isinstance(default, (int, float, np.integer, np.floating)):
        low, high, step = _parameter_range(name, float(default))
        return ipywidgets.FloatSlider(
            value=float(default),
            min=low,
            max=high,
            step=step,
            description=name,
            continuous_update=True,
            readout_format=".3g",
        )
    if isinstance(default, str):
        if name in _PARAMETER_CHOICES:
            return ipywidgets.Dropdown(
                options=_PARAMETER_CHOICES[name], value=default, description=name
            )
        return ipywidgets.Text(value=default, description=name, continuous_update=False)
    # NOTE: parameters of other types (a random generator, an array) keep their default and
    # get no control.
    return None


class _ActivationExplorer(Explorer):
    _factory_name = "activation_explorer"

    def __init__(self, name, x_max):
        import ipywidgets

        from course_lib.activations import ACTIVATIONS

        super().__init__(figsize=(6.4, 4.0))
        names = list(ACTIVATIONS)
        if name not in ACTIVATIONS:
            raise ValueError(
                f"name must be an activation of the registry ({', '.join(names)}), got {name!r}"
            )
        self._registry = ACTIVATIONS
        self.controls["activation"] = ipywidgets.Dropdown(
            options=names, value=name, description="activation"
        )
        self.controls["x_max"] = ipywidgets.FloatSlider(
            value=x_max, min=1.0, max=20.0, step=0.5, description="max |z|"
        )
        self._parameter_names = []
        self._add_parameter_controls()
        self._finish()

    def _add_parameter_controls(self):
        for parameter in self._parameter_names:
            self.controls.pop(parameter).close()
        self._parameter_names = []
        entry = self._registry[self.controls["activation"].value]
        for parameter, default in (entry.params or {}).items():
            control = _parameter_control(parameter, default)
            if control is not None:
                self.controls[parameter] = control
                self._parameter_names.append(parameter)

    def _on_change(self, change):
        if change["owner"] is self.controls["activation"]:
            self._add_parameter_controls()
            for parameter in self._parameter_names:
                self._observe(self.controls[parameter])
            self._control_box.children = self._control_rows()
        self.update()

    @property
    def parameters(self):
        """The parameter values currently set by the sliders."""
        return {name: self.controls[name].value for name in self._parameter_names}

    def _compute(self):
        entry = self._registry[self.controls["activation"].value]
        x_max = float(self.controls["x_max"].value)
        x = np.linspace(-x_max, x_max, 801)
        values = dict(entry.params or {})
        values.update(self.parameters)
        self.data = {
            "x": x,
            "f": np.asarray(entry.function(x, **values), dtype=np.float64),
            "df": np.asarray(entry.derivative(x, **values), dtype=np.float64),
        }
        self.status = _activation_status(entry)

    def _draw(self):
        ax = self.figure.add_subplot()
        plotting.plot_activation(
            ax,
            self.controls["activation"].value,
            self.data["x"],
            **self.parameters,
        )


def _activation_status(entry):
    """Return the HTML line with the formula, derivative and range of an activation."""
    parts = []
    if getattr(entry, "formula", None):
        parts.append(f"${entry.formula}$")
    if getattr(entry, "derivative_formula", None):
        parts.append(f"${entry.derivative_formula}$")
    if getattr(entry, "output_range", None):
        parts.append(f"range {entry.output_range}")
    return " &nbsp;&nbsp; ".join(parts)


def activation_explorer(name="relu", x_max=5.0):
    r"""Build an explorer of every activation of the registry: :math:`f(z)` and :math:`f'(z)`.

    A dropdown picks the activation, one slider per entry of its ``Activation.params`` sets
    that parameter, and a slider sets the plotted interval :math:`[-z_{max}, z_{max}]`.

    .. math::

        z \in [-z_{max}, z_{max}] \mapsto \bigl(f(z;\,\theta),\; f'(z;\,\theta)\bigr)

    Parameters
    ----------
    name : str, default "relu"
        Registry name of the activation shown first.
    x_max : float, default 5.0
        Half-width of the plotted interval, between 1 and 20.

    Returns
    -------
    Explorer
        Controls ``"activation"``, ``"x_max"`` and one per parameter of the current
        activation; ``.data`` has ``"x"``, ``"f"`` and ``"df"`` (801 points each).

    Examples
    --------
    >>> explorer = activation_explorer("relu")
    >>> explorer.controls["activation"].value = "sigmoid"
    >>> print(f"{explorer.data['df'].max():.4f}")
    0.2500
    """
    x_max = check_in_range(x_max, "x_max", 1.0, 20.0)
    return _ActivationExplorer(name, x_max)


def activation_explorer_figure(
    names=("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu"), x=None
):
    """Draw the static counterpart of :func:`activation_explorer`: one panel per activation.

    Parameters
    ----------
    names : sequence of str
        Registry names; each panel shows :math:`f` solid and :math:`f'` dashed at the default
        parameters.
    x : array_like, optional
        Grid of pre-activations; default 501 points on [-5, 5].

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = activation_explorer_figure(["relu", "sigmoid"])
    >>> print(len(fig.axes))
    2
    >>> plt.close(fig)
    """
    return plotting.plot_activations_grid(names, x=x)


# ---------------------------------------------------------------------------------------------
# 2. Softmax explorer
# ---------------------------------------------------------------------------------------------

_TEMPERATURE_LOG10_RANGE = (-2.0, 2.0)


def _softmax_entropy_curve(logits, temperatures):
    from course_lib.activations import softmax
    from course_lib.maxent import entropy

    probabilities = softmax(logits[None, :] / temperatures[:, None], axis=-1)
    return np.asarray(entropy(probabilities, axis=-1), dtype=np.float64)


def _draw_entropy_curve(ax, logits, temperature_grid, entropy_curve, marked):
    """Draw H(T) on a log temperature axis with markers at the temperatures in ``marked``."""
    n = logits.size
    ax.plot(temperature_grid, entropy_curve, color=plotting.PALETTE["black"], label="$H(T)$")
    ax.axhline(
        np.log(n), color="#555555", linestyle=":", linewidth=1.2, label=f"$\\log {n}$ (uniform)"
    )
    # Each marker has the colour of the bars of the same temperature.
    for k, (temperature, entropy) in enumerate(marked):
        ax.plot(
            [temperature],
            [entropy],
            marker="o",
            markersize=7,
            linestyle="none",
            color=plotting.bar_color(k),
            label=f"T = {temperature:.3g}",
        )
    ax.set_xscale("log")
    ax.set_ylim(0.0, 1.08 * np.log(n))
    ax.set_xlabel("temperature $T$ (log scale)")
    ax.set_ylabel("entropy $H$ (nats)")
    ax.set_title("entropy of softmax($z/T$)")
    ax.legend(loc="lower right")


class _SoftmaxExplorer(Explorer):
    _factory_name = "softmax_explorer"

    def __init__(self, logits, temperature):
        import ipywidgets

        super().__init__(figsize=(7.5, 3.6))
        self._logits = plotting._as_logits(logits)
        low, high = (10.0**bound for bound in _TEMPERATURE_LOG10_RANGE)
        temperature = check_in_range(temperature, "temperature", low, high)
        self.controls["temperature"] = ipywidgets.FloatLogSlider(
            value=temperature,
            base=10.0,
            min=_TEMPERATURE_LOG10_RANGE[0],
            max=_TEMPERATURE_LOG10_RANGE[1],
            step=0.01,
            description="temperature",
            readout_format=".3g",
        )
        self.controls["logits"] = ipywidgets.Text(
            value=", ".join(f"{value:g}" for value in self._logits),
            description="logits",
            continuous_update=False,
        )
        self._temperature_grid = np.logspace(*_TEMPERATURE_LOG10_RANGE, 161)
        self._finish()

    def _read_logits(self):
        """Parse the logits text box, or keep the previous logits and return an error message."""
        text = self.controls["logits"].value
        items = text.replace(";", ",").split(",")
        try:
            values = plotting._as_logits([float(item) for item in items])
        except (TypeError, ValueError) as error:
            return f"invalid logits {text!r}: {error}. Expected numbers separated by commas."
        self._logits = values
        return None

    def _compute(self):
        error = self._read_logits()
        logits = self._logits
        temperature = float(self.controls["temperature"].value)
        probabilities, entropy = plotting._softmax_and_entropy(logits, temperature)
        self.data = {
            "logits": logits.copy(),
            "temperature": np.float64(temperature),
            "probabilities": probabilities,
            "entropy": np.float64(entropy),
            "max_entropy": np.float64(np.log(logits.size)),
            "temperature_grid": self._temperature_grid,
            "entropy_curve": _softmax_entropy_curve(logits, self._temperature_grid),
        }
        formatted_probabilities = ", ".join(f"{p:.3f}" for p in probabilities)
        self.status = (
            f"T = {temperature:.3g}: p = ({formatted_probabilities}), H = {entropy:.3f} nats "
            f"(at most log {logits.size} = {np.log(logits.size):.3f})"
        )
        if error:
            self.status = f"<b>{error}</b><br>{self.status}"

    def _draw(self):
        ax_bars, ax_entropy = self.figure.subplots(1, 2, width_ratios=(1.1, 1.0))
        temperature = float(self.data["temperature"])
        plotting.plot_softmax_temperatures(self.data["logits"], [temperature], ax=ax_bars)
        ax_bars.set_title(f"softmax($z/T$) at $T$ = {temperature:.3g}")
        _draw_entropy_curve(
            ax_entropy,
            self.data["logits"],
            self.data["temperature_grid"],
            self.data["entropy_curve"],
            [(temperature, float(self.data["entropy"]))],
        )


def softmax_explorer(logits=(2.0, 1.0, 0.1), temperature=1.0):
    r"""Build an explorer of the softmax with temperature and of its entropy.

    .. math::

        p_i(T) = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}}, \qquad
        H(T) = -\sum_i p_i(T) \log p_i(T), \qquad
        \frac{dH}{dT} = \frac{\operatorname{Var}_{p(T)}(z)}{T^3} \ge 0

    so the entropy grows with the temperature, from 0 (one-hot on the largest logit, when that
    logit is unique) as :math:`T \to 0` to :math:`\log n` (uniform) as :math:`T \to \infty`.
    The left panel shows the bars of :math:`p(T)`, the right one :math:`H(T)` with the current
    temperature marked.

    Parameters
    ----------
    logits : array_like, default (2.0, 1.0, 0.1)
        Finite logits :math:`z`, at least two; editable in the ``"logits"`` text box.
    temperature : float, default 1.0
        Initial temperature, in [0.01, 100] (the slider's range, logarithmic).

    Returns
    -------
    Explorer
        Controls ``"temperature"`` and ``"logits"``; ``.data`` has ``"probabilities"``,
        ``"entropy"``, ``"max_entropy"``, ``"logits"``, ``"temperature"``, and the curve
        ``"temperature_grid"``, ``"entropy_curve"``.

    Examples
    --------
    >>> explorer = softmax_explorer((2.0, 1.0, 0.1), temperature=1.0)
    >>> print(f"{explorer.data['entropy']:.4f}")
    0.8467
    >>> explorer.controls["temperature"].value = 100.0      # nearly uniform: H just below log 3
    >>> gap = explorer.data["max_entropy"] - explorer.data["entropy"]
    >>> print(f"{explorer.data['max_entropy']:.4f} {gap:.1e}")
    1.0986 3.0e-05
    >>> explorer.controls["temperature"].value = 0.01       # nearly one-hot: H near 0
    >>> print(f"{explorer.data['entropy']:.1e}")
    3.7e-42
    """
    return _SoftmaxExplorer(logits, temperature)


def softmax_explorer_figure(logits=(2.0, 1.0, 0.1), temperatures=(0.5, 1.0, 2.0)):
    r"""Draw the static counterpart of :func:`softmax_explorer` for a few temperatures.

    Left: bars of :math:`p(T)` for each temperature. Right: the entropy :math:`H(T)` over
    :math:`T \in [0.01, 100]` with the chosen temperatures marked, and :math:`\log n`.

    Parameters
    ----------
    logits : array_like, default (2.0, 1.0, 0.1)
        Finite logits, at least two.
    temperatures : sequence of float, default (0.5, 1.0, 2.0)
        Positive temperatures to show.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = softmax_explorer_figure(temperatures=(0.5, 1.0, 2.0))
    >>> bars, curve = fig.axes
    >>> print(len(bars.containers), curve.get_xscale())
    3 log
    >>> plt.close(fig)
    """
    z = plotting._as_logits(logits)
    temps = plotting._as_temperatures(temperatures)
    grid = np.logspace(*_TEMPERATURE_LOG10_RANGE, 161)
    curve = _softmax_entropy_curve(z, grid)
    marked = [(float(t), plotting._softmax_and_entropy(z, t)[1]) for t in temps]

    plt = plotting._pyplot()
    with plotting.course_style():
        fig, (ax_bars, ax_entropy) = plt.subplots(
            1, 2, figsize=(7.5, 3.6), width_ratios=(1.1, 1.0)
        )
        plotting.plot_softmax_temperatures(z, temps, ax=ax_bars)
        _draw_entropy_curve(ax_entropy, z, grid, curve, marked)
    return fig


# ---------------------------------------------------------------------------------------------
# 3. Gradient-flow explorer
# ---------------------------------------------------------------------------------------------

# Activations offered by the gradient-flow explorer. The Heaviside step is left out because its
# derivative is 0 everywhere, so every gradient is exactly 0 and a log axis shows nothing.
_GRADIENT_FLOW_ACTIVATIONS = (
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "selu",
    "gelu",
    "silu",
    "softplus",
    "mish",
)
_GRADIENT_FLOW_INITS = ("xavier", "he", "lecun", "normal")
# Points per class of the spirals batch on which the gradients are measured (3 classes).
_GRADIENT_FLOW_POINTS_PER_CLASS = 50


def _check_choice(value, allowed, name):
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


class _GradientFlowExplorer(Explorer):
    _factory_name = "gradient_flow_explorer"

    def __init__(self, depth, activation, init, width, seed):
        import ipywidgets

        super().__init__(figsize=(6.4, 4.0))
        _check_choice(activation, _GRADIENT_FLOW_ACTIVATIONS, "activation")
        _check_choice(init, _GRADIENT_FLOW_INITS, "init")
        self._width = width
        self.controls["depth"] = ipywidgets.IntSlider(
            value=depth, min=1, max=40, description="hidden layers", continuous_update=False
        )
        self.controls["activation"] = ipywidgets.Dropdown(
            options=_GRADIENT_FLOW_ACTIVATIONS, value=activation, description="activation"
        )
        self.controls["init"] = ipywidgets.Dropdown(
            options=_GRADIENT_FLOW_INITS, value=init, description="initialisation"
        )
        self.controls["seed"] = ipywidgets.IntSlider(
            value=seed, min=0, max=9, description="seed", continuous_update=False
        )
        self._finish()

    def _compute(self):
        from course_lib.experiments import gradient_norms_vs_depth

        activation = self.controls["activation"].value
        init = self.controls["init"].value
        result = gradient_norms_vs_depth(
            activations=(activation,),
            inits=(init,),
            depth=int(self.controls["depth"].value),
            width=self._width,
            seeds=(int(self.controls["seed"].value),),
            n_per_class=_GRADIENT_FLOW_POINTS_PER_CLASS,
        )
        weight_norms = result.norms(activation, init, "weight")
        self.result = result
        self.data = {
            "layers": np.asarray(result.layers),
            "weight_gradient_norms": np.asarray(weight_norms, dtype=np.float64),
            "preactivation_gradient_norms": np.asarray(
                result.norms(activation, init, "preactivation"), dtype=np.float64
            ),
            "ratio": np.float64(result.ratio(activation, init)),
        }
        self.status = (
            f"first layer / output layer gradient norm: {float(self.data['ratio']):.3g} "
            f"({plotting.display_name(activation)}, {init} initialisation, "
            f"{int(self.controls['depth'].value)} hidden layers of {self._width} units)"
        )

    def _draw(self):
        ax = self.figure.add_subplot()
        plotting.plot_gradient_norms(self.result, ax=ax)



def gradient_flow_explorer(depth=10, activation="sigmoid", init="xavier", width=32, seed=0):
    r"""Build an explorer of the gradient norm of each layer of a deep MLP at initialisation.

    The network is ``2 -> width x depth -> 3`` on a fixed batch of 150 spiral points (see
    :func:`course_lib.experiments.gradient_norms_vs_depth`, which this calls with one seed).
    Backpropagation multiplies by :math:`W_l^\top` and :math:`f'(z_{l-1})` once per layer,

    .. math::

        \delta_{l-1} = (\delta_l W_l^\top) \odot f'(z_{l-1}), \qquad
        \frac{\partial \mathcal L}{\partial W_l} = h_{l-1}^\top \delta_l ,

    so with the sigmoid (:math:`f' \le 1/4`) the first layers' gradients shrink geometrically
    with depth, while ReLU with He initialisation keeps them level.

    Parameters
    ----------
    depth : int, default 10
        Initial number of hidden layers, 1 to 40.
    activation : str, default "sigmoid"
        One of sigmoid, tanh, relu, leaky_relu, elu, selu, gelu, silu, softplus, mish.
    init : {"xavier", "he", "lecun", "normal"}, default "xavier"
        Weight initialisation of :class:`course_lib.nn.MLP` ("normal" has standard deviation
        0.01).
    width : int, default 32
        Units per hidden layer (fixed for the explorer's lifetime).
    seed : int, default 0
        Seed of the initial weights, 0 to 9.

    Returns
    -------
    Explorer
        Controls ``"depth"``, ``"activation"``, ``"init"`` and ``"seed"``; ``.data`` has
        ``"layers"`` (1 is next to the input), ``"weight_gradient_norms"``,
        ``"preactivation_gradient_norms"`` and ``"ratio"`` (first layer over output layer).

    Examples
    --------
    >>> explorer = gradient_flow_explorer(depth=5, activation="sigmoid")
    >>> shallow = explorer.data["weight_gradient_norms"][0]
    >>> explorer.controls["depth"].value = 20
    >>> print(explorer.data["weight_gradient_norms"][0] < 1e-3 * shallow)
    True
    """
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)):
        raise TypeError(f"depth must be an integer, got {depth!r}")
    if not 1 <= depth <= 40:
        raise ValueError(f"depth must be between 1 and 40, got {depth}")
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1:
        raise ValueError(f"width must be a positive integer, got {width!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= 9:
        raise ValueError(f"seed must be an integer from 0 to 9, got {seed!r}")
    return _GradientFlowExplorer(int(depth), activation, init, int(width), int(seed))


def gradient_flow_explorer_figure(
    activations=("sigmoid", "tanh", "relu"), inits=("xavier", "he"), depth=10, width=32, seeds=(0,)
):
    """Draw the static counterpart of :func:`gradient_flow_explorer` for several settings.

    One line per (activation, initialisation), as measured by
    :func:`course_lib.experiments.gradient_norms_vs_depth` on the same 150 spiral points as
    the explorer.

    Parameters
    ----------
    activations : sequence of str, default ("sigmoid", "tanh", "relu")
    inits : sequence of str, default ("xavier", "he")
    depth : int, default 10
        Hidden layers.
    width : int, default 32
        Units per hidden layer.
    seeds : sequence of int, default (0,)
        The norms are averaged over these seeds.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = gradient_flow_explorer_figure(activations=("sigmoid", "relu"), inits=("he",))
    >>> print(len(fig.axes[0].get_lines()))
    2
    >>> plt.close(fig)
    """
    from course_lib.experiments import gradient_norms_vs_depth

    result = gradient_norms_vs_depth(
        activations=activations,
        inits=inits,
        depth=depth,
        width=width,
        seeds=seeds,
        n_per_class=_GRADIENT_FLOW_POINTS_PER_CLASS,
    )
    ax = plotting._new_axes()
    with plotting.course_style():
        plotting.plot_gradient_norms(result, ax=ax)
    return ax.figure


# ---------------------------------------------------------------------------------------------
# 4. Dead-neuron trainer
# ---------------------------------------------------------------------------------------------

_DEAD_NEURON_ACTIVATIONS = ("relu", "leaky_relu", "elu")
_LEARNING_RATE_LOG10_RANGE = (-2.0, 1.3)
_BIAS_RANGE = (-3.0, 1.0)
_DEAD_NEURON_POINTS_PER_CLASS = 100


def _train_dead_neuron_run(activation, learning_rate, bias_init, epochs, hidden, seed):
    """Train one ``2 -> hidden -> 3`` network on the spirals; return history, model and inputs."""
    from course_lib.datasets import spirals
    from course_lib.nn import MLP, train

    X, y = spirals(n_per_class=_DEAD_NEURON_POINTS_PER_CLASS, n_classes=3, seed=0)
    model = MLP((2, hidden, 3), activation=activation, init="he", seed=seed, bias_init=bias_init)
    history = train(model, X, y, epochs, learning_rate, record_dead_fraction=True)
    return history, model, X


def _zero_gradient_fraction(model, X):
    """Return the fraction of hidden units whose activation derivative is 0 on every row of X."""
    from course_lib.activations import get_activation

    entry = get_activation(model.activation_name)
    model.forward(X)
    z = model.preactivations[0]
    derivative = np.asarray(entry.derivative(z, **model.activation_params))
    return float(np.mean(np.all(derivative == 0, axis=0)))


def _draw_dead_neuron_panels(ax_loss, ax_dead, runs, legend_on_figure=False):
    """Draw loss and dead fraction against epoch, one line per (label, history, colour, style)."""
    for label, history, color, linestyle in runs:
        epochs = np.arange(history.loss.size)
        ax_loss.plot(
            epochs, history.loss, color=color, linestyle=linestyle, label=label, gid=f"loss:{label}"
        )
        ax_dead.plot(
            epochs,
            history.dead_fraction.mean(axis=1),
            color=color,
            linestyle=linestyle,
            label=label,
            gid=f"dead:{label}",
        )
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("training loss (nats)")
    ax_loss.set_title("training curve")
    ax_dead.set_xlabel("epoch")
    ax_dead.set_ylabel("fraction of dead hidden units")
    ax_dead.set_ylim(-0.02, 1.02)
    ax_dead.set_title("units with $z \\leq 0$ on every point")
    if legend_on_figure:
        ax_loss.figure.legend(
            *ax_dead.get_legend_handles_labels(), loc="outside lower center", ncols=3, fontsize=9
        )
    else:
        ax_dead.legend(loc="best", fontsize=9)


class _DeadNeuronTrainer(Explorer):
    _factory_name = "dead_neuron_trainer"

    def __init__(self, learning_rate, bias_init, epochs, activation, hidden, seed):
        import ipywidgets

        super().__init__(figsize=(7.5, 3.6))
        self._hidden = hidden
        self.controls["learning_rate"] = ipywidgets.FloatLogSlider(
            value=learning_rate,
            base=10.0,
            min=_LEARNING_RATE_LOG10_RANGE[0],
            max=_LEARNING_RATE_LOG10_RANGE[1],
            step=0.05,
            description="learning rate",
            readout_format=".3g",
            continuous_update=False,
        )
        self.controls["bias_init"] = ipywidgets.FloatSlider(
            value=bias_init,
            min=_BIAS_RANGE[0],
            max=_BIAS_RANGE[1],
            step=0.1,
            description="initial bias",
            continuous_update=False,
        )
        self.controls["epochs"] = ipywidgets.IntSlider(
            value=epochs, min=10, max=300, step=10, description="epochs", continuous_update=False
        )
        self.controls["activation"] = ipywidgets.Dropdown(
            options=_DEAD_NEURON_ACTIVATIONS, value=activation, description="activation"
        )
        self.controls["seed"] = ipywidgets.IntSlider(
            value=seed, min=0, max=9, description="seed", continuous_update=False
        )
        self._finish()

    def _compute(self):
        activation = self.controls["activation"].value
        learning_rate = float(self.controls["learning_rate"].value)
        bias_init = float(self.controls["bias_init"].value)
        history, model, X = _train_dead_neuron_run(
            activation,
            learning_rate,
            bias_init,
            int(self.controls["epochs"].value),
            self._hidden,
            int(self.controls["seed"].value),
        )
        self.history = history
        dead = history.dead_fraction.mean(axis=1)
        self.data = {
            "epoch": np.arange(history.loss.size),
            "loss": history.loss.copy(),
            "accuracy": history.accuracy.copy(),
            "dead_fraction": dead,
            "final_dead_fraction": np.float64(dead[-1]),
            "zero_gradient_fraction": np.float64(_zero_gradient_fraction(model, X)),
        }
        self.status = (
            f"dead units: {dead[0]:.0%} at initialisation, {dead[-1]:.0%} after "
            f"{history.epochs_run} epochs; units with zero gradient on every point: "
            f"{float(self.data['zero_gradient_fraction']):.0%}; training accuracy "
            f"{history.accuracy[-1]:.0%}"
        )
        if history.diverged:
            self.status += (
                f" (diverged: the loss became infinite after {history.epochs_run} epochs)"
            )

    def _draw(self):
        ax_loss, ax_dead = self.figure.subplots(1, 2)
        label = (
            f"{plotting.display_name(self.controls['activation'].value)}, "
            f"η = {float(self.controls['learning_rate'].value):.3g}, "
            f"bias {float(self.controls['bias_init'].value):g}"
        )
        color = plotting.color_for(self.controls["activation"].value)
        _draw_dead_neuron_panels(ax_loss, ax_dead, [(label, self.history, color, "-")])


def dead_neuron_trainer(learning_rate=1.0, bias_init=0.0, epochs=100, activation="relu", seed=0):
    r"""Build a trainer that shows how ReLU units die during training.

    Every change of a control retrains, from the same seeded initialisation, a ``2 -> 64 -> 3``
    network (He initialisation, hidden biases set to the initial bias) by full-batch gradient
    descent on 300 spiral points, the setup of
    :func:`course_lib.experiments.dead_neuron_fraction`. A unit is dead when its pre-activation
    is :math:`\le 0` on every training point: then :math:`\operatorname{relu}'(z) = 0`, its
    incoming weights get exactly zero gradient, and it stays dead.

    .. math::

        \text{dead fraction} = \frac{1}{H} \sum_{j=1}^{H}
        \bigl[\, z_j(x) \le 0 \ \text{for all training } x \,\bigr]

    A large learning rate (about 5 and above) throws units there during training, and a
    negative initial bias starts many units there. Leaky ReLU and ELU units with :math:`z \le 0`
    everywhere still get a gradient (``data["zero_gradient_fraction"]`` stays 0).

    Parameters
    ----------
    learning_rate : float, default 1.0
        Step size, from 0.01 to 20 (logarithmic slider).
    bias_init : float, default 0.0
        Initial hidden bias, from -3 to 1.
    epochs : int, default 100
        Epochs of training, 10 to 300.
    activation : {"relu", "leaky_relu", "elu"}, default "relu"
    seed : int, default 0
        Seed of the initial weights, 0 to 9.

    Returns
    -------
    Explorer
        Controls ``"learning_rate"``, ``"bias_init"``, ``"epochs"``, ``"activation"`` and
        ``"seed"``; ``.data`` has per-epoch ``"epoch"`` (0 is the initialisation), ``"loss"``,
        ``"accuracy"``, ``"dead_fraction"``, and the numbers ``"final_dead_fraction"`` and
        ``"zero_gradient_fraction"``.

    Examples
    --------
    >>> trainer = dead_neuron_trainer(learning_rate=1.0, bias_init=0.0)
    >>> print(f"{trainer.data['final_dead_fraction']:.2f}")
    0.00
    >>> trainer.controls["bias_init"].value = -2.0
    >>> print(trainer.data["final_dead_fraction"] > 0.5)
    True
    """
    low, high = (10.0**bound for bound in _LEARNING_RATE_LOG10_RANGE)
    learning_rate = check_in_range(learning_rate, "learning_rate", low, high)
    bias_init = check_in_range(bias_init, "bias_init", *_BIAS_RANGE)
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)):
        raise TypeError(f"epochs must be an integer, got {epochs!r}")
    if not 10 <= epochs <= 300:
        raise ValueError(f"epochs must be between 10 and 300, got {epochs}")
    _check_choice(activation, _DEAD_NEURON_ACTIVATIONS, "activation")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= 9:
        raise ValueError(f"seed must be an integer from 0 to 9, got {seed!r}")
    return _DeadNeuronTrainer(learning_rate, bias_init, int(epochs), activation, 64, int(seed))


def dead_neuron_trainer_figure(learning_rates=(1.0, 5.0, 8.0), bias_inits=(0.0, -1.0), epochs=100):
    """Draw the static counterpart of :func:`dead_neuron_trainer` for several settings.

    Left: training loss against epoch; right: fraction of dead ReLU units against epoch. Colour
    shows the learning rate and line style the initial bias; seed 0 throughout.

    Parameters
    ----------
    learning_rates : sequence of float, default (1.0, 5.0, 8.0)
    bias_inits : sequence of float, default (0.0, -1.0)
    epochs : int, default 100

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = dead_neuron_trainer_figure(learning_rates=(1.0,), bias_inits=(0.0,), epochs=20)
    >>> ax_loss, ax_dead = fig.axes
    >>> print(ax_dead.get_lines()[0].get_xdata()[-1])
    20
    >>> plt.close(fig)
    """
    runs = []
    for i, learning_rate in enumerate(learning_rates):
        for j, bias_init in enumerate(bias_inits):
            history, _, _ = _train_dead_neuron_run(
                "relu", float(learning_rate), float(bias_init), epochs, 64, 0
            )
            label = f"η = {learning_rate:g}, bias {bias_init:g}"
            runs.append((label, history, plotting.bar_color(i), ("-", "--", ":", "-.")[j % 4]))

    plt = plotting._pyplot()
    with plotting.course_style():
        fig, (ax_loss, ax_dead) = plt.subplots(1, 2, figsize=(7.5, 4.0))
        _draw_dead_neuron_panels(ax_loss, ax_dead, runs, legend_on_figure=True)
    return fig
