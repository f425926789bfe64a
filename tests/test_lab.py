"""Tests of course_lib.lab: finite differences, derivative verification and the scoreboard."""

import time

import mpmath
import numpy as np
import pytest

from course_lib import activations, datasets, lab, nn

mpmath.mp.dps = 40


def softsign(x):
    return x / (1 + np.abs(x))


def softsign_grad(x):
    return 1 / (1 + np.abs(x)) ** 2


# ---------------------------------------------------------------------------------------------
# Finite differences


def test_central_difference_matches_mpmath():
    x = np.array([-4.0, -0.3, 0.7, 2.5, 40.0])
    slope = lab.finite_difference_grad(np.tanh, x)
    for value, point in zip(slope, x):
        exact = float(mpmath.sech(mpmath.mpf(point)) ** 2)
        assert value == pytest.approx(exact, rel=1e-7, abs=1e-12)


def test_central_difference_large_arguments():
    x = np.array([1e6, -3e4])
    slope = lab.finite_difference_grad(lambda t: 3.0 * t, x)
    np.testing.assert_allclose(slope, [3.0, 3.0], rtol=1e-9)


def test_central_difference_at_kink_averages():
    slope = lab.finite_difference_grad(activations.relu, np.array([0.0, -1.0, 1.0]))
    np.testing.assert_allclose(slope, [0.5, 0.0, 1.0], atol=1e-12)


def test_central_difference_keeps_shape():
    x = np.linspace(-1.0, 1.0, 6).reshape(2, 3)
    slope = lab.finite_difference_grad(np.sin, x)
    assert slope.shape == (2, 3)
    assert slope.dtype == np.float64
    np.testing.assert_allclose(slope, np.cos(x), rtol=1e-9)


def test_grid_avoids_zero_and_integers():
    grid = lab.derivative_grid()
    assert grid.shape == (241,)
    assert np.all(np.abs(grid - np.round(grid)) > 0.01)
    assert grid.min() < -5.9
    assert grid.max() > 5.9


# ---------------------------------------------------------------------------------------------
# Verifying a given derivative


def test_correct_derivatives_pass():
    grid = lab.derivative_grid()
    for name in ("relu", "tanh", "sigmoid", "gelu", "elu", "softplus", "silu"):
        entry = activations.get_activation(name)
        mismatch = lab.compare_with_finite_differences(entry.function, entry.derivative(grid), grid)
        assert mismatch is None, (name, mismatch)


def test_wrong_derivative_found_at_worst_point():
    grid = lab.derivative_grid()
    wrong = np.where(grid > 3.0, -softsign_grad(grid), softsign_grad(grid))
    mismatch = lab.compare_with_finite_differences(softsign, wrong, grid)
    assert mismatch is not None
    assert mismatch.x > 3.0
    assert mismatch.given == pytest.approx(-mismatch.finite_difference, rel=1e-6)
    assert mismatch.finite_difference == pytest.approx(softsign_grad(mismatch.x), rel=1e-8)
    assert "disagrees" in mismatch.hint


def test_nan_derivative_is_a_mismatch():
    grid = lab.derivative_grid()
    given = softsign_grad(grid)
    given[10] = np.nan
    mismatch = lab.compare_with_finite_differences(softsign, given, grid)
    assert mismatch is not None
    assert mismatch.x == grid[10]
    assert mismatch.describe().startswith(f"f_grad({grid[10]:.4f}) = nan")


def test_relu_derivative_convention_not_flagged():
    # relu'(0) = 0 is a convention at the kink; the grid never asks about 0.
    grid = lab.derivative_grid()
    assert lab.compare_with_finite_differences(activations.relu, activations.relu_grad(grid), grid) is None


# ---------------------------------------------------------------------------------------------
# The scoreboard


@pytest.fixture(scope="module")
def default_board():
    # CPU time of this process, so that other load on the machine does not count.
    start = time.process_time()
    board = lab.score_activation(softsign, softsign_grad)
    seconds = time.process_time() - start
    return board, seconds


def test_default_run_is_fast(default_board):
    _, cpu_seconds = default_board
    assert cpu_seconds < 5.0


def test_rows_in_order(default_board):
    board, _ = default_board
    assert [row.name for row in board.rows] == ["yours", *lab.DEFAULT_BASELINES]
    assert board.row("yours").derivative == "given"
    assert board.notes == []


def test_sigmoid_gradient_vanishes_relu_does_not(default_board):
    board, _ = default_board
    assert board.row("sigmoid").gradient_ratio < 1e-6
    assert 1e-2 < board.row("relu").gradient_ratio < 1e2
    assert 1e-2 < board.row("tanh").gradient_ratio < 1e2


def test_scores_are_in_range(default_board):
    board, _ = default_board
    for row in board.rows:
        assert 0.0 <= row.dead_fraction <= 1.0
        assert 0.0 <= row.accuracy <= 1.0
        assert 0.0 <= row.accuracy_sd <= 0.5
        assert row.diverged_runs == 0
        assert row.error == ""
        assert row.relative_time is None
    assert board.row("relu").accuracy > 0.9
    assert board.row("sigmoid").accuracy < board.row("relu").accuracy


def test_accuracy_separates_activations():
    # The training budget is short so that accuracy is not saturated: softplus, whose positive
    # outputs slow learning, must fall well behind ReLU, by more than the spread of either.
    board = lab.score_activation(softsign, softsign_grad, baselines=("relu", "softplus"))
    relu = board.row("relu")
    softplus = board.row("softplus")
    assert relu.accuracy > 0.95
    assert relu.accuracy - softplus.accuracy > 0.2
    assert relu.accuracy - softplus.accuracy > 3 * (relu.accuracy_sd + softplus.accuracy_sd)


def test_accuracy_is_mean_over_runs():
    # Each run starts from its own initialisation (seeds 7, 8, 9) on the same data.
    board = lab.score_activation(softsign, softsign_grad, baselines=(), seed=7)
    X, y = datasets.spirals(n_per_class=100, n_classes=3, seed=7)
    X_test, y_test = datasets.spirals(n_per_class=100, n_classes=3, seed=8)
    accuracies = []
    for run in range(lab.TRAINING_RUNS):
        model = nn.MLP(lab._TRAIN_LAYERS, activation=(softsign, softsign_grad), init="he", seed=7 + run)
        nn.train(model, X, y, epochs=lab._TRAIN_EPOCHS, learning_rate=lab._LEARNING_RATE,
                 momentum=lab._MOMENTUM)
        accuracies.append(model.accuracy(X_test, y_test))
    row = board.row("yours")
    assert lab.TRAINING_RUNS == 3
    assert row.accuracy == pytest.approx(np.mean(accuracies), abs=1e-12)
    assert row.accuracy_sd == pytest.approx(np.std(accuracies), abs=1e-12)


def test_diverged_training_reported():
    board = lab.score_activation(np.exp, np.exp, name="exp", baselines=())
    row = board.row("exp")
    assert row.error == ""
    assert row.diverged_runs == lab.TRAINING_RUNS
    assert np.isnan(row.accuracy)
    assert np.isnan(row.accuracy_sd)
    assert board.notes == [
        f"exp: training diverged (non-finite loss) in all {lab.TRAINING_RUNS} runs, "
        "so there is no dead-unit or accuracy score."
    ]


def test_student_relu_scores_like_baseline(default_board):
    board, _ = default_board
    mine = lab.score_activation(lambda x: np.maximum(x, 0.0), lambda x: (x > 0).astype(float), baselines=())
    baseline = board.row("relu")
    row = mine.row("yours")
    assert row.gradient_ratio == pytest.approx(baseline.gradient_ratio, rel=1e-12)
    assert row.dead_fraction == baseline.dead_fraction
    assert row.accuracy == baseline.accuracy
    assert row.accuracy_sd == baseline.accuracy_sd


def test_missing_derivative_uses_finite_differences(default_board):
    board, _ = default_board
    without = lab.score_activation(softsign, baselines=())
    row = without.row("yours")
    assert row.derivative == "finite differences"
    given = board.row("yours")
    assert row.gradient_ratio == pytest.approx(given.gradient_ratio, rel=1e-6)
    assert row.accuracy == pytest.approx(given.accuracy, abs=0.02)


def test_wrong_derivative_not_used():
    wrong = lab.score_activation(softsign, lambda x: np.ones_like(x), baselines=())
    honest = lab.score_activation(softsign, baselines=())
    row = wrong.row("yours")
    assert row.derivative == "finite differences (f' wrong)"
    assert row.gradient_ratio == honest.row("yours").gradient_ratio
    assert row.accuracy == honest.row("yours").accuracy
    assert len(wrong.notes) == 1
    assert wrong.notes[0].startswith("yours: the given f' is wrong: f_grad(")
    assert "the scores use finite differences" in wrong.notes[0]
    assert "note: yours: the given f' is wrong" in str(wrong)


def test_raising_derivative_reported():
    def broken_grad(x):
        raise ValueError("not written yet")

    board = lab.score_activation(softsign, broken_grad, baselines=())
    assert board.row("yours").derivative == "finite differences (f' failed)"
    assert board.notes == [
        "yours: f_grad raised ValueError (not written yet); the scores use finite differences."
    ]


def test_raising_activation_gives_failed_row():
    def broken(x):
        raise RuntimeError("boom")

    board = lab.score_activation(broken, softsign_grad, baselines=("relu",))
    row = board.row("yours")
    assert row.error == "RuntimeError: boom"
    assert np.isnan(row.accuracy)
    assert np.isnan(row.gradient_ratio)
    assert board.row("relu").error == ""
    assert str(board).splitlines()[2].split() == ["yours", "-", "-", "-", "-", "failed"]
    assert board.notes == ["yours: scoring failed with RuntimeError: boom"]


def test_non_finite_activation_gives_failed_row():
    board = lab.score_activation(lambda x: np.exp(x * 1000.0), baselines=())
    row = board.row("yours")
    assert row.error.startswith("ValueError: ")
    assert "nan or inf" in row.error
    assert str(board).splitlines()[2].split() == ["yours", "-", "-", "-", "-", "failed"]


def test_text_table_is_deterministic_and_exact():
    first = lab.score_activation(softsign, softsign_grad, name="softsign", baselines=("relu",))
    second = lab.score_activation(softsign, softsign_grad, name="softsign", baselines=("relu",))
    assert str(first) == str(second)
    assert first._repr_html_() == second._repr_html_()
    lines = str(first).splitlines()
    assert lines[0] == "activation  gradient ratio  dead units  accuracy  accuracy sd  derivative"
    assert lines[1] == "----------  --------------  ----------  --------  -----------  ----------"
    relu = first.row("relu")
    assert lines[3] == (
        f"relu      {relu.gradient_ratio:>16.2e}  {relu.dead_fraction:>10.3f}  {relu.accuracy:>8.3f}"
        f"  {relu.accuracy_sd:>11.3f}  given"
    )
    assert repr(first) == str(first)


def test_speed_column_only_on_request():
    board = lab.score_activation(softsign, softsign_grad, baselines=("relu",), include_speed=True)
    header = str(board).splitlines()[0]
    assert "time vs relu" in header
    relu = board.row("relu")
    assert 0.2 < relu.relative_time < 5.0
    assert board.row("yours").relative_time > 0


def test_html_table_escapes_names():
    board = lab.score_activation(softsign, softsign_grad, name="<b>mine</b>", baselines=())
    markup = board._repr_html_()
    assert markup.startswith('<table class="course-scoreboard">')
    assert "&lt;b&gt;mine&lt;/b&gt;" in markup
    assert "<th>gradient ratio</th>" in markup


def test_invalid_arguments_raise():
    with pytest.raises(TypeError, match="f must be a function"):
        lab.score_activation("relu")
    with pytest.raises(TypeError, match="f_grad must be a function"):
        lab.score_activation(softsign, 1.0)
    with pytest.raises(TypeError, match="name must be a string"):
        lab.score_activation(softsign, name=3)
    with pytest.raises(ValueError, match="unknown activation"):
        lab.score_activation(softsign, baselines=("swishy",))
    with pytest.raises(TypeError, match="include_speed must be True or False, got str 'no'"):
        lab.score_activation(softsign, include_speed="no")


def test_row_lookup_names_rows():
    board = lab.Scoreboard(rows=[lab.ScoreRow("a", 1.0, 0.0, 1.0, "given")])
    assert board.row("a").accuracy == 1.0
    with pytest.raises(KeyError, match="rows: \\['a'\\]"):
        board.row("b")
