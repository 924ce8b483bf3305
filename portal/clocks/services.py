"""Sending alerts once, and asking which cases are overdue.

- :func:`send_alert` records an alert about an object and tells its recipients: an email
  once the transaction has committed, and a line on their admin dashboard (我的提醒) until
  they mark it read. The database refuses a second alert for the same clock, object,
  deadline and kind, so a repeated scan, or two scans racing, send it once.
- :func:`alert_now` reports something at once (CP-5, RC-2, RQ-1): once per object and reason.
- :func:`overdue` is the query "running and past due" for a registered clock.
- :func:`shift_for_pause` moves stored deadlines later by the time a case waited for the customer.
"""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from . import notifications, registry
from .models import Alert, AlertKind, AlertReceipt


def _people(recipients: Iterable) -> list:
    """Active users among ``recipients``, each once, in the order given (``None`` skipped)."""
    seen, people = set(), []
    for user in recipients or ():
        if user is None or not getattr(user, "is_active", False) or user.pk in seen:
            continue
        seen.add(user.pk)
        people.append(user)
    return people


def _text(value) -> str:
    """A lazy translation rendered in the site's language, as stored and emailed."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(value)


def send_alert(obj, *, clock: str, kind: str, due_at, recipients, subject, body, url: str = "") -> Alert | None:
    """Alert ``recipients`` about ``obj`` for ``clock``'s deadline ``due_at``; ``None`` if already sent.

    The alert, its dashboard receipts and the emails (sent after commit) go together: when the
    caller's transaction rolls back, nothing was sent and a later call sends it.
    """
    if kind not in AlertKind.values:
        raise ValueError(f"Unknown alert kind {kind!r}.")
    content_type = ContentType.objects.get_for_model(obj)
    key = {"clock": clock, "content_type": content_type, "object_id": str(obj.pk), "kind": kind, "due_at": due_at}
    if Alert.objects.filter(**key).exists():
        return None
    people = _people(recipients)
    try:
        with transaction.atomic():  # a savepoint: a racing scan's duplicate is refused, the caller goes on
            alert = Alert.objects.create(
                **key,
                recipients="\n".join(_name(user) for user in people),
                subject=_text(subject)[:255],
                body=_text(body),
                url=url or "",
            )
    except IntegrityError:
        return None
    AlertReceipt.objects.bulk_create([AlertReceipt(alert=alert, user=user) for user in people])
    addresses = [user.email for user in people if user.email]
    if addresses:
        transaction.on_commit(lambda: notifications.email_alert(alert, addresses))
    return alert


def alert_now(obj, *, reason: str, recipients, subject, body, url: str = "") -> Alert | None:
    """Report ``obj`` at once (kind ``immediate``), once per object and ``reason``; ``None`` if already reported."""
    return send_alert(
        obj, clock=reason, kind=AlertKind.IMMEDIATE, due_at=None, recipients=recipients, subject=subject,
        body=body, url=url,
    )


def overdue(queryset, clock_name: str, now: datetime | None = None):
    """The rows of ``queryset`` (``None``: all of the clock's model) whose clock runs and is past due."""
    clock = registry.get(clock_name)
    model = clock.model_class()
    if queryset is None:
        queryset = model._default_manager.all()
    elif queryset.model is not model:
        raise ValueError(f"Clock {clock_name!r} watches {clock.model}, not {queryset.model._meta.label}.")
    return queryset.filter(clock.running).filter(**{f"{clock.due_field}__lt": now or timezone.now()})


def shift_for_pause(obj, fields: Iterable[str], paused_since: datetime, resumed_at: datetime) -> None:
    """Move each deadline in ``fields`` later by the time ``obj`` waited for the customer.

    Only deadlines still ahead when the wait began move: a deadline missed before it stays
    missed. An empty deadline stays empty. The caller saves ``obj`` (and audits the resumption).
    """
    waited = resumed_at - paused_since
    if waited.total_seconds() <= 0:
        return
    for field in fields:
        due = getattr(obj, field)
        if due is not None and due > paused_since:
            setattr(obj, field, due + waited)


def unread_for(user):
    """``user``'s unread alerts, newest first."""
    return AlertReceipt.objects.unread().filter(user=user).select_related("alert")


def mark_read(user, receipt_ids: Iterable[int] | None = None, *, at: datetime | None = None) -> int:
    """Mark ``user``'s alerts read (all when ``receipt_ids`` is ``None``); returns how many changed."""
    receipts = unread_for(user)
    if receipt_ids is not None:
        receipts = receipts.filter(pk__in=list(receipt_ids))
    return receipts.update(read_at=at or timezone.now())


def _name(user) -> str:
    return user.get_full_name() or user.get_username()
