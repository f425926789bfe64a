"""Benchmarks of course_lib against its peers, run by ``make bench`` (``python -m benchmarks``).

Each benchmark is a :class:`BenchmarkCase` whose ``setup(n)`` returns two zero-argument
callables, ours and the peer's, over prepared inputs and reused ``out=`` buffers. The runner
times them in the same process, interleaved round by round, so both see the same machine state,
and reports the median of the per-round time ratios.

To add benchmarks, create a module ``benchmarks/bench_<topic>.py`` with a list ``CASES`` of
:class:`BenchmarkCase`; the runner imports every such module. A ``setup`` that cannot run here
(a peer package is missing) raises :class:`SkipCase` with the reason.
"""

import importlib
import pkgutil
import statistics
import time
from dataclasses import dataclass, field

__all__ = ["BenchmarkCase", "BenchmarkResult", "SkipCase", "discover_cases", "run_case"]


class SkipCase(Exception):
    """Raised by a case's setup when the case cannot run on this machine."""


@dataclass(frozen=True)
class BenchmarkCase:
    """One row of the benchmark table.

    ``goal`` is the largest acceptable ratio ours / peer, or ``None`` for a row shown for
    information. ``n`` is the problem size passed to ``setup``; ``size`` describes it in the table.
    A case that is not a pair of calls (an import time, say) gives ``measure`` instead of
    ``setup``: a function of the case that returns the :class:`BenchmarkResult` itself.
    """

    name: str
    peer: str
    setup: object = None
    goal: float | None = None
    n: int = 10_000_000
    size: str = ""
    rounds: int = 15
    measure: object = None


@dataclass
class BenchmarkResult:
    """Timings of one case: seconds per call of both sides and the ratio ours / peer."""

    name: str
    peer: str
    goal: float | None
    ratio: float
    ours_min: float
    ours_median: float
    peer_min: float
    peer_median: float
    size: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def met(self):
        return None if self.goal is None else self.ratio <= self.goal

    def as_json(self):
        record = {
            "name": self.name,
            "peer": self.peer,
            "ratio": round(self.ratio, 4),
            "goal": self.goal,
            "met": self.met,
            "size": self.size,
            "ours_min_s": self.ours_min,
            "ours_median_s": self.ours_median,
            "peer_min_s": self.peer_min,
            "peer_median_s": self.peer_median,
        }
        record.update(self.extra)
        return record


def discover_cases():
    """Return the cases of every ``benchmarks.bench_*`` module, in module order."""
    cases = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if module_info.name.startswith("bench_"):
            module = importlib.import_module(f"{__name__}.{module_info.name}")
            cases.extend(module.CASES)
    return cases


def run_case(case):
    """Time ``case``: warm up both sides, then alternate them for ``case.rounds`` rounds.

    The order within a round alternates too, so that neither side always runs right after the
    other has filled the cache.
    """
    if case.measure is not None:
        return case.measure(case)
    ours, peer = case.setup(case.n)
    ours()
    peer()
    ours_times, peer_times, ratios = [], [], []
    for round_index in range(case.rounds):
        if round_index % 2 == 0:
            ours_time = _timed(ours)
            peer_time = _timed(peer)
        else:
            peer_time = _timed(peer)
            ours_time = _timed(ours)
        ours_times.append(ours_time)
        peer_times.append(peer_time)
        ratios.append(ours_time / peer_time)
    return BenchmarkResult(
        name=case.name,
        peer=case.peer,
        goal=case.goal,
        ratio=statistics.median(ratios),
        ours_min=min(ours_times),
        ours_median=statistics.median(ours_times),
        peer_min=min(peer_times),
        peer_median=statistics.median(peer_times),
        size=case.size,
    )


def _timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start
