"""The Python side of each procedure: fact normalisation and value calculations.

Procedure name -> module providing ``prepare`` and optionally ``check`` and ``finish``
(see :mod:`rules.procedures.base`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType, ModuleType

from rules.procedures import (
    archive_access,
    complaint_grade,
    inspection_issue_deadlines,
    move_in_fees,
    move_in_handover,
    occupancy_register,
    parking_rental,
    release_pass,
    renovation_approval_due,
    renovation_documents,
    renovation_fees,
    renovation_refund,
    repair_classify,
    request_deadlines,
    status_census_due,
    survey_rates,
    survey_window,
    tenant_move_out,
    visits_quota,
)

PROCEDURE_MODULES: Mapping[str, ModuleType] = MappingProxyType({
    "move_in.fees": move_in_fees,
    "move_in.handover": move_in_handover,
    "renovation.documents": renovation_documents,
    "renovation.fees": renovation_fees,
    "renovation.approval_due": renovation_approval_due,
    "renovation.refund": renovation_refund,
    "release.pass": release_pass,
    "occupancy.register": occupancy_register,
    "tenant.move_out": tenant_move_out,
    "parking.rental": parking_rental,
    "complaint.grade": complaint_grade,
    "request.deadlines": request_deadlines,
    "repair.classify": repair_classify,
    "inspection.issue_deadlines": inspection_issue_deadlines,
    "survey.window": survey_window,
    "survey.rates": survey_rates,
    "visits.quota": visits_quota,
    "archive.access": archive_access,
    "status.census_due": status_census_due,
})
