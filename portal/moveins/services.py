"""A move-in handover from the appointment to the register (办理入伙, MI-1…MI-10).

The case is a small state machine (:data:`TRANSITIONS`)::

    opened ─check_identity─▶ identity_checked ─record_fees─▶ fees_paid
        ─complete_file─▶ file_completed ─hand_keys─▶ keys_handed
        ─record_inspection─▶ inspected ─complete─▶ completed
    inspected ─record_inspection─▶ inspected       (the inspection after the rectification)
    any open state ─refuse─▶ refused

- checking the identity (MI-1) needs all three originals; it works out the fees with
  ``move_in.fees`` (MI-2, MI-3) and issues the 《入伙缴费通知》 the owner pays against;
- the cashier records the payment in full: each fee is charged to the unit's ledger and
  paid under the receipt's number;
- the owner file needs its four records, an emergency mobile and a birthday (MI-4, MI-5);
- keys leave only against the signed key receipt, with the owner service guide (MI-6, MI-7);
- the joint inspection is recorded with its rectification items; a unit not accepted is
  recorded with its reason (MI-8, MI-9);
- completing asks ``move_in.handover`` with the facts of the case as they stand; a denial
  is refused with :class:`GateDenied`, whose ``missing`` lists the policy IDs not
  satisfied. Completion enters the owner, their family and the owner file's contact
  details in the register and moves the unit from "not handed over" to the status chosen
  (MI-10), with the unit's status history.

Each step has the same contract as the review actions of :mod:`portal.casework.review`:
the acting user must hold the step's permission (:data:`PERMISSIONS`), else
:class:`PermissionDenied`; a step the case's state does not allow is refused with
:class:`IllegalTransition`; a refusal changes nothing; the change and its audit event
are saved in one transaction, the application's status follows the case (approved once
the identity is checked, completed, rejected), and the owner is emailed once it has
committed (:mod:`.notifications`).
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.lifecycle import Lifecycle, not_possible, on_state_change
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.casework.refusals import DeniedReason, GateRefusal, Refusal
from portal.casework.review import staff_name
from portal.documents.records import MoveInFeeNotice
from portal.documents.services import issue_record
from portal.estate.models import (
    Household,
    HouseholdMember,
    LedgerCategory,
    LedgerEntry,
    LedgerKind,
    MemberRole,
    OccupancyStatus,
    Person,
    PropertyType,
)
from portal.estate.validators import validate_mobile
from portal.policies import adapter, facts

from . import notifications
from .models import HANDOVER_STATUSES, OPEN_STATES, CaseState, MoveInCase

FEES_POLICY = "move_in.fees"
HANDOVER_POLICY = "move_in.handover"

HANDLE = "moveins.handle_moveincase"
RECORD_FEES = "moveins.record_moveinfees"
RECORD_INSPECTION = "moveins.record_moveininspection"


class Action(models.TextChoices):
    CHECK_IDENTITY = "check_identity", _("Check the identity")
    RECORD_FEES = "record_fees", _("Record the fees paid")
    COMPLETE_FILE = "complete_file", _("Complete the owner file")
    HAND_KEYS = "hand_keys", _("Hand over the keys")
    RECORD_INSPECTION = "record_inspection", _("Record the joint inspection")
    COMPLETE = "complete", _("Complete the handover")
    REFUSE = "refuse", _("Refuse")


S = CaseState

# The state each step leads to, by the state it starts from; a state missing from a
# step's row means the step is refused there.
TRANSITIONS: dict[str, dict[str, str]] = {
    Action.CHECK_IDENTITY: {S.OPENED: S.IDENTITY_CHECKED},
    Action.RECORD_FEES: {S.IDENTITY_CHECKED: S.FEES_PAID},
    Action.COMPLETE_FILE: {S.FEES_PAID: S.FILE_COMPLETED, S.FILE_COMPLETED: S.FILE_COMPLETED},
    Action.HAND_KEYS: {S.FILE_COMPLETED: S.KEYS_HANDED},
    Action.RECORD_INSPECTION: {S.KEYS_HANDED: S.INSPECTED, S.INSPECTED: S.INSPECTED},
    Action.COMPLETE: {S.INSPECTED: S.COMPLETED},
    Action.REFUSE: {state: S.REFUSED for state in OPEN_STATES},
}

# The desk works the case; the cashier takes the fees (MI-2); engineering inspects with
# the owner (MI-8), as may the desk that accompanies them.
PERMISSIONS = {
    Action.CHECK_IDENTITY: HANDLE,
    Action.RECORD_FEES: RECORD_FEES,
    Action.COMPLETE_FILE: HANDLE,
    Action.HAND_KEYS: HANDLE,
    Action.RECORD_INSPECTION: RECORD_INSPECTION,
    Action.COMPLETE: HANDLE,
    Action.REFUSE: HANDLE,
}

# The audit event's action name for each step.
AUDIT_ACTIONS = {
    Action.CHECK_IDENTITY: "identity_checked",
    Action.RECORD_FEES: "fees_paid",
    Action.COMPLETE_FILE: "file_completed",
    Action.HAND_KEYS: "keys_handed",
    Action.RECORD_INSPECTION: "inspected",
    Action.COMPLETE: "completed",
    Action.REFUSE: "refused",
}

# The ledger's description of the utility float (MI-3), by the kind ``move_in.fees`` names.
FLOAT_LABELS = {"electricity": _("Electricity float"), "water": _("Water float")}

# What the application reads once the case reaches these states.
SUBMISSION_STATUSES = {
    S.IDENTITY_CHECKED: SubmissionStatus.APPROVED,
    S.COMPLETED: SubmissionStatus.COMPLETED,
    S.REFUSED: SubmissionStatus.REJECTED,
}


class CaseError(Refusal):
    """A step refused for a reason staff can act on; ``str()`` says what."""


class IllegalTransition(CaseError):
    """The step is not allowed from the case's current state."""


class GateDenied(GateRefusal, CaseError):
    """``move_in.handover`` does not allow the handover; ``missing`` names the policies not satisfied."""

    says = _("The handover cannot be completed: %(reasons)s")


# --- Opening ------------------------------------------------------------------------------


def open_case(submission: Submission, *, by=None) -> MoveInCase:
    """The case of a ``move-in`` application, opened (and audited) the first time it is asked for."""
    if submission.procedure != Procedure.MOVE_IN:
        raise ValueError(f"{submission.reference} is not a move-in application.")
    with transaction.atomic():
        case, created = MoveInCase.objects.get_or_create(
            submission=submission,
            defaults={
                "emergency_mobile": submission.answers.get("emergency_mobile") or "",
                "birthday": _answered_date(submission.answers.get("birthday")),
            },
        )
        if created:
            record(case, "opened", actor=by, to_state=case.state, data={"reference": submission.reference})
    return case


def _answered_date(value) -> date | None:
    return date.fromisoformat(value) if value else None


# --- What a user may do ---------------------------------------------------------------------


def may(user, action: str) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(PERMISSIONS[action])


def may_view(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("moveins.view_moveincase")


def is_allowed(action: str, case: MoveInCase) -> bool:
    return case.state in TRANSITIONS[action]


def available_actions(user, case: MoveInCase) -> list[str]:
    """The steps ``user`` may take on ``case`` now, in :class:`Action` order."""
    return [action for action in Action if is_allowed(action, case) and may(user, action)]


# How a step is performed: see :mod:`portal.casework.lifecycle`.
LIFECYCLE = Lifecycle(
    model=MoveInCase,
    transitions=TRANSITIONS,
    audit_actions=AUDIT_ACTIONS,
    may=may,
    is_allowed=is_allowed,
    refusal_message=not_possible(
        _("“%(action)s” is not possible for a move-in handover that is “%(state)s”."), dict(Action.choices)
    ),
    illegal=IllegalTransition,
    noun="move-in case",
    lock_related=("submission__applicant", "submission__unit__building", "fee_notice"),
    submission_statuses=SUBMISSION_STATUSES,
    approves_under_review_only=True,
    notify=lambda step: notifications.notify_applicant(step.case),
    notifies=on_state_change,
)


# --- The steps ------------------------------------------------------------------------------


def check_identity(case: MoveInCase, *, by, id_document: bool, purchase_contract: bool,
                   move_in_notice: bool) -> MoveInCase:
    """Record the originals shown (MI-1: all three are required), work out the fees with
    ``move_in.fees`` (MI-2, MI-3) and issue the 《入伙缴费通知》 the owner pays against."""

    def change(locked):
        shown = {
            "has_id_document": bool(id_document),
            "has_purchase_contract": bool(purchase_contract),
            "has_move_in_notice": bool(move_in_notice),
        }
        if not all(shown.values()):
            raise CaseError(_("The owner shows the ID document, the purchase contract and the move-in notice: "
                              "all three are required (MI-1)."))
        for field, value in shown.items():
            setattr(locked, field, value)
        decision = adapter.decide(FEES_POLICY, fees_facts(locked))
        locked.fees = adapter.snapshot(decision)
        locked.total_due = decision.values["total_due"]
        locked.fee_notice = issue_record(fee_notice_record(locked), unit=locked.submission.unit, target=locked,
                                         by=by)
        data = {"total_due": str(locked.total_due), "notice": locked.fee_notice.number}
        return [*shown, "fees", "total_due", "fee_notice"], "", data

    return LIFECYCLE.perform(case, Action.CHECK_IDENTITY, by=by, change=change)


def record_fees(case: MoveInCase, *, by, amount: Decimal, receipt_number: str) -> MoveInCase:
    """The cashier records the fees of the notice, paid in full (MI-2, MI-3): the prepaid
    management fee and the utility float are charged to the unit's ledger and paid."""
    receipt_number = receipt_number.strip()

    def change(locked):
        if not receipt_number:
            raise CaseError(_("Enter the receipt number."))
        if amount != locked.total_due:
            raise CaseError(
                _("The fees are collected in full: ¥%(due)s as the move-in fee notice says, not ¥%(amount)s (MI-2).")
                % {"due": locked.total_due, "amount": amount}
            )
        _enter_fees_in_ledger(locked, receipt_number=receipt_number, by=by)
        locked.amount_paid = amount
        locked.receipt_number = receipt_number
        return ["amount_paid", "receipt_number"], "", {"amount": str(amount), "receipt": receipt_number}

    return LIFECYCLE.perform(case, Action.RECORD_FEES, by=by, change=change)


def _enter_fees_in_ledger(case, *, receipt_number, by):
    """Each fee of the notice charged to the unit's ledger and paid, described in the site's language."""
    values = case.fees["values"]
    today = adapter.today()
    unit = case.submission.unit
    with translation.override(settings.LANGUAGE_CODE):
        prepaid = gettext("Prepaid management fee, %(months)s months") % {"months": values["prepaid_months"]}
        rows = [(LedgerCategory.MANAGEMENT_FEE, Decimal(values["prepaid_management_fee"]),
                 date.fromisoformat(values["prepaid_from"]), date.fromisoformat(values["prepaid_to"]), prepaid)]
        if Decimal(values["utility_float"]) > 0:
            label = str(FLOAT_LABELS.get(values["utility_float_kind"], _("Utility float")))
            rows.append((LedgerCategory.UTILITY_FLOAT, Decimal(values["utility_float"]), None, None, label))
        rows = [(*row[:4], gettext("%(fee)s, receipt %(receipt)s") % {"fee": row[4], "receipt": receipt_number})
                for row in rows]
    for category, amount, start, end, description in rows:
        common = {
            "unit": unit,
            "category": category,
            "amount": amount,
            "entry_date": today,
            "period_start": start,
            "period_end": end,
            "description": description[:200],
            "recorded_by": by,
        }
        LedgerEntry.objects.create(kind=LedgerKind.CHARGE, due_on=today, **common)
        LedgerEntry.objects.create(kind=LedgerKind.PAYMENT, **common)


def complete_file(case: MoveInCase, *, by, copies_kept: bool, family_register: bool, bank_agreement: bool,
                  document_receipt: bool, fire_safety_agreement: bool, emergency_mobile: str,
                  birthday: date | None) -> MoveInCase:
    """Record the owner file (《业主档案》, MI-4, MI-5): the copies kept, the four records
    signed or filed, an emergency mobile and the owner's birthday (both required)."""
    emergency_mobile = (emergency_mobile or "").strip()

    def change(locked):
        records_filed = {
            "copies_kept": bool(copies_kept),
            "family_register": bool(family_register),
            "bank_agreement": bool(bank_agreement),
            "document_receipt": bool(document_receipt),
            "fire_safety_agreement": bool(fire_safety_agreement),
        }
        if not all(records_filed.values()):
            raise CaseError(_("The owner file needs the copies and all four records: the family register, the "
                              "bank direct-debit agreement, the document receipt and the fire-safety "
                              "responsibility agreement (MI-4, MI-5)."))
        if not emergency_mobile or birthday is None:
            raise CaseError(_("The owner file needs an emergency mobile and the owner's birthday (MI-5)."))
        try:
            validate_mobile(emergency_mobile)
        except ValidationError as invalid:
            raise CaseError(" ".join(invalid.messages)) from None
        for field, value in records_filed.items():
            setattr(locked, field, value)
        locked.emergency_mobile = emergency_mobile
        locked.birthday = birthday
        data = {"emergency_mobile": emergency_mobile, "birthday": birthday.isoformat()}
        return [*records_filed, "emergency_mobile", "birthday"], "", data

    return LIFECYCLE.perform(case, Action.COMPLETE_FILE, by=by, change=change)


def hand_keys(case: MoveInCase, *, by, key_receipt_signed: bool, keys: str, guide_given: bool) -> MoveInCase:
    """Hand over ``keys`` (what was handed, e.g. "入户门钥匙3把、信箱钥匙1把") with the owner
    service guide (MI-6), once the owner has signed the key receipt (MI-7)."""
    keys = keys.strip()

    def change(locked):
        if not key_receipt_signed:
            raise CaseError(_("The owner signs the key receipt (《钥匙签收表》) before the keys leave (MI-7)."))
        if not keys:
            raise CaseError(_("Say which keys were handed over."))
        locked.key_receipt_signed = True
        locked.keys_handed = keys
        locked.guide_given = bool(guide_given)
        locked.keys_handed_at = timezone.now()
        return ["key_receipt_signed", "keys_handed", "guide_given", "keys_handed_at"], "", {"keys": keys}

    return LIFECYCLE.perform(case, Action.HAND_KEYS, by=by, change=change)


def record_inspection(case: MoveInCase, *, by, accepted: bool, rectification_items: str = "",
                      not_accepted_reason: str = "", inspector: str = "") -> MoveInCase:
    """Record the joint inspection (《房屋验收记录表》, MI-8) and its rectification items
    (MI-6); a unit not accepted is recorded with its reason (MI-9). Inspecting again after
    the rectification replaces the result."""
    rectification_items = rectification_items.strip()
    not_accepted_reason = not_accepted_reason.strip()
    inspector = inspector.strip() or staff_name(by)

    def change(locked):
        if not accepted and not not_accepted_reason:
            raise CaseError(_("Give the reason the owner did not accept the unit: the handover register "
                              "records it (MI-9)."))
        locked.inspection_accepted = bool(accepted)
        locked.rectification_items = rectification_items
        locked.not_accepted_reason = "" if accepted else not_accepted_reason
        locked.inspector = inspector
        locked.inspected_at = timezone.now()
        data = {"accepted": bool(accepted), "rectification_items": rectification_items, "inspector": inspector}
        fields = ["inspection_accepted", "rectification_items", "not_accepted_reason", "inspector", "inspected_at"]
        return fields, locked.not_accepted_reason, data

    return LIFECYCLE.perform(case, Action.RECORD_INSPECTION, by=by, change=change)


def complete(case: MoveInCase, *, by, unit_status: str) -> MoveInCase:
    """Complete the handover if ``move_in.handover`` allows it now, and update the register (MI-10)."""

    def change(locked):
        unit = locked.submission.unit
        if unit_status not in allowed_unit_statuses(unit):
            raise CaseError(_("Choose the unit's status after the handover: vacant, or occupied as the "
                              "property type allows."))
        decision = check_gate(locked)
        locked.handover_decision = adapter.snapshot(decision)
        locked.unit_status = unit_status
        locked.completed_at = timezone.now()
        household = _enter_in_register(locked, by=by)
        data = {"unit_status": unit_status, "household": household.pk}
        return ["handover_decision", "unit_status", "completed_at"], "", data

    return LIFECYCLE.perform(case, Action.COMPLETE, by=by, change=change)


def refuse(case: MoveInCase, *, by, reason: str) -> MoveInCase:
    """Refuse the handover; ``reason`` is required and shown to the owner."""
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Give the reason for the refusal: the applicant reads it."))

    def change(locked):
        locked.refusal_reason = reason
        return ["refusal_reason"], reason, {}

    return LIFECYCLE.perform(case, Action.REFUSE, by=by, change=change)


def allowed_unit_statuses(unit) -> tuple[str, ...]:
    """What a unit may become at its handover: vacant, or occupied as its type is (MI-10)."""
    occupied = OccupancyStatus.OFFICE_OCCUPIED if unit.property_type == PropertyType.OFFICE \
        else OccupancyStatus.OWNER_OCCUPIED
    return tuple(status for status in HANDOVER_STATUSES if status in (OccupancyStatus.VACANT, occupied))


# --- The gate -------------------------------------------------------------------------------


def fees_facts(case: MoveInCase) -> dict:
    """``move_in.fees`` for the case's unit, from the move-in date of the notice (MI-2)."""
    submission = case.submission
    return facts.move_in_fees_facts(
        submission.unit, notice_move_in_date=date.fromisoformat(submission.answers["notice_move_in_date"])
    )


def gate_facts(case: MoveInCase) -> dict:
    """The facts ``move_in.handover`` decides on, as the case stands. A unit not inspected
    yet counts as not accepted, for that reason."""
    gate = {
        "has_id_document": case.has_id_document,
        "has_purchase_contract": case.has_purchase_contract,
        "has_move_in_notice": case.has_move_in_notice,
        "fees_paid": case.amount_paid is not None and case.amount_paid == case.total_due,
        "key_receipt_signed": case.key_receipt_signed,
        "inspection_accepted": bool(case.inspection_accepted),
    }
    if case.emergency_mobile:
        gate["emergency_mobile"] = case.emergency_mobile
    if case.birthday:
        gate["birthday"] = case.birthday
    if not case.inspection_accepted:
        with translation.override(settings.LANGUAGE_CODE):
            gate["not_accepted_reason"] = case.not_accepted_reason or gettext("not inspected yet")
    return gate


def gate_decision(case: MoveInCase):
    """``move_in.handover`` for ``case`` now (its ``values["missing"]`` lists the policy IDs not satisfied)."""
    return adapter.decide(HANDOVER_POLICY, gate_facts(case))


def check_gate(case: MoveInCase):
    decision = gate_decision(case)
    if decision.outcome != "allow":
        raise GateDenied(
            [DeniedReason(reason.policy_id, reason.message) for reason in decision.reasons],
            list(decision.values["missing"]),
        )
    return decision


# --- The register ----------------------------------------------------------------------------


def _enter_in_register(case: MoveInCase, *, by) -> Household:
    """MI-10: the owner (with the owner file's contact details) and the family members in
    the unit's current household, and the unit's new status with its history."""
    submission = case.submission
    unit = submission.unit
    owner = submission.applicant
    handed_over_on = timezone.localdate(case.completed_at)
    owner.emergency_mobile = case.emergency_mobile
    owner.birthday = case.birthday
    owner.save(update_fields=["emergency_mobile", "birthday"])
    household = Household.objects.filter(unit=unit, ended_on__isnull=True).first()
    if household is None:
        household = Household.objects.create(unit=unit, started_on=handed_over_on)
    members = HouseholdMember.objects.filter(household=household)
    if not members.filter(person=owner).exists():
        HouseholdMember.objects.create(household=household, person=owner, role=MemberRole.OWNER)
    present = set(members.filter(ended_on__isnull=True).values_list("person__name", flat=True))
    for row in submission.answers.get("family") or []:
        name = (row.get("name") or "").strip()
        if not name or name in present:
            continue
        person = Person.objects.create(name=name, mobile=(row.get("mobile") or "").strip())
        HouseholdMember.objects.create(
            household=household, person=person, role=MemberRole.FAMILY, relation=(row.get("relation") or "")[:30]
        )
        present.add(name)
    with translation.override(settings.LANGUAGE_CODE):
        note = gettext("Move-in handover %(reference)s") % {"reference": submission.reference}
    unit.change_status(case.unit_status, by=by, note=note[:200])
    return household


# --- The 《入伙缴费通知》 --------------------------------------------------------------------


def fee_notice_record(case: MoveInCase) -> MoveInFeeNotice:
    """The move-in fee notice of ``case`` as printed, in the site's language (MI-2, MI-3)."""
    submission = case.submission
    unit = submission.unit
    values = case.fees["values"]
    with translation.override(settings.LANGUAGE_CODE):
        return MoveInFeeNotice(
            unit=str(unit),
            owner=submission.applicant.name,
            property_type=str(unit.get_property_type_display()),
            building_area=unit.building_area,
            fee_per_m2=unit.fee_per_m2,
            monthly_fee=Decimal(values["monthly_fee"]),
            prepaid_months=int(values["prepaid_months"]),
            period_start=date.fromisoformat(values["prepaid_from"]),
            period_end=date.fromisoformat(values["prepaid_to"]),
            utility_float=Decimal(values["utility_float"]),
            utility_float_kind=values["utility_float_kind"] or "",
            issued_on=adapter.today(),
        )
