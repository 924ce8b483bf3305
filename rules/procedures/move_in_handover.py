"""move_in.handover: documents, fees, owner file, key receipt, inspection (MI-1 … MI-9)."""

from __future__ import annotations

from collections.abc import Sequence

from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared, denied_policy_ids
from rules.ruledata import RuleMeta


_FLAGS = ("has_id_document", "has_purchase_contract", "has_move_in_notice", "fees_paid",
          "key_receipt_signed", "inspection_accepted")


def check(facts: Facts) -> dict[str, str]:
    """MI-9: a unit not accepted needs its reason (``facts`` holds only the good facts)."""
    if facts.get("inspection_accepted") is False and "not_accepted_reason" in facts \
            and facts["not_accepted_reason"] is None:
        return {"not_accepted_reason": "验房未通过时须登记未接房原因（MI-9）"}
    return {}


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    message = {name: facts[name] for name in _FLAGS}
    message["has_emergency_mobile"] = facts["emergency_mobile"] is not None
    message["has_birthday"] = facts["birthday"] is not None
    return Prepared(message, {"missing": []})


def finish(prepared: Prepared, facts: Facts, params: ParameterSet, fired: Sequence[RuleMeta]) -> None:
    prepared.values["missing"] = denied_policy_ids(fired)
