"""One pass over every registered clock: reminders before a deadline, escalations after it.

For each clock, among the rows whose clock runs (``Clock.running``; a paused clock sends
nothing):

- a row due within ``remind_before`` from now gets a *reminder* to ``recipients``;
- a row past due gets an *escalation* to ``recipients`` and ``escalate_to``, and the clock's
  ``on_escalate`` runs with it, in the same transaction (if it fails, neither happens and the
  next scan tries again).

Each is sent once per deadline (:class:`portal.clocks.models.Alert`'s constraint): rows
already alerted for their current deadline are left out of the query, and a second scan
sends nothing. A changed deadline is a new deadline. A row first seen after its deadline
gets only the escalation.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import registry
from .models import Alert, AlertKind
from .services import send_alert

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class ScanResult:
    reminders: int = 0
    escalations: int = 0
    by_clock: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"reminders": self.reminders, "escalations": self.escalations, "by_clock": self.by_clock}


def _not_yet_alerted(clock: registry.Clock, model, kind: str):
    """Rows without a ``kind`` alert of ``clock`` for their current deadline."""
    already = Alert.objects.filter(
        clock=clock.name,
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk_text"),
        due_at=OuterRef(clock.due_field),
        kind=kind,
    )
    return (
        model._default_manager.filter(clock.running)
        .annotate(pk_text=Cast("pk", output_field=models.CharField(max_length=64)))
        .filter(~Exists(already))
    )


def _message(clock, obj, kind: str) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        due = getattr(obj, clock.due_field)
        values = {
            "what": str(clock.label),
            "case": str(obj),
            "due": timezone.localtime(due, SHANGHAI).strftime("%Y-%m-%d %H:%M"),
        }
        if kind == AlertKind.REMINDER:
            subject = _("Due soon: %(what)s — %(case)s") % values
            body = _("%(what)s for %(case)s is due by %(due)s.") % values
        else:
            subject = _("Overdue: %(what)s — %(case)s") % values
            body = _("%(what)s for %(case)s was due by %(due)s and is not done.") % values
    return subject, body


def _remind(clock, obj) -> bool:
    subject, body = _message(clock, obj, AlertKind.REMINDER)
    return (
        send_alert(
            obj, clock=clock.name, kind=AlertKind.REMINDER, due_at=getattr(obj, clock.due_field),
            recipients=clock.recipients(obj), subject=subject, body=body, url=clock.url_for(obj),
        )
        is not None
    )


def _escalate(clock, obj) -> bool:
    subject, body = _message(clock, obj, AlertKind.ESCALATION)
    with transaction.atomic():
        alert = send_alert(
            obj, clock=clock.name, kind=AlertKind.ESCALATION, due_at=getattr(obj, clock.due_field),
            recipients=[*clock.recipients(obj), *clock.escalate_to(obj)], subject=subject, body=body,
            url=clock.url_for(obj),
        )
        if alert is not None and clock.on_escalate is not None:
            clock.on_escalate(obj)
    return alert is not None


def scan_clock(clock: registry.Clock, now: datetime) -> tuple[int, int]:
    """Send ``clock``'s due reminders and escalations; returns ``(reminders, escalations)`` sent."""
    if clock.prepare is not None:
        clock.prepare(now)
    model = clock.model_class()
    due = clock.due_field
    reminders = 0
    if clock.remind_before is not None:
        soon = _not_yet_alerted(clock, model, AlertKind.REMINDER).filter(
            **{f"{due}__gte": now, f"{due}__lt": now + clock.remind_before}
        )
        for obj in list(soon.order_by(due, "pk")):
            reminders += _remind(clock, obj)
    escalations = 0
    late = _not_yet_alerted(clock, model, AlertKind.ESCALATION).filter(**{f"{due}__lt": now})
    for obj in list(late.order_by(due, "pk")):
        escalations += _escalate(clock, obj)
    return reminders, escalations


def scan(now: datetime | None = None) -> ScanResult:
    """Scan every registered clock once at ``now`` (default: the current time)."""
    now = now or timezone.now()
    result = ScanResult()
    for clock in registry.all_clocks():
        reminders, escalations = scan_clock(clock, now)
        result.reminders += reminders
        result.escalations += escalations
        result.by_clock[clock.name] = {"reminders": reminders, "escalations": escalations}
    return result
