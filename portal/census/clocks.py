"""The census's two deadlines on the clocks (ST-2).

- ``census.census_due``: the floor-by-floor census by the 30th (the last day of February).
  The desk (the building stewards) is reminded three days before; the supervisor and the
  project manager are told once it has passed untaken.
- ``census.report_due``: the 《月度物业动态信息表》 signed by the 3rd of the next month. The
  project manager is reminded a day before (the desk while the census is still untaken);
  the supervisor and the manager are told once it has passed unsigned.

A month nobody has started is chased too: each scan first opens the month of its ``now``
(a draft, untaken; one record per month), so that its due dates are stored where the scan
reads them.
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.clocks.recipients import members
from portal.clocks.registry import Clock, register
from portal.organisation.groups import ASSISTANT, PROJECT_MANAGER, SUPERVISOR
from portal.policies.adapter import SHANGHAI

from . import services

MODEL = "census.MonthlyCensus"


def _admin_url(census) -> str:
    return reverse("census:inspect", args=(census.pk,))


def _desk(census):
    return members(ASSISTANT)


def _report_recipients(census):
    return members(PROJECT_MANAGER) if census.is_taken else members(ASSISTANT)


def _overseers(census):
    return members(SUPERVISOR, PROJECT_MANAGER)


def _open_the_month(now) -> None:
    """The scan's month has its census record (a draft, untaken; one per month)."""
    services.open_month(timezone.localdate(now, timezone=SHANGHAI))


CENSUS_DUE = Clock(
    name="census.census_due",
    model=MODEL,
    due_field="census_due_at",
    label=_("Take the monthly status census"),
    running=Q(taken_at__isnull=True),
    recipients=_desk,
    escalate_to=_overseers,
    remind_before=timedelta(days=3),
    admin_url=_admin_url,
    prepare=_open_the_month,
)

REPORT_DUE = Clock(
    name="census.report_due",
    model=MODEL,
    due_field="report_due_at",
    label=_("Sign the monthly property status report"),
    running=Q(signed_at__isnull=True),
    recipients=_report_recipients,
    escalate_to=_overseers,
    remind_before=timedelta(days=1),
    admin_url=_admin_url,
)


def register_clocks() -> None:
    register(CENSUS_DUE)
    register(REPORT_DUE)
