"""Engine == plain-Python reference on random valid facts and parameters, per procedure."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import PROCEDURES, decide
from tests.rules.reference import reference
from tests.rules.strategies import RULES_SETTINGS, VALID_FACTS, param_overrides


def compare(procedure: str, facts: dict, overrides: dict | None) -> None:
    decision = decide(procedure, facts, params=overrides)
    expected = reference(procedure, facts, overrides)
    assert decision.outcome == expected.outcome, (facts, decision.reasons)
    assert decision.values == expected.values, facts
    assert {reason.policy_id for reason in decision.reasons} == expected.policies, (facts, decision.reasons)
    if decision.outcome == "deny":
        assert decision.reasons
        deny_count = sum(1 for reason in decision.reasons if reason.policy_id in expected.policies)
        assert deny_count >= 1


def test_every_procedure_has_a_strategy():
    assert set(VALID_FACTS) == set(PROCEDURES)


@pytest.mark.parametrize("procedure", PROCEDURES)
@RULES_SETTINGS
@given(data=st.data())
def test_engine_matches_reference(procedure: str, data) -> None:
    facts = data.draw(VALID_FACTS[procedure], label="facts")
    overrides = data.draw(param_overrides(), label="params")
    compare(procedure, facts, overrides)
