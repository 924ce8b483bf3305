"""Many decisions: threads get no wrong answer, memory does not grow."""

from __future__ import annotations

import threading

import pytest

from rules import decide
from tests.rules.mix import realistic_mix
from tests.rules.reference import reference

THREADS = 8
PER_THREAD = 10_000


def expected_cases(count: int, seed: int):
    cases = []
    for procedure, facts in realistic_mix(count, seed):
        expected = reference(procedure, facts)
        cases.append((procedure, facts, expected.outcome, expected.values, expected.policies))
    return cases


def test_mix_covers_every_procedure():
    from rules import PROCEDURES
    assert {procedure for procedure, _ in realistic_mix(2000)} == set(PROCEDURES)


@pytest.mark.slow
def test_eight_threads_mixed_decisions_without_a_wrong_answer():
    cases = expected_cases(2000, seed=8)
    wrong: list[tuple] = []
    failures: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def work(offset: int) -> None:
        try:
            start.wait()
            for index in range(PER_THREAD):
                procedure, facts, outcome, values, policies = cases[(offset * 251 + index) % len(cases)]
                decision = decide(procedure, facts)
                if (decision is None or decision.outcome != outcome or decision.values != values
                        or {reason.policy_id for reason in decision.reasons} != policies):
                    wrong.append((procedure, facts, decision))
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=work, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert wrong == []


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    import os
    return pages * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.slow
def test_200k_decisions_do_not_grow_memory():
    cases = realistic_mix(1000, seed=200)
    for procedure, facts in cases * 20:  # warm up: caches, arenas, the engine's tables
        decide(procedure, facts)
    before = resident_bytes()
    for round_number in range(200):
        for procedure, facts in cases:
            decide(procedure, facts)
    grown = resident_bytes() - before
    assert grown < 5 * 1024 * 1024, f"resident memory grew by {grown / 1e6:.1f} MB"
