"""archive.access: project manager, staff with approval, outsiders with leadership approval (AR-5)."""

from __future__ import annotations

from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    message = {name: facts[name] for name in ("requester_role", "pm_approved", "leadership_approved")}
    return Prepared(message, {})
