"""occupancy.register: an owner moves in; a tenant needs confirmation, lease, pledge (OC-1, OC-6)."""

from __future__ import annotations

from collections.abc import Sequence

from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared, denied_policy_ids
from rules.ruledata import RuleMeta


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    message = {name: facts[name] for name in ("occupant", "owner_confirmed", "lease_provided",
                                                "pledge_signed")}
    return Prepared(message, {"missing": []})


def finish(prepared: Prepared, facts: Facts, params: ParameterSet, fired: Sequence[RuleMeta]) -> None:
    prepared.values["missing"] = denied_policy_ids(fired)
