"""Benchmark of the policy library: ``rules.decide`` against the plain-Python reference.

Run from the repository root::

    .venv/bin/python bench/rules_bench.py            # about a minute
    .venv/bin/python bench/rules_bench.py --calls 1000

For every procedure and for a realistic mix (tests/rules/mix.py) it prints decisions per
second, p50 and p99 latency in µs (wall clock, one call at a time, single thread), the CPU
time per decision, and how many times slower than the reference (tests/rules/reference.py)
the p50 is, measured in the same run. The machine's load average is printed too: on a
shared machine, throughput (calls / wall time) includes the milliseconds the process
waits for a core whenever it is descheduled, while p50 is the cost of an uninterrupted call.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rules import PROCEDURES, decide  # noqa: E402
from tests.rules.mix import facts_for, realistic_mix  # noqa: E402
from tests.rules.reference import REFERENCE, effective  # noqa: E402

TARGET_P50_US = 100.0
TARGET_PER_SECOND = 10_000


def measure(call, cases, calls: int) -> dict[str, float]:
    """Time ``call(procedure, facts)`` over ``calls`` calls cycling through ``cases``."""
    for procedure, facts in cases[:200]:
        call(procedure, facts)
    latencies = []
    clock = time.perf_counter_ns
    count = len(cases)
    gc.collect()
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for index in range(calls):
        procedure, facts = cases[index % count]
        started = clock()
        call(procedure, facts)
        latencies.append(clock() - started)
    wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
    latencies.sort()
    return {
        "p90": latencies[int(len(latencies) * 0.90)] / 1000,
        "per_second": calls / wall,
        "p50": latencies[len(latencies) // 2] / 1000,
        "p99": latencies[int(len(latencies) * 0.99)] / 1000,
        "cpu_us": cpu / calls * 1e6,
    }


def reference_call(procedure: str, facts: dict, _defaults=effective(None)) -> object:
    return REFERENCE[procedure](facts, _defaults)


def row(name: str, engine: dict, reference: dict) -> str:
    ratio = engine["p50"] / reference["p50"] if reference["p50"] else float("inf")
    return (f"{name:28s} {engine['per_second']:>10,.0f} {engine['p50']:>8.1f} {engine['p90']:>8.1f} "
            f"{engine['p99']:>8.1f} {engine['cpu_us']:>8.1f} {reference['p50']:>8.1f} {ratio:>7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=3000, help="calls per procedure")
    parser.add_argument("--mix-calls", type=int, default=30000, help="calls of the realistic mix")
    arguments = parser.parse_args()

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
          f"load average at start {os.getloadavg()[0]:.2f}")
    print(f"{'':28s} {'engine':>10s} {'p50':>8s} {'p90':>8s} {'p99':>8s} {'cpu':>8s} {'ref p50':>8s} {'p50':>8s}")
    print(f"{'procedure':28s} {'dec/s':>10s} {'µs':>8s} {'µs':>8s} {'µs':>8s} {'µs/dec':>8s} {'µs':>8s} "
          f"{'ratio':>8s}")
    import random
    for procedure in PROCEDURES:
        rng = random.Random(procedure)
        cases = [(procedure, facts_for(procedure, rng)) for _ in range(500)]
        print(row(procedure, measure(decide, cases, arguments.calls),
                  measure(reference_call, cases, arguments.calls)), flush=True)
    mix = realistic_mix(5000, seed=7)
    engine = measure(decide, mix, arguments.mix_calls)
    reference = measure(reference_call, mix, arguments.mix_calls)
    print(row("realistic mix", engine, reference))
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    met = engine["p50"] <= TARGET_P50_US and engine["per_second"] >= TARGET_PER_SECOND
    print(f"target p50 <= {TARGET_P50_US:.0f} µs and >= {TARGET_PER_SECOND:,} decisions/s over the mix: "
          f"{'met' if met else 'NOT met'} (p50 {engine['p50']:.1f} µs, {engine['per_second']:,.0f}/s)")


if __name__ == "__main__":
    main()
