"""Alerts are sent once: the database refuses a second alert for the same deadline, a
changed deadline is alerted again, an immediate report (CP-5, RC-2, RQ-1) goes out once
per case and reason; recipients read their alerts by email and on their admin dashboard."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import IntegrityError, transaction

from portal.clocks import services
from portal.clocks.models import Alert, AlertKind, AlertReceipt
from portal.organisation.groups import SUPERVISOR
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
DUE = datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="wangzhuguan", email="wang@example.cn")


@pytest.fixture
def unit():
    return UnitFactory()


def escalate(obj, recipients, *, due_at=DUE, kind=AlertKind.ESCALATION):
    return services.send_alert(
        obj, clock="tests.reply_by", kind=kind, due_at=due_at, recipients=recipients,
        subject="逾期：回复客户", body="请尽快处理。", url="/admin/units/1/",
    )


def test_an_alert_is_emailed_after_commit_and_shown_unread(unit, supervisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alert = escalate(unit, [supervisor])
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["wang@example.cn"]]
    assert mail.outbox[0].subject == "逾期：回复客户"
    assert "http://127.0.0.1:8000/admin/units/1/" in mail.outbox[0].body
    assert [receipt.alert for receipt in services.unread_for(supervisor)] == [alert]


def test_the_same_deadline_is_alerted_once(unit, supervisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = escalate(unit, [supervisor])
        second = escalate(unit, [supervisor])
    assert first is not None and second is None
    assert Alert.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_changed_deadline_is_a_new_deadline(unit, supervisor):
    assert escalate(unit, [supervisor]) is not None
    assert escalate(unit, [supervisor], due_at=DUE + timedelta(days=2)) is not None
    assert escalate(unit, [supervisor], kind=AlertKind.REMINDER) is not None
    assert Alert.objects.count() == 3


def test_the_database_refuses_a_second_alert_for_a_deadline(unit):
    key = {
        "clock": "tests.reply_by", "content_type": ContentType.objects.get_for_model(unit),
        "object_id": str(unit.pk), "due_at": DUE, "kind": AlertKind.ESCALATION, "subject": "逾期",
    }
    Alert.objects.create(**key)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(**key)


def test_the_database_refuses_a_second_immediate_report_for_a_reason(unit):
    key = {
        "clock": "calls.urgent", "content_type": ContentType.objects.get_for_model(unit),
        "object_id": str(unit.pk), "due_at": None, "kind": AlertKind.IMMEDIATE, "subject": "紧急",
    }
    Alert.objects.create(**key)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(**key)


def test_a_racing_duplicate_leaves_the_callers_transaction_usable(unit, supervisor, monkeypatch):
    """Two scans at once: the second's insert fails inside its savepoint and it goes on (PostgreSQL-safe)."""
    escalate(unit, [supervisor])
    exists = Alert.objects.filter
    monkeypatch.setattr(Alert.objects, "filter", lambda **kw: exists(pk=-1))  # the check misses the first alert
    with transaction.atomic():
        assert escalate(unit, [supervisor]) is None
        assert AlertReceipt.objects.count() == 1  # the transaction still answers queries
    assert Alert.objects.count() == 1


def test_alert_now_reports_once_per_case_and_reason(unit, supervisor, django_capture_on_commit_callbacks):
    """RC-2: a serious or urgent call is reported to the supervisor immediately — once."""
    with django_capture_on_commit_callbacks(execute=True):
        first = services.alert_now(unit, reason="calls.urgent", recipients=[supervisor], subject="紧急来电",
                                   body="3栋漏水")
        again = services.alert_now(unit, reason="calls.urgent", recipients=[supervisor], subject="紧急来电",
                                   body="3栋漏水")
        other = services.alert_now(unit, reason="complaints.major", recipients=[supervisor], subject="重大投诉",
                                   body="")
    assert first.kind == AlertKind.IMMEDIATE and first.due_at is None
    assert again is None and other is not None
    assert len(mail.outbox) == 2


def test_inactive_missing_and_repeated_recipients_are_skipped(unit, supervisor):
    gone = StaffUserFactory(is_active=False)
    alert = escalate(unit, [supervisor, None, gone, supervisor])
    assert list(alert.receipts.values_list("user", flat=True)) == [supervisor.pk]
    assert alert.recipients == supervisor.get_full_name()


def test_mark_read_clears_the_users_alerts_only(unit, supervisor):
    colleague = StaffUserFactory(groups=[SUPERVISOR])
    escalate(unit, [supervisor, colleague])
    escalate(unit, [supervisor], due_at=DUE + timedelta(days=1))
    assert services.mark_read(supervisor) == 2
    assert services.unread_for(supervisor).count() == 0
    assert services.unread_for(colleague).count() == 1


def test_shift_for_pause_moves_running_deadlines_by_the_wait(unit):
    """A case waiting for the customer does not use up its time: its deadlines move by the wait."""
    paused_since = datetime(2026, 11, 16, 10, 0, tzinfo=SHANGHAI)
    resumed_at = paused_since + timedelta(days=2, hours=3)
    unit.reply_by = paused_since + timedelta(hours=5)
    unit.missed_by = paused_since - timedelta(hours=1)  # already missed before the wait: stays missed
    unit.empty_by = None
    services.shift_for_pause(unit, ["reply_by", "missed_by", "empty_by"], paused_since, resumed_at)
    assert unit.reply_by == paused_since + timedelta(days=2, hours=8)
    assert unit.missed_by == paused_since - timedelta(hours=1)
    assert unit.empty_by is None
