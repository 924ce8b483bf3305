"""The clocks of a complaint (CP-5, CP-6): a reminder before a deadline, one escalation per
overrun to the desk and the superiors, nothing while the case waits for the customer or
once it is done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.clocks.models import Alert, AlertKind
from portal.clocks.registry import get
from portal.clocks.scan import scan
from portal.clocks.services import overdue
from portal.complaints import services
from portal.complaints.models import Channel, ComplaintCase
from portal.organisation.groups import ASSISTANT, PROJECT_MANAGER, SUPERVISOR
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenzhuli")


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="linzhuguan")


@pytest.fixture
def manager():
    return StaffUserFactory(groups=[PROJECT_MANAGER], username="huangjingli")


def desk_complaint(by, **kwargs):
    return services.record_complaint(by=by, channel=Channel.DESK, complainant_name="李先生",
                                     complainant_phone="13912345678", subject="大堂空调不制冷", **kwargs)


def alerts(clock, kind=None):
    found = Alert.objects.filter(clock=clock)
    return list(found.filter(kind=kind) if kind else found)


def recipients(alert) -> set:
    return {receipt.user for receipt in alert.receipts.all()}


def test_every_complaint_clock_is_registered_on_the_case():
    for name, field in [
        ("complaints.forward_by", "forward_by"),
        ("complaints.reply_by", "reply_by"),
        ("complaints.resolve_by", "resolve_by"),
        ("complaints.unresolved", "unresolved_by"),
    ]:
        clock = get(name)
        assert (clock.model, clock.due_field) == ("complaints.ComplaintCase", field)


def test_cp5_a_complaint_not_forwarded_within_ten_minutes_is_escalated_to_the_supervisor_once(
    assistant, supervisor, manager
):
    case = desk_complaint(assistant)
    assert not overdue(None, "complaints.forward_by", now=case.forward_by - timedelta(minutes=1)).exists()
    assert list(overdue(None, "complaints.forward_by", now=case.forward_by + timedelta(minutes=1))) == [case]

    scan(now=case.forward_by + timedelta(minutes=1))
    scan(now=case.forward_by + timedelta(minutes=2))  # a second scan sends nothing more

    (escalation,) = alerts("complaints.forward_by")
    assert escalation.kind == AlertKind.ESCALATION
    assert recipients(escalation) == {assistant, supervisor}  # the desk that has it, and the supervisor
    assert case.reference in escalation.subject


def test_cp6_the_reply_clock_reminds_before_and_escalates_after_once_each(assistant, supervisor, manager):
    case = desk_complaint(assistant)
    services.assess(case, by=supervisor, valid=True, criteria=["severe_staff_attitude"], opinion="转工程部。")
    services.assign(case, by=assistant, department="engineering")
    case.refresh_from_db()

    scan(now=case.reply_by - timedelta(hours=1))
    scan(now=case.reply_by - timedelta(minutes=30))
    assert [alert.kind for alert in alerts("complaints.reply_by")] == [AlertKind.REMINDER]

    scan(now=case.reply_by + timedelta(minutes=1))
    scan(now=case.reply_by + timedelta(hours=5))
    escalations = alerts("complaints.reply_by", AlertKind.ESCALATION)
    assert len(escalations) == 1
    # An important complaint's overrun reaches the supervisor and the project manager (CP-5, CP-6).
    assert recipients(escalations[0]) == {assistant, supervisor, manager}
    assert ComplaintCase.objects.overdue(now=case.reply_by + timedelta(minutes=1)).get() == case


def test_a_case_waiting_for_the_customer_sends_nothing(assistant, supervisor):
    case = desk_complaint(assistant)
    services.wait_for_customer(case, by=assistant, note="业主要求明天再联系。")
    case.refresh_from_db()

    scan(now=case.resolve_by + timedelta(hours=1))
    assert not Alert.objects.filter(clock__startswith="complaints.").exists()


def test_a_replied_complaint_stops_the_reply_and_forward_clocks_a_closed_one_every_clock(assistant, supervisor):
    case = desk_complaint(assistant)
    services.assess(case, by=supervisor, valid=True, opinion="现场答复。")
    services.record_result(case, by=supervisor, result="已调整空调温度。")
    services.reply(case, by=assistant, method="in_person", text="已调整空调温度。")
    case.refresh_from_db()

    scan(now=case.reply_by + timedelta(minutes=1))
    assert {alert.clock for alert in Alert.objects.filter(kind=AlertKind.ESCALATION)} == {"complaints.resolve_by"}

    services.close(case, by=assistant)
    case.refresh_from_db()
    scan(now=case.unresolved_by + timedelta(days=1))
    assert {alert.clock for alert in Alert.objects.filter(clock__startswith="complaints.")} == {
        "complaints.resolve_by"
    }


def test_a_deadline_moved_by_an_approved_extension_is_alerted_again_once(assistant, supervisor):
    case = desk_complaint(assistant)
    services.assess(case, by=supervisor, valid=True, opinion="转工程部。")
    case.refresh_from_db()
    scan(now=case.resolve_by + timedelta(minutes=1))
    later = timezone.now() + timedelta(days=2)
    services.approve_extension(case, by=supervisor, deadline="resolve_by", new_deadline=later, reason="等配件。")

    scan(now=later - timedelta(hours=3))
    assert len(alerts("complaints.resolve_by", AlertKind.ESCALATION)) == 1
    scan(now=later + timedelta(minutes=1))
    assert len(alerts("complaints.resolve_by", AlertKind.ESCALATION)) == 2
