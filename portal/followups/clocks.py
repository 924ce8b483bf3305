"""The clock ``followups.due_by``: a follow-up call due within a day of closing (CP-8).

The desk's assistants are reminded before the deadline; once it has passed, the
supervisors are told as well.
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.clocks.recipients import members
from portal.clocks.registry import Clock
from portal.organisation.groups import ASSISTANT, SUPERVISOR

CLOCK_NAME = "followups.due_by"


def _admin_url(followup) -> str:
    return reverse("followups_followup:inspect", args=(followup.pk,))


FOLLOW_UP_CLOCK = Clock(
    name=CLOCK_NAME,
    model="followups.FollowUp",
    due_field="due_by",
    label=_("Follow-up call"),
    running=Q(done_at__isnull=True),
    recipients=lambda followup: members(ASSISTANT),
    escalate_to=lambda followup: members(SUPERVISOR),
    remind_before=timedelta(hours=4),
    admin_url=_admin_url,
)
