"""A tenant's move-out from the notice to the register (房屋退租管理, MO-1…MO-4).

The case is a small state machine (:data:`TRANSITIONS`)::

    opened ─record_owner_answer─▶ owner_consulted ─record_meters─▶ meters_read ─complete─▶ completed
    owner_consulted, meters_read ─record_owner_answer─▶ (same state)   (the owner's answer changes)
    meters_read ─record_meters─▶ meters_read                           (a reading corrected)
    any open state ─refuse─▶ refused

- the owner is told and asked whether they agree to end the tenancy and which items must
  stay; the time, the answer and the items are recorded (MO-3);
- the cashier reads the meters and enters the usage up to the move-out day in the
  ledger, paid under the receipt's number (MO-2);
- completing asks ``tenant.move_out`` with the facts as they stand: the unit's arrears
  from the ledger (MO-2), the meters read, the owner's answer (MO-3) and the tenant's
  goods release pass for moving out, issued by :mod:`portal.releases` (MO-1). A denial is
  refused with :class:`GateDenied`, whose ``missing`` lists the policy IDs not satisfied;
- completion ends the tenant's membership of the household on the day they moved out,
  moves the unit to the status chosen with its status history, and keeps the day for
  the day's report (MO-4, :func:`moved_out_on`).

Each step has the contract of :mod:`portal.casework.lifecycle`: its permission, else
:class:`PermissionDenied`; a step the state does not allow is :class:`IllegalTransition`;
change, audit event and the application's status (approved once the owner agrees,
completed, rejected) in one transaction; the tenant emailed after it has committed.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.lifecycle import Lifecycle, follow_case, not_possible
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.casework.refusals import DeniedReason, GateRefusal, Refusal
from portal.estate.models import (
    HouseholdMember,
    LedgerCategory,
    LedgerEntry,
    LedgerKind,
    MemberRole,
    OccupancyStatus,
    PropertyType,
)
from portal.policies import adapter, facts
from portal.releases.models import CaseState as ReleaseState
from portal.releases.models import ReleaseCase

from . import notifications
from .models import OPEN_STATES, CaseState, MoveOutCase

POLICY = "tenant.move_out"
HANDLE = "moveouts.handle_moveoutcase"
RECORD_METERS = "moveouts.record_moveoutmeters"
MOVE_OUT = "move_out"


class Action(models.TextChoices):
    RECORD_OWNER_ANSWER = "record_owner_answer", _("Record the owner's answer")
    RECORD_METERS = "record_meters", _("Record the meters and the final fees")
    COMPLETE = "complete", _("Complete the move-out")
    REFUSE = "refuse", _("Refuse")


S = CaseState

# The state each step leads to, by the state it starts from.
TRANSITIONS: dict[str, dict[str, str]] = {
    Action.RECORD_OWNER_ANSWER: {
        S.OPENED: S.OWNER_CONSULTED,
        S.OWNER_CONSULTED: S.OWNER_CONSULTED,
        S.METERS_READ: S.METERS_READ,
    },
    Action.RECORD_METERS: {S.OWNER_CONSULTED: S.METERS_READ, S.METERS_READ: S.METERS_READ},
    Action.COMPLETE: {S.METERS_READ: S.COMPLETED},
    Action.REFUSE: {state: S.REFUSED for state in OPEN_STATES},
}

# The desk talks to the owner and completes; the cashier reads the meters and takes the fees (MO-2).
PERMISSIONS = {
    Action.RECORD_OWNER_ANSWER: HANDLE,
    Action.RECORD_METERS: RECORD_METERS,
    Action.COMPLETE: HANDLE,
    Action.REFUSE: HANDLE,
}

AUDIT_ACTIONS = {
    Action.RECORD_OWNER_ANSWER: "owner_answer_recorded",
    Action.RECORD_METERS: "meters_recorded",
    Action.COMPLETE: "completed",
    Action.REFUSE: "refused",
}

SUBMISSION_STATUSES = {S.COMPLETED: SubmissionStatus.COMPLETED, S.REFUSED: SubmissionStatus.REJECTED}

# The final usage the cashier charges, by ledger category.
UTILITIES = (
    ("water", LedgerCategory.WATER),
    ("electricity", LedgerCategory.ELECTRICITY),
    ("gas", LedgerCategory.GAS),
)


class CaseError(Refusal):
    """A step refused for a reason staff can act on; ``str()`` says what."""


class IllegalTransition(CaseError):
    """The step is not allowed from the case's current state."""


class GateDenied(GateRefusal, CaseError):
    """``tenant.move_out`` does not allow the move-out; ``missing`` names the policies not satisfied."""

    says = _("The tenant cannot move out yet: %(reasons)s")


# --- Opening ------------------------------------------------------------------------------


def open_case(submission: Submission, *, by=None) -> MoveOutCase:
    """The case of a ``move-out`` notice, opened (and audited) the first time it is asked for."""
    if submission.procedure != Procedure.MOVE_OUT:
        raise ValueError(f"{submission.reference} is not a move-out notice.")
    with transaction.atomic():
        case, created = MoveOutCase.objects.get_or_create(submission=submission)
        if created:
            record(case, "opened", actor=by, to_state=case.state, data={"reference": submission.reference})
    return case


# --- What a user may do ---------------------------------------------------------------------


def may(user, action: str) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(PERMISSIONS[action])


def is_allowed(action: str, case: MoveOutCase) -> bool:
    return case.state in TRANSITIONS[action]


def available_actions(user, case: MoveOutCase) -> list[str]:
    return [action for action in Action if is_allowed(action, case) and may(user, action)]


# How a step is performed: see :mod:`portal.casework.lifecycle`.
LIFECYCLE = Lifecycle(
    model=MoveOutCase,
    transitions=TRANSITIONS,
    audit_actions=AUDIT_ACTIONS,
    may=may,
    is_allowed=is_allowed,
    refusal_message=not_possible(
        _("“%(action)s” is not possible for a move-out that is “%(state)s”."), dict(Action.choices)
    ),
    illegal=IllegalTransition,
    noun="move-out case",
    lock_related=("submission__applicant", "submission__unit__building"),
    submission_statuses=SUBMISSION_STATUSES,
    approves_under_review_only=True,
    notify=lambda step: notifications.notify_applicant(step.case),
)


# --- The steps ------------------------------------------------------------------------------


def record_owner_answer(case: MoveOutCase, *, by, agrees: bool, items_to_stay: str = "", called_at=None,
                        note: str = "") -> MoveOutCase:
    """Record that the owner was told of the move-out and asked (MO-3): when, whether they
    agree to end the tenancy, and which items must stay. An owner who does not agree
    holds the move-out until tenant and owner agree; the answer may be recorded again."""
    called_at = called_at or timezone.now()
    items_to_stay = items_to_stay.strip()
    note = note.strip()

    def change(locked):
        locked.owner_called_at = called_at
        locked.owner_agrees = bool(agrees)
        locked.items_to_stay = items_to_stay
        locked.owner_note = note
        if agrees:
            follow_case(locked.submission, SubmissionStatus.APPROVED, by=by, under_review_only=True)
        data = {"agrees": bool(agrees), "items_to_stay": items_to_stay, "called_at": called_at.isoformat()}
        return ["owner_called_at", "owner_agrees", "items_to_stay", "owner_note"], note, data

    return LIFECYCLE.perform(case, Action.RECORD_OWNER_ANSWER, by=by, change=change)


def record_meters(case: MoveOutCase, *, by, water: Decimal, electricity: Decimal, gas: Decimal | None = None,
                  charges: dict[str, Decimal] | None = None, receipt_number: str = "") -> MoveOutCase:
    """The cashier records the meters read (MO-2) and the usage up to the move-out day,
    each charged to the unit's ledger and paid under ``receipt_number``.

    ``charges`` maps ``water``, ``electricity`` and ``gas`` to the amount of the final
    usage (zero or missing: nothing to charge).
    """
    receipt_number = receipt_number.strip()
    charges = {name: Decimal(amount) for name, amount in (charges or {}).items() if amount}

    def change(locked):
        if water is None or electricity is None:
            raise CaseError(_("Enter the water and electricity meter readings (MO-2)."))
        if charges and not receipt_number:
            raise CaseError(_("Enter the receipt number of the fees paid."))
        if any(amount < 0 for amount in charges.values()):
            raise CaseError(_("A charge cannot be negative."))
        _enter_usage_in_ledger(locked, charges, receipt_number=receipt_number, by=by)
        locked.water_reading, locked.electricity_reading, locked.gas_reading = water, electricity, gas
        locked.meters_read_at = timezone.now()
        locked.receipt_number = receipt_number
        data = {
            "water": str(water), "electricity": str(electricity), "gas": "" if gas is None else str(gas),
            "charges": {name: str(amount) for name, amount in charges.items()}, "receipt": receipt_number,
        }
        fields = ["water_reading", "electricity_reading", "gas_reading", "meters_read_at", "receipt_number"]
        return fields, "", data

    return LIFECYCLE.perform(case, Action.RECORD_METERS, by=by, change=change)


def _enter_usage_in_ledger(case, charges, *, receipt_number, by):
    day = move_out_date(case)
    today = adapter.today()
    with translation.override(settings.LANGUAGE_CODE):
        description = gettext("Usage up to the move-out day %(day)s, receipt %(receipt)s") % {
            "day": day.isoformat(), "receipt": receipt_number}
    for name, category in UTILITIES:
        amount = charges.get(name)
        if not amount:
            continue
        common = {
            "unit": case.submission.unit,
            "category": category,
            "amount": amount,
            "entry_date": today,
            "period_end": day,
            "description": description[:200],
            "recorded_by": by,
        }
        LedgerEntry.objects.create(kind=LedgerKind.CHARGE, due_on=min(day, today), **common)
        LedgerEntry.objects.create(kind=LedgerKind.PAYMENT, **common)


def complete(case: MoveOutCase, *, by, moved_out_on: date, unit_status: str) -> MoveOutCase:
    """Complete the move-out if ``tenant.move_out`` allows it now: the tenant leaves the
    household on ``moved_out_on`` and the unit takes ``unit_status`` (MO-4)."""

    def change(locked):
        unit = locked.submission.unit
        if moved_out_on > adapter.today():
            raise CaseError(_("Complete the move-out on the day the tenant moves out, not before."))
        if unit_status not in allowed_unit_statuses(unit):
            raise CaseError(_("Choose the unit's status after the move-out: vacant, or occupied by the owner."))
        release = move_out_release(locked)
        decision = check_gate(locked, release=release)
        locked.decision = adapter.snapshot(decision)
        locked.release_case = release
        locked.moved_out_on = moved_out_on
        locked.unit_status = unit_status
        _leave_register(locked, by=by)
        data = {"moved_out_on": moved_out_on.isoformat(), "unit_status": unit_status,
                "release_pass": release.document.number}
        return ["decision", "release_case", "moved_out_on", "unit_status"], "", data

    return LIFECYCLE.perform(case, Action.COMPLETE, by=by, change=change)


def refuse(case: MoveOutCase, *, by, reason: str) -> MoveOutCase:
    """Refuse the move-out (e.g. tenant and owner could not agree, MO-3); ``reason`` is
    required and shown to the tenant."""
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Give the reason for the refusal: the applicant reads it."))

    def change(locked):
        locked.refusal_reason = reason
        return ["refusal_reason"], reason, {}

    return LIFECYCLE.perform(case, Action.REFUSE, by=by, change=change)


def allowed_unit_statuses(unit) -> tuple[str, ...]:
    """What a unit may become when its tenant leaves: vacant, or occupied by its owner."""
    occupied = OccupancyStatus.OFFICE_OCCUPIED if unit.property_type == PropertyType.OFFICE \
        else OccupancyStatus.OWNER_OCCUPIED
    return (OccupancyStatus.VACANT, occupied)


# --- The gate -------------------------------------------------------------------------------


def move_out_date(case: MoveOutCase) -> date:
    """The move-out day the tenant gave."""
    return date.fromisoformat(case.submission.answers["move_out_date"])


def tenancy(case: MoveOutCase) -> HouseholdMember | None:
    """The tenant's current membership of the unit's household."""
    submission = case.submission
    return HouseholdMember.objects.filter(
        household__unit=submission.unit, household__ended_on__isnull=True, person=submission.applicant,
        role=MemberRole.TENANT, ended_on__isnull=True,
    ).select_related("household").first()


def move_out_release(case: MoveOutCase) -> ReleaseCase | None:
    """The tenant's goods release pass for moving out (MO-1): a pass issued by
    :mod:`portal.releases` for the unit since the tenancy began, the latest first."""
    submission = case.submission
    passes = ReleaseCase.objects.filter(
        submission__unit=submission.unit,
        submission__answers__purpose=MOVE_OUT,
        state=ReleaseState.ISSUED,
        document__isnull=False,
    ).select_related("document", "submission")
    member = tenancy(case)
    if member is not None and member.lease_start is not None:
        passes = passes.filter(submission__submitted_at__date__gte=member.lease_start)
    return passes.order_by("-opened_at", "-id").first()


def gate_facts(case: MoveOutCase, *, release=None) -> dict:
    """The ``tenant.move_out`` facts of ``case`` as it stands: the arrears up to the move-out
    day, or to today once it has passed, from the ledger (MO-2)."""
    on_date = max(move_out_date(case), adapter.today())
    return facts.tenant_move_out_facts(
        case.submission.unit,
        on_date=on_date,
        meters_read=case.meters_read,
        release_pass_issued=(release or move_out_release(case)) is not None,
        owner_agrees=case.owner_agrees,
    )


def gate_decision(case: MoveOutCase, *, release=None):
    """``tenant.move_out`` for ``case`` now (its ``values["missing"]`` lists the policy IDs not satisfied)."""
    return adapter.decide(POLICY, gate_facts(case, release=release))


def check_gate(case: MoveOutCase, *, release=None):
    decision = gate_decision(case, release=release)
    if decision.outcome != "allow":
        raise GateDenied([DeniedReason(reason.policy_id, reason.message) for reason in decision.reasons],
                         list(decision.values["missing"]))
    return decision


# --- The register ----------------------------------------------------------------------------


def _leave_register(case: MoveOutCase, *, by):
    """MO-4: the tenant leaves the household on the day, and the unit's status changes."""
    member = tenancy(case)
    if member is not None:
        member.ended_on = case.moved_out_on
        member.save(update_fields=["ended_on"])
    unit = case.submission.unit
    with translation.override(settings.LANGUAGE_CODE):
        note = gettext("Tenant moved out on %(day)s (%(reference)s)") % {
            "day": case.moved_out_on.isoformat(), "reference": case.submission.reference}
    if unit.status != case.unit_status:
        unit.change_status(case.unit_status, by=by, note=note[:200])


def moved_out_on(day: date):
    """The move-outs completed on ``day``, for the day's report (MO-4)."""
    return MoveOutCase.objects.filter(state=S.COMPLETED, moved_out_on=day).select_related(
        "submission__unit__building", "submission__applicant"
    )
