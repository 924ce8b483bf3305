"""An occupancy registration from the application to the register (客户入住, OC-1…OC-7).

The case is a small state machine (:data:`TRANSITIONS`)::

    opened ─confirm_owner─▶ owner_confirmed ─register─▶ registered
    opened ─register─▶ registered         (an owner, or a tenant whose owner applied)
    any open state ─refuse─▶ refused

- a tenant moving in needs the owner's confirmation (OC-1): the desk phones the owner
  and records it, unless the owner applied themselves;
- registering asks ``occupancy.register`` with the facts as they stand — the occupant,
  the owner's confirmation, the lease (uploaded or seen at the desk) and the tenant's
  pledge (OC-1, OC-6) — and a denial is refused with :class:`GateDenied`, whose
  ``missing`` lists the policy IDs not satisfied;
- registering enters the tenant (with the lease dates) or confirms the owner in the
  unit's household, registers the vehicles given, and moves the unit to
  ``owner_occupied``, ``office_occupied`` or ``tenant_occupied`` with its status history
  (OC-6, OC-7).

Each step has the contract of :mod:`portal.casework.lifecycle`: its permission, else
:class:`PermissionDenied`; a step the state does not allow is :class:`IllegalTransition`;
change, audit event and the application's status (approved once the owner confirmed,
completed, rejected) in one transaction; the applicant emailed after it has committed.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.lifecycle import Lifecycle, not_possible
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.casework.refusals import DeniedReason, GateRefusal, Refusal
from portal.estate.models import (
    Household,
    HouseholdMember,
    MemberRole,
    OccupancyStatus,
    Person,
    PropertyType,
    Vehicle,
)
from portal.policies import adapter

from . import notifications
from .models import OPEN_STATES, CaseState, OccupancyCase

POLICY = "occupancy.register"
HANDLE = "occupancy.handle_occupancycase"
OWNER, TENANT = "owner", "tenant"
# What the application records when the owner applied for their tenant themselves.
CONFIRMED_BY_APPLICANT = "given_by_applicant"


class Action(models.TextChoices):
    CONFIRM_OWNER = "confirm_owner", _("Record the owner's confirmation")
    REGISTER = "register", _("Register the occupancy")
    REFUSE = "refuse", _("Refuse")


S = CaseState

# The state each step leads to, by the state it starts from.
TRANSITIONS: dict[str, dict[str, str]] = {
    Action.CONFIRM_OWNER: {S.OPENED: S.OWNER_CONFIRMED},
    Action.REGISTER: {S.OPENED: S.REGISTERED, S.OWNER_CONFIRMED: S.REGISTERED},
    Action.REFUSE: {state: S.REFUSED for state in OPEN_STATES},
}

PERMISSIONS = {action: HANDLE for action in Action}

AUDIT_ACTIONS = {
    Action.CONFIRM_OWNER: "owner_confirmed",
    Action.REGISTER: "registered",
    Action.REFUSE: "refused",
}

SUBMISSION_STATUSES = {
    S.OWNER_CONFIRMED: SubmissionStatus.APPROVED,
    S.REGISTERED: SubmissionStatus.COMPLETED,
    S.REFUSED: SubmissionStatus.REJECTED,
}


class CaseError(Refusal):
    """A step refused for a reason staff can act on; ``str()`` says what."""


class IllegalTransition(CaseError):
    """The step is not allowed from the case's current state."""


class GateDenied(GateRefusal, CaseError):
    """``occupancy.register`` does not allow the registration; ``missing`` names the policies not satisfied."""

    says = _("The occupancy cannot be registered: %(reasons)s")


# --- Opening ------------------------------------------------------------------------------


def open_case(submission: Submission, *, by=None) -> OccupancyCase:
    """The case of an ``occupancy`` application, opened (and audited) the first time it is asked for.
    An owner who applied for their tenant has confirmed already (OC-1)."""
    if submission.procedure != Procedure.OCCUPANCY:
        raise ValueError(f"{submission.reference} is not an occupancy application.")
    answers = submission.answers
    with transaction.atomic():
        case, created = OccupancyCase.objects.get_or_create(
            submission=submission,
            defaults={
                "owner_confirmed": answers.get("occupant") == OWNER
                or answers.get("owner_confirmation") == CONFIRMED_BY_APPLICANT,
                "pledge_signed": bool(answers.get("pledge") and answers.get("signature")),
                "lease_seen": bool(answers.get("lease")),
            },
        )
        if created:
            record(case, "opened", actor=by, to_state=case.state, data={"reference": submission.reference})
    return case


# --- What a user may do ---------------------------------------------------------------------


def may(user, action: str) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(PERMISSIONS[action])


def is_allowed(action: str, case: OccupancyCase) -> bool:
    if case.state not in TRANSITIONS[action]:
        return False
    if action == Action.CONFIRM_OWNER:
        return case.occupant == TENANT and not case.owner_confirmed
    return True


def available_actions(user, case: OccupancyCase) -> list[str]:
    return [action for action in Action if is_allowed(action, case) and may(user, action)]


# How a step is performed: see :mod:`portal.casework.lifecycle`.
LIFECYCLE = Lifecycle(
    model=OccupancyCase,
    transitions=TRANSITIONS,
    audit_actions=AUDIT_ACTIONS,
    may=may,
    is_allowed=is_allowed,
    refusal_message=not_possible(
        _("“%(action)s” is not possible for an occupancy registration that is “%(state)s”."),
        dict(Action.choices),
    ),
    illegal=IllegalTransition,
    noun="occupancy case",
    lock_related=("submission__applicant", "submission__unit__building"),
    submission_statuses=SUBMISSION_STATUSES,
    approves_under_review_only=True,
    notify=lambda step: notifications.notify_applicant(step.case),
)


# --- The steps ------------------------------------------------------------------------------


def confirm_owner(case: OccupancyCase, *, by, called_at=None, note: str = "") -> OccupancyCase:
    """Record that the owner confirmed, on the phone or at the desk, that the tenant may move
    in (OC-1). An owner who does not agree is a refusal, with their reason."""
    called_at = called_at or timezone.now()
    note = note.strip()

    def change(locked):
        locked.owner_confirmed = True
        locked.owner_confirmed_at = called_at
        locked.owner_confirmation_note = note
        fields = ["owner_confirmed", "owner_confirmed_at", "owner_confirmation_note"]
        return fields, note, {"called_at": called_at.isoformat()}

    return LIFECYCLE.perform(case, Action.CONFIRM_OWNER, by=by, change=change)


def register(case: OccupancyCase, *, by, lease_seen: bool = False, pledge_signed: bool = False,
             lease_start: date | None = None, lease_end: date | None = None,
             vehicles: list[dict] | None = None) -> OccupancyCase:
    """Register the occupancy if ``occupancy.register`` allows it now (OC-1, OC-6), and
    update the register and the unit's status (OC-7).

    ``lease_seen`` and ``pledge_signed`` add what the desk saw to what the application
    brought; a tenant's ``lease_start`` and ``lease_end`` are read from the lease.
    ``vehicles``: ``[{"plate", "model"}]`` to register for the household (may be empty).
    """
    vehicles = [row for row in (vehicles or []) if (row.get("plate") or "").strip()]

    def change(locked):
        locked.lease_seen = locked.lease_seen or bool(lease_seen)
        locked.pledge_signed = locked.pledge_signed or bool(pledge_signed)
        decision = check_gate(locked)
        if locked.occupant == TENANT:
            if lease_start is None or lease_end is None or lease_end < lease_start:
                raise CaseError(_("Enter the lease's start and end as the lease states them (OC-6)."))
            locked.lease_start, locked.lease_end = lease_start, lease_end
        locked.decision = adapter.snapshot(decision)
        locked.registered_at = timezone.now()
        locked.member = _enter_in_register(locked, by=by)
        locked.vehicles = _register_vehicles(locked, vehicles)
        fields = ["lease_seen", "pledge_signed", "lease_start", "lease_end", "decision", "registered_at", "member",
                  "vehicles", "unit_status"]
        data = {"occupant": locked.occupant, "unit_status": locked.unit_status, "vehicles": locked.vehicles}
        return fields, "", data

    return LIFECYCLE.perform(case, Action.REGISTER, by=by, change=change)


def refuse(case: OccupancyCase, *, by, reason: str) -> OccupancyCase:
    """Refuse the registration; ``reason`` is required and shown to the applicant."""
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Give the reason for the refusal: the applicant reads it."))

    def change(locked):
        locked.refusal_reason = reason
        return ["refusal_reason"], reason, {}

    return LIFECYCLE.perform(case, Action.REFUSE, by=by, change=change)


# --- The gate -------------------------------------------------------------------------------


def gate_facts(case: OccupancyCase) -> dict:
    """The ``occupancy.register`` facts of ``case`` as it stands."""
    if case.occupant == OWNER:
        return {"occupant": OWNER}
    return {
        "occupant": TENANT,
        "owner_confirmed": case.owner_confirmed,
        "lease_provided": case.lease_seen,
        "pledge_signed": case.pledge_signed,
    }


def gate_decision(case: OccupancyCase):
    """``occupancy.register`` for ``case`` now (its ``values["missing"]`` lists the policy IDs not satisfied)."""
    return adapter.decide(POLICY, gate_facts(case))


def check_gate(case: OccupancyCase):
    decision = gate_decision(case)
    if decision.outcome != "allow":
        raise GateDenied([DeniedReason(reason.policy_id, reason.message) for reason in decision.reasons],
                         list(decision.values["missing"]))
    return decision


# --- The register ----------------------------------------------------------------------------


def occupied_status(case: OccupancyCase) -> str:
    """OC-7: a tenant makes the unit tenant-occupied; an owner owner-occupied, or office-occupied for an office."""
    if case.occupant == TENANT:
        return OccupancyStatus.TENANT_OCCUPIED
    if case.submission.unit.property_type == PropertyType.OFFICE:
        return OccupancyStatus.OFFICE_OCCUPIED
    return OccupancyStatus.OWNER_OCCUPIED


def _enter_in_register(case: OccupancyCase, *, by) -> HouseholdMember:
    """OC-6, OC-7: the tenant (with the lease) or the owner in the unit's current household,
    and the unit's status with its history; the register's texts in the site's language."""
    submission = case.submission
    unit = submission.unit
    answers = submission.answers
    move_in_date = date.fromisoformat(answers["move_in_date"])
    with translation.override(settings.LANGUAGE_CODE):
        note = gettext("Occupancy %(reference)s, moved in on %(day)s") % {
            "reference": submission.reference, "day": move_in_date.isoformat()}
        relation = gettext("Tenant")
    household = Household.objects.filter(unit=unit, ended_on__isnull=True).first()
    if household is None:
        household = Household.objects.create(unit=unit, started_on=move_in_date)
    if case.occupant == TENANT:
        member, _created = HouseholdMember.objects.update_or_create(
            household=household, person=_tenant_person(answers),
            defaults={"role": MemberRole.TENANT, "relation": relation[:30], "lease_start": case.lease_start,
                      "lease_end": case.lease_end, "ended_on": None},
        )
    else:
        member = _owner_moving_in(household, submission.applicant)
    case.unit_status = occupied_status(case)
    if unit.status != case.unit_status:
        unit.change_status(case.unit_status, by=by, note=note[:200])
    return member


def _owner_moving_in(household, applicant) -> HouseholdMember:
    """OC-1: the owner moving in, confirmed by the register — the applicant's own place in
    the household, else the household's owner; a household without an owner is refused."""
    current = HouseholdMember.objects.filter(household=household, ended_on__isnull=True)
    member = current.filter(person=applicant).first() or current.filter(role=MemberRole.OWNER).first()
    if member is None:
        raise CaseError(_("The register shows no owner of this unit: enter the owner in the register first (OC-1)."))
    return member


def _tenant_person(answers) -> Person:
    """The tenant of 《租户信息表》: the person with the ID number, else a new one."""
    id_number = (answers.get("tenant_id_number") or "").strip().upper()
    person = Person.objects.filter(id_number=id_number).first() if id_number else None
    if person is not None:
        return person
    person = Person(name=answers.get("tenant_name", "").strip(), id_number=id_number,
                    mobile=(answers.get("tenant_mobile") or "").strip())
    try:
        person.full_clean()
    except ValidationError as invalid:
        raise CaseError(" ".join(invalid.messages)) from None
    person.save()
    return person


def _register_vehicles(case: OccupancyCase, rows: list[dict]) -> list[str]:
    """Register the vehicles given for the occupant's household; a plate registered to
    someone else is refused."""
    plates = []
    member = case.member
    for row in rows:
        plate = row["plate"].strip().upper()
        vehicle = Vehicle.objects.filter(plate=plate).first()
        if vehicle is None:
            vehicle = Vehicle(plate=plate, model=(row.get("model") or "").strip(), owner=member.person,
                              household=member.household)
            try:
                vehicle.full_clean()
            except ValidationError as invalid:
                raise CaseError(f"{plate}: {' '.join(invalid.messages)}") from None
            vehicle.save()
        elif vehicle.owner_id != member.person_id:
            raise CaseError(_("%(plate)s is registered to someone else.") % {"plate": plate})
        else:
            vehicle.household = member.household
            vehicle.save(update_fields=["household"])
        plates.append(plate)
    return plates
