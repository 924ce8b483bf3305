"""A complaint from its receipt to its follow-up visit (投诉受理, CP-1, CP-5, CP-7, CP-8):
opened for every online complaint or recorded by the desk, assessed by the supervisor,
forwarded, its result agreed and replied the same day, closed with a follow-up due."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.complaints import services
from portal.complaints.models import CaseState, Channel, ComplaintCase, Department, Grade
from portal.complaints.services import ComplaintError, IllegalTransition
from portal.followups.models import FollowUp
from portal.organisation.groups import ASSISTANT, ENGINEERING, PROJECT_MANAGER, SUPERVISOR
from tests.factories import HouseholdMemberFactory, PersonFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

_references = iter(range(1, 100_000))


@pytest.fixture
def owner():
    person = PersonFactory(name="王芳", email="wangfang@example.cn", user=UserFactory(username="wangfang"))
    return HouseholdMemberFactory(person=person).person


@pytest.fixture
def unit(owner):
    return owner.memberships.get().household.unit


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenzhuli", last_name="陈", first_name="助理")


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="linzhuguan", last_name="林", first_name="主管")


@pytest.fixture
def manager():
    return StaffUserFactory(groups=[PROJECT_MANAGER], username="huangjingli", last_name="黄", first_name="经理")


def complaint(applicant, unit, *, subject="电梯噪音大", submitted_at=None, **answers) -> Submission:
    """An online complaint as the wizard stores it; its case opens when the transaction commits."""
    return Submission.objects.create(
        reference=f"ZX-2026-{next(_references):06d}",
        procedure=Procedure.COMPLAINT,
        applicant=applicant,
        unit=unit,
        answers={"unit": {"id": unit.pk, "text": str(unit)}, "subject": subject,
                 "description": "晚上十点后电梯运行噪音很大，影响休息。", **answers},
        submitted_at=submitted_at or timezone.now(),
    )


def opened(submission) -> ComplaintCase:
    return services.open_case(submission)


def audit_trail(case) -> list[tuple[str, str, str]]:
    return [(event.action, event.from_state, event.to_state) for event in AuditEvent.objects.for_object(case)]


def walk_to_result(case, supervisor, assistant):
    services.assess(case, by=supervisor, valid=True, opinion="请工程部检查电梯导轨并回复业主。")
    services.assign(case, by=assistant, department=Department.ENGINEERING)
    return services.record_result(case, by=supervisor, result="工程部已调整导轨并润滑，噪音消除。")


# --- Opening ------------------------------------------------------------------------------------


def test_an_online_complaint_opens_its_record_with_the_grades_deadlines(
    owner, unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = complaint(owner, unit)

    case = ComplaintCase.objects.get(submission=submission)
    received = submission.submitted_at
    assert (case.reference, case.channel, case.state) == (submission.reference, Channel.ONLINE, CaseState.RECEIVED)
    assert (case.complainant, case.complainant_name, case.unit, case.subject) == (owner, "王芳", unit, "电梯噪音大")
    assert case.valid is None  # until the supervisor decides (CP-1)
    assert case.grade == Grade.MINOR
    # CP-5: forwarded within 10 minutes; CP-6: a minor complaint within half a day.
    assert case.forward_by == received + timedelta(minutes=10)
    assert case.reply_by == case.resolve_by == received + timedelta(hours=12)
    assert case.unresolved_by == received + timedelta(days=7)  # CP-2, CP-10
    assert case.decision["procedure"] == "complaint.grade"
    assert audit_trail(case) == [("received", "", CaseState.RECEIVED)]
    # Asking again opens nothing new.
    assert services.open_case(submission) == case
    assert ComplaintCase.objects.count() == 1


def test_the_desk_records_a_phone_complaint_under_its_own_reference(assistant, unit):
    case = services.record_complaint(
        by=assistant, channel=Channel.PHONE, complainant_name="李先生", complainant_phone="13912345678",
        subject="地下车库灯不亮", description="B1 区三盏灯不亮。", category="facilities", unit=unit,
    )

    assert case.reference.startswith("TS-")
    assert (case.channel, case.complainant, case.complainant_phone) == (Channel.PHONE, None, "13912345678")
    assert (case.received_by, case.state, case.grade) == (assistant, CaseState.RECEIVED, Grade.MINOR)
    assert case.forward_by == case.received_at + timedelta(minutes=10)


@pytest.mark.parametrize("group", [ENGINEERING, None])
def test_only_the_desk_records_complaints(group, unit):
    user = StaffUserFactory(groups=[group] if group else [])
    with pytest.raises(PermissionDenied):
        services.record_complaint(by=user, channel=Channel.DESK, complainant_name="李先生", subject="噪音")


def test_a_desk_complaint_needs_a_name_and_a_subject(assistant):
    with pytest.raises(ComplaintError):
        services.record_complaint(by=assistant, channel=Channel.DESK, complainant_name=" ", subject="噪音")


# --- The walk (CP-7, CP-8) -----------------------------------------------------------------------


def test_a_valid_complaint_is_forwarded_answered_the_same_day_closed_and_followed_up(
    owner, unit, assistant, supervisor, django_capture_on_commit_callbacks
):
    submission = complaint(owner, unit)
    case = opened(submission)

    with django_capture_on_commit_callbacks(execute=True):
        walk_to_result(case, supervisor, assistant)
        services.reply(case, by=assistant, method="phone", text="已为您调整电梯导轨，噪音问题已解决。")
        services.close(case, by=assistant)

    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert (case.valid, case.opinion, case.graded_by) == (True, "请工程部检查电梯导轨并回复业主。", supervisor)
    assert (case.department, case.result_agreed_by) == (Department.ENGINEERING, supervisor)
    assert case.forwarded_at is not None and case.result_at is not None
    assert (case.replied_by, case.reply_method) == (assistant, "phone")
    assert case.replied_same_day is True  # CP-7
    assert case.closed_at == case.resolved_at
    assert audit_trail(case) == [
        ("received", "", CaseState.RECEIVED),
        ("assessed", CaseState.RECEIVED, CaseState.ASSESSED),
        ("forwarded", CaseState.ASSESSED, CaseState.ASSIGNED),
        ("result_recorded", CaseState.ASSIGNED, CaseState.RESULT_RETURNED),
        ("replied", CaseState.RESULT_RETURNED, CaseState.REPLIED),
        ("closed", CaseState.REPLIED, CaseState.CLOSED),
    ]
    # CP-8: the follow-up visit is due within a day of closing.
    followup = FollowUp.objects.for_source(case).get()
    assert case.followup == followup
    assert (followup.kind, followup.unit, followup.contact_name) == ("complaint", unit, "王芳")
    assert followup.due_by == case.closed_at + timedelta(hours=24) == case.followup_by
    # The owner reads the reply by email, and the application as completed.
    assert [message.to for message in mail.outbox] == [["wangfang@example.cn"]]
    assert "已为您调整电梯导轨" in mail.outbox[0].body
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.COMPLETED


def test_the_service_centre_may_answer_a_complaint_itself(owner, unit, assistant, supervisor):
    case = opened(complaint(owner, unit))
    services.assess(case, by=supervisor, valid=True, opinion="现场解释即可。")
    services.record_result(case, by=supervisor, result="已向业主说明电梯维保安排。")

    case.refresh_from_db()
    assert (case.state, case.department) == (CaseState.RESULT_RETURNED, Department.CUSTOMER_SERVICE)


def test_a_reply_on_a_later_day_is_recorded_as_not_the_same_day(owner, unit, assistant, supervisor):
    case = opened(complaint(owner, unit, submitted_at=timezone.now() - timedelta(days=3)))
    services.assess(case, by=supervisor, valid=True, opinion="转工程部。")
    services.record_result(case, by=supervisor, result="已处理。", at=timezone.now() - timedelta(days=2))
    services.reply(case, by=assistant, method="phone", text="已处理。")

    case.refresh_from_db()
    assert case.replied_same_day is False


def test_a_reply_cannot_come_before_its_result(owner, unit, assistant, supervisor):
    case = opened(complaint(owner, unit))
    walk_to_result(case, supervisor, assistant)
    with pytest.raises(ComplaintError):
        services.reply(case, by=assistant, method="phone", text="已处理。", at=timezone.now() - timedelta(hours=1))


# --- CP-1: an invalid complaint ------------------------------------------------------------------


def test_an_invalid_complaint_is_closed_with_its_reason_and_explained_politely(
    owner, unit, supervisor, django_capture_on_commit_callbacks
):
    submission = complaint(owner, unit)
    case = opened(submission)

    with django_capture_on_commit_callbacks(execute=True):
        services.assess(case, by=supervisor, valid=False, invalid_reason="电梯噪音在国家标准范围内。",
                        explanation="经检测，电梯运行噪音符合国家标准，感谢您的监督。")

    case.refresh_from_db()
    assert (case.state, case.valid, case.grade) == (CaseState.CLOSED, False, Grade.INVALID)
    assert case.invalid_reason == "电梯噪音在国家标准范围内。"
    assert (case.reply_by, case.resolve_by, case.unresolved_by) == (None, None, None)
    assert not FollowUp.objects.for_source(case).exists()
    assert "感谢您的监督" in mail.outbox[0].body
    submission.refresh_from_db()
    assert (submission.status, submission.status_note) == (
        SubmissionStatus.REJECTED, "经检测，电梯运行噪音符合国家标准，感谢您的监督。"
    )
    assert not ComplaintCase.objects.overdue(now=timezone.now() + timedelta(days=30)).exists()


@pytest.mark.parametrize("reason, explanation", [("", "感谢您的监督。"), ("不属实。", ""), (" ", " ")])
def test_an_invalid_complaint_needs_a_reason_and_an_explanation(owner, unit, supervisor, reason, explanation):
    case = opened(complaint(owner, unit))
    with pytest.raises(ComplaintError):
        services.assess(case, by=supervisor, valid=False, invalid_reason=reason, explanation=explanation)
    case.refresh_from_db()
    assert (case.state, case.valid) == (CaseState.RECEIVED, None)


def test_a_valid_complaint_needs_the_supervisors_handling_opinion(owner, unit, supervisor):
    case = opened(complaint(owner, unit))
    with pytest.raises(ComplaintError):
        services.assess(case, by=supervisor, valid=True, opinion="  ")


# --- Illegal steps and missing permissions ----------------------------------------------------------


ILLEGAL = [
    ("assign", CaseState.RECEIVED),
    ("record_result", CaseState.RECEIVED),
    ("reply", CaseState.RECEIVED),
    ("reply", CaseState.ASSESSED),
    ("close", CaseState.RECEIVED),
    ("close", CaseState.RESULT_RETURNED),
    ("assess", CaseState.CLOSED),
    ("reply", CaseState.CLOSED),
]

STEP_CALLS = {
    "assess": lambda case, user: services.assess(case, by=user, valid=True, opinion="处理。"),
    "assign": lambda case, user: services.assign(case, by=user, department=Department.SECURITY),
    "record_result": lambda case, user: services.record_result(case, by=user, result="已处理。"),
    "reply": lambda case, user: services.reply(case, by=user, method="phone", text="已处理。"),
    "close": lambda case, user: services.close(case, by=user),
}


def case_in(state, owner, unit, supervisor, manager):
    case = opened(complaint(owner, unit))
    steps = {
        CaseState.RECEIVED: [],
        CaseState.ASSESSED: ["assess"],
        CaseState.RESULT_RETURNED: ["assess", "record_result"],
        CaseState.CLOSED: ["assess", "record_result", "reply", "close"],
    }[state]
    for step in steps:
        STEP_CALLS[step](case, manager)
    case.refresh_from_db()
    assert case.state == state
    return case


@pytest.mark.parametrize("step, state", ILLEGAL)
def test_a_step_the_state_does_not_allow_is_refused_and_changes_nothing(
    step, state, owner, unit, supervisor, manager
):
    case = case_in(state, owner, unit, supervisor, manager)
    events = AuditEvent.objects.count()
    with pytest.raises(IllegalTransition):
        STEP_CALLS[step](case, manager)
    case.refresh_from_db()
    assert case.state == state
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "group, step, allowed",
    [
        (ASSISTANT, "assess", False),  # CP-1: the supervisor decides validity and grade
        (ASSISTANT, "record_result", False),  # CP-7: the supervisor agrees the result
        (SUPERVISOR, "assess", True),
        (PROJECT_MANAGER, "assess", True),
        (ENGINEERING, "assess", False),
        (ENGINEERING, "assign", False),
        (ASSISTANT, "assign", True),
    ],
)
def test_each_step_needs_its_permission(group, step, allowed, owner, unit, manager):
    case = opened(complaint(owner, unit))
    if step == "assign":
        services.assess(case, by=manager, valid=True, opinion="转保安部。")
    user = StaffUserFactory(groups=[group])
    if allowed:
        STEP_CALLS[step](case, user)
    else:
        with pytest.raises(PermissionDenied):
            STEP_CALLS[step](case, user)


def test_available_steps_follow_the_state_and_the_users_group(owner, unit, assistant, supervisor):
    case = opened(complaint(owner, unit))
    assert services.available_actions(assistant, case) == ["wait", "link_event"]
    assert services.available_actions(supervisor, case) == ["assess", "wait", "link_event"]
    services.assess(case, by=supervisor, valid=True, opinion="转工程部。")
    case.refresh_from_db()
    assert services.available_actions(assistant, case) == ["assign", "wait", "link_event"]
    assert services.available_actions(supervisor, case) == [
        "assess", "assign", "record_result", "wait", "link_event", "extend",
    ]


# --- Waiting for the customer ----------------------------------------------------------------------


def test_waiting_for_the_customer_stops_the_clocks_and_moves_the_deadlines(owner, unit, assistant, supervisor):
    case = opened(complaint(owner, unit))
    services.assess(case, by=supervisor, valid=True, opinion="预约上门查看。")
    case.refresh_from_db()
    before = {name: getattr(case, name) for name in ("reply_by", "resolve_by", "unresolved_by")}

    services.wait_for_customer(case, by=assistant, note="业主出差，约定周末上门。")
    case.refresh_from_db()
    assert case.is_waiting
    far_future = timezone.now() + timedelta(days=30)
    assert not ComplaintCase.objects.overdue(now=far_future).exists()  # a waiting case is never overdue
    # Three hours later the customer is back.
    ComplaintCase.objects.filter(pk=case.pk).update(waiting_since=case.waiting_since - timedelta(hours=3))
    services.resume(case, by=assistant)

    case.refresh_from_db()
    assert not case.is_waiting
    for name, due in before.items():
        assert getattr(case, name) - due == pytest.approx(timedelta(hours=3), abs=timedelta(seconds=5))
    assert case.paused_for >= timedelta(hours=3)
    assert [event.action for event in AuditEvent.objects.for_object(case)][-2:] == ["waiting", "resumed"]


def test_resuming_a_case_that_is_not_waiting_is_refused(owner, unit, assistant):
    case = opened(complaint(owner, unit))
    with pytest.raises(IllegalTransition):
        services.resume(case, by=assistant)
