"""The IN-3 clocks of a finding, registered with :mod:`portal.clocks`:

- ``inspections.forward_by``: forward a problem not fixed on the spot within 30 minutes;
- ``inspections.verify_by``: check it on site no later than the next day.

The assistant who found it is reminded before and alerted after each deadline; the
supervisors are told once it has passed.
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.clocks.recipients import members
from portal.clocks.registry import Clock, register
from portal.organisation.groups import SUPERVISOR

from .models import FindingState


def inspector_of(finding):
    return [finding.inspection.inspector]


def supervisors(finding):
    return members(SUPERVISOR)


def round_url(finding) -> str:
    return reverse("inspections_inspection:inspect", args=(finding.inspection_id,))


FORWARD = Clock(
    name="inspections.forward_by",
    model="inspections.Finding",
    due_field="forward_by",
    label=_("Forward the inspection finding"),
    running=Q(state=FindingState.OPEN),
    recipients=inspector_of,
    escalate_to=supervisors,
    remind_before=timedelta(minutes=10),
    admin_url=round_url,
)
VERIFY = Clock(
    name="inspections.verify_by",
    model="inspections.Finding",
    due_field="verify_by",
    label=_("Check the inspection finding on site"),
    running=Q(state__in=(FindingState.OPEN, FindingState.FORWARDED)),
    recipients=inspector_of,
    escalate_to=supervisors,
    remind_before=timedelta(hours=3),
    admin_url=round_url,
)


def register_clocks() -> None:
    register(FORWARD)
    register(VERIFY)
