"""Tests of course_lib.widgets: drive each explorer headless and check what its figure shows."""

import io
import subprocess
import sys
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib import widgets  # noqa: E402
from course_lib.activations import ACTIVATIONS  # noqa: E402

ipywidgets = pytest.importorskip("ipywidgets")

# An update must feel immediate to a student moving a slider. The tests measure CPU time of
# this process, so that other jobs on a shared machine do not make them fail.
MAX_UPDATE_SECONDS = 1.0


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _timed_set(control, value):
    start = time.process_time()
    control.value = value
    return time.process_time() - start


def _reference_softmax(z, temperature):
    scaled = np.asarray(z, dtype=np.float64) / temperature
    weights = np.exp(scaled - scaled.max())
    return weights / weights.sum()


def _reference_entropy(p):
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


# ---------------------------------------------------------------------------------------------
# Shared behaviour of every explorer
# ---------------------------------------------------------------------------------------------


def test_widget_explorer_displays_controls_picture_and_status():
    explorer = widgets.softmax_explorer()
    assert isinstance(explorer.widget, ipywidgets.VBox)
    controls_box, image, status = explorer.widget.children
    assert set(controls_box.children) == set(explorer.controls.values())
    assert isinstance(image, ipywidgets.Image)
    assert explorer.png.startswith(b"\x89PNG")
    assert status.value == explorer.status


def test_widget_explorer_repr_is_short_and_stable():
    explorer = widgets.softmax_explorer((2.0, 1.0, 0.1), temperature=1.0)
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == "softmax_explorer(temperature=1, logits='2, 1, 0.1')"
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "PNG" not in repr(explorer)


def test_widget_explorer_picture_changes_with_control():
    explorer = widgets.softmax_explorer()
    before = explorer.png
    explorer.controls["temperature"].value = 4.0
    assert explorer.png != before


# ---------------------------------------------------------------------------------------------
# 1. Activation explorer
# ---------------------------------------------------------------------------------------------


def test_widget_activation_dropdown_lists_registry():
    explorer = widgets.activation_explorer()
    assert list(explorer.controls["activation"].options) == list(ACTIVATIONS)
    assert explorer.controls["activation"].value == "relu"


def test_widget_activation_relu_to_sigmoid_max_derivative():
    explorer = widgets.activation_explorer("relu")
    assert explorer.data["df"].max() == 1.0
    assert explorer.data["df"].min() == 0.0
    seconds = _timed_set(explorer.controls["activation"], "sigmoid")
    assert seconds < MAX_UPDATE_SECONDS
    # sigma'(z) = sigma(z)(1 - sigma(z)) peaks at z = 0 with 1/4; the grid contains 0.
    assert explorer.data["df"].max() == pytest.approx(0.25, abs=1e-12)
    expected = 1 / (1 + np.exp(-explorer.data["x"]))
    np.testing.assert_allclose(explorer.data["f"], expected, rtol=1e-12)


def test_widget_activation_tanh_values():
    explorer = widgets.activation_explorer("tanh")
    expected = np.tanh(explorer.data["x"])
    np.testing.assert_allclose(explorer.data["f"], expected, rtol=1e-12, atol=1e-15)
    assert explorer.data["df"].max() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_widget_activation_each_registry_entry(name):
    explorer = widgets.activation_explorer("relu")
    explorer.controls["activation"].value = name
    entry = ACTIVATIONS[name]
    params = dict(entry.params or {})
    params.update(explorer.parameters)
    x = explorer.data["x"]
    np.testing.assert_array_equal(explorer.data["f"], entry.function(x, **params))
    np.testing.assert_array_equal(explorer.data["df"], entry.derivative(x, **params))
    (ax,) = explorer.figure.axes
    lines = {line.get_gid(): line for line in ax.get_lines()}
    np.testing.assert_array_equal(lines[f"function:{name}"].get_ydata(), explorer.data["f"])
    np.testing.assert_array_equal(lines[f"derivative:{name}"].get_ydata(), explorer.data["df"])
    assert ax.get_xlabel()
    assert ax.get_ylabel()
    assert ax.get_title()


def test_widget_activation_parameter_slider_changes_curve():
    explorer = widgets.activation_explorer("leaky_relu")
    slider = explorer.controls["negative_slope"]
    assert slider.value == pytest.approx(ACTIVATIONS["leaky_relu"].params["negative_slope"])
    _timed_set(slider, 0.3)
    x, f, df = explorer.data["x"], explorer.data["f"], explorer.data["df"]
    np.testing.assert_allclose(f[x < 0], 0.3 * x[x < 0], rtol=1e-12)
    np.testing.assert_allclose(df[x < 0], 0.3, rtol=1e-12)
    np.testing.assert_array_equal(f[x > 0], x[x > 0])


def test_widget_activation_parameter_controls_follow_activation():
    explorer = widgets.activation_explorer("leaky_relu")
    assert "negative_slope" in explorer.controls
    explorer.controls["activation"].value = "relu"
    assert "negative_slope" not in explorer.controls
    assert set(explorer.controls) == {"activation", "x_max"} | set(ACTIVATIONS["relu"].params or {})
    box_children = explorer.widget.children[0].children
    assert set(box_children) == set(explorer.controls.values())


def test_widget_activation_new_parameter_sliders_are_live():
    explorer = widgets.activation_explorer("relu")
    explorer.controls["activation"].value = "leaky_relu"
    explorer.controls["negative_slope"].value = 0.5
    x = explorer.data["x"]
    assert explorer.data["f"][0] == pytest.approx(0.5 * x[0])


def test_widget_activation_x_range_slider():
    explorer = widgets.activation_explorer("sigmoid")
    explorer.controls["x_max"].value = 12.0
    assert explorer.data["x"][0] == -12.0
    assert explorer.data["x"][-1] == 12.0
    # Saturation: far from 0 the sigmoid's derivative is below 1e-5.
    assert explorer.data["df"][0] < 1e-5


@pytest.mark.parametrize("x_max", [0.5, 25.0])
def test_widget_activation_rejects_x_max_outside_slider(x_max):
    with pytest.raises(ValueError, match="x_max must be in"):
        widgets.activation_explorer("relu", x_max=x_max)


def test_widget_activation_rejects_unknown_name():
    with pytest.raises(ValueError, match="name must be an activation of the registry"):
        widgets.activation_explorer("no_such_activation")


def test_widget_activation_status_shows_formula():
    explorer = widgets.activation_explorer("sigmoid")
    formula = ACTIVATIONS["sigmoid"].formula
    if formula:
        assert formula in explorer.status


def test_widget_activation_static_figure():
    fig = widgets.activation_explorer_figure(["sigmoid", "relu"])
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "ReLU"]


# ---------------------------------------------------------------------------------------------
# 2. Softmax explorer
# ---------------------------------------------------------------------------------------------


def test_widget_softmax_initial_values():
    logits = (2.0, 1.0, 0.1)
    explorer = widgets.softmax_explorer(logits, temperature=1.0)
    expected = _reference_softmax(logits, 1.0)
    np.testing.assert_allclose(explorer.data["probabilities"], expected, rtol=1e-12)
    assert explorer.data["entropy"] == pytest.approx(_reference_entropy(expected), rel=1e-12)
    assert explorer.data["max_entropy"] == pytest.approx(np.log(3), rel=1e-15)


def test_widget_softmax_entropy_increases_with_temperature():
    explorer = widgets.softmax_explorer((2.0, 1.0, 0.1), temperature=0.1)
    entropies = []
    for temperature in (0.1, 0.3, 1.0, 3.0, 10.0, 30.0):
        seconds = _timed_set(explorer.controls["temperature"], temperature)
        assert seconds < MAX_UPDATE_SECONDS
        entropies.append(float(explorer.data["entropy"]))
        expected = _reference_softmax((2.0, 1.0, 0.1), temperature)
        np.testing.assert_allclose(explorer.data["probabilities"], expected, rtol=1e-10)
    assert all(a < b for a, b in zip(entropies, entropies[1:])), entropies


def test_widget_softmax_cold_limit_is_one_hot():
    explorer = widgets.softmax_explorer((2.0, 1.0, 0.1), temperature=1.0)
    explorer.controls["temperature"].value = 0.01
    np.testing.assert_allclose(explorer.data["probabilities"], [1.0, 0.0, 0.0], atol=1e-40)
    assert explorer.data["entropy"] < 1e-40


def test_widget_softmax_hot_limit_is_uniform():
    explorer = widgets.softmax_explorer((2.0, 1.0, 0.1), temperature=1.0)
    explorer.controls["temperature"].value = 100.0
    np.testing.assert_allclose(explorer.data["probabilities"], np.full(3, 1 / 3), atol=5e-3)
    assert np.log(3) - explorer.data["entropy"] < 1e-3
    assert explorer.data["entropy"] <= np.log(3)


def test_widget_softmax_bars_show_probabilities():
    explorer = widgets.softmax_explorer((0.5, -1.0, 2.0, 0.0), temperature=2.0)
    ax_bars, ax_entropy = explorer.figure.axes
    heights = [bar.get_height() for bar in ax_bars.containers[0]]
    np.testing.assert_array_equal(heights, explorer.data["probabilities"])
    markers = [line for line in ax_entropy.get_lines() if line.get_marker() == "o"]
    assert len(markers) == 1
    assert markers[0].get_xdata()[0] == pytest.approx(2.0)
    assert markers[0].get_ydata()[0] == pytest.approx(float(explorer.data["entropy"]))
    assert ax_entropy.get_xlabel() == "temperature $T$ (log scale)"
    assert ax_entropy.get_ylabel() == "entropy $H$ (nats)"
    assert "H = " in explorer.status


def test_widget_softmax_entropy_curve_monotone_and_bounded():
    explorer = widgets.softmax_explorer((3.0, 0.0, 0.0, -2.0))
    curve = explorer.data["entropy_curve"]
    assert np.all(np.diff(curve) >= -1e-12)
    assert curve[0] < 1e-6
    assert curve[-1] <= np.log(4)
    assert np.log(4) - curve[-1] < 1e-3


def test_widget_softmax_logits_text_box():
    explorer = widgets.softmax_explorer((2.0, 1.0, 0.1), temperature=1.0)
    explorer.controls["logits"].value = "0, 0, 0, 0"
    np.testing.assert_allclose(explorer.data["probabilities"], np.full(4, 0.25), rtol=1e-15)
    assert explorer.data["entropy"] == pytest.approx(np.log(4), rel=1e-12)


def test_widget_softmax_invalid_logits_keep_previous_values():
    explorer = widgets.softmax_explorer((2.0, 1.0, 0.1), temperature=1.0)
    before = explorer.data["probabilities"].copy()
    explorer.controls["logits"].value = "2, one, 0"
    np.testing.assert_array_equal(explorer.data["probabilities"], before)
    assert "invalid logits" in explorer.status


@pytest.mark.parametrize("temperature", [0.0, -1.0, 1e-3, 1e3])
def test_widget_softmax_rejects_temperature_outside_slider(temperature):
    with pytest.raises(ValueError, match="temperature must"):
        widgets.softmax_explorer(temperature=temperature)


def test_widget_softmax_static_figure():
    fig = widgets.softmax_explorer_figure((2.0, 1.0, 0.1), temperatures=(0.5, 1.0, 2.0))
    ax_bars, ax_entropy = fig.axes
    assert len(ax_bars.containers) == 3
    for container, temperature in zip(ax_bars.containers, (0.5, 1.0, 2.0)):
        heights = [bar.get_height() for bar in container]
        expected = _reference_softmax((2.0, 1.0, 0.1), temperature)
        np.testing.assert_allclose(heights, expected, rtol=1e-12)
    markers = [line for line in ax_entropy.get_lines() if line.get_marker() == "o"]
    assert [m.get_xdata()[0] for m in markers] == [0.5, 1.0, 2.0]


# ---------------------------------------------------------------------------------------------
# 3. Gradient-flow explorer
# ---------------------------------------------------------------------------------------------


def test_widget_gradient_flow_deeper_sigmoid_smaller_first_layer():
    explorer = widgets.gradient_flow_explorer(depth=2, activation="sigmoid", init="xavier")
    first_layer = [float(explorer.data["weight_gradient_norms"][0])]
    for depth in (5, 10, 20):
        seconds = _timed_set(explorer.controls["depth"], depth)
        assert seconds < MAX_UPDATE_SECONDS
        first_layer.append(float(explorer.data["weight_gradient_norms"][0]))
    for shallower, deeper in zip(first_layer, first_layer[1:]):
        assert deeper < shallower, first_layer
    # sigma' <= 1/4 per layer: 18 more layers cost many orders of magnitude.
    assert first_layer[-1] < 1e-6 * first_layer[0]


def test_widget_gradient_flow_relu_he_stays_level():
    explorer = widgets.gradient_flow_explorer(depth=20, activation="sigmoid", init="xavier")
    sigmoid_ratio = float(explorer.data["ratio"])
    explorer.controls["activation"].value = "relu"
    explorer.controls["init"].value = "he"
    relu_ratio = float(explorer.data["ratio"])
    assert sigmoid_ratio < 1e-6
    assert 0.05 < relu_ratio < 20
    norms = explorer.data["weight_gradient_norms"]
    assert norms.max() / norms.min() < 100


def test_widget_gradient_flow_data_matches_experiment():
    from course_lib.experiments import gradient_norms_vs_depth

    explorer = widgets.gradient_flow_explorer(
        depth=4, activation="tanh", init="he", width=16, seed=3
    )
    result = gradient_norms_vs_depth(
        activations=("tanh",), inits=("he",), depth=4, width=16, seeds=(3,), n_per_class=50
    )
    np.testing.assert_array_equal(explorer.data["layers"], [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(
        explorer.data["weight_gradient_norms"], result.norms("tanh", "he")
    )
    np.testing.assert_array_equal(
        explorer.data["preactivation_gradient_norms"], result.norms("tanh", "he", "preactivation")
    )
    (ax,) = explorer.figure.axes
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), explorer.data["weight_gradient_norms"])
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel()
    assert ax.get_ylabel()


def test_widget_gradient_flow_deterministic():
    first = widgets.gradient_flow_explorer(depth=8, activation="relu", init="he", seed=2)
    second = widgets.gradient_flow_explorer(depth=8, activation="relu", init="he", seed=2)
    np.testing.assert_array_equal(
        first.data["weight_gradient_norms"], second.data["weight_gradient_norms"]
    )
    second.controls["seed"].value = 5
    assert not np.array_equal(
        first.data["weight_gradient_norms"], second.data["weight_gradient_norms"]
    )


def test_widget_gradient_flow_status_reports_ratio():
    explorer = widgets.gradient_flow_explorer(depth=3)
    assert f"{float(explorer.data['ratio']):.3g}" in explorer.status


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"depth": 0}, ValueError, "depth must be between 1 and 40"),
        ({"depth": 41}, ValueError, "depth must be between 1 and 40"),
        ({"depth": 2.5}, TypeError, "depth must be an integer"),
        ({"activation": "heaviside"}, ValueError, "activation must be one of"),
        ({"init": "orthogonal"}, ValueError, "init must be one of"),
        ({"width": 0}, ValueError, "width"),
        ({"seed": 10}, ValueError, "seed"),
    ],
)
def test_widget_gradient_flow_rejects_invalid(kwargs, error, message):
    with pytest.raises(error, match=message):
        widgets.gradient_flow_explorer(**kwargs)


def test_widget_gradient_flow_static_figure():
    fig = widgets.gradient_flow_explorer_figure(
        activations=("sigmoid", "relu"), inits=("xavier", "he"), depth=6
    )
    (ax,) = fig.axes
    gids = {line.get_gid() for line in ax.get_lines()}
    assert gids == {
        "gradient:sigmoid:xavier",
        "gradient:sigmoid:he",
        "gradient:relu:xavier",
        "gradient:relu:he",
    }


# ---------------------------------------------------------------------------------------------
# 4. Dead-neuron trainer
# ---------------------------------------------------------------------------------------------


def test_widget_dead_neuron_higher_learning_rate_kills_units():
    trainer = widgets.dead_neuron_trainer(learning_rate=1.0, bias_init=0.0)
    gentle = float(trainer.data["final_dead_fraction"])
    seconds = _timed_set(trainer.controls["learning_rate"], 8.0)
    assert seconds < MAX_UPDATE_SECONDS
    harsh = float(trainer.data["final_dead_fraction"])
    assert harsh > gentle
    assert harsh > 0.5
    # Dead ReLU units get exactly zero gradient, so the two fractions coincide.
    assert float(trainer.data["zero_gradient_fraction"]) == pytest.approx(harsh)


def test_widget_dead_neuron_negative_bias_kills_units():
    trainer = widgets.dead_neuron_trainer(learning_rate=1.0, bias_init=0.0)
    at_zero = trainer.data["dead_fraction"].copy()
    _timed_set(trainer.controls["bias_init"], -2.0)
    negative = trainer.data["dead_fraction"]
    assert negative[0] > at_zero[0]
    assert negative[-1] > at_zero[-1]
    assert negative[0] > 0.5


def test_widget_dead_neuron_dead_units_stay_dead():
    # A dead ReLU unit gets zero gradient, so with plain gradient descent the count only grows
    # once the learning rate is large enough to kill units.
    trainer = widgets.dead_neuron_trainer(learning_rate=8.0, bias_init=0.0)
    dead = trainer.data["dead_fraction"]
    assert np.all(np.diff(dead) >= 0)
    assert dead[0] == 0.0


def test_widget_dead_neuron_leaky_relu_keeps_gradient():
    trainer = widgets.dead_neuron_trainer(learning_rate=1.0, bias_init=-2.0, activation="relu")
    assert float(trainer.data["zero_gradient_fraction"]) > 0.5
    trainer.controls["activation"].value = "leaky_relu"
    assert float(trainer.data["final_dead_fraction"]) > 0.5
    assert float(trainer.data["zero_gradient_fraction"]) == 0.0


def test_widget_dead_neuron_curves_and_figure():
    trainer = widgets.dead_neuron_trainer(epochs=50)
    assert trainer.data["epoch"].tolist() == list(range(51))
    assert trainer.data["loss"].shape == (51,)
    assert trainer.data["loss"][-1] < trainer.data["loss"][0]
    ax_loss, ax_dead = trainer.figure.axes
    (loss_line,) = ax_loss.get_lines()
    (dead_line,) = ax_dead.get_lines()
    np.testing.assert_array_equal(loss_line.get_ydata(), trainer.data["loss"])
    np.testing.assert_array_equal(dead_line.get_ydata(), trainer.data["dead_fraction"])
    assert ax_loss.get_ylabel() == "training loss (nats)"
    assert ax_dead.get_ylabel() == "fraction of dead hidden units"
    assert ax_loss.get_xlabel() == "epoch"
    assert ax_dead.get_xlabel() == "epoch"
    trainer.controls["epochs"].value = 20
    assert trainer.data["loss"].shape == (21,)


def test_widget_dead_neuron_deterministic():
    first = widgets.dead_neuron_trainer(learning_rate=5.0, seed=4)
    second = widgets.dead_neuron_trainer(learning_rate=5.0, seed=4)
    np.testing.assert_array_equal(first.data["loss"], second.data["loss"])
    np.testing.assert_array_equal(first.data["dead_fraction"], second.data["dead_fraction"])


def test_widget_dead_neuron_status_reports_fractions():
    trainer = widgets.dead_neuron_trainer(bias_init=-2.0)
    dead = trainer.data["dead_fraction"]
    assert f"{dead[0]:.0%} at initialisation" in trainer.status
    assert f"{dead[-1]:.0%} after 100 epochs" in trainer.status


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be in"),
        ({"learning_rate": 100.0}, ValueError, "learning_rate must be in"),
        ({"bias_init": -5.0}, ValueError, "bias_init must be in"),
        ({"epochs": 5}, ValueError, "epochs must be between"),
        ({"epochs": 50.0}, TypeError, "epochs must be an integer"),
        ({"activation": "sigmoid"}, ValueError, "activation must be one of"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_widget_dead_neuron_rejects_invalid(kwargs, error, message):
    with pytest.raises(error, match=message):
        widgets.dead_neuron_trainer(**kwargs)


def test_widget_dead_neuron_static_figure():
    fig = widgets.dead_neuron_trainer_figure(
        learning_rates=(1.0, 8.0), bias_inits=(0.0,), epochs=40
    )
    ax_loss, ax_dead = fig.axes
    dead = {line.get_gid(): line.get_ydata() for line in ax_dead.get_lines()}
    assert set(dead) == {"dead:η = 1, bias 0", "dead:η = 8, bias 0"}
    assert dead["dead:η = 8, bias 0"][-1] > dead["dead:η = 1, bias 0"][-1]
    assert len(fig.legends) == 1


# ---------------------------------------------------------------------------------------------
# Pictures of every explorer
# ---------------------------------------------------------------------------------------------

EXPLORER_FACTORIES = {
    "activation": widgets.activation_explorer,
    "softmax": widgets.softmax_explorer,
    "gradient_flow": widgets.gradient_flow_explorer,
    "dead_neuron": widgets.dead_neuron_trainer,
}


@pytest.mark.parametrize("kind", sorted(EXPLORER_FACTORIES))
def test_widget_picture_opaque_and_small(kind):
    explorer = EXPLORER_FACTORIES[kind]()
    image = plt.imread(io.BytesIO(explorer.png))
    height, width = image.shape[:2]
    assert width <= 800
    assert height <= 800
    # An opaque white face keeps lines visible when the page uses a dark theme.
    assert np.all(image[..., 3] == 1.0)
    assert np.all(image[0, 0, :3] == 1.0)
    assert len(explorer.png) < 100_000


@pytest.mark.parametrize("kind", sorted(EXPLORER_FACTORIES))
def test_widget_every_control_updates_figure(kind):
    explorer = EXPLORER_FACTORIES[kind]()
    for name, control in list(explorer.controls.items()):
        if name not in explorer.controls:
            continue
        before = explorer.png
        if isinstance(control, ipywidgets.Dropdown):
            options = list(control.options)
            new_value = options[(options.index(control.value) + 1) % len(options)]
        elif isinstance(control, ipywidgets.Text):
            new_value = "1, 2, 3, 4"
        elif isinstance(control, ipywidgets.Checkbox):
            new_value = not control.value
        else:
            new_value = control.max if control.value != control.max else control.min
        seconds = _timed_set(control, new_value)
        assert seconds < MAX_UPDATE_SECONDS, name
        assert "invalid" not in explorer.status, (name, explorer.status)
        assert explorer.png != before, name


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_widget_activation_parameter_slider_extremes(name):
    explorer = widgets.activation_explorer(name)
    for parameter in list(explorer.parameters):
        control = explorer.controls[parameter]
        if isinstance(control, ipywidgets.Dropdown):
            values = list(control.options)
        elif isinstance(control, ipywidgets.FloatSlider):
            values = [control.min, control.max]
        else:
            continue
        for value in values:
            control.value = value
            if name == "rrelu" and explorer.parameters["lower"] > explorer.parameters["upper"]:
                continue
            assert "invalid" not in explorer.status, (parameter, value, explorer.status)
            assert np.all(np.isfinite(explorer.data["f"])), (parameter, value)
            assert np.all(np.isfinite(explorer.data["df"])), (parameter, value)
        control.value = ACTIVATIONS[name].params[parameter]


def test_widget_activation_invalid_combination_keeps_picture():
    explorer = widgets.activation_explorer("rrelu")
    before = explorer.data["f"].copy()
    picture = explorer.png
    explorer.controls["lower"].value = 0.9
    assert "invalid setting" in explorer.status
    np.testing.assert_array_equal(explorer.data["f"], before)
    assert explorer.png == picture
    explorer.controls["upper"].value = 0.95
    assert "invalid" not in explorer.status
    x = explorer.data["x"]
    np.testing.assert_allclose(explorer.data["f"][x < 0], 0.925 * x[x < 0], rtol=1e-12)


def test_widget_imports_stay_lazy():
    # ipywidgets loads only when an explorer is built, and import course_lib loads no plotting.
    code = (
        "import sys, course_lib; light = 'matplotlib' not in sys.modules; "
        "import course_lib.widgets; "
        "print(light, 'ipywidgets' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False"]
