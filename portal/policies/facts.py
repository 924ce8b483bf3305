"""Facts for :func:`portal.policies.adapter.decide`, gathered from the estate register.

Each builder reads what the register knows (property type, area, arrears on a day,
rentals, free spaces) and passes through what only the applicant or the clerk can
say. Builders gather data only: what the facts mean is the policy library's business.
The fact names are the library's (``DECISIONS.md``).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from portal.estate.ledger import ZERO, arrears
from portal.estate.models import (
    Household,
    HouseholdMember,
    LedgerCategory,
    LedgerEntry,
    LedgerKind,
    MemberRole,
    ParkingRental,
    ParkingSpace,
    Person,
    RentalStatus,
    Unit,
    Vehicle,
)

# The library's applicant roles for a parking rental, by household role. A family
# member is neither an owner nor a tenant of the household.
_PARKING_ROLES = {MemberRole.OWNER: "owner", MemberRole.TENANT: "tenant"}
NON_RESIDENT = "non_resident"


def _with_optional(facts: dict[str, Any], **optional: Any) -> dict[str, Any]:
    """``facts`` plus the optional facts that were given (``None`` means not given)."""
    facts.update({name: value for name, value in optional.items() if value is not None})
    return facts


def move_in_fees_facts(unit: Unit, *, notice_move_in_date: date) -> dict[str, Any]:
    """``move_in.fees``: the unit's type, area and fee rate, and the move-in date of the notice (MI-2)."""
    return {
        "property_type": unit.property_type,
        "area_m2": unit.building_area,
        "fee_per_m2": unit.fee_per_m2,
        "notice_move_in_date": notice_move_in_date,
    }


def renovation_documents_facts(
    unit: Unit,
    *,
    applicant: str,
    self_renovation: bool,
    tenant_is_company: bool | None = None,
    commercial_or_key_site: bool | None = None,
    fire_filing: bool | None = None,
    structural_change: bool | None = None,
    gas_change: bool | None = None,
) -> dict[str, Any]:
    """``renovation.documents``: the unit's type and the application's answers.

    ``applicant`` is ``owner``, ``owner_agent`` or ``tenant``.
    """
    facts = {"property_type": unit.property_type, "applicant": applicant, "self_renovation": self_renovation}
    return _with_optional(
        facts,
        tenant_is_company=tenant_is_company,
        commercial_or_key_site=commercial_or_key_site,
        fire_filing=fire_filing,
        structural_change=structural_change,
        gas_change=gas_change,
    )


def renovation_fees_facts(
    unit: Unit, *, worker_passes: int = 0, fire_system_modified: bool | None = None
) -> dict[str, Any]:
    """``renovation.fees``: the unit's type, the worker passes asked for, a fire-system change."""
    facts = {"property_type": unit.property_type, "worker_passes": worker_passes}
    return _with_optional(facts, fire_system_modified=fire_system_modified)


# What a deposit refund deducts besides fines (RN-20): every fee except held deposits.
_FEES_BESIDES_FINES = tuple(
    category for category in LedgerCategory if category not in (LedgerCategory.DEPOSIT, LedgerCategory.FINE)
)


def renovation_deposit_held(unit: Unit, on_date: date) -> Decimal:
    """The deposit ``unit`` has paid and not yet had back by ``on_date`` (zero when none is recorded)."""
    entries = LedgerEntry.objects.filter(unit=unit, category=LedgerCategory.DEPOSIT, entry_date__lte=on_date)
    totals = entries.aggregate(
        paid=Sum("amount", filter=Q(kind=LedgerKind.PAYMENT)),
        refunded=Sum("amount", filter=Q(kind=LedgerKind.REFUND)),
    )
    held = (totals["paid"] or ZERO) - (totals["refunded"] or ZERO)
    return max(ZERO, Decimal(held).quantize(Decimal("0.01")))


def renovation_refund_facts(
    unit: Unit,
    *,
    acceptance_date: date,
    on_date: date,
    deposit: Decimal,
    requested_by: str,
    owner_consent: bool | None = None,
) -> dict[str, Any]:
    """``renovation.refund``: the fines (RN-14) and the other fees (RN-20) the unit owes on
    ``on_date``, and the request's details. ``requested_by`` is ``owner`` or ``contractor``."""
    facts = {
        "property_type": unit.property_type,
        "acceptance_date": acceptance_date,
        "on_date": on_date,
        "deposit": deposit,
        "fines": arrears(unit, on_date, categories=[LedgerCategory.FINE]),
        "unpaid_fees": arrears(unit, on_date, categories=_FEES_BESIDES_FINES),
        "requested_by": requested_by,
    }
    return _with_optional(facts, owner_consent=owner_consent)


def applicant_role(household: Household, person: Person) -> str:
    """``owner`` or ``tenant`` for a current owner or tenant of a current household, else ``non_resident``."""
    if household.ended_on is not None:
        return NON_RESIDENT
    role = (
        HouseholdMember.objects.filter(household=household, person=person, ended_on__isnull=True)
        .values_list("role", flat=True)
        .first()
    )
    return _PARKING_ROLES.get(role, NON_RESIDENT)


def parking_rental_facts(
    household: Household, *, applicant: Person, vehicle: Vehicle | None, licence_uploaded: bool = False
) -> dict[str, Any]:
    """``parking.rental``: who applies for the household, the spaces it already rents,
    the free spaces of its estate, and the vehicle licence shown (PK-1, PK-2, CS-2).

    ``vehicle`` is the vehicle whose licence the applicant shows (``None``: none shown):
    a registered one, or one not in the register yet (unsaved, its ``owner`` the
    licence's holder). ``licence_uploaded``: a copy of the licence came with the
    application, which shows a licence the register does not know yet.
    """
    estate_id = household.unit.building.estate_id
    return {
        "applicant_role": applicant_role(household, applicant),
        "household_active_spaces": ParkingRental.objects.filter(
            household=household, status=RentalStatus.ACTIVE
        ).count(),
        "free_spaces": ParkingSpace.objects.filter(estate_id=estate_id).free().count(),
        "has_vehicle_licence": vehicle is not None and (licence_uploaded or bool(vehicle.licence_number.strip())),
        "licence_matches_applicant": vehicle is not None and vehicle.owner_id == applicant.pk,
    }


def release_pass_facts(
    unit: Unit,
    *,
    on_date: date,
    carrier: str,
    purpose: str,
    owner_signed: bool,
    phone_recording: bool,
    passes_last_7_days: int,
    consent: str | None = None,
) -> dict[str, Any]:
    """``release.pass``: the unit's arrears on ``on_date`` (GR-4) and the pass's details.

    ``passes_last_7_days`` is the number of passes already issued for the unit in the
    flagging window before this one (GR-3), counted by the caller from its pass records.
    """
    facts = {
        "carrier": carrier,
        "purpose": purpose,
        "arrears": arrears(unit, on_date),
        "owner_signed": owner_signed,
        "phone_recording": phone_recording,
        "passes_last_7_days": passes_last_7_days,
    }
    return _with_optional(facts, consent=consent)


def tenant_move_out_facts(
    unit: Unit,
    *,
    on_date: date,
    meters_read: bool,
    release_pass_issued: bool,
    owner_agrees: bool | None = None,
) -> dict[str, Any]:
    """``tenant.move_out``: the unit's arrears up to the move-out day (MO-2) and the checks done."""
    facts = {
        "arrears": arrears(unit, on_date),
        "meters_read": meters_read,
        "release_pass_issued": release_pass_issued,
    }
    return _with_optional(facts, owner_agrees=owner_agrees)
