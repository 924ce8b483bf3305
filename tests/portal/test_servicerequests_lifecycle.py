"""Requests and suggestions (客户需求、建议受理, RQ-1…RQ-4): recorded with their deadlines
from the policy library, a serious one reported to the supervisor at once, forwarded,
replied, closed with a follow-up call; the week's summary signed off."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.clocks.models import Alert, AlertKind, AlertReceipt
from portal.followups.models import FollowUp
from portal.organisation.groups import ASSISTANT, CASHIER, ENGINEERING, SUPERVISOR
from portal.servicerequests import services
from portal.servicerequests.models import Channel, RequestKind, RequestState, ServiceRequest, WeeklyRequestSummary
from portal.servicerequests.services import IllegalTransition, RequestError
from tests.factories import HouseholdMemberFactory, PersonFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def owner():
    person = PersonFactory(name="李娜", email="lina@example.cn", user=UserFactory(username="lina"))
    return HouseholdMemberFactory(person=person).person


@pytest.fixture
def unit(owner):
    return owner.memberships.get().household.unit


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenzhuli")


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="linzhuguan")


def desk_request(by, **fields):
    values = {"kind": RequestKind.REQUEST, "content": "希望在单元门口加装雨棚", "contact_name": "李娜",
              "phone": "13900139000", **fields}
    return services.open_at_desk(by=by, **values)


@pytest.mark.parametrize(
    "received, promised, forward_by, reply_by",
    [
        # RQ-1: forward within 10 minutes; RQ-3: reply within a day of acceptance…
        ((2026, 11, 27, 16, 0), None, (2026, 11, 27, 16, 10), (2026, 11, 28, 16, 0)),
        # …over a weekend too: the day counts calendar time.
        ((2026, 11, 28, 9, 0), None, (2026, 11, 28, 9, 10), (2026, 11, 29, 9, 0)),
        # …or by the time promised to the customer.
        ((2026, 11, 27, 16, 0), (2026, 11, 30, 12, 0), (2026, 11, 27, 16, 10), (2026, 11, 30, 12, 0)),
    ],
)
def test_rq1_rq3_deadlines_are_stored_as_the_policy_gives_them(assistant, received, promised, forward_by, reply_by):
    service_request = desk_request(
        assistant,
        received_at=datetime(*received, tzinfo=SHANGHAI),
        promised_by=datetime(*promised, tzinfo=SHANGHAI) if promised else None,
    )
    assert service_request.forward_by == datetime(*forward_by, tzinfo=SHANGHAI)
    assert service_request.reply_by == datetime(*reply_by, tzinfo=SHANGHAI)
    assert service_request.decision["procedure"] == "request.deadlines"
    assert {reason["policy_id"] for reason in service_request.decision["reasons"]} == {"RQ-1", "RQ-3"}


def test_rq3_a_promise_before_the_request_is_refused(assistant):
    with pytest.raises(RequestError):
        desk_request(assistant, received_at=timezone.now(), promised_by=timezone.now() - timedelta(hours=1))
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize("field", ["content", "contact_name"])
def test_rq2_the_record_needs_its_content_and_customer(assistant, field):
    with pytest.raises(RequestError, match="RQ-2"):
        desk_request(assistant, **{field: " "})


def test_only_the_desk_records_requests():
    engineer = StaffUserFactory(groups=[ENGINEERING])
    with pytest.raises(PermissionDenied):
        desk_request(engineer)


def test_an_online_request_opens_its_entry(unit, owner, django_capture_on_commit_callbacks):
    promised = timezone.now() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        submission = Submission.objects.create(
            reference="ZX-2026-000901", procedure=Procedure.REQUEST, applicant=owner, unit=unit,
            answers={"unit": {"id": unit.pk, "text": str(unit)}, "kind": "suggestion", "text": "建议增加快递柜",
                     "promised_by": promised.isoformat()},
        )
    entry = submission.service_request
    assert (entry.kind, entry.channel, entry.content, entry.unit) == (
        RequestKind.SUGGESTION, Channel.ONLINE, "建议增加快递柜", unit,
    )
    assert entry.reply_by == promised
    assert entry.received_by is None


def test_rq1_a_serious_request_is_reported_to_the_supervisor_at_once(
    assistant, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        service_request = desk_request(assistant, content="地下车库入口积水严重，车辆无法进出", serious=True)
    alert = Alert.objects.get(kind=AlertKind.IMMEDIATE, clock="servicerequests.serious")
    assert list(AlertReceipt.objects.filter(alert=alert).values_list("user__username", flat=True)) == ["linzhuguan"]
    assert [message.to for message in mail.outbox] == [[supervisor.email]]
    assert service_request.reference in mail.outbox[0].subject


def test_rq1_reported_serious_later_alerts_once(assistant, supervisor):
    service_request = desk_request(assistant)
    assert not Alert.objects.exists()
    service_request = services.report_serious(service_request, by=assistant, note="业主情绪激动")
    assert service_request.serious
    assert Alert.objects.filter(clock="servicerequests.serious").count() == 1
    with pytest.raises(IllegalTransition):
        services.report_serious(service_request, by=assistant)


def test_a_request_from_receipt_to_follow_up(assistant, unit, owner, django_capture_on_commit_callbacks):
    service_request = desk_request(assistant, unit=unit, person=owner)
    service_request = services.forward(service_request, by=assistant, department="engineering", note="请工程部评估")
    assert (service_request.state, service_request.department) == (RequestState.FORWARDED, "engineering")

    with django_capture_on_commit_callbacks(execute=True):
        service_request = services.reply(service_request, by=assistant, reply="工程部将于下周安装雨棚。")
    assert service_request.state == RequestState.REPLIED
    assert service_request.replied_on_time
    assert [message.to for message in mail.outbox] == [["lina@example.cn"]]
    assert "工程部将于下周安装雨棚。" in mail.outbox[0].body

    service_request = services.close(service_request, by=assistant)
    assert service_request.state == RequestState.CLOSED
    # RQ-2, FU-1: followed up within a day.
    followup = FollowUp.objects.for_source(service_request).get()
    assert followup.kind == "request"
    assert followup.due_by == service_request.closed_at + timedelta(days=1)

    assert [event.action for event in AuditEvent.objects.for_object(service_request).order_by("at", "id")] == [
        "opened", "forwarded", "replied", "closed",
    ]


def test_a_request_answered_without_forwarding(assistant):
    service_request = services.reply(desk_request(assistant), by=assistant, reply="已当场解答")
    assert service_request.state == RequestState.REPLIED
    assert service_request.department == ""


def test_the_online_request_reads_as_its_entry_stands(assistant, unit, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = Submission.objects.create(
            reference="ZX-2026-000902", procedure=Procedure.REQUEST, applicant=owner, unit=unit,
            answers={"kind": "request", "text": "申请开通门禁卡"},
        )
    entry = services.reply(submission.service_request, by=assistant, reply="已开通")
    services.close(entry, by=assistant)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.COMPLETED


@pytest.mark.parametrize(
    "step",
    [
        lambda r, u: services.close(r, by=u),
        lambda r, u: services.forward(services.close(services.reply(r, by=u, reply="好"), by=u), by=u,
                                      department="security"),
    ],
)
def test_illegal_steps_are_refused(assistant, step):
    service_request = desk_request(assistant)
    with pytest.raises(IllegalTransition):
        step(service_request, assistant)


@pytest.mark.parametrize("group", [ENGINEERING, CASHIER])
def test_steps_need_the_desks_permission(assistant, group):
    service_request = desk_request(assistant)
    other = StaffUserFactory(groups=[group])
    with pytest.raises(PermissionDenied):
        services.forward(service_request, by=other, department="engineering")
    service_request.refresh_from_db()
    assert service_request.state == RequestState.RECEIVED


def test_rq4_the_supervisor_signs_off_the_week_once(assistant, supervisor):
    desk_request(assistant)
    summary = WeeklyRequestSummary.objects.get()
    with pytest.raises(PermissionDenied):
        services.sign_weekly_summary(summary, by=assistant)
    summary = services.sign_weekly_summary(summary, by=supervisor, note="本周需求以设施类为主")
    assert summary.signed_by == supervisor
    with pytest.raises(IllegalTransition):
        services.sign_weekly_summary(summary, by=supervisor)
    # The next week's summary is due.
    assert WeeklyRequestSummary.objects.filter(week_start=summary.week_start + timedelta(days=7)).exists()
