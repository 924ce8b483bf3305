"""What an owner or tenant sees of their own: homes, arrears and cases.

Everything is read through the person, never through an id taken from a URL, so a
resident can only ever see the units of households they currently belong to and the
cases :meth:`SubmissionQuerySet.visible_to_person` grants them. The number of
queries does not depend on how many homes or cases a person has.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.core.paginator import Page, Paginator

from portal.casework.models import Draft, Submission
from portal.documents.models import IssuedDocument
from portal.estate.ledger import annotate_arrears
from portal.estate.models import HouseholdMember, MemberRole, Unit

CASES_PER_PAGE = 20

# Arrears are the owner's and the tenant's business; family members see the home only.
ROLES_SEEING_ARREARS = frozenset({MemberRole.OWNER, MemberRole.TENANT})


@dataclass(frozen=True)
class Home:
    """A unit a person currently lives in or owns, with their place in its household."""

    unit: Unit
    membership: HouseholdMember
    arrears: Decimal | None  # None: not shown to this member

    @property
    def arrears_display(self) -> str:
        """``¥1,234.50``: grouped by thousands in every language."""
        return f"¥{self.arrears:,.2f}" if self.arrears is not None else ""

    @property
    def is_tenancy(self) -> bool:
        return self.membership.role == MemberRole.TENANT


def resident_of(user):
    """The register's person for ``user`` (``None`` for staff without a resident record)."""
    if not user.is_authenticated:
        return None
    return getattr(user, "person", None)


def homes_of(person, on_date: date) -> list[Home]:
    """``person``'s current memberships of current households, with each unit's arrears on ``on_date``."""
    memberships = list(
        HouseholdMember.objects.filter(person=person, ended_on__isnull=True, household__ended_on__isnull=True)
        .select_related("household")
        .order_by("household__unit_id", "id")
    )
    unit_ids = {membership.household.unit_id for membership in memberships}
    units = {
        unit.pk: unit for unit in annotate_arrears(Unit.objects.with_building().filter(pk__in=unit_ids), on_date)
    }
    homes = []
    for membership in memberships:
        unit = units[membership.household.unit_id]
        owed = max(Decimal("0.00"), unit.arrears_balance) if membership.role in ROLES_SEEING_ARREARS else None
        homes.append(Home(unit=unit, membership=membership, arrears=owed))
    return homes


def cases_of(person, page_number=1) -> Page:
    """The cases ``person`` may see, newest first, one page at a time."""
    cases = (
        Submission.objects.visible_to_person(person)
        .select_related("unit__building")
        .order_by("-submitted_at", "-id")
    )
    return Paginator(cases, CASES_PER_PAGE).get_page(page_number)


def drafts_of(person) -> list[Draft]:
    """``person``'s unfinished applications, most recently saved first."""
    return list(Draft.objects.for_person(person))


def documents_of(person) -> list[IssuedDocument]:
    """Records issued for the units of the households ``person`` currently belongs to
    (permits, release passes, refund memos …), newest first."""
    return list(
        IssuedDocument.objects.filter(
            unit__households__ended_on__isnull=True,
            unit__households__members__person=person,
            unit__households__members__ended_on__isnull=True,
        )
        .select_related("unit__building")
        .distinct()
        .order_by("-issued_at", "-id")
    )


def amendable_procedures() -> frozenset[str]:
    """The procedures whose form is online (a live service page hosts it): a case of
    theirs the service centre asks more information for can be amended there."""
    if not apps.is_installed("cms"):
        return frozenset()
    pages = apps.get_model("cms", "ServicePage").objects.live()
    return frozenset(pages.values_list("procedure", flat=True))


def form_url(procedure: str, request=None) -> str | None:
    """Where the form of ``procedure`` is served online (its service page's ``apply/``), or None."""
    if not apps.is_installed("cms"):
        return None
    page = apps.get_model("cms", "ServicePage").objects.live().filter(procedure=procedure).first()
    if page is None:
        return None
    return f"{page.get_url(request)}{page.reverse_subpage('apply').lstrip('/')}"
