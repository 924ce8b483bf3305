"""A month nobody has started is chased (ST-2): the clock scan opens the month's census."""

from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from portal.census.models import MonthlyCensus
from portal.clocks.models import Alert, AlertKind
from portal.clocks.scan import scan
from portal.organisation import groups
from portal.policies.adapter import SHANGHAI
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

FIRST_MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
TWO_DAYS_BEFORE = datetime(2026, 12, 29, 9, 0, tzinfo=SHANGHAI)  # the census is due by the 30th


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[groups.ASSISTANT], email="desk@example.com")


def scan_at(moment):
    with time_machine.travel(moment, tick=False):
        return scan()


def test_the_first_scan_of_the_month_opens_its_census_as_a_draft(assistant):
    assert not MonthlyCensus.objects.exists()

    scan_at(FIRST_MORNING)

    census = MonthlyCensus.objects.get()
    assert (census.month, census.census_due, census.report_due) == (
        datetime(2026, 12, 1).date(), datetime(2026, 12, 30).date(), datetime(2027, 1, 3).date()
    )
    assert not census.is_taken
    assert not Alert.objects.filter(clock__startswith="census.").exists()  # not due yet


def test_a_month_nobody_started_is_reminded_to_the_desk_once(assistant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scan_at(TWO_DAYS_BEFORE)
        scan_at(TWO_DAYS_BEFORE.replace(hour=10))  # a second scan opens and sends nothing more

    census = MonthlyCensus.objects.get()
    reminder = Alert.objects.get(clock="census.census_due")
    assert (reminder.kind, reminder.object_id) == (AlertKind.REMINDER, str(census.pk))
    assert reminder.url == reverse("census:inspect", args=(census.pk,))
    assert [message.to for message in mail.outbox] == [["desk@example.com"]]
    assert "2026-12" in mail.outbox[0].subject


def test_the_desk_sees_the_reminder_on_its_dashboard(client, assistant):
    scan_at(TWO_DAYS_BEFORE)
    client.force_login(assistant)

    page = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "我的提醒" in page
    assert "即将到期：进行月度房屋动态普查 — 2026-12" in page
