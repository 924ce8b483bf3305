"""The lifecycle of a parking application (车位办理, POLICIES §14 and §17).

::

    opened ──check_eligibility──▶ eligibility_checked ──assign_space──▶ space_assigned
        ──record_payment──▶ paid ──activate──▶ active
    refuse: from any open state to refused (after payment: the rent is to be paid back)

Each transition has the same contract, like the review actions of
:mod:`portal.casework.review`:

- the acting user must hold its permission (:data:`PERMISSIONS`), else
  :class:`~django.core.exceptions.PermissionDenied`;
- a transition the case's state does not allow (:data:`TRANSITIONS`) is refused with
  :class:`IllegalTransition`, a refusal the user can act on with :class:`CaseError`;
  either way nothing changes;
- the change and its audit event are saved in one transaction, and the applicant is
  emailed once it has committed.

The eligibility gate asks the policy library (``parking.rental``) with the register's
facts: the applicant's role in the household, its active rentals, the free spaces of
the estate (PK-1, CS-2), and the vehicle licence as staff checked it (PK-2). The
database holds PK-1 and CS-2 on its own: an activation that races another one for the
same household or space is refused by a constraint, reported as a :class:`CaseError`,
and leaves nothing behind.
"""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.lifecycle import Change, Lifecycle
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.casework.refusals import Refusal
from portal.documents.records import ParkingAgreementSummary
from portal.documents.services import issue_record
from portal.estate.models import (
    LedgerCategory,
    LedgerEntry,
    LedgerKind,
    ParkingRental,
    ParkingSpace,
    RentalStatus,
    Vehicle,
)
from portal.policies import adapter, facts

from . import notifications
from .models import OPEN_STATES, CaseState, ParkingCase

HANDLE = "parkingcases.handle_parkingcase"
RECORD_PAYMENT = "parkingcases.record_parking_payment"

S = CaseState


class Transition:
    CHECK_ELIGIBILITY = "check_eligibility"
    ASSIGN_SPACE = "assign_space"
    RECORD_PAYMENT = "record_payment"
    ACTIVATE = "activate"
    REFUSE = "refuse"


T = Transition

# The state each transition starts from, and the state it leads to. The eligibility
# check leads to ``refused`` instead when the policy library denies.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    T.CHECK_ELIGIBILITY: ((S.OPENED,), S.ELIGIBILITY_CHECKED),
    T.ASSIGN_SPACE: ((S.ELIGIBILITY_CHECKED,), S.SPACE_ASSIGNED),
    T.RECORD_PAYMENT: ((S.SPACE_ASSIGNED,), S.PAID),
    T.ACTIVATE: ((S.PAID,), S.ACTIVE),
    T.REFUSE: (OPEN_STATES, S.REFUSED),
}

TRANSITION_LABELS = {
    T.CHECK_ELIGIBILITY: _("Check eligibility"),
    T.ASSIGN_SPACE: _("Assign a space"),
    T.RECORD_PAYMENT: _("Record the rent paid"),
    T.ACTIVATE: _("Activate the rental"),
    T.REFUSE: _("Refuse"),
}

# The cashier records the rent (CS-3); the desk does everything else.
PERMISSIONS = {
    T.CHECK_ELIGIBILITY: HANDLE,
    T.ASSIGN_SPACE: HANDLE,
    T.RECORD_PAYMENT: RECORD_PAYMENT,
    T.ACTIVATE: HANDLE,
    T.REFUSE: HANDLE,
}

# The audit event's action name for each transition (a denied eligibility check is "refused").
AUDIT_ACTIONS = {
    T.CHECK_ELIGIBILITY: "eligibility_checked",
    T.ASSIGN_SPACE: "space_assigned",
    T.RECORD_PAYMENT: "payment_recorded",
    T.ACTIVATE: "activated",
    T.REFUSE: "refused",
}


class CaseError(Refusal):
    """A transition refused for a reason the user can do something about; ``str()`` says what."""


class IllegalTransition(CaseError):
    """The transition is not allowed from the case's current state."""


# --- What a user may do -----------------------------------------------------------------


def may(user, transition: str) -> bool:
    return user.is_active and user.has_perm(PERMISSIONS[transition])


def is_allowed(transition: str, state: str) -> bool:
    return state in TRANSITIONS[transition][0]


def available_transitions(user, case: ParkingCase) -> list[str]:
    """The transitions ``user`` may make on ``case`` as it stands, in lifecycle order."""
    return [name for name in TRANSITIONS if is_allowed(name, case.state) and may(user, name)]


def _refusal_message(transition: str, case: ParkingCase) -> str:
    return _("“%(transition)s” is not possible for a parking application that is “%(state)s”.") % {
        "transition": TRANSITION_LABELS[transition],
        "state": case.get_state_display(),
    }


# How a transition is performed: see :mod:`portal.casework.lifecycle`. A change leads to
# the state of the transition's row, except a refusal (:func:`_refusal`), audited as such.
LIFECYCLE = Lifecycle(
    model=ParkingCase,
    transitions={name: dict.fromkeys(starts, to_state) for name, (starts, to_state) in TRANSITIONS.items()},
    audit_actions=AUDIT_ACTIONS,
    may=may,
    is_allowed=lambda transition, case: is_allowed(transition, case.state),
    refusal_message=_refusal_message,
    illegal=IllegalTransition,
    noun="parking case",
    lock_related=("submission__applicant", "submission__household__unit__building", "submission__unit", "space",
                  "vehicle"),
    records_handler=False,
    saved_with=(),
    audited_by_end_state={S.REFUSED: "refused"},
    # What the application shows the applicant once the case reaches these states.
    submission_statuses={S.REFUSED: SubmissionStatus.REJECTED, S.ACTIVE: SubmissionStatus.COMPLETED},
    notify=lambda step: notifications.notify_applicant(step.case),
    refresh_caller=False,
)


# --- Opening a case -------------------------------------------------------------------


def open_case(submission: Submission, *, by) -> ParkingCase:
    """Open the case of a ``parking`` submission; the period comes from its answers."""
    if not (by.is_active and by.has_perm(HANDLE)):
        raise PermissionDenied(f"{by} may not open parking cases")
    if submission.procedure != Procedure.PARKING:
        raise CaseError(_("Only parking space applications are handled here."))
    if ParkingCase.objects.filter(submission=submission).exists():
        raise CaseError(_("Application %(reference)s has a case already.") % {"reference": submission.reference})
    answers = submission.answers or {}
    start = date.fromisoformat(answers["start"])
    months = int(answers["months"])
    vehicle = _registered_vehicle(answers)
    with transaction.atomic():
        case = ParkingCase.objects.create(
            submission=submission,
            start=start,
            months=months,
            end=rental_end(start, months),
            vehicle=vehicle,
            opened_by=by if by.is_authenticated else None,
        )
        record(case, "opened", actor=by, to_state=case.state, data={"submission": submission.reference})
    return case


def rental_end(start: date, months: int) -> date:
    """The last day of a rental of ``months`` calendar months from ``start``: the day before
    the same day ``months`` later (the last day of a shorter month), as the owner was told."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day) - timedelta(days=1)


def _registered_vehicle(answers) -> Vehicle | None:
    chosen = answers.get("vehicle")
    if isinstance(chosen, dict) and chosen.get("id"):
        return Vehicle.objects.filter(pk=chosen["id"]).first()
    return None


# --- The transitions --------------------------------------------------------------------


def check_eligibility(
    case: ParkingCase, *, by, licence_seen: bool, licence_in_applicants_name: bool, licence_number: str = "",
    car_model: str = "",
) -> ParkingCase:
    """Check the application against ``parking.rental`` with the register's facts and the
    vehicle licence staff saw at the desk (PK-2).

    ``licence_seen``: the original licence was shown; ``licence_in_applicants_name``: the
    holder it names is the applicant. A vehicle the register does not know yet is
    registered from the licence (``licence_number``, ``car_model``) when the gate allows.
    A denial refuses the case with the library's reasons.
    """
    licence_number = licence_number.strip()

    def change(locked):
        submission = locked.submission
        household = submission.household
        vehicle = locked.vehicle or _new_vehicle(locked, licence_number=licence_number, car_model=car_model)
        if vehicle.pk is None and licence_seen and not licence_number:
            raise CaseError(
                _("Enter the licence number of a vehicle not registered yet: it is registered from the licence.")
            )
        gate_facts = facts.parking_rental_facts(household, applicant=submission.applicant, vehicle=vehicle)
        gate_facts["has_vehicle_licence"] = licence_seen
        gate_facts["licence_matches_applicant"] = (
            licence_seen and licence_in_applicants_name and vehicle.owner_id == submission.applicant_id
        )
        decision = adapter.decide("parking.rental", gate_facts)
        locked.eligibility = {"facts": gate_facts, "decision": adapter.snapshot(decision)}
        fields = ["eligibility"]
        if decision.outcome != "allow":
            reason = "\n".join(reason.message for reason in decision.reasons)
            return _refusal(locked, reason, fields=fields)
        if vehicle.pk is None:
            vehicle = _register_vehicle(vehicle)
        elif licence_number and not vehicle.licence_number:
            vehicle.licence_number = licence_number
            vehicle.save(update_fields=["licence_number"])
        locked.vehicle = vehicle
        fields.append("vehicle")
        return fields, "", {"vehicle": vehicle.plate}

    return LIFECYCLE.perform(case, T.CHECK_ELIGIBILITY, by=by, change=change)


def _new_vehicle(case, *, licence_number, car_model) -> Vehicle:
    """The vehicle of a plate the register does not know yet, unsaved, as its licence shows it."""
    answers = case.submission.answers or {}
    holder = case.submission.applicant_id if answers.get("licence_holder") == "applicant" else None
    return Vehicle(
        plate=answers.get("plate", ""),
        model=(car_model or answers.get("car_model", "")).strip(),
        licence_number=licence_number,
        owner_id=holder,
        household=case.submission.household,
    )


def _register_vehicle(vehicle: Vehicle) -> Vehicle:
    registered = Vehicle.objects.filter(plate=vehicle.plate).first()
    if registered is not None:
        if registered.owner_id != vehicle.owner_id:
            raise CaseError(
                _("%(plate)s is registered to someone else. Please check the vehicle licence.")
                % {"plate": vehicle.plate}
            )
        return registered
    try:
        vehicle.full_clean()
    except ValidationError as invalid:
        raise CaseError(" ".join(invalid.messages)) from None
    vehicle.save()
    return vehicle


def assign_space(case: ParkingCase, *, by, space: ParkingSpace) -> ParkingCase:
    """Offer ``space``: in service, free, on the household's estate. Its rent is the case's."""

    def change(locked):
        estate_id = locked.submission.household.unit.building.estate_id
        if not ParkingSpace.objects.filter(pk=space.pk, estate_id=estate_id).free().exists():
            raise CaseError(_("Space %(space)s is not free: choose another one.") % {"space": space})
        locked.space = space
        locked.monthly_rent = space.monthly_rent
        data = {"space": str(space), "monthly_rent": str(space.monthly_rent)}
        return ["space", "monthly_rent"], "", data

    return LIFECYCLE.perform(case, T.ASSIGN_SPACE, by=by, change=change)


def record_payment(case: ParkingCase, *, by, amount: Decimal, receipt_number: str) -> ParkingCase:
    """The cashier records the rent for the whole period, paid in full (CS-3): the period's
    charge and its payment go to the unit's ledger, under the receipt's number."""
    receipt_number = receipt_number.strip()

    def change(locked):
        if not receipt_number:
            raise CaseError(_("Enter the receipt number."))
        due = locked.amount_due
        if amount != due:
            raise CaseError(
                _("The rent is collected in full: ¥%(due)s for %(months)s months, not ¥%(amount)s (CS-3).")
                % {"due": due, "months": locked.months, "amount": amount}
            )
        today = adapter.today()
        description = gettext("Parking rent %(space)s, receipt %(receipt)s") % {
            "space": locked.space, "receipt": receipt_number,
        }
        common = {
            "unit": locked.submission.unit,
            "category": LedgerCategory.PARKING,
            "amount": due,
            "entry_date": today,
            "period_start": locked.start,
            "period_end": locked.end,
            "description": description[:200],
            "recorded_by": by,
        }
        LedgerEntry.objects.create(kind=LedgerKind.CHARGE, due_on=today, **common)
        LedgerEntry.objects.create(kind=LedgerKind.PAYMENT, **common)
        locked.amount_paid = due
        locked.receipt_number = receipt_number
        return ["amount_paid", "receipt_number"], "", {"amount": str(due), "receipt": receipt_number}

    return LIFECYCLE.perform(case, T.RECORD_PAYMENT, by=by, change=change)


def activate(case: ParkingCase, *, by, ic_card_number: str) -> ParkingCase:
    """Enter the rental in the register, authorise the owner card for the car park (CS-3)
    and issue the summary of the 《车位使用协议》(CS-1, CS-4).

    One active rental per household and per space is the database's rule (PK-1, CS-2):
    when another activation got there first, the constraint refuses this one and
    nothing of it is kept.
    """
    ic_card_number = ic_card_number.strip()

    def change(locked):
        if not ic_card_number:
            raise CaseError(_("Enter the number of the owner's IC card."))
        submission = locked.submission
        try:
            with transaction.atomic():
                rental = ParkingRental.objects.create(
                    household=submission.household,
                    space=locked.space,
                    vehicle=locked.vehicle,
                    start=locked.start,
                    end=locked.end,
                    ic_card_number=ic_card_number,
                )
        except IntegrityError:
            raise CaseError(_clash_message(locked)) from None
        now = timezone.now()
        locked.rental = rental
        locked.ic_card_number = ic_card_number
        locked.card_authorised_at = now
        locked.agreement = issue_record(_agreement(locked, by=by), unit=submission.unit, target=locked, by=by)
        locked.agreement_number = locked.agreement.number
        data = {"rental": rental.pk, "ic_card_number": ic_card_number, "agreement": locked.agreement.number}
        return (
            ["rental", "ic_card_number", "card_authorised_at", "agreement", "agreement_number"],
            "",
            data,
        )

    return LIFECYCLE.perform(case, T.ACTIVATE, by=by, change=change)


def _clash_message(case) -> str:
    active = ParkingRental.objects.filter(status=RentalStatus.ACTIVE)
    if active.filter(household=case.submission.household).exists():
        return str(_("This household already rents a parking space: one space per household (PK-1). "
                     "Refuse the application or end the other rental first."))
    if active.filter(space=case.space).exists():
        return str(_("Space %(space)s has just been let to another household (CS-2). "
                     "Refuse the application or offer another space.") % {"space": case.space})
    return str(_("The rental could not be entered in the register. Please try again."))


def _agreement(case, *, by) -> ParkingAgreementSummary:
    submission = case.submission
    household = submission.household
    unit = household.unit
    return ParkingAgreementSummary(
        household=submission.applicant.name,
        unit=f"{unit.building.name} {unit.number}",
        phone=submission.applicant.mobile,
        space=str(case.space),
        plate=case.vehicle.plate,
        car_model=case.vehicle.model,
        start=case.start,
        end=case.end,
        monthly_rent=case.monthly_rent,
        rent_paid=case.amount_paid,
        ic_card_number=case.ic_card_number,
        representative=staff_name(by),
        issued_on=adapter.today(),
    )


def staff_name(user) -> str:
    """A member of staff as the agreement names them: family name first, as Chinese reads."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def refuse(case: ParkingCase, *, by, reason: str) -> ParkingCase:
    """Refuse the application; ``reason`` is required and shown to the applicant.

    Refused after the rent was paid, the case no longer holds it: the amount paid becomes
    ``refund_due``, which the cashier pays back against the receipt, and the applicant is
    told so with the reason (by email and on their application).
    """
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Give the reason for the refusal: the applicant reads it."))
    return LIFECYCLE.perform(case, T.REFUSE, by=by, change=lambda locked: _refusal(locked, reason))


def _refusal(case, reason, *, fields=()):
    case.refusal_reason = reason
    fields, data, note = [*fields, "refusal_reason"], {}, reason
    if case.state == S.PAID and case.amount_paid:
        case.refund_due = case.amount_paid
        fields.append("refund_due")
        data = {"refund_due": str(case.refund_due), "receipt": case.receipt_number}
        note = f"{reason}\n{refund_notice(case)}"
    return Change(fields, note, data, to_state=S.REFUSED)


def refund_notice(case) -> str:
    """What the applicant of a case refused after payment is told about their money."""
    with translation.override(settings.LANGUAGE_CODE):  # kept with the case, read by the applicant
        return gettext(
            "The rent of ¥%(amount)s you paid (receipt %(receipt)s) will be paid back: please bring the receipt "
            "to the cashier's of the service centre."
        ) % {"amount": case.refund_due, "receipt": case.receipt_number}
