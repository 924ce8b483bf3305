"""The demo desk (``make run``): weeks of visits and calls in 《客户来电来访记录表》, their
follow-ups mostly recorded, some still due or overdue, and loading twice changes nothing."""

import pytest
from django.core.management import call_command

from portal.calls.models import Call, CallOutcome
from portal.clocks.models import Alert
from portal.followups.models import FollowUp

pytestmark = pytest.mark.django_db


def counts():
    """The desk's demo records: calls, their follow-ups (those made), the urgent calls' alerts."""
    of_calls = FollowUp.objects.filter(source_type__app_label="calls")
    return (Call.objects.count(), of_calls.count(), of_calls.done().count(),
            Alert.objects.filter(clock="calls.urgent").count())


def test_the_demo_desk_has_calls_and_followups_due(demo):
    assert Call.objects.filter(outcome=CallOutcome.FORWARDED).exists()
    assert Call.objects.filter(outcome=CallOutcome.ANSWERED).exists()
    assert Alert.objects.filter(clock="calls.urgent").count() == 1  # RC-2
    assert FollowUp.objects.done().exists()
    assert FollowUp.objects.open().exists()
    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before
