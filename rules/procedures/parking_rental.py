"""parking.rental: residents only, one space per household, a free space, a matching licence."""

from __future__ import annotations

from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    message = {name: facts[name] for name in ("applicant_role", "household_active_spaces",
                                                "free_spaces", "has_vehicle_licence",
                                                "licence_matches_applicant")}
    message["spaces_per_household"] = params["parking_spaces_per_household"]
    return Prepared(message, {})
