"""move_in.fees: monthly fee, three months prepaid from the notice date, utility float (MI-2, MI-3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from rules.instants import add_months
from rules.money import ZERO, quantise
from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared
from rules.ruledata import RuleMeta


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    months = params["move_in_prepaid_months"]
    monthly_fee = quantise(facts["area_m2"] * facts["fee_per_m2"])
    start = facts["notice_move_in_date"]
    values = {
        "monthly_fee": monthly_fee,
        "prepaid_months": months,
        "prepaid_management_fee": quantise(monthly_fee * months),
        "prepaid_from": start,
        "prepaid_to": add_months(start, months) - timedelta(days=1),
        "utility_float": ZERO,
        "utility_float_kind": None,
        "total_due": ZERO,
    }
    message = {"property_type": facts["property_type"], "prepaid_months": months}
    return Prepared(message, values)


def finish(prepared: Prepared, facts: Facts, params: ParameterSet, fired: Sequence[RuleMeta]) -> None:
    values = prepared.values
    values["total_due"] = quantise(values["prepaid_management_fee"] + values["utility_float"])
