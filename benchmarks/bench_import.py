"""Import time of course_lib on top of NumPy, measured in fresh interpreters."""

import json
import statistics
import subprocess
import sys

from . import BenchmarkCase, BenchmarkResult

# Extra import time allowed for course_lib once NumPy is loaded, in seconds.
EXTRA_IMPORT_BUDGET = 0.050

_PROBE = """
import json, time
start = time.perf_counter()
import numpy
after_numpy = time.perf_counter()
import course_lib
import course_lib.activations
after_course_lib = time.perf_counter()
print(json.dumps([after_numpy - start, after_course_lib - after_numpy]))
"""


def _measure_import(case):
    numpy_times, extra_times, ratios = [], [], []
    for _ in range(case.rounds):
        completed = subprocess.run(
            [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
        )
        numpy_time, extra_time = json.loads(completed.stdout)
        numpy_times.append(numpy_time)
        extra_times.append(extra_time)
        ratios.append((numpy_time + extra_time) / numpy_time)

    numpy_median = statistics.median(numpy_times)
    extra_median = statistics.median(extra_times)
    both = [n + e for n, e in zip(numpy_times, extra_times)]
    return BenchmarkResult(
        name=case.name,
        peer=case.peer,
        # The budget is absolute (50 ms), so the ratio goal follows from NumPy's own import time.
        goal=round((numpy_median + EXTRA_IMPORT_BUDGET) / numpy_median, 4),
        ratio=statistics.median(ratios),
        ours_min=min(both),
        ours_median=statistics.median(both),
        peer_min=min(numpy_times),
        peer_median=numpy_median,
        size=case.size,
        extra={"extra_ms": round(extra_median * 1e3, 2), "goal_extra_ms": EXTRA_IMPORT_BUDGET * 1e3},
    )


CASES = [
    BenchmarkCase(
        "import course_lib", "import numpy", measure=_measure_import, rounds=11,
        size="course_lib + activations",
    ),
]
