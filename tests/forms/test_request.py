"""需求/建议: a request or suggestion, answered by the time asked for or the standard one."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from portal.casework.models import Submission

from .conftest import in_days, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


def test_a_suggestion_is_answered_within_the_standard_time(request_wizard, owner):
    request_wizard.start()
    unit = owner.memberships.get().household.unit
    confirm = request_wizard.post("details", unit=unit.pk, kind="suggestion", text="建议小区增加电动车充电桩")
    assert step_of(confirm) == "confirm"
    assert "1/2" not in confirm.content.decode() and "2/2" in confirm.content.decode()
    shown_reply_by = confirm.context["preview_rows"][0][1]

    before = timezone.now()
    request_wizard.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert submission.procedure == "request"
    assert submission.answers["kind"] == "suggestion"
    assert submission.answers["promised_by"] is None
    assert submission.decision["values"]["reply_by"]
    # request.deadlines: the reply is due a day after the request was received (RQ-3).
    assert timedelta(hours=23) < submission.due_at - before < timedelta(hours=25)
    assert submission.due_at == datetime.fromisoformat(submission.decision["values"]["reply_by"])
    assert shown_reply_by[:10] == timezone.localtime(submission.due_at).strftime("%Y-%m-%d")


def test_a_request_is_answered_by_the_time_the_owner_asks_for(request_wizard, owner):
    request_wizard.start()
    promised = in_days(3)
    request_wizard.post(
        "details", unit=owner.memberships.get().household.unit_id, kind="request",
        text="请在周末前修剪楼下的树", promised_by=promised,
    )
    request_wizard.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert timezone.localtime(submission.due_at).strftime("%Y-%m-%dT%H:%M") == promised


def test_nothing_is_submitted_without_the_confirmation(request_wizard, owner):
    request_wizard.start()
    request_wizard.post("details", unit=owner.memberships.get().household.unit_id, kind="request", text="需要门禁卡")
    response = request_wizard.post("confirm")
    assert step_of(response) == "confirm"
    assert response.context["form"].errors["confirm"]
    assert not Submission.objects.exists()
