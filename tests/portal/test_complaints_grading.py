"""Grading a complaint and its deadlines (CP-1…CP-6, CP-10): the supervisor's criteria and
``complaint.grade``, complaints about the same event counted, major and important
complaints reported at once, deadlines in calendar hours across weekends and holidays,
and the approval more time needs."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.clocks.models import Alert, AlertKind
from portal.clocks.scan import scan
from portal.complaints import services
from portal.complaints.models import Channel, ComplaintCase, ComplaintEvent, DeadlineExtension, Grade
from portal.complaints.services import ComplaintError
from portal.organisation.groups import ASSISTANT, PROJECT_MANAGER, SUPERVISOR
from tests.factories import HouseholdMemberFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenzhuli")


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="linzhuguan", email="lin@example.com")


@pytest.fixture
def manager():
    return StaffUserFactory(groups=[PROJECT_MANAGER], username="huangjingli", email="huang@example.com")


@pytest.fixture
def frozen(monkeypatch):
    """Stop the clock at a given instant: ``frozen(datetime(...))``."""

    def freeze(at):
        monkeypatch.setattr(timezone, "now", lambda: at)
        return at

    return freeze


def desk_complaint(by, *, name="李先生", phone="13912345678", person=None, received_at=None, event=None,
                   subject="3号楼停水"):
    return services.record_complaint(
        by=by, channel=Channel.PHONE, complainant_name=name, complainant_phone=phone, complainant=person,
        subject=subject, received_at=received_at, event=event,
    )


def immediate_alerts(obj) -> list[Alert]:
    return list(Alert.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk),
                                     kind=AlertKind.IMMEDIATE))


def policy_ids(case) -> set[str]:
    return {reason["policy_id"] for reason in case.decision["reasons"]}


# --- CP-2…CP-4, CP-6: the grade and its deadlines --------------------------------------------------

H = timedelta(hours=1)
D = timedelta(days=1)

GRADES = [
    # policy, criteria ticked, deemed, grade, reply within, resolve within
    ("CP-4", [], "", Grade.MINOR, 12 * H, 12 * H),
    ("CP-2", ["sudden_outage"], "", Grade.MAJOR, 48 * H, 15 * D),
    ("CP-2", ["company_fault_loss_or_injury"], "", Grade.MAJOR, 48 * H, 15 * D),
    ("CP-2", ["contracted_service_failed_repeatedly"], "", Grade.MAJOR, 48 * H, 15 * D),
    ("CP-2", [], "major", Grade.MAJOR, 48 * H, 15 * D),
    ("CP-3", ["reasonable_need_unmet_seriously"], "", Grade.IMPORTANT, 24 * H, 24 * H),
    ("CP-3", ["severe_staff_attitude"], "", Grade.IMPORTANT, 24 * H, 24 * H),
    ("CP-3", [], "important", Grade.IMPORTANT, 24 * H, 24 * H),
    # CP-4: the highest grade whose criteria hold.
    ("CP-2", ["severe_staff_attitude", "sudden_outage"], "", Grade.MAJOR, 48 * H, 15 * D),
]


@pytest.mark.parametrize("policy, criteria, deemed, grade, reply_within, resolve_within", GRADES)
def test_the_supervisors_criteria_give_the_grade_and_its_deadlines(
    policy, criteria, deemed, grade, reply_within, resolve_within, assistant, supervisor
):
    case = desk_complaint(assistant)
    services.assess(case, by=supervisor, valid=True, criteria=criteria, deemed=deemed, opinion="按程序处理。")

    case.refresh_from_db()
    assert case.grade == grade
    assert policy in policy_ids(case)
    assert (case.reply_by - case.received_at, case.resolve_by - case.received_at) == (reply_within, resolve_within)
    assert case.forward_by - case.received_at == timedelta(minutes=10)  # CP-5
    assert all(getattr(case, name) == (name in criteria) for name in services.CRITERIA)  # the facts, recorded
    assert case.decision["values"]["grade"] == grade


def test_cp1_an_invalid_complaint_has_no_grade_and_no_deadlines_but_is_recorded(assistant, supervisor):
    case = desk_complaint(assistant)
    services.assess(case, by=supervisor, valid=False, invalid_reason="非物业管理范围。",
                    explanation="该问题属于供水公司管网检修，我们已为您联系供水公司。")
    case.refresh_from_db()
    assert (case.grade, case.reply_by, case.resolve_by) == (Grade.INVALID, None, None)
    assert "CP-1" in policy_ids(case)
    assert ComplaintCase.objects.filter(pk=case.pk).exists()


# --- CP-5: major and important complaints reported at once -----------------------------------------------


@pytest.mark.parametrize(
    "criteria, reported",
    [([], False), (["severe_staff_attitude"], True), (["sudden_outage"], True)],
)
def test_cp5_major_and_important_complaints_are_reported_to_supervisors_and_managers_at_once(
    criteria, reported, assistant, supervisor, manager, django_capture_on_commit_callbacks
):
    case = desk_complaint(assistant)
    with django_capture_on_commit_callbacks(execute=True):
        services.assess(case, by=supervisor, valid=True, criteria=criteria, opinion="按程序处理。")
        services.assess(case, by=supervisor, valid=True, criteria=criteria, opinion="再次确认。")  # no second report

    alerts = immediate_alerts(case)
    assert len(alerts) == (1 if reported else 0)
    if reported:
        assert {receipt.user for receipt in alerts[0].receipts.all()} == {supervisor, manager}
        assert sorted(address for message in mail.outbox for address in message.to) == [
            "huang@example.com", "lin@example.com",
        ]
        assert case.reference in alerts[0].subject


# --- CP-2: five customers about the same event --------------------------------------------------------------


def test_cp2_the_fifth_customer_about_the_same_event_makes_every_complaint_major_and_it_is_reported_once(
    assistant, supervisor, manager, django_capture_on_commit_callbacks
):
    event = services.create_event(title="3号楼停水", occurred_on=timezone.localdate(), by=assistant)
    people = [HouseholdMemberFactory().person for _ in range(5)]
    first_four = [desk_complaint(assistant, name=person.name, person=person, event=event) for person in people[:4]]
    assert {case.grade for case in ComplaintCase.objects.all()} == {Grade.MINOR}
    assert [case.same_event_complainants for case in ComplaintCase.objects.order_by("pk")] == [4, 4, 4, 4]

    with django_capture_on_commit_callbacks(execute=True):
        fifth = desk_complaint(assistant, name=people[4].name, person=people[4], event=event)

    cases = list(ComplaintCase.objects.order_by("pk"))
    assert [(case.grade, case.same_event_complainants) for case in cases] == [(Grade.MAJOR, 5)] * 5
    assert all("CP-2" in policy_ids(case) for case in cases)
    assert cases[0].resolve_by == cases[0].received_at + 15 * D  # the major complaint's deadlines (CP-6)
    # One report names the event and all five complaints; none per complaint.
    alerts = immediate_alerts(event)
    assert len(alerts) == 1
    assert all(case.reference in alerts[0].body for case in first_four + [fifth])
    assert not any(immediate_alerts(case) for case in cases)
    assert len(mail.outbox) == 2  # the supervisor and the manager


def test_cp2_a_customer_complaining_twice_counts_once(assistant):
    event = services.create_event(title="3号楼停水", occurred_on=timezone.localdate())
    for phone in ["13900000001", "13900000002", "13900000003", "13900000004", "13900000004"]:
        desk_complaint(assistant, phone=phone, event=event)
    assert {case.grade for case in ComplaintCase.objects.all()} == {Grade.MINOR}
    assert services.complainants(event) == 4


def test_cp2_a_complaint_found_invalid_no_longer_counts(assistant, supervisor):
    event = services.create_event(title="3号楼停水", occurred_on=timezone.localdate())
    cases = [desk_complaint(assistant, phone=f"1390000000{n}", event=event) for n in range(5)]
    assert ComplaintCase.objects.get(pk=cases[0].pk).grade == Grade.MAJOR

    services.assess(cases[4], by=supervisor, valid=False, invalid_reason="重复登记。", explanation="已合并处理。")

    assert [case.grade for case in ComplaintCase.objects.order_by("pk")] == [Grade.MINOR] * 4 + [Grade.INVALID]


def test_cp2_an_online_complaint_about_the_same_event_joins_it(assistant, django_capture_on_commit_callbacks):
    from portal.casework.models import Submission
    from portal.casework.procedures import Procedure

    people = [HouseholdMemberFactory().person for _ in range(5)]
    submissions = []
    with django_capture_on_commit_callbacks(execute=True):
        for n, person in enumerate(people):
            answers = {"subject": "3号楼停水", "description": "早上起一直没水。"}
            if submissions:
                answers["same_event"] = submissions[0].reference
            submissions.append(Submission.objects.create(
                reference=f"ZX-2026-9{n:05d}", procedure=Procedure.COMPLAINT, applicant=person,
                unit=person.memberships.get().household.unit, answers=answers,
            ))

    cases = [ComplaintCase.objects.get(submission=submission) for submission in submissions]
    event = cases[0].event
    assert event is not None and event.title == "3号楼停水"
    assert {case.event for case in cases} == {event}
    assert [(case.grade, case.same_event_complainants) for case in cases] == [(Grade.MAJOR, 5)] * 5


def test_linking_by_hand_needs_the_desks_permission(assistant):
    event = services.create_event(title="3号楼停水", occurred_on=timezone.localdate())
    case = desk_complaint(assistant)
    with pytest.raises(PermissionDenied):
        services.link_to_event(case, event, by=StaffUserFactory(groups=[]))
    services.link_to_event(case, event, by=assistant)
    assert ComplaintCase.objects.get(pk=case.pk).event == event
    assert ComplaintEvent.objects.get().cases.count() == 1


# --- CP-10: a week unresolved ---------------------------------------------------------------------------------


def test_cp10_a_complaint_unresolved_for_a_week_is_regraded_major_by_its_clock(assistant, supervisor, manager):
    case = desk_complaint(assistant, received_at=timezone.now() - timedelta(days=6))
    services.assess(case, by=supervisor, valid=True, opinion="转工程部处理。")
    case.refresh_from_db()
    assert case.grade == Grade.MINOR
    assert case.unresolved_by == case.received_at + 7 * D

    scan(now=case.unresolved_by + timedelta(minutes=1))
    case.refresh_from_db()
    assert case.grade == Grade.MAJOR
    assert case.unresolved_days == 7
    assert "CP-2" in policy_ids(case)
    assert Alert.objects.filter(clock="complaints.unresolved", kind=AlertKind.ESCALATION).count() == 1
    # Reported at once as a major complaint (CP-5), once.
    assert len(immediate_alerts(case)) == 1
    scan(now=case.unresolved_by + timedelta(hours=1))
    assert Alert.objects.filter(clock="complaints.unresolved").count() == 1
    assert len(immediate_alerts(case)) == 1


def test_cp10_a_complaint_recorded_a_week_after_it_was_made_becomes_major_at_the_next_scan(assistant):
    case = desk_complaint(assistant, received_at=timezone.now() - timedelta(days=8))
    assert case.grade == Grade.MINOR  # graded as it stood when it was received

    scan()
    case.refresh_from_db()
    assert (case.grade, case.unresolved_days) == (Grade.MAJOR, 8)


# --- CP-6: deadlines in calendar time, across weekends and holidays ------------------------------------------


@pytest.mark.parametrize(
    "received, criteria, reply_by, resolve_by",
    [
        # A minor complaint on a Friday evening is answered on Saturday morning.
        (datetime(2026, 10, 30, 20, 0), [], datetime(2026, 10, 31, 8, 0), datetime(2026, 10, 31, 8, 0)),
        # An important complaint on the eve of National Day is handled on the holiday.
        (datetime(2026, 9, 30, 18, 0), ["severe_staff_attitude"], datetime(2026, 10, 1, 18, 0),
         datetime(2026, 10, 1, 18, 0)),
        # A major one gets its clear reply during Golden Week and is resolved within 15 calendar days.
        (datetime(2026, 9, 30, 18, 0), ["sudden_outage"], datetime(2026, 10, 2, 18, 0),
         datetime(2026, 10, 15, 18, 0)),
    ],
)
def test_cp6_deadlines_run_in_calendar_hours_across_weekends_and_holidays(
    received, criteria, reply_by, resolve_by, assistant, supervisor, frozen
):
    received = received.replace(tzinfo=SHANGHAI)
    frozen(received + timedelta(minutes=5))
    case = desk_complaint(assistant, received_at=received)
    services.assess(case, by=supervisor, valid=True, criteria=criteria, opinion="按程序处理。")
    case.refresh_from_db()
    assert timezone.localtime(case.reply_by, SHANGHAI).replace(tzinfo=None) == reply_by
    assert timezone.localtime(case.resolve_by, SHANGHAI).replace(tzinfo=None) == resolve_by


# --- CP-6: more time needs the approval the procedure names --------------------------------------------------


@pytest.mark.parametrize(
    "criteria, group, allowed",
    [
        ([], SUPERVISOR, True),  # minor beyond half a day: the supervisor
        ([], PROJECT_MANAGER, True),
        ([], ASSISTANT, False),
        (["severe_staff_attitude"], SUPERVISOR, False),  # important beyond a day: the management manager
        (["severe_staff_attitude"], PROJECT_MANAGER, True),
        (["sudden_outage"], SUPERVISOR, False),
        (["sudden_outage"], PROJECT_MANAGER, True),
    ],
)
def test_cp6_more_time_is_approved_by_the_grades_approver_and_recorded(criteria, group, allowed, assistant,
                                                                        supervisor):
    case = desk_complaint(assistant)
    services.assess(case, by=supervisor, valid=True, criteria=criteria, opinion="按程序处理。")
    case.refresh_from_db()
    approver = StaffUserFactory(groups=[group])
    new_deadline = case.resolve_by + 2 * D

    if not allowed:
        with pytest.raises(PermissionDenied):
            services.approve_extension(case, by=approver, deadline="resolve_by", new_deadline=new_deadline,
                                       reason="需等待配件到货。")
        assert not DeadlineExtension.objects.exists()
        return
    services.approve_extension(case, by=approver, deadline="resolve_by", new_deadline=new_deadline,
                               reason="需等待配件到货。")
    case.refresh_from_db()
    assert case.resolve_by == new_deadline
    extension = DeadlineExtension.objects.get()
    assert (extension.approved_by, extension.reason, extension.new_deadline) == (approver, "需等待配件到货。",
                                                                                  new_deadline)
    assert extension.grade == case.grade


def test_an_approved_extension_survives_a_new_grading(assistant, supervisor, manager):
    case = desk_complaint(assistant)
    services.assess(case, by=supervisor, valid=True, opinion="按程序处理。")
    case.refresh_from_db()
    later = case.resolve_by + 3 * D
    services.approve_extension(case, by=supervisor, deadline="resolve_by", new_deadline=later, reason="等配件。")
    services.assess(case, by=supervisor, valid=True, opinion="补充意见。")
    case.refresh_from_db()
    assert case.resolve_by == later


def test_an_extension_must_move_the_deadline_later(assistant, supervisor):
    case = desk_complaint(assistant)
    services.assess(case, by=supervisor, valid=True, opinion="按程序处理。")
    case.refresh_from_db()
    with pytest.raises(ComplaintError):
        services.approve_extension(case, by=supervisor, deadline="resolve_by",
                                   new_deadline=case.resolve_by - H, reason="等配件。")
