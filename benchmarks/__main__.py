"""Run every benchmark case, print a table and write ``_build/bench/results.json``.

Usage: ``python -m benchmarks [--only NAME ...] [--output PATH]``.
"""

import argparse
import json
import pathlib
import sys

from . import SkipCase, discover_cases, run_case

DEFAULT_OUTPUT = pathlib.Path("_build") / "bench" / "results.json"


def _format_row(result):
    goal = "-" if result.goal is None else f"{result.goal:.2f}"
    verdict = {None: "info", True: "met", False: "MISSED"}[result.met]
    return (
        f"{result.name:<22} {result.peer:<32} {result.size:<26} "
        f"{result.ours_min * 1e3:>9.2f} {result.ours_median * 1e3:>9.2f} "
        f"{result.peer_min * 1e3:>9.2f} {result.peer_median * 1e3:>9.2f} "
        f"{result.ratio:>7.3f} {goal:>6} {verdict:>7}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="run only the cases with these names")
    parser.add_argument("--output", type=pathlib.Path, default=DEFAULT_OUTPUT, help="JSON file to write")
    args = parser.parse_args(argv)

    cases = discover_cases()
    if args.only:
        cases = [case for case in cases if case.name in args.only]

    header = (
        f"{'benchmark':<22} {'peer':<32} {'size':<26} {'ours min':>9} {'ours med':>9} "
        f"{'peer min':>9} {'peer med':>9} {'ratio':>7} {'goal':>6} {'result':>7}"
    )
    print(header)
    print("-" * len(header))
    results = []
    for case in cases:
        try:
            result = run_case(case)
        except SkipCase as reason:
            print(f"{case.name:<22} {case.peer:<32} skipped: {reason}")
            continue
        results.append(result)
        print(_format_row(result), flush=True)
    print("Times in ms per call over interleaved rounds. The ratio is ours / peer, the median of")
    print("the per-round ratios; a goal is met when the ratio is at most the goal.")

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps([result.as_json() for result in results], indent=2) + "\n")
    print(f"Wrote {args.output}")
    missed = [result.name for result in results if result.met is False]
    if missed:
        print(f"Goals missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
