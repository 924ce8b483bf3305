"""renovation.fees: fee items from the published fee standard (RN-9)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rules.money import ZERO, quantise
from rules.params import ParameterSet
from rules.policies import renovation_fees as data
from rules.procedures.base import Facts, Prepared, in_code_order
from rules.ruledata import RuleMeta


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    message = {
        "property_type": facts["property_type"],
        "worker_passes": facts["worker_passes"],
        "fire_system_modified": facts["fire_system_modified"],
    }
    return Prepared(message, {"items": [], "total": ZERO})


def fee_amount(code: str, property_type: str, worker_passes: int, params: ParameterSet) -> Decimal:
    """The amount of one fee item: per pass for worker passes, else by property type."""
    if code == "worker_pass":
        return quantise(params[data.PER_PASS_PARAMETER] * worker_passes)
    return params[data.FEE_PARAMETERS[code][property_type]]


def finish(prepared: Prepared, facts: Facts, params: ParameterSet, fired: Sequence[RuleMeta]) -> None:
    values = prepared.values
    property_type, passes = facts["property_type"], facts["worker_passes"]
    items = []
    for code in in_code_order(values["items"], data.FEE_CODES):
        amount = fee_amount(code, property_type, passes, params)
        items.append({"code": code, "amount": amount})
        prepared.extra[f"{code}_amount"] = amount
    values["items"] = items
    values["total"] = quantise(sum((item["amount"] for item in items), ZERO))
