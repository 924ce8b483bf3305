"""repair.classify: emergency or general (RP-3)."""

from __future__ import annotations

from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    message = {"category": facts["category"], "customer_marked_urgent": facts["customer_marked_urgent"]}
    return Prepared(message, {"priority": "general"})
