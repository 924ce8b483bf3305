"""The clocks of a complaint (CP-5, CP-6, CP-10), registered with :mod:`portal.clocks`.

- ``complaints.forward_by``: forwarded to a department within 10 minutes (CP-5);
- ``complaints.reply_by``: a reply to the customer within the grade's time (CP-6);
- ``complaints.resolve_by``: resolved within the grade's time (CP-6);
- ``complaints.unresolved``: a valid complaint unresolved a week after it was received
  is re-graded major when the clock escalates (CP-2, CP-10).

A clock runs while the complaint is open, not found invalid and not waiting for the
customer. Reminders go to whoever keeps the case moving; escalations to the supervisors,
and for important and major complaints to the project managers as well.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.organisation.groups import PROJECT_MANAGER, SUPERVISOR

from .models import UNFORWARDED_STATES, UNREPLIED_STATES, Grade, running_condition

MODEL = "complaints.ComplaintCase"


def _desk(case):
    from .services import desk_for

    return desk_for(case)


def _supervisors(case):
    from .services import staff_in

    return staff_in(SUPERVISOR)


def _superiors_by_grade(case):
    """Supervisors; for an important or major complaint the project managers too (CP-5, CP-6)."""
    from .services import staff_in

    if case.grade in (Grade.IMPORTANT, Grade.MAJOR):
        return staff_in(SUPERVISOR, PROJECT_MANAGER)
    return staff_in(SUPERVISOR)


def _admin_url(case):
    from .services import admin_url

    return admin_url(case)


def _regrade_unresolved(case):
    from .services import regrade_unresolved

    regrade_unresolved(case)


def clocks():
    from portal.clocks.registry import Clock

    running = running_condition()
    return [
        Clock(
            name="complaints.forward_by",
            model=MODEL,
            due_field="forward_by",
            label=_("Forward the complaint to a department"),
            running=running & Q(state__in=UNFORWARDED_STATES),
            recipients=_desk,
            escalate_to=_supervisors,
            remind_before=None,
            admin_url=_admin_url,
        ),
        Clock(
            name="complaints.reply_by",
            model=MODEL,
            due_field="reply_by",
            label=_("Reply to the customer"),
            running=running & Q(state__in=UNREPLIED_STATES),
            recipients=_desk,
            escalate_to=_superiors_by_grade,
            remind_before=timedelta(hours=2),
            admin_url=_admin_url,
        ),
        Clock(
            name="complaints.resolve_by",
            model=MODEL,
            due_field="resolve_by",
            label=_("Resolve the complaint"),
            running=running,
            recipients=_desk,
            escalate_to=_superiors_by_grade,
            remind_before=timedelta(hours=2),
            admin_url=_admin_url,
        ),
        Clock(
            name="complaints.unresolved",
            model=MODEL,
            due_field="unresolved_by",
            label=_("Unresolved for a week: now a major complaint"),
            running=running & ~Q(grade=Grade.MAJOR),
            recipients=_desk,
            escalate_to=_superiors_by_grade,
            remind_before=None,
            admin_url=_admin_url,
            on_escalate=_regrade_unresolved,
        ),
    ]


def register_clocks() -> None:
    from portal.clocks.registry import register

    for clock in clocks():
        register(clock)
