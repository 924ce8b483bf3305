"""tenant.move_out: fees settled, meters read, owner agrees, release pass (MO-1 … MO-3)."""

from __future__ import annotations

from collections.abc import Sequence

from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared, denied_policy_ids
from rules.ruledata import RuleMeta


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    message = {
        "has_arrears": facts["arrears"] > 0,
        "meters_read": facts["meters_read"],
        "owner_agrees": facts["owner_agrees"],
        "release_pass_issued": facts["release_pass_issued"],
    }
    return Prepared(message, {"missing": []})


def finish(prepared: Prepared, facts: Facts, params: ParameterSet, fired: Sequence[RuleMeta]) -> None:
    prepared.values["missing"] = denied_policy_ids(fired)
