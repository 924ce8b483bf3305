"""The contract every room's steps share (:mod:`portal.casework.lifecycle`), shown on a
move-in handover: who may, what the state allows, a refusal that changes nothing, and the
audit trail of the case and of its application."""

import dataclasses

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation

from portal.audit.models import AuditEvent
from portal.casework.lifecycle import Change, follow_case
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.moveins import services
from portal.moveins.models import CaseState, MoveInCase
from portal.moveins.services import LIFECYCLE, Action, CaseError, IllegalTransition
from portal.organisation.groups import ASSISTANT, CASHIER
from tests.factories import PersonFactory, StaffUserFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    owner = PersonFactory(name="王芳", email="wangfang@example.cn", user=UserFactory(username="wangfang"))
    submission = Submission.objects.create(
        reference="RH-2026-000001", procedure=Procedure.MOVE_IN, applicant=owner, unit=UnitFactory(),
        answers={"notice_move_in_date": "2026-03-01"},
    )
    return services.open_case(submission)


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="lizhuli", last_name="李", first_name="助理")


def trail(target) -> list[tuple[str, str, str, str]]:
    return [(e.action, e.from_state, e.to_state, e.note) for e in AuditEvent.objects.for_object(target)]


def refusing(locked):
    locked.refusal_reason = "业主未按预约时间到场"
    return ["refusal_reason"], "业主未按预约时间到场", {"called": True}


def test_a_step_is_saved_with_its_audit_event_and_the_application_follows(
    case, assistant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        returned = LIFECYCLE.perform(case, Action.REFUSE, by=assistant, change=refusing)

    assert returned is case
    assert (case.state, case.handled_by) == (CaseState.REFUSED, assistant)
    assert case.refusal_reason == "业主未按预约时间到场"
    assert trail(case)[-1] == ("refused", CaseState.OPENED, CaseState.REFUSED, "业主未按预约时间到场")
    assert AuditEvent.objects.for_object(case).last().data == {"called": True}
    submission = case.submission
    submission.refresh_from_db()
    assert (submission.status, submission.status_note) == (SubmissionStatus.REJECTED, "业主未按预约时间到场")
    assert trail(submission) == [
        ("rejected", SubmissionStatus.SUBMITTED, SubmissionStatus.REJECTED, "业主未按预约时间到场")
    ]
    assert len(mail.outbox) == 1  # the owner, once the step has committed


def test_a_step_the_state_does_not_allow_is_refused_before_anything_is_written(case, assistant):
    called = []

    with translation.override("en"), pytest.raises(
        IllegalTransition, match="“Hand over the keys” is not possible for a move-in handover"
    ):
        LIFECYCLE.perform(case, Action.HAND_KEYS, by=assistant, change=lambda locked: called.append(locked))

    assert called == []
    assert MoveInCase.objects.get(pk=case.pk).state == CaseState.OPENED
    assert trail(case) == [("opened", "", CaseState.OPENED, "")]


def test_a_user_without_the_permission_is_denied_before_the_case_is_read(case):
    cashier = StaffUserFactory(groups=[CASHIER])
    called = []

    with pytest.raises(PermissionDenied):
        LIFECYCLE.perform(case, Action.REFUSE, by=cashier, change=lambda locked: called.append(locked))

    assert called == []
    assert trail(case) == [("opened", "", CaseState.OPENED, "")]


def test_a_refusal_inside_the_change_rolls_back_what_it_wrote(case, assistant):
    def change(locked):
        refusing(locked)
        locked.save(update_fields=["refusal_reason"])
        follow_case(locked.submission, SubmissionStatus.REJECTED, by=assistant, note="写了一半")
        raise CaseError("refused halfway")

    with pytest.raises(CaseError, match="refused halfway"):
        LIFECYCLE.perform(case, Action.REFUSE, by=assistant, change=change)

    stored = MoveInCase.objects.select_related("submission").get(pk=case.pk)
    assert (stored.state, stored.refusal_reason) == (CaseState.OPENED, "")
    assert stored.submission.status == SubmissionStatus.SUBMITTED
    assert trail(case) == [("opened", "", CaseState.OPENED, "")]
    assert trail(stored.submission) == []


def test_a_change_may_decide_the_state_and_be_audited_by_it(case, assistant):
    lifecycle = dataclasses.replace(LIFECYCLE, audited_by_end_state={CaseState.REFUSED: "refused"})

    lifecycle.perform(case, Action.CHECK_IDENTITY, by=assistant,
                      change=lambda locked: Change([], "证件不全", to_state=CaseState.REFUSED))

    assert trail(case)[-1] == ("refused", CaseState.OPENED, CaseState.REFUSED, "证件不全")


def test_a_case_approves_only_an_application_still_under_review(case, assistant):
    submission = case.submission
    submission.status = SubmissionStatus.WITHDRAWN
    submission.save(update_fields=["status"])

    assert not follow_case(submission, SubmissionStatus.APPROVED, by=assistant, under_review_only=True)
    assert follow_case(submission, SubmissionStatus.APPROVED, by=assistant)
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.APPROVED
    assert not follow_case(submission, SubmissionStatus.APPROVED, by=assistant)  # already reads so
    assert trail(submission) == [("approved", SubmissionStatus.WITHDRAWN, SubmissionStatus.APPROVED, "")]
