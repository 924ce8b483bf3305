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
from portal.policies.labels import DOCUMENT_LABELS, FEE_LABELS, PLEDGE_LABELS, UTILITY_FLOAT_LABELS

from . import policy_values
from .money import yuan

logger = logging.getLogger(__name__)

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
        pledges=_labels(documents["required_pledges"], PLEDGE_LABELS),
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
