"""The clock scan: a reminder before the deadline, an escalation after it, each exactly once
per deadline however often the scan runs; nothing while the case waits for the customer;
deadlines counted in working days across weekends and statutory holidays (RN-10)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db.models import Q

from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.clocks import registry, services
from portal.clocks.models import Alert, AlertKind
from portal.clocks.recipients import members
from portal.clocks.scan import scan, scan_clock
from portal.clocks.tasks import scan_clocks
from portal.organisation.groups import ASSISTANT, SUPERVISOR
from portal.policies import adapter
from tests.factories import PersonFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLOCK_NAME = "tests.approval_due"
escalated: list[int] = []


def approval_due(complete_at: datetime) -> datetime:
    """RN-10's deadline as a moment: the end of the third working day after ``complete_at``."""
    due = adapter.decide("renovation.approval_due", {"complete_at": complete_at}, on_date=complete_at.date()).values[
        "due"
    ]
    return datetime.combine(due + timedelta(days=1), time.min, tzinfo=SHANGHAI)


TEST_CLOCK = registry.Clock(
    name=CLOCK_NAME,
    model="casework.Submission",
    due_field="due_at",
    label="审批装修申请",
    # Waiting for the applicant's answer (info_requested) pauses the clock.
    running=Q(status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.IN_PROGRESS]),
    recipients=lambda case: [case.assigned_to],
    escalate_to=lambda case: members(SUPERVISOR),
    remind_before=timedelta(hours=24),
    admin_url=lambda case: f"/admin/casework/submission/inspect/{case.pk}/",
    on_escalate=lambda case: escalated.append(case.pk),
)


@pytest.fixture(autouse=True)
def test_clock():
    registry.register(TEST_CLOCK)
    escalated.clear()
    yield TEST_CLOCK
    registry.unregister(CLOCK_NAME)


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="lizhuli", email="li@example.cn")


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="wangzhuguan", email="wang@example.cn")


_numbers = iter(range(1, 10_000))


def application(*, due_at, assigned_to=None, status=SubmissionStatus.SUBMITTED) -> Submission:
    return Submission.objects.create(
        reference=f"ZX-2026-{next(_numbers):06d}",
        procedure=Procedure.RENOVATION,
        applicant=PersonFactory(),
        status=status,
        due_at=due_at,
        assigned_to=assigned_to,
    )


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=SHANGHAI)


def alerts(kind=None):
    queryset = Alert.objects.filter(clock=CLOCK_NAME)
    return list(queryset.filter(kind=kind) if kind else queryset)


def test_a_reminder_before_the_deadline_then_an_escalation_after_it(assistant, supervisor,
                                                                    django_capture_on_commit_callbacks):
    case = application(due_at=at(20, 18), assigned_to=assistant)
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_clock(TEST_CLOCK, at(18)) == (0, 0)  # two days ahead: nothing yet
        assert scan_clock(TEST_CLOCK, at(20)) == (1, 0)  # due tonight: the handler is reminded
    assert [message.to for message in mail.outbox] == [["li@example.cn"]]
    assert "ZX-2026" in mail.outbox[0].subject and "2026-11-20 18:00" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        assert scan_clock(TEST_CLOCK, at(21)) == (0, 1)  # past due: handler and supervisor told
    assert sorted(mail.outbox[1].to + mail.outbox[2].to) == ["li@example.cn", "wang@example.cn"]
    assert "/admin/casework/submission/inspect/" in mail.outbox[2].body
    assert [alert.kind for alert in alerts()] == [AlertKind.ESCALATION, AlertKind.REMINDER]
    assert escalated == [case.pk]


def test_repeated_scans_send_one_alert_per_overrun(assistant, supervisor, django_capture_on_commit_callbacks):
    application(due_at=at(20, 18), assigned_to=assistant)
    application(due_at=at(19, 12), assigned_to=assistant)
    with django_capture_on_commit_callbacks(execute=True):
        results = [scan_clock(TEST_CLOCK, at(22) + timedelta(minutes=5 * n)) for n in range(4)]
    assert results == [(0, 2), (0, 0), (0, 0), (0, 0)]
    assert len(alerts(AlertKind.ESCALATION)) == 2
    assert len(mail.outbox) == 4  # two cases, two people each, once
    assert len(escalated) == 2  # on_escalate ran once per overrun


def test_a_changed_deadline_is_alerted_again(assistant, supervisor):
    case = application(due_at=at(20, 18), assigned_to=assistant)
    assert scan_clock(TEST_CLOCK, at(21)) == (0, 1)
    case.due_at = at(23, 18)  # a new deadline agreed
    case.save()
    assert scan_clock(TEST_CLOCK, at(22)) == (0, 0)
    assert scan_clock(TEST_CLOCK, at(23)) == (1, 0)
    assert scan_clock(TEST_CLOCK, at(24)) == (0, 1)
    assert escalated == [case.pk, case.pk]


def test_a_case_seen_only_after_its_deadline_gets_the_escalation_alone(assistant):
    application(due_at=at(20, 18), assigned_to=assistant)
    assert scan_clock(TEST_CLOCK, at(25)) == (0, 1)
    assert alerts(AlertKind.REMINDER) == []


def test_a_paused_clock_sends_nothing(assistant, supervisor):
    """While the case waits for the applicant (info_requested) no reminder or escalation goes out."""
    case = application(due_at=at(20, 18), assigned_to=assistant, status=SubmissionStatus.INFO_REQUESTED)
    assert scan_clock(TEST_CLOCK, at(20)) == (0, 0)
    assert scan_clock(TEST_CLOCK, at(22)) == (0, 0)
    assert services.overdue(Submission.objects.all(), CLOCK_NAME, now=at(22)).count() == 0
    assert alerts() == []
    assert mail.outbox == []
    assert escalated == [] and case.pk


def test_the_deadline_moves_by_the_pause_and_the_clock_runs_again(assistant, supervisor):
    case = application(due_at=at(20, 18), assigned_to=assistant)
    paused_since, resumed_at = at(19, 10), at(21, 10)  # two days waiting for the applicant's papers
    case.status = SubmissionStatus.INFO_REQUESTED
    case.save()
    assert scan_clock(TEST_CLOCK, at(21)) == (0, 0)

    case.status = SubmissionStatus.IN_PROGRESS
    services.shift_for_pause(case, ["due_at"], paused_since, resumed_at)
    case.save()
    assert case.due_at == at(22, 18)
    assert scan_clock(TEST_CLOCK, at(21, 12)) == (0, 0)
    assert scan_clock(TEST_CLOCK, at(22, 12)) == (1, 0)
    assert scan_clock(TEST_CLOCK, at(23, 12)) == (0, 1)


def test_overdue_is_running_and_past_due():
    late = application(due_at=at(20, 18))
    application(due_at=at(20, 18), status=SubmissionStatus.INFO_REQUESTED)  # paused
    application(due_at=at(20, 18), status=SubmissionStatus.COMPLETED)  # done
    application(due_at=at(23, 18))  # not yet
    assert list(services.overdue(None, CLOCK_NAME, now=at(21))) == [late]
    with pytest.raises(ValueError):
        services.overdue(Alert.objects.all(), CLOCK_NAME)


# RN-10: approval within three working days of the application being complete; the day
# itself is not counted, weekends and statutory holidays are, make-up working days count.
@pytest.mark.parametrize(
    ("complete_on", "due_on"),
    [
        (date(2026, 11, 11), date(2026, 11, 16)),  # Wednesday → Monday, over a weekend
        (date(2026, 11, 13), date(2026, 11, 18)),  # Friday → Wednesday
        (date(2026, 9, 30), date(2026, 10, 10)),  # over National Day to the make-up Saturday
    ],
)
def test_working_day_deadlines_across_weekends_and_holidays(assistant, complete_on, due_on):
    complete_at = datetime.combine(complete_on, time(10, 0), tzinfo=SHANGHAI)
    due_at = approval_due(complete_at)
    assert due_at == datetime.combine(due_on + timedelta(days=1), time.min, tzinfo=SHANGHAI)
    case = application(due_at=due_at, assigned_to=assistant)
    last_evening = datetime.combine(due_on, time(20, 0), tzinfo=SHANGHAI)
    assert scan_clock(TEST_CLOCK, last_evening - timedelta(days=2)) == (0, 0)  # over the days off: quiet
    assert scan_clock(TEST_CLOCK, last_evening) == (1, 0)  # the last working day: reminded
    assert scan_clock(TEST_CLOCK, last_evening + timedelta(hours=6)) == (0, 1)  # the next morning: escalated
    assert escalated == [case.pk]


def test_the_task_scans_every_registered_clock(assistant):
    application(due_at=datetime(2020, 1, 1, tzinfo=SHANGHAI), assigned_to=assistant)
    result = scan_clocks.enqueue()  # inline under the test settings
    assert result.return_value["by_clock"][CLOCK_NAME] == {"reminders": 0, "escalations": 1}
    assert "followups.due_by" in result.return_value["by_clock"]
    assert scan_clocks.enqueue().return_value["escalations"] == 0


def test_run_clocks_once_enqueues_a_scan(assistant):
    from django.core.management import call_command

    application(due_at=datetime(2020, 1, 1, tzinfo=SHANGHAI), assigned_to=assistant)
    call_command("run_clocks", "--once", verbosity=0)
    assert len(alerts(AlertKind.ESCALATION)) == 1


def test_scan_defaults_to_now(assistant):
    application(due_at=datetime(2020, 1, 1, tzinfo=SHANGHAI), assigned_to=assistant)
    assert scan().escalations == 1


def test_a_clock_name_is_registered_once():
    with pytest.raises(ValueError):
        registry.register(registry.Clock(
            name=CLOCK_NAME, model="casework.Submission", due_field="due_at", label="x", running=Q(),
            recipients=list, escalate_to=list,
        ))
    registry.register(TEST_CLOCK)  # the same clock again is fine
    assert registry.get(CLOCK_NAME) is TEST_CLOCK
    with pytest.raises(LookupError):
        registry.get("tests.nothing")
