"""A complaint from its receipt to its follow-up visit (投诉受理, CP-1…CP-10).

The case is a small state machine (:data:`TRANSITIONS`)::

    received ─assess(valid)─▶ assessed ─assign─▶ assigned ─record_result─▶ result_returned
    received ─assess(invalid)─▶ closed                  (CP-1: reason and explanation kept)
    assessed ─record_result─▶ result_returned           (answered by the service centre itself)
    result_returned ─reply─▶ replied ─close─▶ closed    (CP-7; the follow-up opens, CP-8)

Beside the states: waiting for the customer stops the clocks (:func:`wait_for_customer`,
:func:`resume`); complaints about the same event are linked (:func:`link_to_event`);
more time beyond the procedure's limit needs its approval (:func:`approve_extension`).

Every step has the same contract:

- the acting user must hold the step's permission (:data:`PERMISSIONS`), else
  :class:`PermissionDenied`;
- a step the case's state does not allow is refused with :class:`IllegalTransition`;
- the change and its audit event are saved in one transaction; the complainant is
  emailed after it commits when the step concerns them (an invalid complaint explained,
  the reply made).

The grade is never typed in: it is ``complaint.grade``'s answer to the facts stored on
the case (:func:`grading_facts`), asked again whenever a fact changes (the supervisor's
criteria, the number of customers complaining about the same event, a week unresolved).
A complaint that becomes major or important is reported to the supervisors and project
managers at once (CP-5).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.lifecycle import follow_case
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.casework.references import next_reference
from portal.casework.refusals import Refusal
from portal.organisation.groups import ASSISTANT, PROJECT_MANAGER, SUPERVISOR
from portal.policies import adapter

from . import notifications
from .models import (
    OPEN_STATES,
    CaseState,
    Channel,
    ComplaintCase,
    ComplaintEvent,
    DeadlineExtension,
    DeadlineField,
    Department,
    Grade,
    ReplyMethod,
)

POLICY = "complaint.grade"
# Desk and phone complaints are numbered apart from the online applications.
DESK_PREFIX = "TS"

VIEW_PERMISSION = "complaints.view_complaintcase"
ADD_PERMISSION = "complaints.add_complaintcase"
HANDLE_PERMISSION = "complaints.handle_complaintcase"
ASSESS_PERMISSION = "complaints.assess_complaintcase"
EXTEND_MINOR_PERMISSION = "complaints.extend_minor_complaint"
EXTEND_IMPORTANT_PERMISSION = "complaints.extend_important_complaint"

# The criteria the supervisor ticks (CP-2, CP-3), as the case stores them.
CRITERIA = (
    "sudden_outage",
    "company_fault_loss_or_injury",
    "contracted_service_failed_repeatedly",
    "reasonable_need_unmet_seriously",
    "severe_staff_attitude",
)
# The stored deadlines a pause for the customer moves.
CLOCK_FIELDS = ("forward_by", "reply_by", "resolve_by", "unresolved_by")

GRADE_RANK = {Grade.INVALID: 0, Grade.MINOR: 1, Grade.IMPORTANT: 2, Grade.MAJOR: 3}
REPORTED_AT_ONCE = (Grade.IMPORTANT, Grade.MAJOR)


class Action(models.TextChoices):
    ASSESS = "assess", _("Decide validity and grade")
    ASSIGN = "assign", _("Forward to a department")
    RECORD_RESULT = "record_result", _("Agree the result")
    REPLY = "reply", _("Record the reply to the customer")
    CLOSE = "close", _("Close")
    WAIT = "wait", _("Wait for the customer")
    RESUME = "resume", _("Resume")
    LINK_EVENT = "link_event", _("Link to an event")
    EXTEND = "extend", _("Approve more time")


S = CaseState
_EVERY_OPEN_STATE = {state: state for state in OPEN_STATES}

# The state each step leads to, by the state it starts from; a state missing from a
# step's row means the step is refused there. An invalid complaint is closed by ASSESS.
TRANSITIONS: dict[str, dict[str, str]] = {
    Action.ASSESS: {S.RECEIVED: S.ASSESSED, S.ASSESSED: S.ASSESSED},
    Action.ASSIGN: {S.ASSESSED: S.ASSIGNED, S.ASSIGNED: S.ASSIGNED},
    Action.RECORD_RESULT: {S.ASSESSED: S.RESULT_RETURNED, S.ASSIGNED: S.RESULT_RETURNED},
    Action.REPLY: {S.RESULT_RETURNED: S.REPLIED},
    Action.CLOSE: {S.REPLIED: S.CLOSED},
    Action.WAIT: dict(_EVERY_OPEN_STATE),
    Action.RESUME: dict(_EVERY_OPEN_STATE),
    Action.LINK_EVENT: {S.RECEIVED: S.RECEIVED, S.ASSESSED: S.ASSESSED, S.ASSIGNED: S.ASSIGNED,
                        S.RESULT_RETURNED: S.RESULT_RETURNED},
    Action.EXTEND: {S.ASSESSED: S.ASSESSED, S.ASSIGNED: S.ASSIGNED, S.RESULT_RETURNED: S.RESULT_RETURNED,
                    S.REPLIED: S.REPLIED},
}

# The permission each step needs. The supervisor decides validity and grade (CP-1) and
# agrees the department's result before it is replied (CP-7); EXTEND needs the
# permission of the case's grade (:func:`extension_permission`).
PERMISSIONS = {
    Action.ASSESS: ASSESS_PERMISSION,
    Action.ASSIGN: HANDLE_PERMISSION,
    Action.RECORD_RESULT: ASSESS_PERMISSION,
    Action.REPLY: HANDLE_PERMISSION,
    Action.CLOSE: HANDLE_PERMISSION,
    Action.WAIT: HANDLE_PERMISSION,
    Action.RESUME: HANDLE_PERMISSION,
    Action.LINK_EVENT: HANDLE_PERMISSION,
}

AUDIT_ACTIONS = {
    Action.ASSESS: "assessed",
    Action.ASSIGN: "forwarded",
    Action.RECORD_RESULT: "result_recorded",
    Action.REPLY: "replied",
    Action.CLOSE: "closed",
    Action.WAIT: "waiting",
    Action.RESUME: "resumed",
    Action.LINK_EVENT: "event_linked",
    Action.EXTEND: "extended",
}

# What the online application reads as, once the case moves (the review queue, /my/).
_SUBMISSION_STATUSES = {
    S.ASSESSED: SubmissionStatus.IN_PROGRESS,
    S.ASSIGNED: SubmissionStatus.IN_PROGRESS,
    S.RESULT_RETURNED: SubmissionStatus.IN_PROGRESS,
    S.REPLIED: SubmissionStatus.IN_PROGRESS,
    S.CLOSED: SubmissionStatus.COMPLETED,
}


class ComplaintError(Refusal):
    """A step refused for a reason staff can act on; ``str()`` says what."""


class IllegalTransition(ComplaintError):
    """The step is not allowed from the case's current state."""


# --- Who --------------------------------------------------------------------------------------


def staff_in(*group_names: str):
    """The active members of the named staff groups."""
    return get_user_model().objects.filter(is_active=True, groups__name__in=group_names).distinct().order_by("pk")


def superiors(case=None):
    """Whom a major or important complaint is reported to at once (CP-5): the supervisors
    and the project managers."""
    return staff_in(SUPERVISOR, PROJECT_MANAGER)


def desk_for(case):
    """Who keeps a case moving: whoever last handled it, else the customer-service assistants."""
    if case.handled_by_id and case.handled_by.is_active:
        return [case.handled_by]
    return list(staff_in(ASSISTANT))


def admin_url(case) -> str:
    try:
        path = reverse("complaints_case:inspect", args=(case.pk,))
    except NoReverseMatch:
        return ""
    return _absolute(path)


def event_url(event) -> str:
    try:
        path = reverse("complaints_case:index")
    except NoReverseMatch:
        return ""
    return _absolute(f"{path}?event={event.pk}")


def _absolute(path: str) -> str:
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# --- What a user may do -------------------------------------------------------------------------


def may(user, action: str, case: ComplaintCase | None = None) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if action == Action.EXTEND:
        if case is None:
            return user.has_perm(EXTEND_MINOR_PERMISSION) or user.has_perm(EXTEND_IMPORTANT_PERMISSION)
        return user.has_perm(extension_permission(case))
    return user.has_perm(PERMISSIONS[action])


def is_allowed(action: str, case: ComplaintCase) -> bool:
    """Is ``action`` allowed for ``case`` as it stands?"""
    if case.state not in TRANSITIONS[action]:
        return False
    if action == Action.WAIT:
        return not case.is_waiting
    if action == Action.RESUME:
        return case.is_waiting
    if action == Action.EXTEND:
        return case.valid is not False
    return True


def available_actions(user, case: ComplaintCase) -> list[str]:
    """The steps ``user`` may take on ``case`` now, in :class:`Action` order."""
    return [action for action in Action if is_allowed(action, case) and may(user, action, case)]


def _require(user, action, case=None):
    if not may(user, action, case):
        raise PermissionDenied(f"{user} may not {action} complaints")


# --- Grading (CP-1…CP-4, CP-10) -------------------------------------------------------------------


def unresolved_days(case: ComplaintCase, now=None) -> int:
    """Whole days the complaint has been open, not counting the time it waited for the customer."""
    end = case.resolved_at or case.closed_at or now or timezone.now()
    waited = case.paused_for + ((end - case.waiting_since) if case.waiting_since else timedelta())
    return max(0, (end - case.received_at - waited).days)


def grading_facts(case: ComplaintCase) -> dict:
    """The ``complaint.grade`` facts as the case stores them. Validity counts as given
    until the supervisor decides otherwise (CP-1), as the online form assumes."""
    facts = {
        "valid": case.valid is not False,
        "received_at": case.received_at,
        "same_event_complainants": max(1, case.same_event_complainants),
        "unresolved_days": case.unresolved_days,
        **{name: getattr(case, name) for name in CRITERIA},
    }
    if case.deemed:
        facts["deemed"] = case.deemed
    return facts


def _grade(case: ComplaintCase, *, now=None) -> str:
    """Ask ``complaint.grade`` about the case's facts and store the grade, the snapshot and
    the deadlines it gives (moved by the time spent waiting, never earlier than an approved
    extension). Returns the grade it had before. The caller saves."""
    previous = case.grade
    if case.is_open and case.valid is not False:
        case.unresolved_days = max(case.unresolved_days, unresolved_days(case, now))
    decision = adapter.decide(POLICY, grading_facts(case), on_date=timezone.localdate(case.received_at))
    values = decision.values
    case.grade = values["grade"]
    case.decision = adapter.snapshot(decision)
    waited = case.paused_for
    case.forward_by = values["forward_by"] + waited
    for field in (DeadlineField.REPLY_BY, DeadlineField.RESOLVE_BY):
        value = values.get(field)
        value = value + waited if value is not None else None
        extended = _latest_extension(case, field)
        if value is not None and extended is not None and extended > value:
            value = extended
        setattr(case, field, value)
    if case.valid is False:
        case.unresolved_by = None
    else:
        week = adapter.parameter_value("complaint_major_unresolved_days", timezone.localdate(case.received_at))
        case.unresolved_by = case.received_at + timedelta(days=week) + waited
    return previous


def _latest_extension(case, field):
    if case.pk is None:
        return None
    extension = case.extensions.filter(deadline=field).order_by("-approved_at", "-pk").first()
    return extension.new_deadline if extension else None


def _rose(previous: str, grade: str) -> bool:
    return GRADE_RANK.get(grade, 0) > GRADE_RANK.get(previous, 0)


def report_at_once(case: ComplaintCase):
    """Report a major or important complaint to the supervisors and project managers (CP-5):
    once per complaint and grade."""
    if case.grade not in REPORTED_AT_ONCE:
        return None
    from portal.clocks.services import alert_now

    subject, body = notifications.grade_alert(case)
    return alert_now(case, reason=f"complaints.grade.{case.grade}", recipients=list(superiors(case)),
                     subject=subject, body=body, url=admin_url(case))


def regrade(case: ComplaintCase, *, by=None, note: str = "", report: bool = True) -> ComplaintCase:
    """Ask ``complaint.grade`` again with the facts as they stand now; audited when the grade
    changes, and reported at once when it rose to important or major (CP-5). Runs in the
    caller's transaction on a locked case; the caller need not save."""
    previous = _grade(case)
    case.save()
    if case.grade != previous:
        record(case, "regraded", actor=by, note=note,
               data={"from": previous, "to": case.grade, "reasons": case.decision.get("reasons", [])})
        if report and _rose(previous, case.grade):
            report_at_once(case)
    return case


def regrade_unresolved(case: ComplaintCase) -> None:
    """CP-10: a valid complaint still unresolved a week after it was received is re-graded
    major. The ``complaints.unresolved`` clock calls this once, with its escalation."""
    with transaction.atomic():
        _regrade_unresolved(case)


def _regrade_unresolved(case):
    locked = _lock(case)
    if not locked.is_open or locked.valid is False:
        return
    week = adapter.parameter_value("complaint_major_unresolved_days", timezone.localdate(locked.received_at))
    locked.unresolved_days = max(locked.unresolved_days, week)
    regrade(locked, note=str(_("Unresolved for a week: re-graded major (CP-10).")))


# --- Opening ------------------------------------------------------------------------------------------


def open_case(submission: Submission, *, by=None) -> ComplaintCase:
    """The case of an online ``complaint`` application, opened (graded, clocked, audited) the
    first time it is asked for. A complaint the owner said is about the same event as
    another is linked to that event (CP-2)."""
    if submission.procedure != Procedure.COMPLAINT:
        raise ValueError(f"{submission.reference} is not a complaint.")
    existing = ComplaintCase.objects.filter(submission=submission).first()
    if existing is not None:
        return existing
    applicant = submission.applicant
    answers = submission.answers or {}
    case = ComplaintCase(
        reference=submission.reference,
        submission=submission,
        channel=Channel.ONLINE,
        complainant=applicant,
        complainant_name=applicant.name,
        complainant_phone=applicant.mobile,
        unit=submission.unit,
        subject=str(answers.get("subject", ""))[:100] or str(Procedure.COMPLAINT.label),
        description=str(answers.get("description", "")),
        received_at=submission.submitted_at,
    )
    try:
        with transaction.atomic():
            _start(case, by=by)
    except IntegrityError:
        # Opened meanwhile by another process: the database allows one case per application.
        return ComplaintCase.objects.get(submission=submission)
    same_event = answers.get("same_event")
    if same_event:
        first = Submission.objects.filter(reference=same_event, procedure=Procedure.COMPLAINT).first()
        if first is not None and first.pk != submission.pk:
            first_case = open_case(first, by=by)
            with transaction.atomic():
                event = first_case.event or _event_of(first_case, by=by)
                _link(case, event, by=by, note=str(_("The customer said it is the same event as %(reference)s."))
                      % {"reference": first.reference})
            case.refresh_from_db()
    return case


def record_complaint(*, by, channel: str, complainant_name: str, subject: str, description: str = "",
                     complainant_phone: str = "", category: str = "", unit=None, complainant=None,
                     received_at=None, event: ComplaintEvent | None = None) -> ComplaintCase:
    """A complaint made on the phone or at the desk, written into the 《客户投诉、意见记录表》
    by the first responder (needs ``complaints.add_complaintcase``)."""
    if not (by.is_authenticated and by.is_active and by.has_perm(ADD_PERMISSION)):
        raise PermissionDenied(f"{by} may not record complaints")
    if channel not in (Channel.PHONE, Channel.DESK):
        raise ComplaintError(_("Choose how the complaint was made: on the phone or at the desk."))
    complainant_name = complainant_name.strip()
    subject = subject.strip()
    if not complainant_name or not subject:
        raise ComplaintError(_("Give the complainant's name and the subject of the complaint."))
    received_at = received_at or timezone.now()
    if received_at > timezone.now() + timedelta(minutes=5):
        raise ComplaintError(_("A complaint cannot have been received in the future."))
    with transaction.atomic():
        case = ComplaintCase(
            reference=next_reference(timezone.localtime(received_at, adapter.SHANGHAI).year, prefix=DESK_PREFIX),
            channel=channel,
            complainant=complainant,
            complainant_name=complainant_name,
            complainant_phone=complainant_phone.strip(),
            unit=unit,
            subject=subject,
            description=description.strip(),
            category=category or ComplaintCase._meta.get_field("category").default,
            received_at=received_at,
            received_by=by,
            handled_by=by,
        )
        _start(case, by=by)
        if event is not None:
            _link(case, event, by=by)
    case.refresh_from_db()
    return case


def _start(case: ComplaintCase, *, by):
    # Graded as it stood when it was received; a week unresolved since is for the clock (CP-10).
    _grade(case, now=case.received_at)
    case.save()
    record(case, "received", actor=by, to_state=case.state,
           data={"channel": case.channel, "grade": case.grade, "reference": case.reference})
    report_at_once(case)


# --- The same event (CP-2) ----------------------------------------------------------------------------


def create_event(*, title: str, occurred_on, estate=None, by=None) -> ComplaintEvent:
    title = title.strip()
    if not title:
        raise ComplaintError(_("Name the event, e.g. “No water in building 3”."))
    return ComplaintEvent.objects.create(title=title, occurred_on=occurred_on, estate=estate, created_by=by)


def _event_of(case: ComplaintCase, *, by) -> ComplaintEvent:
    """The event a first report stands for, made from its subject and date."""
    estate = case.unit.building.estate if case.unit_id else None
    event = ComplaintEvent.objects.create(
        title=case.subject, occurred_on=timezone.localdate(case.received_at), estate=estate, created_by=by
    )
    _link(case, event, by=by)
    return event


def complainant_key(case: ComplaintCase) -> str:
    """Who complains, to count each customer once: the person in the register, else the phone, else the name."""
    if case.complainant_id:
        return f"person:{case.complainant_id}"
    if case.complainant_phone:
        return f"phone:{case.complainant_phone}"
    return f"name:{case.complainant_name}"


def complainants(event: ComplaintEvent) -> int:
    """The distinct customers with a complaint about ``event`` not found invalid (CP-2)."""
    return len({complainant_key(case) for case in event.cases.counted()})


def link_to_event(case: ComplaintCase, event: ComplaintEvent, *, by) -> ComplaintCase:
    """Link ``case`` to ``event``; every open complaint about the event is graded again
    with the number of customers now complaining (CP-2: five or more make it major)."""
    _require(by, Action.LINK_EVENT)
    with transaction.atomic():
        locked = _lock(case)
        if not is_allowed(Action.LINK_EVENT, locked):
            raise IllegalTransition(_refusal_message(Action.LINK_EVENT, locked))
        _link(locked, event, by=by)
    case.refresh_from_db()
    return case


def _link(case: ComplaintCase, event: ComplaintEvent, *, by, note: str = ""):
    """Link and re-grade every open complaint of the event. When the link makes several of
    them major at once, one report names the event and them all (CP-2, CP-5)."""
    previous_event = case.event
    case.event = event
    case.handled_by = by if by is not None and by.is_authenticated else case.handled_by
    case.save(update_fields=["event", "handled_by", "updated_at"])
    record(case, "event_linked", actor=by, note=note, data={"event": str(event), "event_id": event.pk})
    if previous_event is not None and previous_event != event:
        _recount(previous_event, by=by)
    _recount(event, by=by)


def _recount(event: ComplaintEvent, *, by):
    """Count the customers complaining about ``event`` again and re-grade its open
    complaints. When that makes several of them major (or important) at once, one report
    names the event and them all; a single one is reported on its own (CP-2, CP-5)."""
    count = complainants(event)
    raised = []
    for other in event.cases.select_for_update(of=("self",)).order_by("pk"):
        other.same_event_complainants = count
        if not other.is_open or other.valid is False:
            other.save(update_fields=["same_event_complainants", "updated_at"])
            continue
        previous = other.grade
        regrade(other, by=by, report=False,
                note=str(_("%(count)s customers complain about “%(event)s”.")) % {"count": count, "event": event.title})
        if _rose(previous, other.grade) and other.grade in REPORTED_AT_ONCE:
            raised.append(other)
    if len(raised) > 1:
        from portal.clocks.services import alert_now

        subject, body = notifications.event_alert(event, raised)
        alert_now(event, reason=f"complaints.event.{raised[0].grade}", recipients=list(superiors()),
                  subject=subject, body=body, url=event_url(event))
    else:
        for other in raised:
            report_at_once(other)


# --- The steps ----------------------------------------------------------------------------------------


def assess(case: ComplaintCase, *, by, valid: bool, criteria=(), deemed: str = "", opinion: str = "",
           invalid_reason: str = "", explanation: str = "", at=None) -> ComplaintCase:
    """The supervisor's decision (CP-1…CP-4). Invalid: the reason and the polite explanation
    given to the customer are required, and the case closes. Valid: the criteria that hold
    and the handling opinion (CP-7) are recorded and ``complaint.grade`` grades it."""
    _require(by, Action.ASSESS)
    at = _not_future(at)
    unknown = set(criteria) - set(CRITERIA)
    if unknown:
        raise ComplaintError(_("Unknown criteria: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if deemed and deemed not in (Grade.MINOR, Grade.IMPORTANT, Grade.MAJOR):
        raise ComplaintError(_("Choose a grade the company deems the complaint to have."))
    if not valid:
        invalid_reason, explanation = invalid_reason.strip(), explanation.strip()
        if not invalid_reason or not explanation:
            raise ComplaintError(
                _("An invalid complaint needs the reason and the explanation given to the customer (CP-1).")
            )
        return _perform(case, Action.ASSESS, by=by, note=invalid_reason,
                        change=_invalidate(by, invalid_reason, explanation, at))
    opinion = opinion.strip()
    if not opinion:
        raise ComplaintError(_("Write the supervisor's handling opinion (CP-7)."))

    def change(locked):
        locked.valid = True
        for name in CRITERIA:
            setattr(locked, name, name in criteria)
        locked.deemed = deemed or ""
        locked.opinion = opinion
        locked.graded_at = at
        locked.graded_by = by
        previous = _grade(locked, now=at)
        return {"grade": locked.grade, "previous_grade": previous, "criteria": sorted(criteria),
                "deemed": deemed or "", "reasons": locked.decision.get("reasons", []),
                "rose": _rose(previous, locked.grade)}

    return _perform(case, Action.ASSESS, by=by, note=opinion, change=change)


def _invalidate(by, reason, explanation, at):
    def change(locked):
        now = at
        locked.valid = False
        locked.invalid_reason = reason
        locked.explanation = explanation
        locked.graded_at = now
        locked.graded_by = by
        locked.closed_at = now
        _grade(locked)
        return {"grade": locked.grade, "valid": False, "to_state": S.CLOSED}

    return change


def assign(case: ComplaintCase, *, by, department: str, note: str = "", at=None) -> ComplaintCase:
    """Forward the complaint to the department that handles it (CP-5: within 10 minutes)."""
    at = _not_future(at)
    if department not in Department.values:
        raise ComplaintError(_("Choose the department the complaint goes to."))

    def change(locked):
        locked.department = department
        locked.forwarded_at = locked.forwarded_at or at
        return {"department": department}

    return _perform(case, Action.ASSIGN, by=by, note=note.strip(), change=change)


def record_result(case: ComplaintCase, *, by, result: str, at=None) -> ComplaintCase:
    """The department's result as it came back, agreed by the supervisor (CP-7). A case the
    service centre answered itself counts as handled by the service centre."""
    result = result.strip()
    if not result:
        raise ComplaintError(_("Write what the department did."))
    at = _not_future(at)

    def change(locked):
        if not locked.department:
            locked.department = Department.CUSTOMER_SERVICE
        locked.forwarded_at = locked.forwarded_at or at
        locked.department_result = result
        locked.result_at = at
        locked.result_agreed_by = by
        return {"department": locked.department, "result_at": at.isoformat()}

    return _perform(case, Action.RECORD_RESULT, by=by, note=result, change=change)


def reply(case: ComplaintCase, *, by, method: str, text: str, at=None) -> ComplaintCase:
    """The reply to the customer, with its time (《客户建议/意见受理回复表》, CP-7)."""
    if method not in ReplyMethod.values:
        raise ComplaintError(_("Choose how the customer was answered."))
    text = text.strip()
    if not text:
        raise ComplaintError(_("Write what the customer was told."))
    at = _not_future(at)

    def change(locked):
        if locked.result_at and at < locked.result_at:
            raise ComplaintError(_("The reply cannot come before the result it reports."))
        locked.replied_at = at
        locked.reply_method = method
        locked.reply_text = text
        locked.replied_by = by
        return {"replied_at": at.isoformat(), "method": method, "same_day": locked.replied_same_day}

    return _perform(case, Action.REPLY, by=by, note=text, change=change)


def close(case: ComplaintCase, *, by, note: str = "", at=None) -> ComplaintCase:
    """Close the handled complaint; its follow-up visit opens, due within the hours the grade
    gives (CP-8)."""
    at = _not_future(at)

    def change(locked):
        if locked.replied_at and at < locked.replied_at:
            raise ComplaintError(_("A complaint cannot be closed before its reply."))
        now = at
        locked.closed_at = now
        locked.resolved_at = now
        hours = (locked.decision.get("values") or {}).get("follow_up_within_hours") or 24
        locked.followup_by = now + timedelta(hours=hours)
        return {"followup_within_hours": hours}

    return _perform(case, Action.CLOSE, by=by, note=note.strip(), change=change)


def wait_for_customer(case: ComplaintCase, *, by, note: str = "") -> ComplaintCase:
    """The case waits for the customer (an appointment, an answer): its clocks stop."""

    def change(locked):
        locked.waiting_since = timezone.now()
        return {}

    return _perform(case, Action.WAIT, by=by, note=note.strip(), change=change)


def resume(case: ComplaintCase, *, by, note: str = "") -> ComplaintCase:
    """The customer is back: every deadline moves later by the time waited."""

    def change(locked):
        from portal.clocks.services import shift_for_pause

        now = timezone.now()
        since = locked.waiting_since
        shift_for_pause(locked, [name for name in CLOCK_FIELDS if getattr(locked, name)], since, now)
        locked.paused_for += now - since
        locked.waiting_since = None
        return {"waited_seconds": int((now - since).total_seconds())}

    return _perform(case, Action.RESUME, by=by, note=note.strip(), change=change)


def extension_permission(case: ComplaintCase) -> str:
    """CP-6: more time for a minor complaint needs the supervisor's approval; for an
    important one the management manager's. A major complaint's 15 days are the
    procedure's outer limit, so more time needs the manager's approval too."""
    return EXTEND_MINOR_PERMISSION if case.grade == Grade.MINOR else EXTEND_IMPORTANT_PERMISSION


def approve_extension(case: ComplaintCase, *, by, deadline: str, new_deadline, reason: str) -> ComplaintCase:
    """Record who approved more time for a deadline, the new deadline and why (CP-6)."""
    if deadline not in DeadlineField.values:
        raise ComplaintError(_("Choose the deadline to extend."))
    reason = reason.strip()
    if not reason:
        raise ComplaintError(_("Give the reason for the extension."))
    if not may(by, Action.EXTEND, case):
        raise PermissionDenied(f"{by} may not approve more time for a {case.grade} complaint")

    def change(locked):
        if not may(by, Action.EXTEND, locked):  # the grade may have risen meanwhile
            raise PermissionDenied(f"{by} may not approve more time for a {locked.grade} complaint")
        previous = getattr(locked, deadline)
        if previous is None:
            raise ComplaintError(_("This complaint has no such deadline."))
        if new_deadline <= previous:
            raise ComplaintError(_("The new deadline must be later than the one it replaces."))
        DeadlineExtension.objects.create(case=locked, deadline=deadline, grade=locked.grade, previous=previous,
                                         new_deadline=new_deadline, reason=reason, approved_by=by)
        setattr(locked, deadline, new_deadline)
        return {"deadline": deadline, "previous": previous.isoformat(), "new_deadline": new_deadline.isoformat(),
                "grade": locked.grade}

    return _perform(case, Action.EXTEND, by=by, note=reason, change=change, check_permission=False)


def _not_future(at):
    now = timezone.now()
    at = at or now
    if at > now + timedelta(minutes=5):
        raise ComplaintError(_("A time in the future cannot be recorded."))
    return at


def _lock(case):
    # Lock the case row alone: PostgreSQL cannot lock the nullable side of the joins.
    return ComplaintCase.objects.select_for_update(of=("self",)).select_related(
        "submission__applicant__user", "unit__building", "handled_by", "event"
    ).get(pk=case.pk)


def _perform(case, action, *, by, note="", change=None, check_permission=True):
    if check_permission:
        _require(by, action)
    with transaction.atomic():
        locked = _lock(case)
        from_state = locked.state
        if not is_allowed(action, locked):
            raise IllegalTransition(_refusal_message(action, locked))
        data = change(locked) if change else {}
        to_state = data.pop("to_state", None) or TRANSITIONS[action][from_state]
        rose = data.pop("rose", False)
        locked.state = to_state
        locked.handled_by = by
        locked.save()
        record(locked, AUDIT_ACTIONS[action], actor=by, from_state=from_state, to_state=to_state, note=note,
               data=data)
        if to_state != from_state:
            _update_submission(locked, by=by)
        if to_state == S.CLOSED and locked.valid:
            _open_followup(locked, by=by)
        if action == Action.ASSESS and locked.event_id and locked.valid is False:
            _recount(locked.event, by=by)  # CP-2 counts the customers of valid complaints only
        if rose:
            report_at_once(locked)  # CP-5: the assessment made it important or major
        if notifications.concerns_complainant(action, locked):
            transaction.on_commit(lambda: notifications.notify_complainant(locked))
    case.refresh_from_db()
    return case


def _update_submission(case, *, by):
    """The online application reads as the case stands: in progress, completed, or rejected
    with the explanation given (CP-1)."""
    if case.state == S.CLOSED and case.valid is False:
        status, note = SubmissionStatus.REJECTED, case.explanation
    else:
        status, note = _SUBMISSION_STATUSES.get(case.state), ""
    follow_case(case.submission, status, by=by, note=note)


def _open_followup(case, *, by):
    """CP-8: a follow-up visit within the grade's hours of closing."""
    from portal.followups.services import open_followup

    hours = (case.decision.get("values") or {}).get("follow_up_within_hours") or 24
    open_followup(case, kind="complaint", closed_at=case.closed_at, unit=case.unit,
                  contact_name=case.complainant_name, contact_phone=case.complainant_phone,
                  within_hours=hours, by=by)


def _refusal_message(action, case) -> str:
    if action == Action.RESUME and case.is_open:
        return _("The complaint is not waiting for the customer.")
    if action == Action.WAIT and case.is_open:
        return _("The complaint is already waiting for the customer.")
    return _("“%(action)s” is not possible for a complaint that is “%(state)s”.") % {
        "action": Action(action).label,
        "state": case.get_state_display(),
    }
