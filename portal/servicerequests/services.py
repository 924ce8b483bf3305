"""A request or suggestion from its receipt to the follow-up call (RQ-1…RQ-4).

The 《客户需求、建议受理表》 entry is a small state machine (:data:`TRANSITIONS`)::

    received ─forward─▶ forwarded ─reply─▶ replied ─close─▶ closed
    received ─reply─▶ replied                 (answered without a department)
    received, forwarded ─report_serious─▶ (same state; the supervisor is alerted)

- :func:`open_from_submission` and :func:`open_at_desk` record it with ``forward_by``
  and ``reply_by`` as ``request.deadlines`` gives them (RQ-1: ten minutes; RQ-3: one day,
  or the time promised to the customer); a serious or urgent one is reported to the
  supervisor at once (RQ-1);
- ``forward``: to the department that handles it, and when (RQ-1);
- ``reply``: what the customer was told, and when (RQ-3);
- ``close``: the case is done; its follow-up call is opened (RQ-2, FU-1).

Each step has the contract of :mod:`portal.casework.review`: permission
(:data:`HANDLE`) or ``PermissionDenied``; a step the state does not allow is refused
with :class:`IllegalTransition`; the change and its audit event are saved in one
transaction; the customer is emailed the reply once it has committed.

:func:`sign_weekly_summary` signs off the week's summary (RQ-4).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rules import FactsError

from portal.audit.services import record
from portal.casework.lifecycle import Lifecycle, not_possible, on_steps
from portal.casework.models import Channel as SubmissionChannel
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.casework.references import next_reference
from portal.casework.refusals import Refusal
from portal.clocks.recipients import members
from portal.clocks.services import alert_now
from portal.estate.models import Unit
from portal.followups.services import open_followup
from portal.organisation.groups import ASSISTANT, PROJECT_MANAGER, SUPERVISOR
from portal.policies import adapter

from . import notifications, schedule
from .models import Channel, Department, RequestKind, RequestState, ServiceRequest, WeeklyRequestSummary

POLICY = "request.deadlines"
REFERENCE_PREFIX = "XQ"

VIEW = "servicerequests.view_servicerequest"
ADD = "servicerequests.add_servicerequest"
HANDLE = "servicerequests.handle_servicerequest"
SIGN_SUMMARY = "servicerequests.sign_weekly_summary"


class Action(models.TextChoices):
    REPORT_SERIOUS = "report_serious", _("Report as serious or urgent")
    FORWARD = "forward", _("Forward to a department")
    REPLY = "reply", _("Record the reply")
    CLOSE = "close", _("Close")


S = RequestState

TRANSITIONS: dict[str, dict[str, str]] = {
    Action.REPORT_SERIOUS: {S.RECEIVED: S.RECEIVED, S.FORWARDED: S.FORWARDED},
    Action.FORWARD: {S.RECEIVED: S.FORWARDED, S.FORWARDED: S.FORWARDED},  # again: to another department
    Action.REPLY: {S.RECEIVED: S.REPLIED, S.FORWARDED: S.REPLIED},
    Action.CLOSE: {S.REPLIED: S.CLOSED},
}

AUDIT_ACTIONS = {
    Action.REPORT_SERIOUS: "reported_serious",
    Action.FORWARD: "forwarded",
    Action.REPLY: "replied",
    Action.CLOSE: "closed",
}

SUBMISSION_STATUSES = {
    S.FORWARDED: SubmissionStatus.IN_PROGRESS,
    S.REPLIED: SubmissionStatus.IN_PROGRESS,
    S.CLOSED: SubmissionStatus.COMPLETED,
}


class RequestError(Refusal):
    """A step refused for a reason staff can act on; ``str()`` says what."""


class IllegalTransition(RequestError):
    """The step is not allowed from the request's current state."""


# --- Who is told -----------------------------------------------------------------------------


def group_members(*names: str):
    """The active users of the staff groups ``names``."""
    return members(*names)


def supervisors():
    return group_members(SUPERVISOR)


def handlers(service_request: ServiceRequest):
    """Who answers for the request's deadlines: its receiver, else the assistants."""
    if service_request.received_by_id and service_request.received_by.is_active:
        return get_user_model().objects.filter(pk=service_request.received_by_id)
    return group_members(ASSISTANT)


def admin_url(service_request: ServiceRequest) -> str:
    return reverse("servicerequests_request:inspect", args=(service_request.pk,))


# --- Opening ---------------------------------------------------------------------------------


def deadlines(received_at, promised_by=None):
    """``request.deadlines`` (RQ-1, RQ-3): the decision, with ``forward_by`` and ``reply_by``."""
    facts = {"received_at": received_at}
    if promised_by is not None:
        facts["promised_by"] = promised_by
    return adapter.decide(POLICY, facts)


def open_from_submission(submission: Submission, *, by=None) -> ServiceRequest:
    """The entry of a ``request``, opened (and audited) the first time it is asked for; one a
    member of the desk entered for the customer in person has them as its receiver."""
    if submission.procedure != Procedure.REQUEST:
        raise ValueError(f"{submission.reference} is not a request or suggestion.")
    existing = ServiceRequest.objects.filter(submission=submission).first()
    if existing is not None:
        return existing
    answers = submission.answers or {}
    unit = submission.unit or Unit.objects.filter(pk=(answers.get("unit") or {}).get("id")).first()
    promised = answers.get("promised_by")
    promised = parse_datetime(promised) if isinstance(promised, str) else promised
    at_desk = submission.channel == SubmissionChannel.DESK and by is not None and may_handle(by)
    return _open(
        by=by,
        submission=submission,
        channel=Channel.VISIT if at_desk else Channel.ONLINE,
        kind=answers.get("kind") or RequestKind.REQUEST,
        content=answers.get("text", ""),
        unit=unit,
        person=submission.applicant,
        contact_name=submission.applicant.name,
        phone=submission.applicant.mobile or "",
        received_at=submission.submitted_at,
        promised_by=promised,
        serious=False,
        received_by=by if at_desk else None,
    )


def open_at_desk(
    *,
    by,
    kind: str,
    content: str,
    contact_name: str,
    phone: str = "",
    unit=None,
    person=None,
    received_at=None,
    promised_by=None,
    serious: bool = False,
    channel: str = Channel.PHONE,
) -> ServiceRequest:
    """A request or suggestion taken at the desk, by phone or in person; ``by`` received it."""
    if not (by.is_authenticated and by.is_active and by.has_perm(ADD)):
        raise PermissionDenied(f"{by} may not enter requests")
    return _open(
        by=by,
        submission=None,
        channel=channel,
        kind=kind,
        content=(content or "").strip(),
        unit=unit,
        person=person,
        contact_name=(contact_name or "").strip(),
        phone=(phone or "").strip(),
        received_at=received_at or timezone.now(),
        promised_by=promised_by,
        serious=serious,
        received_by=by,
    )


def _open(*, by, **fields) -> ServiceRequest:
    if fields["kind"] not in RequestKind.values:
        raise RequestError(_("Say whether it is a request or a suggestion."))
    if not fields["content"]:
        raise RequestError(_("Write down what the customer asks or suggests (RQ-2)."))
    if not fields["contact_name"]:
        raise RequestError(_("Write down who the customer is (RQ-2)."))
    try:
        decision = deadlines(fields["received_at"], fields["promised_by"])
    except FactsError as error:
        if "promised_by" in error.errors:
            raise RequestError(_("The time promised to the customer cannot be before the request came in.")) from error
        raise
    received_at = fields["received_at"]
    with transaction.atomic():
        service_request = ServiceRequest.objects.create(
            reference=next_reference(timezone.localtime(received_at, adapter.SHANGHAI).year, REFERENCE_PREFIX),
            forward_by=decision.values["forward_by"],
            reply_by=decision.values["reply_by"],
            decision=adapter.snapshot(decision),
            **fields,
        )
        record(
            service_request, "opened", actor=by, to_state=service_request.state,
            data={"reference": service_request.reference, "kind": service_request.kind,
                  "forward_by": service_request.forward_by.isoformat(),
                  "reply_by": service_request.reply_by.isoformat(), "serious": service_request.serious},
        )
        if service_request.serious:
            _report_to_supervisor(service_request)
        # The week's summary lists it (RQ-4): the summary of the week it is opened in is due.
        ensure_weekly_summary(schedule.week_of(timezone.now()))
    return service_request


def _report_to_supervisor(service_request: ServiceRequest) -> None:
    """RQ-1: a serious or urgent request goes to the supervisor at once."""
    context = {
        "reference": service_request.reference,
        "kind": service_request.get_kind_display(),
        "unit": str(service_request.unit or ""),
        "contact": f"{service_request.contact_name} {service_request.phone}".strip(),
        "content": service_request.content,
    }
    alert_now(
        service_request,
        reason="servicerequests.serious",
        recipients=list(supervisors()),
        subject=gettext("Serious or urgent %(kind)s %(reference)s %(unit)s") % context,
        body=gettext("%(content)s\n\nCustomer: %(contact)s (RQ-1: reported to the supervisor at once).") % context,
        url=admin_url(service_request),
    )


# --- What a user may do ----------------------------------------------------------------------


def may_handle(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(HANDLE)


def may_view(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(VIEW)


def is_allowed(action: str, service_request: ServiceRequest) -> bool:
    if service_request.state not in TRANSITIONS[action]:
        return False
    if action == Action.REPORT_SERIOUS:
        return not service_request.serious
    return True


def available_actions(user, service_request: ServiceRequest) -> list[str]:
    if not may_handle(user):
        return []
    return [action for action in Action if is_allowed(action, service_request)]


# --- The steps -------------------------------------------------------------------------------


def report_serious(service_request: ServiceRequest, *, by, note: str = "") -> ServiceRequest:
    """Mark the request serious or urgent: the supervisor is alerted at once (RQ-1)."""

    def change(locked):
        locked.serious = True
        return ["serious"], note.strip(), {}

    def after(locked):
        _report_to_supervisor(locked)

    return LIFECYCLE.perform(service_request, Action.REPORT_SERIOUS, by=by, change=change, after=after)


def forward(service_request: ServiceRequest, *, by, department: str, note: str = "", at=None) -> ServiceRequest:
    """Forward the request to ``department`` (RQ-1: within ten minutes of receiving it)."""
    at = at or timezone.now()

    def change(locked):
        if department not in Department.values:
            raise RequestError(_("Choose the department the request goes to."))
        _not_in_future(at)
        locked.department = department
        locked.forwarded_at = at
        locked.forwarded_by = by
        on_time = at <= locked.forward_by
        return ["department", "forwarded_at", "forwarded_by"], note.strip(), {
            "department": department, "at": at.isoformat(), "on_time": on_time,
        }

    return LIFECYCLE.perform(service_request, Action.FORWARD, by=by, change=change)


def reply(service_request: ServiceRequest, *, by, reply: str, at=None) -> ServiceRequest:
    """Record the reply given to the customer and when (RQ-3: by ``reply_by``)."""
    reply_text = reply.strip()
    at = at or timezone.now()

    def change(locked):
        if not reply_text:
            raise RequestError(_("Write down the reply given to the customer."))
        _not_in_future(at)
        locked.reply = reply_text
        locked.replied_at = at
        locked.replied_by = by
        return ["reply", "replied_at", "replied_by"], "", {"at": at.isoformat(), "on_time": at <= locked.reply_by}

    return LIFECYCLE.perform(service_request, Action.REPLY, by=by, change=change)


def close(service_request: ServiceRequest, *, by, note: str = "", at=None) -> ServiceRequest:
    """Close the request (at ``at``, default now); its follow-up call is opened, due within a day (RQ-2, FU-1)."""
    closed_at = at or timezone.now()

    def change(locked):
        _not_in_future(closed_at)
        if locked.replied_at and closed_at < locked.replied_at:
            raise RequestError(_("A request cannot be closed before it was replied to."))
        locked.closed_at = closed_at
        locked.closed_by = by
        return ["closed_at", "closed_by"], note.strip(), {}

    def after(locked):
        open_followup(
            locked,
            kind=locked.kind,
            closed_at=closed_at,
            unit=locked.unit,
            contact_name=locked.contact_name,
            contact_phone=locked.phone,
            within_hours=24,
            by=by,
        )

    return LIFECYCLE.perform(service_request, Action.CLOSE, by=by, change=change, after=after)


def _not_in_future(moment) -> None:
    if moment > timezone.now() + timedelta(minutes=5):
        raise RequestError(_("A time in the future cannot be recorded."))


# How a step is performed: see :mod:`portal.casework.lifecycle`. An online request follows
# its handling (without the handlers' notes); the customer is emailed the reply only.
LIFECYCLE = Lifecycle(
    model=ServiceRequest,
    transitions=TRANSITIONS,
    audit_actions=AUDIT_ACTIONS,
    may=lambda user, action: may_handle(user),
    is_allowed=is_allowed,
    refusal_message=not_possible(
        _("“%(action)s” is not possible for a request that is “%(state)s”."), dict(Action.choices)
    ),
    illegal=IllegalTransition,
    noun="request",
    lock_related=("unit__building", "submission__applicant", "person", "received_by"),
    records_handler=False,
    submission_statuses=SUBMISSION_STATUSES,
    submission_note=False,
    submission_data=lambda service_request: {"service_request": service_request.reference},
    notify=lambda step: notifications.notify_reply(step.case),
    notifies=on_steps(Action.REPLY),
    refresh_caller=False,
)


# --- The weekly summary (RQ-4) ---------------------------------------------------------------


def ensure_weekly_summary(monday) -> WeeklyRequestSummary:
    """The summary of the week starting ``monday``, created the first time it is asked for."""
    summary, _created = WeeklyRequestSummary.objects.get_or_create(
        week_start=monday, defaults={"due_at": schedule.summary_due_at(monday)}
    )
    return summary


def may_sign_summary(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(SIGN_SUMMARY)


def sign_weekly_summary(summary: WeeklyRequestSummary, *, by, note: str = "") -> WeeklyRequestSummary:
    """The supervisor signs off the week's summary (RQ-4); next week's summary is then due."""
    if not may_sign_summary(by):
        raise PermissionDenied(f"{by} may not sign the weekly summary")
    with transaction.atomic():
        locked = WeeklyRequestSummary.objects.select_for_update().get(pk=summary.pk)
        if locked.signed_at is not None:
            raise IllegalTransition(_("This week's summary is already signed off."))
        locked.signed_at = timezone.now()
        locked.signed_by = by
        locked.note = note.strip()
        locked.save(update_fields=["signed_at", "signed_by", "note"])
        record(locked, "signed", actor=by, note=locked.note, data={"week_start": locked.week_start.isoformat()})
        ensure_weekly_summary(locked.week_start + timedelta(days=7))
    return locked


def summary_escalation_recipients(summary):
    return group_members(PROJECT_MANAGER)
