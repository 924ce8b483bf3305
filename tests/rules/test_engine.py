"""The engine precautions, each with a test that fails without it."""

from __future__ import annotations

import json
import threading
import types

import durable_rules_engine as native
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import decide, engine
from rules.engine import ENGINE_LOCK, SID, DecisionHost
from rules.errors import RuleEngineError
from rules.policies import COMPILED, engine_rulesets
from rules.ruledata import compile_policy, conditions_of, walk_condition

TINY = {
    "tiny": {
        "big": {"all": [{"m": {"$gte": {"n": 5}}}], "pri": 1, "run": "deny"},
        "even": {"all": [{"m": {"even": True}}], "pri": 2, "run": "note"},
        "catch_all": {"all": [{"m": {"procedure": "tiny"}}], "pri": 1000, "run": "catch_all"},
    }
}
RELEASE = {"carrier": "tenant", "purpose": "move_out", "arrears": "10", "owner_signed": False,
           "phone_recording": False, "passes_last_7_days": 0}


def new_host(**options) -> DecisionHost:
    """A throwaway host, built under the engine lock like every engine call."""
    with ENGINE_LOCK:
        return DecisionHost(TINY, **options)


def free(host: DecisionHost) -> None:
    with ENGINE_LOCK:
        host.free()


def fire_tiny(host: DecisionHost, n: int) -> list[str]:
    with ENGINE_LOCK:
        return host.fire("tiny", {"procedure": "tiny", "n": n, "even": n % 2 == 0})


def state_exists(host: DecisionHost, ruleset: str) -> bool:
    try:
        native.get_state(host._handles[ruleset], SID)
    except Exception:
        return False
    return True


# --- no background threads --------------------------------------------------------------------

def test_hosts_start_no_threads():
    decide("visits.quota", {"visits_this_month": 1})
    before = threading.active_count()
    hosts = [new_host() for _ in range(5)]
    engine.reload_rulesets()
    for host in hosts:
        assert fire_tiny(host, 6) == ["big", "even", "catch_all"]
    for _ in range(200):
        decide("visits.quota", {"visits_this_month": 1})
    assert threading.active_count() == before
    for host in hosts:
        free(host)


# --- one lock around every engine call ----------------------------------------------------------

def test_every_native_call_holds_the_engine_lock(monkeypatch):
    calls = []

    def guarded(function):
        def call(*args):
            assert ENGINE_LOCK.locked(), f"{function.__name__} called without the engine lock"
            calls.append(function.__name__)
            return function(*args)
        return call

    fake = types.SimpleNamespace(**{name: guarded(getattr(native, name)) for name in (
        "assert_fact", "start_action_for_state", "complete_and_start_action", "delete_state",
        "abandon_action", "delete_ruleset")})
    monkeypatch.setattr(engine, "native", fake)
    decide("release.pass", RELEASE)
    engine.reload_rulesets()
    assert {"assert_fact", "start_action_for_state", "complete_and_start_action", "delete_state",
            "delete_ruleset"} <= set(calls)


# --- one fixed state id, deleted after every decision ----------------------------------------------

def test_the_state_is_deleted_after_every_decision():
    decide("release.pass", RELEASE)
    host = engine._host
    assert not state_exists(host, "release_pass")


def test_more_than_1025_decisions_in_a_row():
    for number in range(1100):
        decision = decide("visits.quota", {"visits_this_month": number % 20})
        assert decision.outcome == ("allow" if number % 20 >= 10 else "deny")


def test_the_1025_state_trap_exists_without_the_fixed_state_id():
    """On the raw engine, state ids that are never deleted run out at the 1025th (why SID exists)."""
    host = new_host()
    handle = host._handles["tiny"]
    opened = []
    with ENGINE_LOCK:
        try:
            with pytest.raises(MemoryError):
                for number in range(1100):
                    code, state = native.assert_fact(
                        handle, f'{{"sid": "s{number}", "procedure": "tiny", "n": 1, "even": false}}')
                    opened.append(f"s{number}")
                    started = native.start_action_for_state(handle, state)
                    pending = started[1] if started else None
                    while pending:
                        pending = native.complete_and_start_action(handle, state)
        finally:
            for sid in opened:
                native.delete_state(handle, sid)
    assert len(opened) == 1024  # the 1025th state id raised
    assert fire_tiny(host, 1) == ["catch_all"]
    free(host)


# --- a catch-all in every ruleset -----------------------------------------------------------------

@pytest.mark.parametrize("procedure", list(COMPILED))
def test_every_ruleset_has_a_lowest_priority_catch_all(procedure):
    policy = COMPILED[procedure]
    catch_alls = [name for name, rule in policy.engine_rules.items() if rule["run"] == "catch_all"]
    assert catch_alls == [policy.catch_all]
    rule = policy.engine_rules[policy.catch_all]
    assert conditions_of(rule) == [{"m": {"procedure": procedure}}]
    assert all(other["pri"] < rule["pri"] for name, other in policy.engine_rules.items() if name != policy.catch_all)


def test_a_policy_without_catch_all_is_refused():
    module = types.ModuleType("rules.policies.broken")
    module.PROCEDURE, module.OUTCOME, module.FACTS = "broken", "allow", {}
    module.RULES = {"r": {"policy": "AR-5", "reason": "x", "all": [{"m": {"a": 1}}], "pri": 1, "run": "deny"}}
    with pytest.raises(ValueError, match="catch_all"):
        compile_policy(module)


def test_a_message_nobody_handles_is_never_deleted():
    host = new_host()
    with ENGINE_LOCK, pytest.raises(RuleEngineError):
        host.fire("tiny", {"procedure": "other", "n": 1, "even": False})
    assert state_exists(host, "tiny")  # left alone: deleting it would double-free


# --- exceptions of actions are raised -------------------------------------------------------------

def test_an_action_exception_is_raised_and_the_state_still_deleted():
    def explode(fired, rule_name):
        if rule_name == "even":
            raise ZeroDivisionError("boom")
        fired.append(rule_name)

    host = new_host(actions={"deny": explode, "note": explode, "catch_all": explode})
    with ENGINE_LOCK, pytest.raises(RuleEngineError) as caught:
        host.fire("tiny", {"procedure": "tiny", "n": 6, "even": True})
    assert isinstance(caught.value.__cause__, ZeroDivisionError)
    assert not state_exists(host, "tiny")
    assert fire_tiny(host, 5) == ["big", "catch_all"]
    free(host)


# --- rule shapes the engine cannot run safely ----------------------------------------------------

ALL_RULES = [(procedure, name, rule) for procedure, policy in COMPILED.items()
             for name, rule in policy.engine_rules.items()]


@pytest.mark.parametrize("procedure, name, rule", ALL_RULES, ids=[f"{p} {n}" for p, n, _ in ALL_RULES])
def test_no_field_absent_conditions_and_no_joins(procedure, name, rule):
    terms = conditions_of(rule)
    assert len(terms) == 1 and list(terms[0]) == ["m"], "exactly one message condition"
    operators = [key for key, _ in walk_condition(terms[0]["m"]) if key.startswith("$")]
    assert "$nex" not in operators


@pytest.mark.parametrize("rule", [
    {"all": [{"m": {"$nex": {"birthday": 1}}}], "pri": 1, "run": "deny"},
    {"all": [{"first": {"a": 1}}, {"m": {"b": 1}}], "pri": 1, "run": "deny"},
    {"any": [{"m": {"a": 1}}, {"n": {"b": 1}}], "pri": 1, "run": "deny"},
], ids=["field absent only", "two-message join", "any over two messages"])
def test_unsafe_rule_shapes_are_refused(rule):
    module = types.ModuleType("rules.policies.unsafe")
    module.PROCEDURE, module.OUTCOME, module.FACTS = "unsafe", "allow", {}
    module.RULES = {
        "r": {"policy": "AR-5", "reason": "x", **rule},
        "catch_all": {"all": [{"m": {"procedure": "unsafe"}}], "pri": 1000, "run": "catch_all"},
    }
    with pytest.raises(ValueError):
        compile_policy(module)


# --- facts, so that every applicable reason is reported --------------------------------------------

def test_a_deny_reports_every_failing_policy():
    decision = decide("release.pass", RELEASE)
    assert decision.outcome == "deny"
    assert [reason.policy_id for reason in decision.reasons] == ["GR-4", "GR-5", "GR-6"]


def test_every_rule_of_a_message_fires_not_only_the_first():
    host = new_host()
    assert fire_tiny(host, 8) == ["big", "even", "catch_all"]
    free(host)


def test_rulesets_register_in_a_throwaway_host():
    with ENGINE_LOCK:
        host = DecisionHost(engine_rulesets())
    assert set(host._handles) == {policy.ruleset_name for policy in COMPILED.values()}
    free(host)


# --- the message encoder -------------------------------------------------------------------------

@settings(max_examples=100, deadline=None, database=None)
@given(st.dictionaries(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12),
    st.one_of(st.booleans(), st.integers(-10**9, 10**9), st.text(max_size=12), st.none(),
              st.sampled_from(("2026-10-01", "07-15", "office", 'a"b', "back\\slash", "中文"))),
    max_size=12))
def test_messages_encode_as_json(message):
    assert json.loads(engine.encode_message(message)) == message
