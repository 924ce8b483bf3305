"""request.deadlines: forward within 10 minutes, reply by the promise or within a day (RQ-1, RQ-3)."""

from __future__ import annotations

from datetime import timedelta

from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared


def check(facts: Facts) -> dict[str, str]:
    """A promise before the request was received is refused (``facts``: the good facts)."""
    promised, received = facts.get("promised_by"), facts.get("received_at")
    if promised is not None and received is not None and promised < received:
        return {"promised_by": "承诺回复时间不能早于受理时间"}
    return {}


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    received, promised = facts["received_at"], facts["promised_by"]
    values = {
        "forward_by": received + timedelta(minutes=params["request_forward_minutes"]),
        "reply_by": promised if promised is not None
        else received + timedelta(days=params["request_reply_days"]),
    }
    return Prepared({"has_promise": promised is not None}, values)
