"""Tests of course_lib.plotting: the style, the palette, and the data behind every figure."""

import io
import itertools
import os
import re
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib import plotting  # noqa: E402
from course_lib.activations import ACTIVATIONS  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------------------------------------
# Colour-vision-deficiency simulation for the palette tests.
# Matrices of Machado, Oliveira and Fernandes (2009), "A Physiologically-based Model for
# Simulation of Color Vision Deficiency", IEEE TVCG 15(6), doi:10.1109/TVCG.2009.113, severity
# 1.0, applied to linear sRGB.
# ---------------------------------------------------------------------------------------------

CVD_MATRICES = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
    "normal vision": np.eye(3),
}

# CIE76 colour difference below which two line colours are easily confused; 15 separates the
# Okabe-Ito colours (smallest simulated difference about 16) from matplotlib's tab10, whose
# orange and green differ by under 5 under protanopia.
MIN_DELTA_E = 15.0


def _srgb_to_linear(rgb):
    rgb = np.asarray(rgb, dtype=np.float64)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _linear_to_lab(rgb_linear):
    to_xyz = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    )
    white = np.array([0.95047, 1.0, 1.08883])
    t = to_xyz @ rgb_linear / white
    delta = 6.0 / 29.0
    f = np.where(t > delta**3, np.cbrt(t), t / (3 * delta**2) + 4.0 / 29.0)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _min_simulated_distance(colors, matrix):
    labs = [
        _linear_to_lab(np.clip(np.asarray(matrix) @ _srgb_to_linear(mcolors.to_rgb(c)), 0, 1))
        for c in colors
    ]
    return min(np.linalg.norm(a - b) for a, b in itertools.combinations(labs, 2))


# ---------------------------------------------------------------------------------------------
# Style
# ---------------------------------------------------------------------------------------------


def test_style_sets_opaque_white_face():
    with plotting.course_style():
        assert mcolors.to_rgba(matplotlib.rcParams["figure.facecolor"]) == (1.0, 1.0, 1.0, 1.0)
        assert mcolors.to_rgba(matplotlib.rcParams["savefig.facecolor"]) == (1.0, 1.0, 1.0, 1.0)
        assert mcolors.to_rgba(matplotlib.rcParams["axes.facecolor"]) == (1.0, 1.0, 1.0, 1.0)
        assert matplotlib.rcParams["savefig.transparent"] is False


def test_style_png_has_no_transparent_pixel():
    with plotting.course_style():
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    buffer.seek(0)
    image = plt.imread(buffer)
    assert image.shape[2] == 4
    assert np.all(image[..., 3] == 1.0)


def test_style_grid_without_top_right_spines():
    with plotting.course_style():
        fig, ax = plt.subplots()
    assert not ax.spines["top"].get_visible()
    assert not ax.spines["right"].get_visible()
    assert ax.spines["left"].get_visible()
    assert any(line.get_visible() for line in ax.xaxis.get_gridlines())


def test_style_prop_cycle_is_okabe_ito():
    with plotting.course_style():
        cycle_colors = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    cycle = [mcolors.to_hex(c) for c in cycle_colors]
    palette = {mcolors.to_hex(c) for c in plotting.PALETTE.values()}
    assert set(cycle) == palette
    assert len(cycle) == 8
    assert cycle[-1] == mcolors.to_hex(plotting.PALETTE["yellow"])


def test_style_context_restores_previous_settings():
    with matplotlib.rc_context({"figure.facecolor": "0.5", "axes.grid": False}):
        with plotting.course_style():
            assert matplotlib.rcParams["axes.grid"] is True
        assert matplotlib.rcParams["figure.facecolor"] == "0.5"
        assert matplotlib.rcParams["axes.grid"] is False


def test_use_course_style_changes_global_settings():
    with matplotlib.rc_context():
        plotting.use_course_style()
        assert matplotlib.rcParams["axes.spines.right"] is False
        assert matplotlib.rcParams["figure.dpi"] == 100
        assert matplotlib.rcParams["font.size"] >= 10


def test_course_rcparams_returns_fresh_copy():
    first = plotting.course_rcparams()
    first["figure.dpi"] = 300
    assert plotting.course_rcparams()["figure.dpi"] == 100


def test_style_full_width_figure_png_is_small():
    names = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu"]
    names = [name for name in names if name in ACTIVATIONS]
    fig = plotting.plot_activations_grid(names)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    buffer.seek(0)
    height, width = plt.imread(buffer).shape[:2]
    # A book page is about 750 px wide; ten such figures must stay under 1.5 MB.
    assert width <= 800
    assert height <= 800
    assert len(buffer.getvalue()) < 150_000


# ---------------------------------------------------------------------------------------------
# Palette and colours
# ---------------------------------------------------------------------------------------------


def test_palette_has_eight_distinct_hex_colours():
    values = list(plotting.PALETTE.values())
    assert len(values) == 8
    assert len({v.lower() for v in values}) == 8
    for value in values:
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", value), value


def test_palette_is_read_only():
    with pytest.raises(TypeError):
        plotting.PALETTE["black"] = "#111111"


@pytest.mark.parametrize("vision", sorted(CVD_MATRICES))
def test_palette_distinct_under_colour_blindness(vision):
    distance = _min_simulated_distance(list(plotting.PALETTE.values()), CVD_MATRICES[vision])
    assert distance >= MIN_DELTA_E, f"two palette colours differ by only {distance:.1f} (CIE76)"


def test_palette_check_rejects_tab10():
    # The colour-blindness check above must be able to fail: tab10 is not colour-blind safe.
    tab10 = [mcolors.to_hex(c) for c in matplotlib.colormaps["tab10"].colors[:7]]
    assert _min_simulated_distance(tab10, CVD_MATRICES["protanopia"]) < MIN_DELTA_E


def test_color_for_every_registry_activation():
    for name in ACTIVATIONS:
        assert plotting.color_for(name) in plotting.PALETTE.values(), name


def test_color_for_is_case_and_separator_insensitive():
    assert plotting.color_for("ReLU") == plotting.color_for("relu")
    assert plotting.color_for("Leaky-ReLU") == plotting.color_for("leaky_relu")
    assert plotting.color_for("leaky relu") == plotting.color_for("leaky_relu")


@pytest.mark.parametrize(
    "compared",
    [
        ("heaviside", "sigmoid"),
        ("sigmoid", "hardsigmoid", "log_sigmoid"),
        ("tanh", "hardtanh", "softsign"),
        ("elu", "celu", "selu"),
        ("silu", "hardswish", "gelu", "mish"),
        ("relu", "relu6", "hardswish"),
        ("sigmoid", "tanh", "relu"),
        ("relu", "leaky_relu", "elu", "gelu", "silu"),
        ("relu", "leaky_relu", "prelu", "rrelu"),
        ("relu", "softplus", "gelu", "mish"),
    ],
)
def test_color_for_distinguishes_compared_activations(compared):
    colours = [plotting.color_for(name) for name in compared]
    assert len(set(colours)) == len(colours), dict(zip(compared, colours))


def test_color_for_unknown_name_stable_across_processes():
    code = "from course_lib.plotting import color_for; print(color_for('student_activation_7'))"
    outputs = set()
    for seed in ("0", "1", "12345"):
        environment = dict(os.environ, PYTHONHASHSEED=seed, MPLBACKEND="Agg")
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=environment,
            check=True,
        )
        outputs.add(result.stdout.strip())
    assert len(outputs) == 1
    assert outputs.pop() in plotting.PALETTE.values()


def test_color_for_unknown_name_never_yellow():
    for index in range(200):
        assert plotting.color_for(f"activation_{index}") != plotting.PALETTE["yellow"]


def test_color_for_rejects_non_string():
    with pytest.raises(TypeError, match="activation_name must be a str"):
        plotting.color_for(3)


def test_display_name_known_and_unknown():
    assert plotting.display_name("relu") == "ReLU"
    assert plotting.display_name("leaky_relu") == "leaky ReLU"
    assert plotting.display_name("my_new_function") == "my new function"


def test_bar_color_skips_yellow():
    colours = [plotting.bar_color(k) for k in range(14)]
    assert plotting.PALETTE["yellow"] not in colours
    assert len(set(colours[:7])) == 7


# ---------------------------------------------------------------------------------------------
# plot_activation and plot_activations_grid
# ---------------------------------------------------------------------------------------------


def _lines_by_gid(ax):
    return {line.get_gid(): line for line in ax.get_lines()}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_plot_activation_lines_equal_registry_values(name):
    entry = ACTIVATIONS[name]
    x = np.linspace(-4.0, 4.0, 161)
    ax = plotting.plot_activation(None, name, x)
    lines = _lines_by_gid(ax)
    function_line = lines[f"function:{name}"]
    derivative_line = lines[f"derivative:{name}"]
    params = dict(entry.params or {})

    np.testing.assert_array_equal(function_line.get_xdata(), x)
    np.testing.assert_array_equal(function_line.get_ydata(), entry.function(x, **params))
    np.testing.assert_array_equal(derivative_line.get_xdata(), x)
    np.testing.assert_array_equal(derivative_line.get_ydata(), entry.derivative(x, **params))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_plot_activation_derivative_line_matches_finite_difference(name):
    # The grid avoids the kinks at 0, so only points next to a jump of f' may disagree.
    x = np.linspace(-4.0005, 3.9995, 8001)
    ax = plotting.plot_activation(None, name, x)
    lines = _lines_by_gid(ax)
    f = lines[f"function:{name}"].get_ydata()
    df = lines[f"derivative:{name}"].get_ydata()
    h = x[1] - x[0]
    central = (f[2:] - f[:-2]) / (2 * h)
    close = np.abs(central - df[1:-1]) <= 1e-3 * (1 + np.abs(df[1:-1]))
    assert close.mean() >= 0.995, f"{np.count_nonzero(~close)} grid points disagree"


def test_plot_activation_relu_anchor_values():
    ax = plotting.plot_activation(None, "relu", [-2.0, -0.5, 0.0, 0.5, 3.0])
    lines = _lines_by_gid(ax)
    np.testing.assert_array_equal(lines["function:relu"].get_ydata(), [0, 0, 0, 0.5, 3.0])
    # ReLU'(0) = 0, as PyTorch defines it.
    np.testing.assert_array_equal(lines["derivative:relu"].get_ydata(), [0, 0, 0, 1, 1])


def test_plot_activation_sigmoid_derivative_peak_is_quarter():
    ax = plotting.plot_activation(None, "sigmoid", np.linspace(-6, 6, 1201))
    derivative = _lines_by_gid(ax)["derivative:sigmoid"].get_ydata()
    assert derivative.max() == pytest.approx(0.25, abs=1e-12)
    assert derivative.argmax() == 600


def test_plot_activation_labels_title_and_legend():
    ax = plotting.plot_activation(None, "tanh")
    assert ax.get_xlabel() == "pre-activation $z$"
    assert ax.get_ylabel() == "$f(z)$ and $f'(z)$"
    assert ax.get_title() == "tanh"
    legend_texts = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend_texts == ["tanh $f(z)$", "tanh $f'(z)$"]


def test_plot_activation_derivative_dashed_same_colour():
    ax = plotting.plot_activation(None, "relu")
    lines = _lines_by_gid(ax)
    function_line, derivative_line = lines["function:relu"], lines["derivative:relu"]
    assert function_line.get_linestyle() == "-"
    assert derivative_line.get_linestyle() == "--"
    assert mcolors.to_hex(function_line.get_color()) == mcolors.to_hex(plotting.color_for("relu"))
    assert mcolors.to_hex(derivative_line.get_color()) == mcolors.to_hex(function_line.get_color())


def test_plot_activation_without_derivative_draws_one_line():
    ax = plotting.plot_activation(None, "sigmoid", show_derivative=False)
    assert [line.get_gid() for line in ax.get_lines()] == ["function:sigmoid"]
    assert ax.get_ylabel() == "$f(z)$"


def test_plot_activation_parameter_override():
    ax = plotting.plot_activation(None, "leaky_relu", [-2.0, 1.0], negative_slope=0.25)
    lines = _lines_by_gid(ax)
    np.testing.assert_allclose(lines["function:leaky_relu"].get_ydata(), [-0.5, 1.0])
    np.testing.assert_allclose(lines["derivative:leaky_relu"].get_ydata(), [0.25, 1.0])
    assert "negative_slope = 0.25" in ax.get_title()


def test_plot_activation_accepts_registry_entry():
    ax = plotting.plot_activation(None, ACTIVATIONS["sigmoid"], [0.0, 1.0])
    assert _lines_by_gid(ax)["function:sigmoid"].get_ydata()[0] == 0.5


def test_plot_activation_draws_on_given_axes():
    fig, ax = plt.subplots()
    returned = plotting.plot_activation(ax, "relu")
    assert returned is ax
    assert len(fig.axes) == 1


def test_plot_activation_rejects_unknown_parameter():
    with pytest.raises(ValueError, match="invalid parameter.*slope"):
        plotting.plot_activation(None, "relu", slope=0.1)


def test_plot_activation_rejects_non_activation():
    with pytest.raises(TypeError, match="activation must be a registry name"):
        plotting.plot_activation(None, 42)


@pytest.mark.parametrize(
    ("x", "error", "message"),
    [
        ([0.0], ValueError, "at least 2 points"),
        ([[0.0, 1.0]], ValueError, "1-D"),
        ([0.0, np.nan], ValueError, "finite"),
        ([0.0, np.inf], ValueError, "finite"),
        (["a", "b"], TypeError, "real numbers"),
    ],
)
def test_plot_activation_rejects_invalid_grid(x, error, message):
    with pytest.raises(error, match=message):
        plotting.plot_activation(None, "relu", x)


def test_plot_activations_grid_panels_and_labels():
    names = ["relu", "sigmoid", "tanh", "leaky_relu"]
    fig = plotting.plot_activations_grid(names, ncols=3)
    assert len(fig.axes) == len(names)
    for ax, name in zip(fig.axes, names):
        assert ax.get_title() == plotting.display_name(name)
        assert ax.get_xlabel() == "$z$"
        assert ax.get_ylabel() == "$f$, $f'$"
        assert {line.get_gid() for line in ax.get_lines()} == {
            f"function:{name}",
            f"derivative:{name}",
        }
    legend_texts = [text.get_text() for text in fig.legends[0].get_texts()]
    assert legend_texts == ["$f(z)$", "$f'(z)$"]


def test_plot_activations_grid_parameter_overrides():
    fig = plotting.plot_activations_grid(
        ["relu", "leaky_relu"], x=[-1.0, 1.0], params={"leaky_relu": {"negative_slope": 0.5}}
    )
    lines = _lines_by_gid(fig.axes[1])
    np.testing.assert_allclose(lines["function:leaky_relu"].get_ydata(), [-0.5, 1.0])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"names": []}, ValueError, "at least one"),
        ({"names": "relu"}, TypeError, "sequence"),
        ({"names": ["relu"], "ncols": 0}, ValueError, "ncols"),
        ({"names": ["relu"], "params": {"elu": {}}}, ValueError, "not in names"),
    ],
)
def test_plot_activations_grid_rejects_invalid_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        plotting.plot_activations_grid(**kwargs)


# ---------------------------------------------------------------------------------------------
# plot_softmax_temperatures and plot_training_curve
# ---------------------------------------------------------------------------------------------


def _reference_softmax(z, temperature):
    scaled = np.asarray(z, dtype=np.float64) / temperature
    weights = np.exp(scaled - scaled.max())
    return weights / weights.sum()


def _reference_entropy(p):
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


def test_plot_softmax_temperatures_bar_heights():
    logits = [2.0, 1.0, 0.1]
    temperatures = [0.5, 1.0, 4.0]
    ax = plotting.plot_softmax_temperatures(logits, temperatures)
    assert len(ax.containers) == 3
    for container, temperature in zip(ax.containers, temperatures):
        heights = np.array([bar.get_height() for bar in container])
        np.testing.assert_allclose(heights, _reference_softmax(logits, temperature), rtol=1e-12)
        entropy = _reference_entropy(heights)
        assert container.get_label() == f"T = {temperature:g}, H = {entropy:.3f} nats"


def test_plot_softmax_temperatures_entropy_grows_with_temperature():
    ax = plotting.plot_softmax_temperatures([3.0, 0.0, -1.0, 0.5], [0.1, 0.3, 1.0, 3.0, 10.0])
    entropies = [
        _reference_entropy(np.array([bar.get_height() for bar in container]))
        for container in ax.containers
    ]
    assert all(a < b for a, b in zip(entropies, entropies[1:]))
    assert entropies[-1] <= np.log(4)


def test_plot_softmax_temperatures_extremes():
    ax = plotting.plot_softmax_temperatures([2.0, 1.0, 0.1], [1e-3, 1e4])
    cold = np.array([bar.get_height() for bar in ax.containers[0]])
    hot = np.array([bar.get_height() for bar in ax.containers[1]])
    np.testing.assert_array_equal(cold, [1.0, 0.0, 0.0])
    np.testing.assert_allclose(hot, np.full(3, 1 / 3), atol=1e-4)


def test_plot_softmax_temperatures_labels_and_uniform_line():
    ax = plotting.plot_softmax_temperatures([1.0, 2.0], [1.0])
    assert ax.get_xlabel() == "class (logit)"
    assert ax.get_ylabel() == "probability $p_i$"
    assert ax.get_title()
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["$z_{1}$ = 1", "$z_{2}$ = 2"]
    uniform = [line for line in ax.get_lines() if line.get_label() == "uniform 1/2"]
    assert len(uniform) == 1
    np.testing.assert_array_equal(uniform[0].get_ydata(), [0.5, 0.5])


@pytest.mark.parametrize(
    ("logits", "temperatures", "error", "message"),
    [
        ([1.0], [1.0], ValueError, "at least 2"),
        ([1.0, np.nan], [1.0], ValueError, "finite"),
        ([1.0, 2.0], [0.0], ValueError, "> 0"),
        ([1.0, 2.0], [-1.0], ValueError, "> 0"),
        ([1.0, 2.0], [np.inf], ValueError, "> 0"),
        ([1.0, 2.0], [], ValueError, "1-D"),
        (["x", "y"], [1.0], TypeError, "real numbers"),
    ],
)
def test_plot_softmax_temperatures_rejects_invalid(logits, temperatures, error, message):
    with pytest.raises(error, match=message):
        plotting.plot_softmax_temperatures(logits, temperatures)


def test_plot_training_curve_data_and_labels():
    ax = plotting.plot_training_curve(None, [0.9, 0.5, 0.3, 0.2], label="lr = 0.1", logy=True)
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_array_equal(line.get_ydata(), [0.9, 0.5, 0.3, 0.2])
    assert ax.get_xlabel() == "epoch"
    assert ax.get_ylabel() == "training loss (nats)"
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["lr = 0.1"]


def test_plot_training_curve_rejects_empty():
    with pytest.raises(ValueError, match="non-empty"):
        plotting.plot_training_curve(None, [])


# ---------------------------------------------------------------------------------------------
# plot_decision_boundary
# ---------------------------------------------------------------------------------------------


class _AboveLine:
    """Classifier with a known boundary: class 1 above the line x2 = x1 + offset."""

    def __init__(self, offset=0.0):
        self.offset = offset

    def predict(self, points):
        points = np.asarray(points)
        return (points[:, 1] > points[:, 0] + self.offset).astype(np.int64)


def test_plot_decision_boundary_regions_match_model():
    X = np.array([[-1.0, 1.0], [1.0, -1.0], [0.5, 2.0], [2.0, 0.0]])
    y = np.array([1, 0, 1, 0])
    ax = plotting.plot_decision_boundary(_AboveLine(0.25), X, y, resolution=50, padding=0.5)
    regions = ax.images[0].get_array()
    assert regions.shape == (50, 50)
    x1 = np.linspace(-1.5, 2.5, 50)
    x2 = np.linspace(-1.5, 2.5, 50)
    expected = (x2[:, None] > x1[None, :] + 0.25).astype(int)
    np.testing.assert_array_equal(regions, expected)
    assert ax.images[0].get_extent() == [-1.5, 2.5, -1.5, 2.5]


def test_plot_decision_boundary_points_and_labels():
    X = np.array([[-1.0, 1.0], [1.0, -1.0], [0.5, 2.0], [2.0, 0.0], [0.0, -0.5]])
    y = np.array([1, 0, 1, 0, 1])
    ax = plotting.plot_decision_boundary(_AboveLine(), X, y, resolution=20)
    scatters = {
        collection.get_gid(): collection for collection in ax.collections if collection.get_gid()
    }
    np.testing.assert_array_equal(scatters["class:0"].get_offsets(), X[y == 0])
    np.testing.assert_array_equal(scatters["class:1"].get_offsets(), X[y == 1])
    assert ax.get_xlabel() == "$x_1$"
    assert ax.get_ylabel() == "$x_2$"
    # The point (0, -0.5) lies below the line but has label 1: 4 of 5 correct.
    assert ax.get_title() == "decision regions (training accuracy 80%)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]


def test_plot_decision_boundary_trained_mlp():
    from course_lib.datasets import xor
    from course_lib.nn import MLP, train

    X, y = xor(n_per_class=40, seed=1)
    model = MLP((2, 8, 2), activation="tanh", init="xavier", seed=0)
    train(model, X, y, epochs=200, learning_rate=0.5, momentum=0.9)
    ax = plotting.plot_decision_boundary(model, X, y, resolution=40)
    regions = ax.images[0].get_array()
    # XOR: opposite quadrants share a class, so all classes appear in the regions.
    assert set(np.unique(regions)) == {0, 1}
    accuracy = np.mean(model.predict(X) == y)
    assert ax.get_title() == f"decision regions (training accuracy {accuracy:.0%})"


@pytest.mark.parametrize(
    ("X", "y", "kwargs", "error", "message"),
    [
        (np.zeros((3, 3)), np.zeros(3, int), {}, ValueError, "shape \\(N, 2\\)"),
        (np.zeros((3, 2)), np.zeros(2, int), {}, ValueError, "y must have shape"),
        (np.zeros((3, 2)), np.zeros(3), {}, ValueError, "integer class labels"),
        (np.full((3, 2), np.nan), np.zeros(3, int), {}, ValueError, "finite"),
        (np.zeros((3, 2)), np.zeros(3, int), {"resolution": 5}, ValueError, "resolution"),
        (np.zeros((3, 2)), np.zeros(3, int), {"padding": -1.0}, ValueError, "padding"),
    ],
)
def test_plot_decision_boundary_rejects_invalid(X, y, kwargs, error, message):
    with pytest.raises(error, match=message):
        plotting.plot_decision_boundary(_AboveLine(), X, y, **kwargs)


def test_plot_decision_boundary_rejects_model_without_predict():
    with pytest.raises(TypeError, match="predict"):
        plotting.plot_decision_boundary(object(), np.zeros((2, 2)), np.zeros(2, int))


# ---------------------------------------------------------------------------------------------
# plot_gradient_norms and plot_dead_fraction (results of course_lib.experiments)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gradient_result():
    from course_lib.experiments import gradient_norms_vs_depth

    return gradient_norms_vs_depth(
        activations=("sigmoid", "relu"), inits=("xavier", "he"), depth=6, width=16, seeds=(0,),
        n_per_class=20,
    )


@pytest.fixture(scope="module")
def dead_result():
    from course_lib.experiments import dead_neuron_fraction

    return dead_neuron_fraction(
        learning_rates=(0.1, 10.0), bias_inits=(0.0, -1.0), activations=("relu", "leaky_relu"),
        seeds=(0, 1), hidden=16, epochs=30, n_per_class=30,
    )


def test_plot_gradient_norms_lines_equal_result(gradient_result):
    ax = plotting.plot_gradient_norms(gradient_result)
    lines = _lines_by_gid(ax)
    assert len(lines) == 4
    for activation in ("sigmoid", "relu"):
        for init in ("xavier", "he"):
            line = lines[f"gradient:{activation}:{init}"]
            np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 8))
            np.testing.assert_array_equal(
                line.get_ydata(), gradient_result.norms(activation, init, "weight")
            )
            expected_color = mcolors.to_hex(plotting.color_for(activation))
            assert mcolors.to_hex(line.get_color()) == expected_color


def test_plot_gradient_norms_preactivation_kind(gradient_result):
    ax = plotting.plot_gradient_norms(gradient_result, kind="preactivation")
    line = _lines_by_gid(ax)["gradient:relu:he"]
    expected = gradient_result.norms("relu", "he", "preactivation")
    np.testing.assert_array_equal(line.get_ydata(), expected)
    assert "z_l" in ax.get_ylabel()


def test_plot_gradient_norms_sigmoid_rises_toward_output(gradient_result):
    ax = plotting.plot_gradient_norms(gradient_result)
    norms = _lines_by_gid(ax)["gradient:sigmoid:xavier"].get_ydata()
    # Each sigmoid layer multiplies the backpropagated signal by f' <= 1/4 (times a weight
    # factor), so the first layer's gradient is orders of magnitude below the output layer's.
    assert norms[0] < 1e-2 * norms[-1]


def test_plot_gradient_norms_axes_and_legend(gradient_result):
    ax = plotting.plot_gradient_norms(gradient_result)
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "layer $l$ (1 = next to the input, 7 = output)"
    assert "W_l" in ax.get_ylabel()
    assert ax.get_title() == "gradient norm per layer at initialisation, 6 hidden layers"
    legend_texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "sigmoid, Xavier init" in legend_texts
    assert "ReLU, He init" in legend_texts
    styles = {line.get_gid(): line.get_linestyle() for line in ax.get_lines()}
    assert styles["gradient:relu:xavier"] != styles["gradient:relu:he"]


def test_plot_gradient_norms_rejects_invalid(gradient_result):
    with pytest.raises(ValueError, match="kind must be"):
        plotting.plot_gradient_norms(gradient_result, kind="bias")
    with pytest.raises(TypeError, match="gradient_norms_vs_depth"):
        plotting.plot_gradient_norms({"layers": [1, 2]})


def test_plot_dead_fraction_lines_equal_seed_means(dead_result):
    ax = plotting.plot_dead_fraction(dead_result)
    lines = _lines_by_gid(ax)
    assert len(lines) == 4
    for a, activation in enumerate(("relu", "leaky_relu")):
        for b, bias in enumerate(("0", "-1")):
            line = lines[f"dead:{activation}:{bias}"]
            np.testing.assert_array_equal(line.get_xdata(), [0.1, 10.0])
            np.testing.assert_allclose(line.get_ydata(), dead_result.dead_after[a, b].mean(axis=-1))
            assert all(0.0 <= value <= 1.0 for value in line.get_ydata())


def test_plot_dead_fraction_axes_and_subset(dead_result):
    ax = plotting.plot_dead_fraction(dead_result, activations=["relu"])
    assert {line.get_gid() for line in ax.get_lines()} == {"dead:relu:0", "dead:relu:-1"}
    assert ax.get_xscale() == "log"
    assert ax.get_xlabel() == r"learning rate $\eta$ (log scale)"
    assert ax.get_ylabel() == "fraction of dead hidden units"
    assert ax.get_title()
    assert ax.get_ylim() == (-0.02, 1.02)
    legend_texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend_texts == ["ReLU, initial bias 0", "ReLU, initial bias -1"]


def test_plot_dead_fraction_rejects_invalid(dead_result):
    with pytest.raises(ValueError, match="not in the result"):
        plotting.plot_dead_fraction(dead_result, activations=["elu"])
    with pytest.raises(TypeError, match="dead_neuron_fraction"):
        plotting.plot_dead_fraction(object())
