"""Follow-up calls (客户回访): every closed case gets one, due within a day (FU-1, CP-8); an
assistant records the call's three answers (FU-2); the follow-up rate is the KPI (target 100%)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from portal.audit.models import AuditEvent
from portal.clocks.models import Alert, AlertKind
from portal.clocks.scan import scan_clock
from portal.clocks.registry import get
from portal.followups import services
from portal.followups.models import FollowUp, FollowUpKind, Outcome
from portal.followups.services import FollowUpError
from portal.organisation.groups import ASSISTANT, ENGINEERING, PROJECT_MANAGER, SUPERVISOR
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLOSED = datetime(2026, 11, 16, 15, 0, tzinfo=SHANGHAI)


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="lizhuli", email="li@example.cn")


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="wangzhuguan", email="wang@example.cn")


@pytest.fixture
def case():
    """A closed case to follow up; any saved record will do (here a unit of the register)."""
    return UnitFactory()


def open_for(source, *, closed_at=CLOSED, kind=FollowUpKind.REPAIR):
    return services.open_followup(source, kind=kind, closed_at=closed_at, unit=source, contact_name="张伟",
                                  contact_phone="13800138000")


def test_a_closed_case_gets_one_followup_due_within_a_day(case):
    """FU-1, CP-8."""
    followup = open_for(case)
    assert followup.due_by == CLOSED + timedelta(days=1)
    assert open_for(case, closed_at=CLOSED + timedelta(hours=3)) == followup  # asked again: the same one
    assert FollowUp.objects.count() == 1
    assert list(FollowUp.objects.for_source(case)) == [followup]
    assert [event.action for event in AuditEvent.objects.for_object(followup)] == ["opened"]


def test_an_assistant_records_the_three_answers(case, assistant):
    """FU-2: is it fixed, is the customer satisfied, anything else."""
    followup = open_for(case)
    called_at = CLOSED + timedelta(hours=20)
    services.record_followup(followup, user=assistant, fixed=True, satisfied=True, other_needs="想咨询停车位",
                             outcome=Outcome.FIXED_AND_SATISFIED, at=called_at)
    assert followup.done_at == called_at and followup.done_by == assistant
    assert (followup.fixed, followup.satisfied, followup.other_needs) == (True, True, "想咨询停车位")
    assert followup.on_time
    event = AuditEvent.objects.for_object(followup).last()
    assert (event.action, event.actor, event.to_state) == ("called", assistant, Outcome.FIXED_AND_SATISFIED)


@pytest.mark.parametrize(
    ("fixed", "satisfied", "outcome"),
    [
        (False, True, Outcome.FIXED_AND_SATISFIED),
        (True, True, Outcome.NOT_SATISFIED),
        (None, True, Outcome.NOT_SATISFIED),
        (True, True, "delighted"),
    ],
)
def test_an_outcome_must_agree_with_the_answers(case, assistant, fixed, satisfied, outcome):
    followup = open_for(case)
    with pytest.raises(FollowUpError):
        services.record_followup(followup, user=assistant, fixed=fixed, satisfied=satisfied, other_needs="",
                                 outcome=outcome)
    followup.refresh_from_db()
    assert followup.done_at is None


def test_after_an_unanswered_call_the_next_call_is_recorded(case, assistant):
    followup = open_for(case)
    first_call = CLOSED + timedelta(hours=2)
    services.record_followup(followup, user=assistant, fixed=True, satisfied=True, other_needs="",
                             outcome=Outcome.UNREACHABLE, at=first_call)
    assert (followup.fixed, followup.satisfied) == (None, None)
    services.record_followup(followup, user=assistant, fixed=False, satisfied=False, other_needs="",
                             outcome=Outcome.NOT_SATISFIED, note="水管仍滴水，已转工程部")
    assert followup.outcome == Outcome.NOT_SATISFIED and followup.done_at == first_call
    with pytest.raises(FollowUpError):
        services.record_followup(followup, user=assistant, fixed=True, satisfied=True, other_needs="",
                                 outcome=Outcome.FIXED_AND_SATISFIED)


@pytest.mark.parametrize("group", [ENGINEERING, PROJECT_MANAGER])
def test_only_the_desk_records_followups(case, group):
    followup = open_for(case)
    with pytest.raises(PermissionDenied):
        services.record_followup(followup, user=StaffUserFactory(groups=[group]), fixed=True, satisfied=True,
                                 other_needs="", outcome=Outcome.FIXED_AND_SATISFIED)


def test_a_due_followup_reminds_the_assistants_then_escalates_to_the_supervisor(
    case, assistant, supervisor, django_capture_on_commit_callbacks
):
    followup = open_for(case)
    clock = get("followups.due_by")
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_clock(clock, CLOSED + timedelta(hours=12)) == (0, 0)
        assert scan_clock(clock, CLOSED + timedelta(hours=21)) == (1, 0)
        assert scan_clock(clock, CLOSED + timedelta(hours=25)) == (0, 1)
        assert scan_clock(clock, CLOSED + timedelta(hours=30)) == (0, 0)
    assert [message.to for message in mail.outbox] == [["li@example.cn"], ["li@example.cn"], ["wang@example.cn"]]
    assert f"/admin/followups/followup/inspect/{followup.pk}/" in mail.outbox[-1].body
    assert Alert.objects.filter(kind=AlertKind.ESCALATION).count() == 1


def test_a_recorded_followup_is_not_alerted(case, assistant):
    followup = open_for(case)
    services.record_followup(followup, user=assistant, fixed=True, satisfied=True, other_needs="",
                             outcome=Outcome.FIXED_AND_SATISFIED, at=CLOSED + timedelta(hours=1))
    assert scan_clock(get("followups.due_by"), CLOSED + timedelta(days=3)) == (0, 0)


def test_followup_rate_counts_calls_made_by_the_deadline(assistant):
    """CP-8: follow-up rate 100% is the target; a late or missing call lowers it."""
    units = UnitFactory.create_batch(4)
    on_time, late, missing, next_month = (open_for(unit) for unit in units)
    next_month.due_by = datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI)
    next_month.save()
    services.record_followup(on_time, user=assistant, fixed=True, satisfied=True, other_needs="",
                             outcome=Outcome.FIXED_AND_SATISFIED, at=CLOSED + timedelta(hours=3))
    services.record_followup(late, user=assistant, fixed=True, satisfied=False, other_needs="",
                             outcome=Outcome.NOT_SATISFIED, at=CLOSED + timedelta(days=2))
    assert services.followup_rate(date(2026, 11, 1), date(2026, 11, 30)) == (3, 1, Decimal("33.3"))
    assert services.followup_rate(date(2026, 11, 17), date(2026, 11, 17)) == (3, 1, Decimal("33.3"))
    assert services.followup_rate(date(2026, 11, 18), date(2026, 11, 30)) == (0, 0, Decimal("100.0"))


def test_followup_rate_is_100_when_every_call_is_on_time(assistant):
    for unit in UnitFactory.create_batch(3):
        services.record_followup(open_for(unit), user=assistant, fixed=True, satisfied=True, other_needs="",
                                 outcome=Outcome.FIXED_AND_SATISFIED, at=CLOSED + timedelta(hours=23))
    assert services.followup_rate(date(2026, 11, 1), date(2026, 11, 30)) == (3, 3, Decimal("100.0"))
