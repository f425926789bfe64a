"""Training speed of course_lib.nn.MLP against the same network in PyTorch.

One call runs ``n`` full-batch gradient-descent steps of a 2 -> 64 -> 3 ReLU network on the
300 points of ``spirals()``, in float64 on both sides. The PyTorch side is skipped when torch is
not installed. PyTorch runs on one thread, because on a workload this small its thread pool adds
overhead and nothing else. The goal 1/1.5 asks for at least 1.5 times PyTorch's steps per second:
per-call overhead, not arithmetic, dominates here, and the NumPy network has less of it.
"""

from course_lib.datasets import spirals
from course_lib.nn import MLP, train

from . import BenchmarkCase, SkipCase

STEPS = 200


def _setup(n):
    try:
        import torch
    except ImportError:
        raise SkipCase("PyTorch is not installed (pip install torch to compare)") from None

    X, y = spirals()
    model = MLP((2, 64, 3), activation="relu", init="he", seed=0)

    torch.set_num_threads(1)
    torch.manual_seed(0)
    inputs = torch.tensor(X, dtype=torch.float64)
    labels = torch.tensor(y)
    layers = torch.nn.Sequential(
        torch.nn.Linear(2, 64), torch.nn.ReLU(), torch.nn.Linear(64, 3)
    ).double()
    optimiser = torch.optim.SGD(layers.parameters(), lr=0.1)
    loss_function = torch.nn.CrossEntropyLoss()

    def ours():
        train(model, X, y, n, 0.1)

    def peer():
        for _ in range(n):
            optimiser.zero_grad(set_to_none=False)
            loss = loss_function(layers(inputs), labels)
            loss.backward()
            optimiser.step()

    return ours, peer


CASES = [
    BenchmarkCase(
        name="mlp 2-64-3 full-batch",
        peer="torch (CPU, float64, 1 thread)",
        setup=_setup,
        goal=1 / 1.5,
        n=STEPS,
        size=f"300 points, {STEPS} steps",
        rounds=7,
    ),
]
