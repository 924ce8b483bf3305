"""renovation.refund: refund date, amount refunded and amount owed (RN-17, RN-19, RN-20)."""

from __future__ import annotations

from datetime import date, timedelta

from rules.instants import add_months
from rules.money import clamp_at_zero
from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared


def refundable_from(property_type: str, acceptance_date: date, params: ParameterSet) -> date:
    """RN-17: acceptance + 3 calendar months (clamped to month end); an office + 15 days."""
    if property_type == "office":
        return acceptance_date + timedelta(days=params["renovation_office_refund_days"])
    return add_months(acceptance_date, params["renovation_refund_months"])


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    first_day = refundable_from(facts["property_type"], facts["acceptance_date"], params)
    deposit, deductions = facts["deposit"], facts["fines"] + facts["unpaid_fees"]
    values = {
        "refundable_from": first_day,
        "refund_amount": clamp_at_zero(deposit - deductions),
        "amount_owed": clamp_at_zero(deductions - deposit),
    }
    message = {
        "property_type": facts["property_type"],
        "on_date": facts["on_date"].isoformat(),
        "refundable_from": first_day.isoformat(),
        "requested_by": facts["requested_by"],
        "owner_consent": facts["owner_consent"],
        "has_shortfall": deductions > deposit,
    }
    return Prepared(message, values)
