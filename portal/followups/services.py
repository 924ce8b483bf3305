"""Follow-up calls: opened when a case closes, recorded by the desk, counted for the KPI.

- :func:`open_followup` — FU-1, CP-8: one follow-up per closed case, due ``within_hours``
  (a day) after closing; asking again returns the same follow-up.
- :func:`record_followup` — FU-2: a customer-service assistant (or supervisor) records the
  call and its three answers. An unanswered call (``unreachable``) may be followed by
  another; the follow-up counts as done from the first call.
- :func:`followup_rate` — CP-8's KPI: of the follow-ups due in a period, the share done by
  their deadline (target 100%).

Each change and its audit event are saved in one transaction.
"""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.refusals import Refusal

from .models import FollowUp, FollowUpKind, Outcome

RECORD_PERMISSION = "followups.record_followup"
SHANGHAI = ZoneInfo("Asia/Shanghai")
FOLLOW_UP_WITHIN_HOURS = 24  # CP-8: within 1 day after handling


class FollowUpError(Refusal):
    """A call that cannot be recorded as given; ``str()`` says why, for staff."""


def may_record(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(RECORD_PERMISSION))


def open_followup(source, *, kind: str, closed_at: datetime, unit=None, contact_name: str = "",
                  contact_phone: str = "", within_hours: int = FOLLOW_UP_WITHIN_HOURS, by=None) -> FollowUp:
    """The follow-up of the closed case ``source``, opened (and audited) the first time (FU-1, CP-8).

    Due ``within_hours`` after ``closed_at``. Idempotent: when ``source`` already has one, it is
    returned unchanged. Call it inside the transaction that closes the case.
    """
    if kind not in FollowUpKind.values:
        raise ValueError(f"Unknown follow-up kind {kind!r}.")
    source_type = ContentType.objects.get_for_model(source)
    existing = FollowUp.objects.filter(source_type=source_type, source_id=source.pk).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            followup = FollowUp.objects.create(
                source_type=source_type,
                source_id=source.pk,
                kind=kind,
                unit=unit,
                contact_name=contact_name or "",
                contact_phone=contact_phone or "",
                closed_at=closed_at,
                due_by=closed_at + timedelta(hours=within_hours),
            )
            record(followup, "opened", actor=by, to_state="open",
                   data={"source": f"{source_type.app_label}.{source_type.model}:{source.pk}", "kind": kind,
                         "due_by": followup.due_by.isoformat()})
    except IntegrityError:  # opened at the same moment by another request
        return FollowUp.objects.get(source_type=source_type, source_id=source.pk)
    return followup


def record_followup(followup: FollowUp, *, user, fixed: bool | None, satisfied: bool | None, other_needs: str,
                    outcome: str, note: str = "", at: datetime | None = None) -> FollowUp:
    """Record the follow-up call (FU-2): is it fixed, is the customer satisfied, anything else.

    ``outcome`` must agree with the answers: ``fixed_and_satisfied`` needs both yes,
    ``not_satisfied`` at least one no; ``unreachable`` stores no answers. A follow-up with an
    answered call is not recorded again; after an unanswered one the next call is recorded and
    ``done_at`` keeps the first call's time.
    """
    if not may_record(user):
        raise PermissionDenied(f"{user} may not record follow-up calls")
    at = at or timezone.now()
    other_needs, note = (other_needs or "").strip(), (note or "").strip()
    if outcome not in Outcome.values:
        raise FollowUpError(_("Choose the outcome of the call."))
    if at > timezone.now() + timedelta(minutes=5):
        raise FollowUpError(_("The call cannot have been made in the future."))
    if outcome == Outcome.UNREACHABLE:
        fixed = satisfied = None
    elif fixed is None or satisfied is None:
        raise FollowUpError(_("Record the customer's answers: is it fixed, and are they satisfied?"))
    elif outcome == Outcome.FIXED_AND_SATISFIED and not (fixed and satisfied):
        raise FollowUpError(_("“Fixed, customer satisfied” needs both answers to be yes."))
    elif outcome == Outcome.NOT_SATISFIED and fixed and satisfied:
        raise FollowUpError(_("The customer said it is fixed and they are satisfied: choose that outcome."))
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update(of=("self",)).get(pk=followup.pk)
        if locked.done_at is not None and locked.outcome != Outcome.UNREACHABLE:
            raise FollowUpError(_("This follow-up call is already recorded."))
        from_state = locked.outcome or "open"
        if locked.done_at is None:
            locked.done_at = at
        locked.done_by = user
        locked.outcome = outcome
        locked.fixed = fixed
        locked.satisfied = satisfied
        locked.other_needs = other_needs
        locked.note = note
        locked.save()
        record(locked, "called", actor=user, from_state=from_state, to_state=outcome, note=note,
               data={"at": at.isoformat(), "fixed": fixed, "satisfied": satisfied, "other_needs": other_needs})
    followup.refresh_from_db()
    return followup


def _moment(value, *, end: bool) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        day = value + timedelta(days=1) if end else value
        return datetime.combine(day, time.min, tzinfo=SHANGHAI)
    raise TypeError("start and end must be dates or datetimes")


def followup_rate(start, end) -> tuple[int, int, Decimal]:
    """CP-8's KPI: ``(due, done on time, rate in percent)`` for follow-ups due in the period.

    Dates are whole days in Shanghai, both included; datetimes give the half-open range
    ``[start, end)``. A period with nothing due has a rate of 100%: no follow-up was missed.
    """
    due = FollowUp.objects.filter(due_by__gte=_moment(start, end=False), due_by__lt=_moment(end, end=True))
    due_count = due.count()
    on_time = due.filter(done_at__lte=F("due_by")).count()
    if not due_count:
        return 0, 0, Decimal("100.0")
    rate = (Decimal(on_time) * 100 / Decimal(due_count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return due_count, on_time, rate
