"""The policies, one data file per procedure, checked and compiled at import.

Each file holds the procedure's facts and its rules in durable_rules' ruleset form, with the
policy ID and the Chinese reason of every rule (see :mod:`rules.ruledata`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType, ModuleType

from rules.policies import (
    archive_access,
    complaint_grade,
    inspection_issue_deadlines,
    move_in_fees,
    move_in_handover,
    occupancy_register,
    parking_rental,
    release_pass,
    renovation_approval_due,
    renovation_documents,
    renovation_fees,
    renovation_refund,
    repair_classify,
    request_deadlines,
    status_census_due,
    survey_rates,
    survey_window,
    tenant_move_out,
    visits_quota,
)
from rules.ruledata import CompiledPolicy, compile_policy

POLICY_MODULES: tuple[ModuleType, ...] = (
    move_in_fees,
    move_in_handover,
    renovation_documents,
    renovation_fees,
    renovation_approval_due,
    renovation_refund,
    release_pass,
    occupancy_register,
    tenant_move_out,
    parking_rental,
    complaint_grade,
    request_deadlines,
    repair_classify,
    inspection_issue_deadlines,
    survey_window,
    survey_rates,
    visits_quota,
    archive_access,
    status_census_due,
)
"""In the order of the DECISIONS.md table."""

COMPILED: Mapping[str, CompiledPolicy] = MappingProxyType(
    {policy.procedure: policy for policy in map(compile_policy, POLICY_MODULES)}
)
"""Procedure name -> compiled policy."""


def engine_rulesets() -> dict[str, dict[str, dict]]:
    """Ruleset name -> engine rules (library keys stripped), for registering in the engine."""
    return {policy.ruleset_name: dict(policy.engine_rules) for policy in COMPILED.values()}
