"""What an application needs for the visitor's own unit: documents and fees, from the policy library.

A service page shows these to a logged-in owner or tenant for each unit whose current
household they belong to. The facts come from the estate register (``portal.policies.facts``);
the answers come from the policy library (through :mod:`cms.policy_values`), never from
this module. The preview assumes a contractor does the work and the owner does not yet
know the move-in date of the notice (today is used: it moves no amount).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from portal.casework.procedures import Procedure
from portal.estate.models import HouseholdMember, MemberRole, Unit
from portal.policies import facts

from . import policy_values
from .money import yuan

logger = logging.getLogger(__name__)

DOCUMENT_LABELS = {
    "floor_plan": _("Floor plan"),
    "ceiling_plan": _("Ceiling plan"),
    "water_electric_plan": _("Water and electricity plan"),
    "wall_plan": _("Wall demolition and construction plan"),
    "facade_rendering": _("Façade rendering"),
    "ac_modification_drawing": _("Air-conditioning modification drawing (stamped by the contractor)"),
    "fire_design_review_receipt": _("Fire-protection design review receipt"),
    "contractor_id": _("ID card of the contractor's responsible person (stamped copy)"),
    "contractor_authorisation": _("Contractor's power of attorney (stamped copy)"),
    "business_licence": _("Contractor's business licence (stamped copy)"),
    "construction_qualification": _("Construction qualification certificate (stamped copy)"),
    "tax_registration": _("Tax registration certificate (stamped copy)"),
    "design_qualification": _("Design qualification certificate"),
    "owner_power_of_attorney": _("Owner's power of attorney"),
    "lease_contract": _("Copy of the lease contract"),
    "tenant_business_licence": _("Tenant company's business licence"),
    "legal_representative_certificate": _("Legal representative certificate"),
    "legal_representative_authorisation": _("Legal representative's authorisation"),
    "application_form": _("Renovation application form"),
    "management_agreement": _("Renovation management agreement"),
    "non_load_bearing_wall_pledge": _("Pledge on removing non-load-bearing walls"),
    "fire_safety_responsibility": _("Construction fire-safety responsibility letter"),
    "fire_facilities_pledge": _("Fire-facilities pledge"),
    "self_renovation_pledge": _("Self-renovation pledge"),
}

FEE_LABELS = {
    "deposit": _("Renovation deposit"),
    "debris_removal": _("Debris removal fee"),
    "worker_pass": _("Worker passes"),
    "ac_modification": _("Air-conditioning modification fee"),
    "fire_water_drain": _("Fire water-drain fee"),
    "fire_linkage": _("Fire linkage fee"),
}

UTILITY_FLOAT_LABELS = {"electricity": _("Electricity float"), "water": _("Water float")}

# The renovation applicant as ``renovation.documents`` knows it, by household role.
_APPLICANT_BY_ROLE = {
    MemberRole.OWNER: "owner",
    MemberRole.TENANT: "tenant",
    MemberRole.FAMILY: "owner_agent",
}


@dataclass(frozen=True)
class FeeLine:
    label: str
    amount: Decimal


@dataclass(frozen=True)
class UnitRequirements:
    """Documents to bring and fees to pay for one unit."""

    unit: Unit
    documents: tuple[str, ...] = ()
    pledges: tuple[str, ...] = ()
    fees: tuple[FeeLine, ...] = ()
    total: Decimal | None = None


def _labels(codes, labels) -> tuple[str, ...]:
    return tuple(str(labels.get(code, code)) for code in codes)


def _renovation(member: HouseholdMember, on_date: date) -> UnitRequirements:
    unit = member.household.unit
    applicant = _APPLICANT_BY_ROLE[member.role]
    documents = policy_values.decide(
        "renovation.documents",
        facts.renovation_documents_facts(unit, applicant=applicant, self_renovation=False),
        on_date=on_date,
    ).values
    fees = policy_values.decide("renovation.fees", facts.renovation_fees_facts(unit), on_date=on_date).values
    return UnitRequirements(
        unit=unit,
        documents=_labels(documents["required_documents"], DOCUMENT_LABELS),
        pledges=_labels(documents["required_pledges"], DOCUMENT_LABELS),
        fees=tuple(FeeLine(str(FEE_LABELS.get(item["code"], item["code"])), item["amount"]) for item in fees["items"]),
        total=fees["total"],
    )


def _move_in(member: HouseholdMember, on_date: date) -> UnitRequirements:
    unit = member.household.unit
    values = policy_values.decide(
        "move_in.fees", facts.move_in_fees_facts(unit, notice_move_in_date=on_date), on_date=on_date
    ).values
    fees = [
        FeeLine(
            str(
                _("Prepaid management fee (%(months)s months × %(monthly)s a month)")
                % {"months": values["prepaid_months"], "monthly": yuan(values["monthly_fee"])}
            ),
            values["prepaid_management_fee"],
        )
    ]
    if values["utility_float_kind"]:
        fees.append(FeeLine(str(UTILITY_FLOAT_LABELS[values["utility_float_kind"]]), values["utility_float"]))
    return UnitRequirements(unit=unit, fees=tuple(fees), total=values["total_due"])


PREVIEWS: dict[str, Callable[[HouseholdMember, date], UnitRequirements]] = {
    Procedure.MOVE_IN: _move_in,
    Procedure.RENOVATION: _renovation,
}
"""Procedures whose requirements depend on the unit, and how to work them out."""


def current_memberships(user):
    """The visitor's places in the current households of their units."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return HouseholdMember.objects.none()
    return (
        HouseholdMember.objects.filter(person=person, ended_on__isnull=True, household__ended_on__isnull=True)
        .select_related("household__unit__building")
        .order_by("household__unit__building__name", "household__unit__number")
    )


def requirements_for_visitor(user, procedure: str, on_date: date | None = None) -> list[UnitRequirements]:
    """The requirements of ``procedure`` for each of the visitor's units (empty for anonymous
    visitors, people with no current household, and procedures that do not depend on the unit)."""
    preview = PREVIEWS.get(procedure)
    if preview is None:
        return []
    on_date = on_date or policy_values.today()
    requirements = []
    for member in current_memberships(user):
        try:
            requirements.append(preview(member, on_date))
        except ValueError:
            # Register data the policy library refuses (FactsError): the page still shows
            # the general description; staff see the problem in the log.
            logger.exception("No %s requirements for unit %s", procedure, member.household.unit_id)
    return requirements
