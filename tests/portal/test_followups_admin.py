"""客户回访 in the admin: assistants see the calls due and overdue, record the call's three
answers (FU-2) on its page, and find the calls due on their dashboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.followups import services
from portal.followups.models import FollowUpKind, Outcome
from portal.organisation.groups import ASSISTANT, ENGINEERING, PROJECT_MANAGER
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="lizhuli")


def followup(*, hours_ago=30, kind=FollowUpKind.REPAIR, name="张伟"):
    unit = UnitFactory()
    return services.open_followup(unit, kind=kind, closed_at=timezone.now() - timedelta(hours=hours_ago), unit=unit,
                                  contact_name=name, contact_phone="13800138000")


def test_assistants_list_followups_by_state_and_kind(client, assistant):
    called = followup(hours_ago=50, name="已回访户")
    services.record_followup(called, user=assistant, fixed=True, satisfied=True, other_needs="",
                             outcome=Outcome.FIXED_AND_SATISFIED)
    followup(hours_ago=30, name="逾期户")
    followup(hours_ago=2, name="今日户")
    followup(hours_ago=3, kind=FollowUpKind.COMPLAINT, name="投诉户")
    client.force_login(assistant)
    index = reverse("followups_followup:index")
    page = client.get(index).content.decode()
    # The calls still to make come first, soonest due first; the calls made last.
    assert page.index("逾期户") < page.index("投诉户") < page.index("今日户") < page.index("已回访户")
    overdue = client.get(index, {"state": "overdue"}).content.decode()
    assert "逾期户" in overdue and "今日户" not in overdue
    complaints = client.get(index, {"kind": "complaint"}).content.decode()
    assert "投诉户" in complaints and "今日户" not in complaints
    export = b"".join(client.get(index, {"export": "csv"}).streaming_content).decode("utf-8-sig")
    assert export.count("13800138000") == 4 and "逾期户" in export


def test_an_assistant_records_the_call_on_its_page(client, assistant):
    item = followup()
    client.force_login(assistant)
    inspect = reverse("followups_followup:inspect", args=(item.pk,))
    page = client.get(inspect).content.decode()
    assert "Is the problem fixed?" in page and "Is the customer satisfied?" in page
    response = client.post(
        reverse("followups_followup:record", args=(item.pk,)),
        {"called_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "outcome": Outcome.FIXED_AND_SATISFIED,
         "fixed": "yes", "satisfied": "yes", "other_needs": "无", "note": ""},
        follow=True,
    )
    assert "The follow-up call is recorded." in response.content.decode()
    item.refresh_from_db()
    assert (item.outcome, item.fixed, item.satisfied, item.done_by) == (Outcome.FIXED_AND_SATISFIED, True, True,
                                                                       assistant)
    assert "Record the follow-up call" not in client.get(inspect).content.decode()


def test_answers_that_contradict_the_outcome_come_back_as_a_message(client, assistant):
    item = followup()
    client.force_login(assistant)
    response = client.post(
        reverse("followups_followup:record", args=(item.pk,)),
        {"called_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "outcome": Outcome.FIXED_AND_SATISFIED,
         "fixed": "no", "satisfied": "yes"},
        follow=True,
    )
    assert "needs both answers to be yes" in response.content.decode()
    item.refresh_from_db()
    assert item.done_at is None


def test_the_project_manager_reads_but_does_not_record(client):
    item = followup()
    client.force_login(StaffUserFactory(groups=[PROJECT_MANAGER]))
    page = client.get(reverse("followups_followup:inspect", args=(item.pk,)))
    assert page.status_code == 200 and "Record the follow-up call" not in page.content.decode()
    assert client.post(reverse("followups_followup:record", args=(item.pk,)), {}).status_code == 403


def test_other_staff_see_nothing(client):
    item = followup()
    client.force_login(StaffUserFactory(groups=[ENGINEERING]))
    assert client.get(reverse("followups_followup:index")).status_code == 403
    assert client.get(reverse("followups_followup:inspect", args=(item.pk,))).status_code == 403


def test_the_dashboard_lists_calls_due_today_and_overdue(client, assistant):
    followup(hours_ago=30, name="逾期户")
    followup(hours_ago=-48, name="后天户")  # due in three days: not listed yet
    client.force_login(assistant)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Follow-up calls due" in page
    assert "逾期户" in page and "后天户" not in page
