"""The course figure style, its palette and the plot helpers behind each chapter's figures.

Every helper draws on an Axes (or creates a Figure), returns it and never calls ``plt.show()``, so
a notebook cell decides when to show. matplotlib is imported when this module is imported, and
``course_lib`` imports this module only on first access of ``course_lib.plotting``.

The style (:func:`use_course_style`, :func:`course_style`) sets an opaque white figure face, so
lines stay visible when the book is read in its dark theme, and uses the Okabe–Ito palette, which
stays distinguishable under the common forms of colour-vision deficiency.
"""

import contextlib
import types
import zlib

import matplotlib
import numpy as np
from cycler import cycler

__all__ = [
    "PALETTE",
    "course_rcparams",
    "use_course_style",
    "course_style",
    "color_for",
    "bar_color",
    "display_name",
    "plot_activation",
    "plot_activations_grid",
    "plot_softmax_temperatures",
    "plot_gradient_norms",
    "plot_dead_fraction",
    "plot_training_curve",
    "plot_decision_boundary",
]

PALETTE = types.MappingProxyType(
    {
        "black": "#000000",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish_purple": "#CC79A7",
    }
)
"""The eight Okabe–Ito colours by name (Okabe and Ito, *Color Universal Design*, 2008)."""

# Yellow comes last in the cycle: on a white face it has too little contrast for thin lines.
_CYCLE = (
    PALETTE["blue"],
    PALETTE["orange"],
    PALETTE["bluish_green"],
    PALETTE["vermillion"],
    PALETTE["reddish_purple"],
    PALETTE["sky_blue"],
    PALETTE["black"],
    PALETTE["yellow"],
)

# A fixed colour per activation (registry names of course_lib.activations), so that one function
# looks the same in every chapter. Functions that a chapter compares in one figure get different
# colours: 8 colours cannot separate all 20 activations at once.
_ACTIVATION_COLORS = {
    "heaviside": "black",
    "step": "black",
    "identity": "black",
    "sigmoid": "blue",
    "log_sigmoid": "bluish_green",
    "hardsigmoid": "sky_blue",
    "tanh": "orange",
    "hardtanh": "reddish_purple",
    "softsign": "bluish_green",
    "softplus": "bluish_green",
    "relu": "vermillion",
    "relu6": "orange",
    "leaky_relu": "reddish_purple",
    "prelu": "bluish_green",
    "rrelu": "sky_blue",
    "elu": "blue",
    "celu": "sky_blue",
    "selu": "bluish_green",
    "gelu": "orange",
    "silu": "sky_blue",
    "swish": "sky_blue",
    "mish": "reddish_purple",
    "hardswish": "black",
    "softmax": "blue",
}

_DISPLAY_NAMES = {
    "heaviside": "Heaviside step",
    "step": "step",
    "identity": "identity",
    "sigmoid": "sigmoid",
    "log_sigmoid": "log-sigmoid",
    "hardsigmoid": "hard sigmoid",
    "tanh": "tanh",
    "hardtanh": "hard tanh",
    "softsign": "softsign",
    "softplus": "softplus",
    "relu": "ReLU",
    "relu6": "ReLU6",
    "leaky_relu": "leaky ReLU",
    "prelu": "PReLU",
    "rrelu": "RReLU",
    "elu": "ELU",
    "celu": "CELU",
    "selu": "SELU",
    "gelu": "GELU",
    "silu": "SiLU",
    "swish": "Swish",
    "mish": "Mish",
    "hardswish": "hard swish",
    "softmax": "softmax",
}

# Book pages are about 7.5 in wide at 100 dpi, so a full-width figure is about 750 px and a PNG of
# it stays near 50 kB.
_PAGE_WIDTH_IN = 7.5
_DEFAULT_X = (-5.0, 5.0, 501)


def course_rcparams():
    """Return the matplotlib settings of the course style as a new dict.

    The figure and axes faces are opaque white, so figures stay readable on the book's dark
    theme. The property cycle is the Okabe–Ito palette. Axes get a light grid and no top or
    right spine. Text is 11 pt and lines 2 pt wide. A figure is 6.4 × 4.0 in at 100 dpi, with
    constrained layout.

    Returns
    -------
    dict
        rcParams keys and values, suitable for ``matplotlib.rc_context``.

    Examples
    --------
    >>> params = course_rcparams()
    >>> print(params["figure.facecolor"], params["savefig.transparent"])
    white False
    """
    return {
        "figure.figsize": (6.4, 4.0),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.facecolor": "white",
        "figure.edgecolor": "white",
        "savefig.facecolor": "white",
        "savefig.edgecolor": "white",
        "savefig.transparent": False,
        "figure.constrained_layout.use": True,
        "axes.facecolor": "white",
        "axes.edgecolor": "#333333",
        "axes.labelcolor": "#222222",
        "axes.prop_cycle": cycler(color=list(_CYCLE)),
        "axes.grid": True,
        "axes.axisbelow": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "grid.color": "#d9d9d9",
        "grid.linewidth": 0.6,
        "font.size": 11,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "xtick.color": "#222222",
        "ytick.color": "#222222",
        "legend.fontsize": 10,
        "legend.frameon": True,
        "legend.framealpha": 0.9,
        "legend.edgecolor": "#cccccc",
        "lines.linewidth": 2.0,
        "image.cmap": "cividis",
    }


def use_course_style():
    """Apply the course figure style to matplotlib's global rcParams.

    Call it once in a notebook's imports cell. :func:`course_style` is the scoped version.

    Examples
    --------
    >>> import matplotlib
    >>> with matplotlib.rc_context():
    ...     use_course_style()
    ...     print(matplotlib.rcParams["axes.spines.top"], matplotlib.rcParams["figure.dpi"])
    False 100.0
    """
    matplotlib.rcParams.update(course_rcparams())


@contextlib.contextmanager
def course_style():
    """Apply the course figure style inside a ``with`` block and restore the old one after it.

    Examples
    --------
    >>> import matplotlib
    >>> with course_style():
    ...     print(matplotlib.rcParams["figure.facecolor"])
    white
    """
    with matplotlib.rc_context(course_rcparams()):
        yield


def _activation_key(name):
    return str(name).strip().lower().replace("-", "_").replace(" ", "_")


def color_for(activation_name):
    """Return the fixed colour of an activation, the same in every chapter.

    Known names get a hand-picked Okabe–Ito colour, so that functions compared in one figure
    differ. Any other name gets a colour chosen by a CRC-32 checksum of the name, which does not
    change between runs (unlike Python's ``hash``).

    Parameters
    ----------
    activation_name : str
        Registry name such as ``"relu"``, case-insensitive; ``-`` and spaces count as ``_``.

    Returns
    -------
    str
        A hex colour from :data:`PALETTE`.

    Examples
    --------
    >>> print(color_for("relu"), color_for("sigmoid"), color_for("ReLU"))
    #D55E00 #0072B2 #D55E00
    >>> color_for("my_activation") in PALETTE.values()
    True
    """
    if not isinstance(activation_name, str):
        raise TypeError(
            f"activation_name must be a str, got {type(activation_name).__name__}"
        )
    key = _activation_key(activation_name)
    if key in _ACTIVATION_COLORS:
        return PALETTE[_ACTIVATION_COLORS[key]]
    # Yellow is left out of the fallback because thin yellow lines vanish on white.
    fallback = _CYCLE[:-1]
    return fallback[zlib.crc32(key.encode("utf-8")) % len(fallback)]


def display_name(activation_name):
    """Return the name of an activation as the prose writes it, e.g. ``"leaky ReLU"``.

    Parameters
    ----------
    activation_name : str
        Registry name such as ``"leaky_relu"``.

    Returns
    -------
    str
        The printed name; an unknown name comes back with ``_`` replaced by spaces.

    Examples
    --------
    >>> print(display_name("leaky_relu"), "|", display_name("gelu"), "|", display_name("my_act"))
    leaky ReLU | GELU | my act
    """
    if not isinstance(activation_name, str):
        raise TypeError(
            f"activation_name must be a str, got {type(activation_name).__name__}"
        )
    key = _activation_key(activation_name)
    return _DISPLAY_NAMES.get(key, key.replace("_", " "))


def bar_color(index):
    """Return the colour of the ``index``-th series of a figure, skipping yellow.

    Examples
    --------
    >>> print(bar_color(0), bar_color(7))
    #0072B2 #0072B2
    """
    return _CYCLE[int(index) % (len(_CYCLE) - 1)]


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def _new_axes(figsize=None):
    plt = _pyplot()
    with course_style():
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _resolve_activation(activation):
    """Return the registry entry for a name, or the Activation-like object itself."""
    if isinstance(activation, str):
        from course_lib.activations import get_activation

        return get_activation(activation)
    if callable(getattr(activation, "function", None)) and callable(
        getattr(activation, "derivative", None)
    ):
        return activation
    raise TypeError(
        "activation must be a registry name (str) or an Activation with callable "
        f"'function' and 'derivative' attributes, got {type(activation).__name__}"
    )


def _merge_params(activation, params):
    defaults = dict(getattr(activation, "params", None) or {})
    unknown = sorted(set(params) - set(defaults))
    if unknown:
        allowed = ", ".join(sorted(defaults)) or "none"
        raise ValueError(
            f"invalid parameter(s) {', '.join(unknown)} for activation "
            f"{activation.name!r}; its parameters are: {allowed}"
        )
    defaults.update(params)
    return defaults


def _as_grid(x, argument="x"):
    """Return ``x`` as a 1-D float64 array of at least two finite points."""
    if x is None:
        return np.linspace(*_DEFAULT_X)
    try:
        grid = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{argument} must be a 1-D array of real numbers: {error}") from None
    if grid.ndim != 1 or grid.size < 2:
        raise ValueError(
            f"{argument} must be a 1-D array of at least 2 points, got shape {grid.shape}"
        )
    if not np.all(np.isfinite(grid)):
        raise ValueError(f"{argument} must contain only finite values (no nan or inf)")
    return grid


def _format_params(params):
    """Return ``"name = value, ..."`` with numbers in ``g`` format, for titles."""
    parts = []
    for key, value in params.items():
        if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
            parts.append(f"{key} = {value:g}")
        else:
            parts.append(f"{key} = {value}")
    return ", ".join(parts)


def plot_activation(ax, activation, x=None, *, show_derivative=True, title=None, **params):
    r"""Plot an activation :math:`f(z)` and, dashed in the same colour, its derivative.

    .. math::

        z \mapsto f(z;\,\theta), \qquad z \mapsto f'(z;\,\theta) = \frac{\partial f}{\partial z}

    where :math:`\theta` are the activation's parameters (``Activation.params``), overridden by
    ``**params``. The derivative is the registry's ``derivative`` function (its value at a kink
    is the one the activations module defines, e.g. ReLU'(0) = 0), not a numerical difference.

    The lines carry the ``gid`` ``"function:<name>"`` and ``"derivative:<name>"`` so that code
    and tests can find them with ``ax.get_lines()``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        Axes to draw on; ``None`` creates a new figure in the course style.
    activation : str or Activation
        Registry name (``"relu"``) or an entry of ``course_lib.activations.ACTIVATIONS``.
    x : array_like, optional
        Finite 1-D grid of pre-activations; default 501 points on [-5, 5].
    show_derivative : bool, default True
        Draw :math:`f'(z)` too.
    title : str, optional
        Axes title; default the activation's name and parameters, ``""`` for none.
    **params
        Parameter values, e.g. ``negative_slope=0.1`` for leaky ReLU. Names outside
        ``Activation.params`` raise ``ValueError``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_activation(None, "relu", x=[-1.0, 0.0, 2.0])
    >>> function_line, derivative_line = ax.get_lines()
    >>> print(function_line.get_ydata(), derivative_line.get_ydata())
    [0. 0. 2.] [0. 0. 1.]
    >>> print(ax.get_xlabel())
    pre-activation $z$
    >>> plt.close(ax.figure)
    """
    entry = _resolve_activation(activation)
    values = _merge_params(entry, params)
    grid = _as_grid(x)
    if ax is None:
        ax = _new_axes()

    key = _activation_key(entry.name)
    name = display_name(entry.name)
    color = color_for(entry.name)

    y = np.asarray(entry.function(grid, **values), dtype=np.float64)
    ax.plot(grid, y, color=color, linestyle="-", label=f"{name} $f(z)$", gid=f"function:{key}")
    if show_derivative:
        dy = np.asarray(entry.derivative(grid, **values), dtype=np.float64)
        ax.plot(
            grid,
            dy,
            color=color,
            linestyle="--",
            label=f"{name} $f'(z)$",
            gid=f"derivative:{key}",
        )

    ax.set_xlabel("pre-activation $z$")
    ax.set_ylabel("$f(z)$ and $f'(z)$" if show_derivative else "$f(z)$")
    if title is None:
        title = f"{name} ({_format_params(values)})" if values else name
    if title:
        ax.set_title(title)
    ax.legend(loc="best")
    return ax


def plot_activations_grid(
    names, *, x=None, show_derivative=True, ncols=3, params=None, sharey=False
):
    r"""Draw one small panel per activation, :math:`f` solid and :math:`f'` dashed.

    Parameters
    ----------
    names : sequence of str
        Registry names, one panel each, in order.
    x : array_like, optional
        Grid of pre-activations shared by every panel; default 501 points on [-5, 5].
    show_derivative : bool, default True
        Draw the derivative in each panel.
    ncols : int, default 3
        Panels per row.
    params : dict of str to dict, optional
        Parameter overrides per name, e.g. ``{"elu": {"alpha": 0.5}}``.
    sharey : bool, default False
        Share the y axis between panels.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; its first ``len(names)`` axes hold the panels and unused axes are removed.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_activations_grid(["relu", "tanh"], ncols=2)
    >>> print([ax.get_title() for ax in fig.axes])
    ['ReLU', 'tanh']
    >>> plt.close(fig)
    """
    if isinstance(names, str) or not hasattr(names, "__iter__"):
        raise TypeError(f"names must be a sequence of activation names, got {names!r}")
    names = list(names)
    if not names:
        raise ValueError("names must contain at least one activation name, got an empty list")
    if isinstance(ncols, bool) or not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}")
    params = {} if params is None else dict(params)
    unused = sorted(set(params) - set(names))
    if unused:
        raise ValueError(f"params has entries for names not in names: {', '.join(unused)}")
    grid = _as_grid(x)

    ncols = min(int(ncols), len(names))
    nrows = -(-len(names) // ncols)
    plt = _pyplot()
    with course_style():
        fig, axes = plt.subplots(
            nrows,
            ncols,
            figsize=(_PAGE_WIDTH_IN, 2.4 * nrows + 0.5),
            sharex=True,
            sharey=sharey,
            squeeze=False,
        )
        flat = axes.ravel()
        for ax, name in zip(flat, names):
            plot_activation(
                ax,
                name,
                grid,
                show_derivative=show_derivative,
                title=display_name(_resolve_activation(name).name),
                **params.get(name, {}),
            )
            ax.get_legend().remove()
            ax.set_xlabel("$z$")
            ax.set_ylabel("$f$, $f'$" if show_derivative else "$f$")
            # sharex hides inner tick labels; keep them so every panel reads on its own.
            ax.tick_params(labelbottom=True)
        for ax in flat[len(names):]:
            fig.delaxes(ax)

        if show_derivative:
            from matplotlib.lines import Line2D

            handles = [
                Line2D([], [], color="#444444", linestyle="-", label="$f(z)$"),
                Line2D([], [], color="#444444", linestyle="--", label="$f'(z)$"),
            ]
            fig.legend(handles=handles, loc="outside lower center", ncols=2)
    return fig


def _softmax_and_entropy(logits, temperature):
    from course_lib.activations import softmax
    from course_lib.maxent import entropy

    probabilities = np.asarray(softmax(logits / temperature), dtype=np.float64)
    return probabilities, float(entropy(probabilities))


def _as_logits(logits):
    try:
        values = np.asarray(logits, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"logits must be a 1-D array of real numbers: {error}") from None
    if values.ndim != 1 or values.size < 2:
        raise ValueError(f"logits must be 1-D with at least 2 entries, got shape {values.shape}")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"logits must be finite, got {values.tolist()}")
    return values


def _as_temperatures(temperatures):
    try:
        values = np.atleast_1d(np.asarray(temperatures, dtype=np.float64))
    except (TypeError, ValueError) as error:
        raise TypeError(f"temperatures must be positive real numbers: {error}") from None
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"temperatures must be a 1-D sequence, got shape {values.shape}")
    if not np.all(np.isfinite(values) & (values > 0)):
        raise ValueError(f"temperatures must be finite and > 0, got {values.tolist()}")
    return values


def plot_softmax_temperatures(logits, temperatures, ax=None):
    r"""Draw the softmax of ``logits`` at several temperatures as grouped bars.

    .. math::

        p_i(T) = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}, \qquad
        H(p) = -\sum_i p_i \log p_i \in [0, \log n]

    As :math:`T \to 0` the distribution tends to one-hot on the largest logit
    (:math:`H \to 0`); as :math:`T \to \infty` it tends to uniform (:math:`H \to \log n`).
    Each temperature is one bar container whose label gives :math:`T` and the entropy in nats.
    A dotted line marks the uniform probability :math:`1/n`.

    Parameters
    ----------
    logits : array_like
        Finite 1-D logits :math:`z`, at least two.
    temperatures : array_like
        Positive finite temperatures :math:`T`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default a new figure in the course style.

    Returns
    -------
    matplotlib.axes.Axes
        The axes; ``ax.containers[k]`` contains the bars of ``temperatures[k]``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_softmax_temperatures([1.0, 0.0], [1.0])
    >>> heights = [bar.get_height() for bar in ax.containers[0]]
    >>> print(f"{heights[0]:.4f} {heights[1]:.4f}")
    0.7311 0.2689
    >>> print(ax.containers[0].get_label())
    T = 1, H = 0.582 nats
    >>> plt.close(ax.figure)
    """
    z = _as_logits(logits)
    temps = _as_temperatures(temperatures)
    if ax is None:
        ax = _new_axes()

    n = z.size
    positions = np.arange(n)
    width = 0.8 / temps.size
    for k, temperature in enumerate(temps):
        probabilities, entropy = _softmax_and_entropy(z, temperature)
        offset = (k - (temps.size - 1) / 2) * width
        ax.bar(
            positions + offset,
            probabilities,
            width=width,
            color=bar_color(k),
            label=f"T = {temperature:g}, H = {entropy:.3f} nats",
        )
    ax.axhline(1.0 / n, color="#555555", linestyle=":", linewidth=1.2, label=f"uniform 1/{n}")

    ax.set_xticks(positions, [f"$z_{{{i + 1}}}$ = {value:g}" for i, value in enumerate(z)])
    ax.set_xlabel("class (logit)")
    ax.set_ylabel("probability $p_i$")
    ax.set_ylim(0.0, 1.05)
    ax.set_title("softmax($z/T$) at several temperatures $T$")
    ax.legend(loc="upper right")
    return ax


def plot_training_curve(ax, losses, *, label=None, color=None, logy=False, first_epoch=1):
    """Plot a training loss against the epoch number.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        Axes to draw on; ``None`` creates a new figure in the course style.
    losses : array_like
        One loss value per epoch, in nats for a cross-entropy loss. Non-finite values (a
        diverged run) leave a gap.
    label : str, optional
        Legend entry of the line.
    color : str, optional
        Line colour; default the next colour of the cycle.
    logy : bool, default False
        Use a logarithmic loss axis.
    first_epoch : int, default 1
        Epoch number of ``losses[0]``; 0 when the first entry is the loss at initialisation,
        as in ``course_lib.nn.TrainingHistory.loss``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_training_curve(None, [1.0, 0.5, 0.25], label="lr = 0.1")
    >>> print(ax.get_lines()[0].get_xdata(), ax.get_ylabel())
    [1 2 3] training loss (nats)
    >>> plt.close(ax.figure)
    """
    try:
        values = np.asarray(losses, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"losses must be a 1-D array of real numbers: {error}") from None
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"losses must be 1-D and non-empty, got shape {values.shape}")
    if ax is None:
        ax = _new_axes()

    epochs = np.arange(first_epoch, first_epoch + values.size)
    ax.plot(epochs, values, color=color, label=label, gid="training-loss")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss (nats)")
    ax.set_title("training curve")
    if label is not None:
        ax.legend(loc="best")
    return ax


# Line styles that tell initialisations or bias values apart when colour shows the activation.
_LINESTYLES = ("-", "--", ":", "-.")
_INIT_NAMES = {
    "he": "He",
    "xavier": "Xavier",
    "glorot": "Glorot",
    "lecun": "LeCun",
    "normal": "normal",
}


def plot_gradient_norms(result, ax=None, *, kind="weight"):
    r"""Plot each layer's gradient norm at initialisation, one line per activation and scheme.

    ``result`` is the output of :func:`course_lib.experiments.gradient_norms_vs_depth`. The
    vertical axis is logarithmic, so a gradient that shrinks by a constant factor per layer
    (:math:`\|\delta_{l-1}\| \approx c\,\|\delta_l\|` with :math:`c < 1`, as for the sigmoid
    whose derivative is at most 1/4) appears as a straight line rising toward the output.

    .. math::

        \left\| \frac{\partial \mathcal L}{\partial W_l} \right\|_F
        \quad\text{or}\quad
        \left\| \frac{\partial \mathcal L}{\partial z_l} \right\|_F ,
        \qquad l = 1, \dots, L

    Colour shows the activation (:func:`color_for`), line style the initialisation. Each line
    has the ``gid`` ``"gradient:<activation>:<init>"``.

    Parameters
    ----------
    result : course_lib.experiments.GradientNorms
        Measured norms, input layer first.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default a new figure in the course style.
    kind : {"weight", "preactivation"}, default "weight"
        Norm of the weight gradient or of the pre-activation gradient :math:`\delta_l`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from course_lib.experiments import gradient_norms_vs_depth
    >>> result = gradient_norms_vs_depth(activations=("sigmoid",), inits=("xavier",), depth=4,
    ...                                  width=16, seeds=(0,), n_per_class=20)
    >>> ax = plot_gradient_norms(result)
    >>> line = ax.get_lines()[0]
    >>> print(line.get_gid(), line.get_xdata(), ax.get_yscale())
    gradient:sigmoid:xavier [1 2 3 4 5] log
    >>> plt.close(ax.figure)
    """
    if kind not in ("weight", "preactivation"):
        raise ValueError(f"kind must be 'weight' or 'preactivation', got {kind!r}")
    for attribute in ("activations", "inits", "layers", "norms"):
        if not hasattr(result, attribute):
            raise TypeError(
                "result must be the output of course_lib.experiments.gradient_norms_vs_depth, "
                f"got {type(result).__name__} without {attribute!r}"
            )
    if ax is None:
        ax = _new_axes()

    layers = np.asarray(result.layers)
    for activation in result.activations:
        for index, init in enumerate(result.inits):
            norms = np.asarray(result.norms(activation, init, kind), dtype=np.float64)
            ax.plot(
                layers,
                norms,
                color=color_for(activation),
                linestyle=_LINESTYLES[index % len(_LINESTYLES)],
                marker="o",
                markersize=3.5,
                label=f"{display_name(activation)}, {_INIT_NAMES.get(init, init)} init",
                gid=f"gradient:{activation}:{init}",
            )

    from matplotlib.ticker import MaxNLocator

    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(f"layer $l$ (1 = next to the input, {layers[-1]} = output)")
    if kind == "weight":
        ax.set_ylabel(r"$\|\partial \mathcal{L} / \partial W_l\|_F$ (log scale)")
    else:
        ax.set_ylabel(r"$\|\partial \mathcal{L} / \partial z_l\|_F$ (log scale)")
    ax.set_title(f"gradient norm per layer at initialisation, {layers[-1] - 1} hidden layers")
    ax.legend(loc="best", fontsize=9)
    return ax


def plot_dead_fraction(result, ax=None, *, activations=None):
    r"""Plot the fraction of dead hidden units after training against the learning rate.

    ``result`` is the output of :func:`course_lib.experiments.dead_neuron_fraction`. A unit is
    dead when its pre-activation is :math:`\le 0` on every training point:

    .. math::

        \text{dead fraction} = \frac{1}{H} \sum_{j=1}^{H}
        \bigl[\, z_j(x) \le 0 \ \text{for all training } x \,\bigr]

    Each line is the mean over seeds, with a band from the smallest to the largest seed. Colour
    shows the activation and line style the initial bias. Lines have the ``gid``
    ``"dead:<activation>:<bias_init>"``.

    Parameters
    ----------
    result : course_lib.experiments.DeadNeurons
        Measured fractions.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default a new figure in the course style.
    activations : sequence of str, optional
        Subset of ``result.activations`` to draw; default all.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from course_lib.experiments import dead_neuron_fraction
    >>> result = dead_neuron_fraction(learning_rates=(0.1, 10.0), bias_inits=(0.0,),
    ...                               activations=("relu",), seeds=(0,), epochs=20)
    >>> ax = plot_dead_fraction(result)
    >>> line = ax.get_lines()[0]
    >>> print(line.get_gid(), line.get_xdata(), ax.get_xscale())
    dead:relu:0 [ 0.1 10. ] log
    >>> plt.close(ax.figure)
    """
    for attribute in ("activations", "bias_inits", "learning_rates", "dead_after"):
        if not hasattr(result, attribute):
            raise TypeError(
                "result must be the output of course_lib.experiments.dead_neuron_fraction, "
                f"got {type(result).__name__} without {attribute!r}"
            )
    if activations is None:
        activations = result.activations
    missing = [name for name in activations if name not in result.activations]
    if missing:
        raise ValueError(
            f"activations {missing} are not in the result, which has {list(result.activations)}"
        )
    if ax is None:
        ax = _new_axes()

    learning_rates = np.asarray(result.learning_rates, dtype=np.float64)
    for activation in activations:
        a = result.activations.index(activation)
        for b, bias_init in enumerate(np.asarray(result.bias_inits, dtype=np.float64)):
            runs = np.asarray(result.dead_after[a, b], dtype=np.float64)
            color = color_for(activation)
            ax.fill_between(
                learning_rates, runs.min(axis=-1), runs.max(axis=-1), color=color, alpha=0.15,
                linewidth=0,
            )
            ax.plot(
                learning_rates,
                runs.mean(axis=-1),
                color=color,
                linestyle=_LINESTYLES[b % len(_LINESTYLES)],
                marker="o",
                markersize=4,
                label=f"{display_name(activation)}, initial bias {bias_init:g}",
                gid=f"dead:{activation}:{bias_init:g}",
            )

    ax.set_xscale("log")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(r"learning rate $\eta$ (log scale)")
    ax.set_ylabel("fraction of dead hidden units")
    ax.set_title("dead units after training (band: range over seeds)")
    ax.legend(loc="best", fontsize=9)
    return ax


# Filled markers that differ in shape, so classes stay apart in greyscale prints too.
_CLASS_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def _check_points(X, y):
    try:
        points = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"X must be an array of real numbers of shape (N, 2): {error}") from None
    if points.ndim != 2 or points.shape[1] != 2 or points.shape[0] == 0:
        raise ValueError(f"X must have shape (N, 2) with N >= 1, got {points.shape}")
    if not np.all(np.isfinite(points)):
        raise ValueError("X must contain only finite values (no nan or inf)")
    labels = np.asarray(y)
    if labels.shape != (points.shape[0],):
        raise ValueError(f"y must have shape ({points.shape[0]},) to match X, got {labels.shape}")
    if labels.dtype.kind not in "iu" or (labels.size and labels.min() < 0):
        raise ValueError("y must contain non-negative integer class labels")
    return points, labels.astype(np.int64)


def plot_decision_boundary(model, X, y, ax=None, *, resolution=200, padding=0.5):
    r"""Shade the class that ``model`` predicts over the plane, with the data points on top.

    The predicted class :math:`\hat y(x) = \arg\max_k \text{logits}_k(x)` is evaluated on a
    ``resolution`` × ``resolution`` grid that covers the points plus ``padding`` on each side.
    The grid is drawn as an image, ``ax.images[0]``, whose array is the class of each grid cell,
    with thin black lines where the predicted class changes. Each class has the colour
    :func:`bar_color` of its index and its own marker shape.

    Parameters
    ----------
    model : object with ``predict``
        For example a trained :class:`course_lib.nn.MLP`; ``predict`` maps an ``(M, 2)`` array to
        ``M`` integer classes.
    X : array_like, shape (N, 2)
        Finite input points, first coordinate :math:`x_1` on the horizontal axis.
    y : array_like of int, shape (N,)
        Class labels ``0, ..., K - 1``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default a new figure in the course style.
    resolution : int, default 200
        Grid cells per axis, at least 10.
    padding : float, default 0.5
        Margin around the points, in the units of ``X``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes; its title gives the training accuracy of ``model`` on ``(X, y)``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> class AboveDiagonal:
    ...     def predict(self, points):
    ...         return (points[:, 1] > points[:, 0]).astype(int)
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> ax = plot_decision_boundary(AboveDiagonal(), X, np.array([1, 0]), resolution=20)
    >>> print(ax.get_title(), ax.images[0].get_array().shape)
    decision regions (training accuracy 100%) (20, 20)
    >>> plt.close(ax.figure)
    """
    points, labels = _check_points(X, y)
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)):
        raise TypeError(f"resolution must be an integer, got {resolution!r}")
    if resolution < 10:
        raise ValueError(f"resolution must be >= 10, got {resolution}")
    padding = float(padding)
    if not (np.isfinite(padding) and padding >= 0):
        raise ValueError(f"padding must be finite and >= 0, got {padding}")
    if not callable(getattr(model, "predict", None)):
        raise TypeError(f"model must have a predict method, got {type(model).__name__}")
    if ax is None:
        ax = _new_axes(figsize=(5.0, 4.2))

    low = points.min(axis=0) - padding
    high = points.max(axis=0) + padding
    # A single point (or a padding of 0 with equal coordinates) still needs a grid of some size.
    high = np.where(high > low, high, low + 1.0)
    grid_x1 = np.linspace(low[0], high[0], resolution)
    grid_x2 = np.linspace(low[1], high[1], resolution)
    mesh_x1, mesh_x2 = np.meshgrid(grid_x1, grid_x2)
    grid_points = np.column_stack([mesh_x1.ravel(), mesh_x2.ravel()])
    regions = np.asarray(model.predict(grid_points)).reshape(resolution, resolution)
    accuracy = float(np.mean(np.asarray(model.predict(points)) == labels))

    n_classes = int(max(regions.max(), labels.max())) + 1
    colors = [bar_color(k) for k in range(n_classes)]
    from matplotlib.colors import BoundaryNorm, ListedColormap

    cmap = ListedColormap(colors)
    norm = BoundaryNorm(np.arange(n_classes + 1) - 0.5, n_classes)
    ax.imshow(
        regions,
        origin="lower",
        extent=(low[0], high[0], low[1], high[1]),
        cmap=cmap,
        norm=norm,
        alpha=0.25,
        interpolation="nearest",
        aspect="auto",
    )
    if n_classes > 1 and np.unique(regions).size > 1:
        ax.contour(
            mesh_x1,
            mesh_x2,
            regions,
            levels=np.arange(n_classes - 1) + 0.5,
            colors="#222222",
            linewidths=0.8,
        )
    for k in range(n_classes):
        members = labels == k
        if not np.any(members):
            continue
        ax.scatter(
            points[members, 0],
            points[members, 1],
            s=22,
            color=colors[k],
            marker=_CLASS_MARKERS[k % len(_CLASS_MARKERS)],
            edgecolors="white",
            linewidths=0.5,
            label=f"class {k}",
            gid=f"class:{k}",
        )

    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(f"decision regions (training accuracy {accuracy:.0%})")
    ax.legend(loc="upper right", framealpha=0.9)
    return ax
