"""A repair from the report to the follow-up call (报修服务, RP-1…RP-6).

The order is a small state machine (:data:`TRANSITIONS`)::

    reported ─pick_up─▶ picked_up ─complete─▶ completed ─record_fee─▶ completed (paid repairs)
    reported, picked_up ─cancel─▶ cancelled
    receive, explain_charge: on an open order, the state stays

- :func:`open_from_submission` and :func:`open_at_desk` open it with every RP-1 field,
  classified by ``repair.classify`` (RP-3), engineering told at once (RP-4: an emergency
  as such) and ``pickup_by`` stored (:mod:`.schedule`);
- ``receive``: a member of the desk takes an order reported online and becomes its
  receiver (RP-1); engineering cannot pick up an order nobody has received;
- ``explain_charge``: a paid repair's price standard and reason, as explained to the
  customer, recorded before the work is picked up or done (RP-2);
- ``pick_up``: engineering collects the 《维修服务单》 and signs for it (RP-4);
- ``complete``: the work done and the customer's signature (name and time, RP-4), the
  fee of a paid repair; the same-day follow-up call is opened (RP-5, FU-1);
- ``record_fee``: the cashier enters the fee in the unit's ledger (RP-6).

Each step has the contract of :mod:`portal.casework.review`: the acting user must hold
one of the step's permissions (:data:`ACTION_PERMISSIONS`), else ``PermissionDenied``; a
step the order's state does not allow is refused with :class:`IllegalTransition`, one
refused for a reason staff can act on with :class:`RepairError`; nothing changes then.
The change and its audit event are saved in one transaction; the customer is emailed
once it has committed.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.lifecycle import Lifecycle, on_steps
from portal.casework.models import Channel as SubmissionChannel
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.casework.references import next_reference
from portal.casework.refusals import Refusal
from portal.clocks.recipients import members
from portal.clocks.services import alert_now
from portal.estate.models import LedgerCategory, LedgerEntry, LedgerKind, Unit
from portal.followups.services import open_followup
from portal.organisation.groups import ASSISTANT, ENGINEERING, SUPERVISOR
from portal.policies import adapter

from . import notifications, schedule
from .models import Channel, DailyRepairList, FaultCategory, RepairOrder, RepairState

POLICY = "repair.classify"
REFERENCE_PREFIX = "BX"

VIEW = "repairs.view_repairorder"
ADD = "repairs.add_repairorder"
HANDLE = "repairs.handle_repairorder"
WORK = "repairs.work_repairorder"
RECORD_FEE = "repairs.record_repair_fee"


class Action(models.TextChoices):
    RECEIVE = "receive", _("Receive the order")
    EXPLAIN_CHARGE = "explain_charge", _("Record the charge explained")
    PICK_UP = "pick_up", _("Pick up the work order")
    COMPLETE = "complete", _("Record the completion")
    RECORD_FEE = "record_fee", _("Record the fee in the ledger")
    CANCEL = "cancel", _("Cancel the order")


S = RepairState

# The state each step leads to, by the state it starts from; a state missing from a
# step's row means the step is refused there.
TRANSITIONS: dict[str, dict[str, str]] = {
    Action.RECEIVE: {S.REPORTED: S.REPORTED},
    Action.EXPLAIN_CHARGE: {S.REPORTED: S.REPORTED, S.PICKED_UP: S.PICKED_UP},
    Action.PICK_UP: {S.REPORTED: S.PICKED_UP},
    Action.COMPLETE: {S.PICKED_UP: S.COMPLETED},
    Action.RECORD_FEE: {S.COMPLETED: S.COMPLETED},
    Action.CANCEL: {S.REPORTED: S.CANCELLED, S.PICKED_UP: S.CANCELLED},
}

# Who may take each step: any one of the permissions.
ACTION_PERMISSIONS: dict[str, frozenset[str]] = {
    Action.RECEIVE: frozenset({HANDLE}),
    # The desk explains when the customer reports; the engineer on site when materials turn out to be needed.
    Action.EXPLAIN_CHARGE: frozenset({HANDLE, WORK}),
    Action.PICK_UP: frozenset({WORK}),
    Action.COMPLETE: frozenset({WORK}),
    Action.RECORD_FEE: frozenset({RECORD_FEE}),
    Action.CANCEL: frozenset({HANDLE}),
}

AUDIT_ACTIONS = {
    Action.RECEIVE: "received",
    Action.EXPLAIN_CHARGE: "charge_explained",
    Action.PICK_UP: "picked_up",
    Action.COMPLETE: "completed",
    Action.RECORD_FEE: "fee_recorded",
    Action.CANCEL: "cancelled",
}

# The online report's status in the review queue once its order reaches these states.
SUBMISSION_STATUSES = {
    S.PICKED_UP: SubmissionStatus.IN_PROGRESS,
    S.COMPLETED: SubmissionStatus.COMPLETED,
    S.CANCELLED: SubmissionStatus.WITHDRAWN,
}

# What the customer is emailed about.
NOTIFY_ON = {Action.PICK_UP, Action.COMPLETE, Action.CANCEL}


class RepairError(Refusal):
    """A step refused for a reason staff can act on; ``str()`` says what."""


class IllegalTransition(RepairError):
    """The step is not allowed from the order's current state."""


class MissingDetails(RepairError):
    """RP-1: some of the details every repair is recorded with are missing."""

    def __init__(self, fields: list[str]):
        self.fields = fields
        super().__init__(
            _("A repair is recorded with all of its details (RP-1); missing: %(fields)s")
            % {"fields": "、".join(str(RP1_LABELS[name]) for name in fields)}
        )


RP1_LABELS = {
    "unit": _("unit"),
    "description": _("content and fault description"),
    "reported_at": _("time reported"),
    "received_by": _("receiver"),
    "appointment_at": _("appointment time"),
    "phone": _("phone"),
    "contact_name": _("contact name"),
    "category": _("fault"),
}


# --- Who is told -----------------------------------------------------------------------------


def group_members(*names: str):
    """The active users of the staff groups ``names``."""
    return members(*names)


def engineering():
    return group_members(ENGINEERING)


def department_head():
    """Who reads the 17:00 list (RP-5): the customer-service supervisors."""
    return group_members(SUPERVISOR)


def chasers(order: RepairOrder):
    """Who chases an order engineering has not collected (RP-4): its receiver, else the assistants."""
    if order.received_by_id and order.received_by.is_active:
        return get_user_model().objects.filter(pk=order.received_by_id)
    return group_members(ASSISTANT)


def admin_url(order: RepairOrder) -> str:
    return reverse("repairs_order:inspect", args=(order.pk,))


# --- Opening ---------------------------------------------------------------------------------


def classify(category: str, customer_marked_urgent: bool):
    """``repair.classify`` (RP-3): the decision, whose ``priority`` is emergency or general."""
    return adapter.decide(POLICY, {"category": category, "customer_marked_urgent": bool(customer_marked_urgent)})


def open_from_submission(submission: Submission, *, by=None) -> RepairOrder:
    """The order of a ``repair`` report, opened (and audited) the first time it is asked for.

    A report made online gets its receiver when the desk takes it (``receive``); one a
    member of the desk entered for the customer in person has them as its receiver."""
    if submission.procedure != Procedure.REPAIR:
        raise ValueError(f"{submission.reference} is not a repair report.")
    existing = RepairOrder.objects.filter(submission=submission).first()
    if existing is not None:
        return existing
    answers = submission.answers or {}
    unit = submission.unit or Unit.objects.filter(pk=(answers.get("unit") or {}).get("id")).first()
    appointment = answers.get("appointment_at")
    at_desk = submission.channel == SubmissionChannel.DESK and by is not None and may(by, Action.RECEIVE)
    return _open(
        by=by,
        submission=submission,
        channel=Channel.VISIT if at_desk else Channel.ONLINE,
        unit=unit,
        reporter=submission.applicant,
        contact_name=submission.applicant.name,
        phone=answers.get("phone") or submission.applicant.mobile,
        category=answers.get("category") or FaultCategory.OTHER,
        description=answers.get("description", ""),
        customer_marked_urgent=bool(answers.get("urgent")),
        reported_at=submission.submitted_at,
        appointment_at=_instant(appointment),
        received_by=by if at_desk else None,
    )


def open_at_desk(
    *,
    by,
    unit,
    contact_name: str,
    phone: str,
    category: str,
    description: str,
    appointment_at,
    customer_marked_urgent: bool = False,
    channel: str = Channel.PHONE,
    reported_at=None,
    reporter=None,
) -> RepairOrder:
    """An order taken at the desk, by phone or in person; ``by`` is its receiver (RP-1)."""
    if not (by.is_authenticated and by.is_active and by.has_perm(ADD)):
        raise PermissionDenied(f"{by} may not enter repair orders")
    return _open(
        by=by,
        submission=None,
        channel=channel,
        unit=unit,
        reporter=reporter,
        contact_name=(contact_name or "").strip(),
        phone=(phone or "").strip(),
        category=category,
        description=(description or "").strip(),
        customer_marked_urgent=customer_marked_urgent,
        reported_at=reported_at or timezone.now(),
        appointment_at=appointment_at,
        received_by=by,
    )


def missing_details(fields: dict, *, online: bool) -> list[str]:
    """The RP-1 details missing from ``fields`` (an online report's receiver comes later)."""
    required = [name for name in RP1_LABELS if not (online and name == "received_by")]
    return [name for name in required if fields.get(name) in (None, "")]


def _open(*, by, **fields) -> RepairOrder:
    missing = missing_details(fields, online=fields["submission"] is not None)
    if missing:
        raise MissingDetails(missing)
    if fields["category"] not in FaultCategory.values:
        raise RepairError(_("Choose what is wrong from the list."))
    decision = classify(fields["category"], fields["customer_marked_urgent"])
    priority = decision.values["priority"]
    reported_at = fields["reported_at"]
    with transaction.atomic():
        order = RepairOrder.objects.create(
            reference=next_reference(timezone.localtime(reported_at, adapter.SHANGHAI).year, REFERENCE_PREFIX),
            priority=priority,
            decision=adapter.snapshot(decision),
            pickup_by=schedule.pickup_deadline(priority, reported_at),
            received_at=reported_at if fields["received_by"] is not None else None,
            **fields,
        )
        record(
            order, "opened", actor=by, to_state=order.state,
            data={"reference": order.reference, "priority": priority, "channel": order.channel,
                  "pickup_by": order.pickup_by.isoformat()},
        )
        _tell_engineering(order)
        # Whatever was reported when, an order open now is on the next 17:00 list (RP-5).
        ensure_daily_list(schedule.list_day_for(timezone.now()))
    return order


def _tell_engineering(order: RepairOrder) -> None:
    """RP-4: engineering is told at once; an emergency is stressed as one."""
    context = {
        "reference": order.reference,
        "unit": str(order.unit),
        "fault": order.get_category_display(),
        "description": order.description,
        "appointment": timezone.localtime(order.appointment_at, adapter.SHANGHAI).strftime("%Y-%m-%d %H:%M"),
        "pickup_by": timezone.localtime(order.pickup_by, adapter.SHANGHAI).strftime("%Y-%m-%d %H:%M"),
        "phone": order.phone,
    }
    if order.is_emergency:
        subject = gettext("EMERGENCY repair %(reference)s at %(unit)s: %(fault)s") % context
        reason = "repairs.emergency"
        recipients = group_members(ENGINEERING, SUPERVISOR)
    else:
        subject = gettext("Repair %(reference)s at %(unit)s: %(fault)s") % context
        reason = "repairs.reported"
        recipients = engineering()
    body = gettext(
        "%(description)s\n\nAppointment: %(appointment)s. Phone: %(phone)s.\n"
        "Collect the work order at the service centre and sign for it by %(pickup_by)s (RP-4)."
    ) % context
    alert_now(order, reason=reason, recipients=list(recipients), subject=subject, body=body, url=admin_url(order))


def _instant(value):
    if not value:
        return None
    if isinstance(value, str):
        from django.utils.dateparse import parse_datetime

        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, adapter.SHANGHAI)
    return value


# --- What a user may do ----------------------------------------------------------------------


def may(user, action: str) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return any(user.has_perm(permission) for permission in ACTION_PERMISSIONS[action])


def may_view(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(VIEW)


def is_allowed(action: str, order: RepairOrder) -> bool:
    """Is ``action`` possible for ``order`` as it stands (whoever asks)?"""
    if order.state not in TRANSITIONS[action]:
        return False
    if action == Action.RECEIVE:
        return order.received_by_id is None
    if action == Action.PICK_UP:
        return order.received_by_id is not None
    if action == Action.RECORD_FEE:
        return order.is_paid and order.fee_entry_id is None
    return True


def available_actions(user, order: RepairOrder) -> list[str]:
    """The steps ``user`` may take on ``order`` now, in :class:`Action` order."""
    return [action for action in Action if may(user, action) and is_allowed(action, order)]


# --- The steps -------------------------------------------------------------------------------


def receive(order: RepairOrder, *, by) -> RepairOrder:
    """Take an order reported online: ``by`` becomes its receiver (RP-1)."""

    def change(locked):
        locked.received_by = by
        locked.received_at = timezone.now()
        return ["received_by", "received_at"], "", {}

    return LIFECYCLE.perform(order, Action.RECEIVE, by=by, change=change)


def explain_charge(order: RepairOrder, *, by, price_standard: str, reason: str, explained_at=None) -> RepairOrder:
    """Record that the repair is paid, and the price standard and reason explained to the customer (RP-2)."""
    price_standard, reason = price_standard.strip(), reason.strip()
    explained_at = explained_at or timezone.now()

    def change(locked):
        if not price_standard or not reason:
            raise RepairError(_("Record the price standard and the reason explained to the customer (RP-2)."))
        _not_in_future(explained_at, _("The charge cannot have been explained in the future."))
        locked.is_paid = True
        locked.price_standard = price_standard
        locked.charge_reason = reason
        locked.charge_explained_at = explained_at
        return (
            ["is_paid", "price_standard", "charge_reason", "charge_explained_at"],
            reason,
            {"price_standard": price_standard, "explained_at": explained_at.isoformat()},
        )

    return LIFECYCLE.perform(order, Action.EXPLAIN_CHARGE, by=by, change=change)


def pick_up(order: RepairOrder, *, by, at=None) -> RepairOrder:
    """Engineering collects the 《维修服务单》 and signs for it: who and when (RP-4)."""
    at = at or timezone.now()

    def change(locked):
        _not_in_future(at, _("The order cannot have been picked up in the future."))
        locked.picked_up_by = by
        locked.picked_up_at = at
        late = at > locked.pickup_by
        return ["picked_up_by", "picked_up_at"], "", {"at": at.isoformat(), "late": late}

    return LIFECYCLE.perform(order, Action.PICK_UP, by=by, change=change)


def complete(
    order: RepairOrder,
    *,
    by,
    work_done: str,
    customer_signature_name: str,
    customer_signed_at=None,
    fee_amount: Decimal | None = None,
    at=None,
) -> RepairOrder:
    """The repair is done and the customer signed the order (RP-4); opens the same-day follow-up (RP-5).

    ``at`` is when the signed order came back (default: now). A paid repair (RP-2) needs
    its fee; an unpaid one takes none."""
    work_done, signer = work_done.strip(), customer_signature_name.strip()
    completed_at = at or timezone.now()
    signed_at = customer_signed_at or completed_at

    def change(locked):
        if not work_done:
            raise RepairError(_("Describe the work done."))
        if not signer:
            raise RepairError(_("The customer signs the order on completion (RP-4): enter the name signed."))
        _not_in_future(signed_at, _("The customer cannot have signed in the future."))
        _not_in_future(completed_at, _("The customer cannot have signed in the future."))
        if locked.picked_up_at and completed_at < locked.picked_up_at:
            raise RepairError(_("The repair cannot be completed before it was picked up."))
        if locked.is_paid and (fee_amount is None or fee_amount <= 0):
            raise RepairError(_("Enter the fee of this paid repair (RP-2, RP-6)."))
        if not locked.is_paid and fee_amount:
            raise RepairError(_("Record the price standard and the reason explained to the customer first (RP-2)."))
        locked.work_done = work_done
        locked.customer_signature_name = signer
        locked.customer_signed_at = signed_at
        locked.completed_by = by
        locked.completed_at = completed_at
        locked.fee_amount = fee_amount if locked.is_paid else None
        data = {"signed_by": signer, "signed_at": signed_at.isoformat()}
        if locked.is_paid:
            data["fee"] = str(fee_amount)
        return (
            ["work_done", "customer_signature_name", "customer_signed_at", "completed_by", "completed_at",
             "fee_amount"],
            "",
            data,
        )

    def after(locked):
        # RP-5, FU-1: the follow-up call is made the same day.
        followup = open_followup(
            locked,
            kind="repair",
            closed_at=locked.completed_at,
            unit=locked.unit,
            contact_name=locked.contact_name,
            contact_phone=locked.phone,
            within_hours=_hours_left_today(locked.completed_at),
            by=by,
        )
        end_of_day = schedule.end_of_day(locked.completed_at)
        if followup.due_by != end_of_day:
            followup.due_by = end_of_day
            followup.save(update_fields=["due_by"])

    return LIFECYCLE.perform(order, Action.COMPLETE, by=by, change=change, after=after)


def record_fee(order: RepairOrder, *, by, receipt_number: str = "") -> RepairOrder:
    """The cashier enters a paid repair's fee in the unit's ledger (RP-6): a charge under the
    order's reference, and its payment when a receipt is given."""
    receipt_number = receipt_number.strip()

    def change(locked):
        today = adapter.today()
        description = gettext("Paid repair %(reference)s") % {"reference": locked.reference}
        common = {
            "unit": locked.unit,
            "category": LedgerCategory.REPAIR,
            "amount": locked.fee_amount,
            "entry_date": today,
            "recorded_by": by,
        }
        locked.fee_entry = LedgerEntry.objects.create(
            kind=LedgerKind.CHARGE, due_on=today, description=description[:200], **common
        )
        if receipt_number:
            paid = gettext("Paid repair %(reference)s, receipt %(receipt)s") % {
                "reference": locked.reference, "receipt": receipt_number,
            }
            LedgerEntry.objects.create(kind=LedgerKind.PAYMENT, description=paid[:200], **common)
        locked.fee_recorded_by = by
        locked.fee_recorded_at = timezone.now()
        locked.receipt_number = receipt_number
        return (
            ["fee_entry", "fee_recorded_by", "fee_recorded_at", "receipt_number"],
            "",
            {"amount": str(locked.fee_amount), "ledger_entry": locked.fee_entry.pk, "receipt": receipt_number},
        )

    return LIFECYCLE.perform(order, Action.RECORD_FEE, by=by, change=change)


def cancel(order: RepairOrder, *, by, reason: str) -> RepairOrder:
    """Cancel an open order, e.g. the customer fixed it or reported it twice; the reason is required."""
    reason = reason.strip()

    def change(locked):
        if not reason:
            raise RepairError(_("Give the reason for cancelling the order."))
        locked.cancel_reason = reason
        locked.cancelled_at = timezone.now()
        return ["cancel_reason", "cancelled_at"], reason, {}

    return LIFECYCLE.perform(order, Action.CANCEL, by=by, change=change)


def _not_in_future(moment, message) -> None:
    if moment > timezone.now() + timedelta(minutes=5):
        raise RepairError(message)


def _hours_left_today(moment) -> int:
    left = schedule.end_of_day(moment) - moment
    return max(1, int(left.total_seconds() // 3600))


def _refusal_message(action, order) -> str:
    if action == Action.PICK_UP and order.state == S.REPORTED and order.received_by_id is None:
        return _("The desk has not received this order yet: it is picked up once it has a receiver (RP-1).")
    if action == Action.RECEIVE and order.state == S.REPORTED:
        return _("This order already has a receiver.")
    if action == Action.RECORD_FEE and order.state == S.COMPLETED:
        if not order.is_paid:
            return _("This repair is not a paid repair.")
        return _("The fee of this repair is already in the ledger.")
    return _("“%(action)s” is not possible for a repair order that is “%(state)s”.") % {
        "action": Action(action).label,
        "state": order.get_state_display(),
    }


# How a step is performed: see :mod:`portal.casework.lifecycle`. An online report follows
# its order (without the order's notes); the customer is emailed of :data:`NOTIFY_ON`.
LIFECYCLE = Lifecycle(
    model=RepairOrder,
    transitions=TRANSITIONS,
    audit_actions=AUDIT_ACTIONS,
    may=may,
    is_allowed=is_allowed,
    refusal_message=_refusal_message,
    illegal=IllegalTransition,
    noun="repair order",
    lock_related=("unit__building", "submission__applicant", "reporter", "received_by"),
    records_handler=False,
    submission_statuses=SUBMISSION_STATUSES,
    submission_note=False,
    submission_data=lambda order: {"repair_order": order.reference},
    notify=lambda step: notifications.notify_customer(step.case, step.action),
    notifies=on_steps(*NOTIFY_ON),
    refresh_caller=False,
)


# --- The 17:00 list (RP-5) -------------------------------------------------------------------


def ensure_daily_list(day) -> DailyRepairList:
    """The 17:00 list of working day ``day``, created the first time it is asked for."""
    daily_list, _created = DailyRepairList.objects.get_or_create(
        day=day, defaults={"due_at": schedule.list_due_at(day)}
    )
    return daily_list


def daily_list_orders(day):
    """The orders unreturned or unhandled at 17:00 of ``day`` (RP-5): reported by then and
    neither completed nor cancelled then, emergencies and the oldest first."""
    return (
        RepairOrder.objects.open_at(schedule.list_due_at(day))
        .select_related("unit__building", "received_by", "picked_up_by")
        .order_by("priority", "reported_at", "pk")
    )


def on_daily_list_sent(daily_list: DailyRepairList) -> None:
    """Run once with the list's alert: while orders stay open, the next working day lists them too."""
    if daily_list_orders(daily_list.day).exists():
        ensure_daily_list(schedule.next_working_day(daily_list.day + timedelta(days=1)))
