"""《客户来电来访记录表》 (来访来电接待, RC-1…RC-4): every visit and call logged with the
caller's number (RC-3), answered on the spot or passed to a department (RC-4), and a
serious or urgent matter reported to the supervisor at once (RC-2)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.calls import services
from portal.calls.models import Call, CallKind, CallOutcome, Department
from portal.calls.validators import normalise_phone, validate_phone
from portal.clocks.models import Alert, AlertKind
from portal.organisation.groups import ASSISTANT, ENGINEERING, PROJECT_MANAGER, SUPERVISOR
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="lizhuli")


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="wangzhuguan", email="wang@example.cn")


def call(**fields) -> Call:
    values = {"kind": CallKind.PHONE, "caller_name": "张伟", "caller_phone": "13800138000",
              "subject": "咨询装修手续", "reply": "已告知所需资料"}
    return Call(**{**values, **fields})


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("138 0013 8000", "13800138000"),
        ("+86 13800138000", "13800138000"),
        ("0755 8888 6666", "0755-88886666"),
        ("(0755)88886666-801", "0755-88886666-801"),
        ("010-62345678", "010-62345678"),
        ("400 123 4567", "400-123-4567"),
    ],
)
def test_numbers_are_written_down_in_one_form(typed, stored):
    assert normalise_phone(typed) == stored
    validate_phone(stored)


@pytest.mark.parametrize("typed", ["12345", "23800138000", "0755-1234", "88886666", "电话"])
def test_a_number_that_is_neither_mobile_nor_landline_is_refused(typed):
    with pytest.raises(ValidationError):
        validate_phone(normalise_phone(typed))


def test_a_call_is_logged_and_audited(assistant):
    entry = services.record_call(call(unit=UnitFactory()), by=assistant)
    assert entry.recorded_by == assistant
    event = AuditEvent.objects.for_object(entry).get()
    assert (event.action, event.actor, event.data["caller_phone"]) == ("recorded", assistant, "13800138000")
    assert Alert.objects.count() == 0  # not urgent: nobody is alerted


@pytest.mark.parametrize("missing", ["caller_phone", "caller_name"])
def test_a_call_needs_the_callers_name_and_number(assistant, missing):
    """RC-3: the caller's number is written down for every call."""
    with pytest.raises(ValidationError) as refused:
        services.record_call(call(**{missing: ""}), by=assistant)
    assert missing in refused.value.message_dict
    assert Call.objects.count() == 0


def test_a_visitor_may_stay_anonymous(assistant):
    entry = services.record_call(call(kind=CallKind.VISIT, caller_name="", caller_phone=""), by=assistant)
    assert entry.pk


def test_passed_to_a_department_says_which_and_when(assistant):
    """RC-4: passed on to the department responsible, which and when."""
    with pytest.raises(ValidationError) as refused:
        services.record_call(call(outcome=CallOutcome.FORWARDED), by=assistant)
    assert "forwarded_to" in refused.value.message_dict
    entry = services.record_call(call(outcome=CallOutcome.FORWARDED, forwarded_to=Department.ENGINEERING),
                                 by=assistant)
    assert entry.forwarded_at is not None  # passed on as it was recorded


def test_the_database_holds_the_logs_rules():
    with pytest.raises(IntegrityError), transaction.atomic():
        call(caller_phone="").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        call(outcome=CallOutcome.FORWARDED, forwarded_at=timezone.now()).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        call(forwarded_to=Department.SECURITY).save()


def test_an_urgent_call_alerts_the_supervisor_at_once_and_once(assistant, supervisor,
                                                               django_capture_on_commit_callbacks):
    """RC-2: serious, urgent or sudden matters are reported to the supervisor immediately."""
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.record_call(call(subject="12栋电梯困人", urgent=True), by=assistant)
    alert = Alert.objects.get()
    assert (alert.kind, alert.clock, alert.target) == (AlertKind.IMMEDIATE, services.URGENT_REASON, entry)
    assert [message.to for message in mail.outbox] == [["wang@example.cn"]]
    assert "12栋电梯困人" in mail.outbox[0].subject
    assert f"/admin/calls/call/inspect/{entry.pk}/" in mail.outbox[0].body

    entry.reply = "已通知工程部和保安部"
    with django_capture_on_commit_callbacks(execute=True):
        services.update_call(entry, by=assistant)
    assert Alert.objects.count() == 1 and len(mail.outbox) == 1


def test_marked_urgent_later_alerts_then(assistant, supervisor):
    entry = services.record_call(call(), by=assistant)
    entry.urgent = True
    services.update_call(entry, by=assistant)
    assert Alert.objects.filter(kind=AlertKind.IMMEDIATE).count() == 1


def test_a_correction_keeps_what_it_replaced(assistant):
    entry = services.record_call(call(), by=assistant)
    entry.caller_phone = "13900139000"
    entry.at = entry.at - timedelta(minutes=5)
    services.update_call(entry, by=assistant)
    changed = AuditEvent.objects.for_object(entry).last().data["changed"]
    assert changed["caller_phone"] == {"from": "13800138000", "to": "13900139000"}
    assert set(changed) == {"caller_phone", "at"}


@pytest.mark.parametrize("group", [ENGINEERING, PROJECT_MANAGER])
def test_only_the_desk_records_calls(group):
    with pytest.raises(PermissionDenied):
        services.record_call(call(), by=StaffUserFactory(groups=[group]))
