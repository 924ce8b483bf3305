"""The clocks of the service desk: which stored deadline of which case is watched, who is
reminded before it and who is told once it has passed.

Every deadline is a stored datetime field on the case it governs; a :class:`Clock` names
that field, the rows whose clock runs and the people to tell. Rooms register their clocks
in their ``AppConfig.ready()``::

    register(Clock(
        name="complaints.reply_by",
        model="complaints.Complaint",
        due_field="reply_by",
        label=_("Reply to the customer"),
        running=Q(closed_at__isnull=True, waiting_for_customer=False),
        recipients=lambda complaint: [complaint.handled_by],
        escalate_to=supervisors,
        remind_before=timedelta(hours=2),
    ))

:func:`portal.clocks.scan.scan` sends the reminders and escalations, each once per
deadline (see :mod:`portal.clocks.models`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db.models import Model, Q
from django.utils.functional import Promise


@dataclass(frozen=True)
class Clock:
    name: str  # unique, "<app>.<deadline>", e.g. "complaints.reply_by"
    model: str  # "app_label.ModelName" of the case
    due_field: str  # the stored deadline field, e.g. "reply_by"
    label: Promise | str  # what is due, translated, e.g. _("Reply to the customer")
    # Rows whose clock runs: not done and not waiting for the customer. A paused clock sends nothing.
    running: Q
    recipients: Callable[[Model], Iterable]  # reminded before, alerted after the deadline
    escalate_to: Callable[[Model], Iterable]  # also told once the deadline has passed
    remind_before: timedelta | None = None  # None: no reminder, only the escalation
    admin_url: Callable[[Model], str] | None = None  # the link in the alert
    on_escalate: Callable[[Model], None] | None = None  # run once with the escalation, in its transaction
    # Run by each scan with its ``now`` before the clock's rows are read: creates what must
    # exist to be chased (e.g. the month's census record); idempotent.
    prepare: Callable[[datetime], None] | None = None

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def url_for(self, obj) -> str:
        return self.admin_url(obj) if self.admin_url else ""


_clocks: dict[str, Clock] = {}


def register(clock: Clock) -> None:
    """Add ``clock``; a second clock under the same name is refused (registering the same one again is not)."""
    existing = _clocks.get(clock.name)
    if existing is not None and existing != clock:
        raise ValueError(f"A different clock is already registered as {clock.name!r}.")
    _clocks[clock.name] = clock


def unregister(name: str) -> None:
    """Remove the clock called ``name``, if registered (for tests that register their own)."""
    _clocks.pop(name, None)


def get(name: str) -> Clock:
    try:
        return _clocks[name]
    except KeyError:
        raise LookupError(f"No clock is registered as {name!r}.") from None


def all_clocks() -> list[Clock]:
    """Every registered clock, by name."""
    return [_clocks[name] for name in sorted(_clocks)]
