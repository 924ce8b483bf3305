"""The review queue as the service centre works it: the cashier sees the cases it takes
payments for, "overdue" means waiting for the service centre past the due time, and a
case resubmitted by its applicant shows what changed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.audit.services import record
from portal.casework import review
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.organisation.groups import CASHIER, PROJECT_MANAGER, SUPERVISOR
from tests.factories import StaffUserFactory

from .test_review_queue import SubmissionFactory, listed, login, url

pytestmark = pytest.mark.django_db


def test_the_cashier_sees_parking_move_in_and_renovation_cases_only(client):
    cashier = login(client, CASHIER)
    seen = [SubmissionFactory(procedure=procedure) for procedure in
            (Procedure.PARKING, Procedure.MOVE_IN, Procedure.RENOVATION)]
    repair = SubmissionFactory(procedure=Procedure.REPAIR)

    response = cashier.get(url())

    assert response.status_code == 200
    assert sorted(listed(response)) == sorted(case.reference for case in seen)
    assert cashier.get(url("inspect", seen[0].pk)).status_code == 200
    assert cashier.get(url("inspect", repair.pk)).status_code == 404
    assert review.available_actions(cashier.user, seen[0]) == []  # it looks, the desk decides


@pytest.mark.parametrize(
    "status, overdue",
    [
        (SubmissionStatus.SUBMITTED, True),
        (SubmissionStatus.IN_PROGRESS, True),
        (SubmissionStatus.INFO_REQUESTED, False),  # waiting for the applicant
        (SubmissionStatus.APPROVED, False),  # decided; the work follows
        (SubmissionStatus.COMPLETED, False),
        (SubmissionStatus.REJECTED, False),
    ],
)
def test_overdue_means_past_due_and_waiting_for_the_service_centre(client, status, overdue):
    manager = login(client, PROJECT_MANAGER)
    late = SubmissionFactory(status=status, overdue=True)
    SubmissionFactory(status=status)  # not due yet

    assert listed(manager.get(url(), {"overdue": "true"})) == ([late.reference] if overdue else [])
    assert review.is_overdue(late) is overdue
    assert Submission.objects.overdue().filter(pk=late.pk).exists() is overdue


def test_a_resubmitted_case_shows_what_the_applicant_changed(client):
    manager = login(client, PROJECT_MANAGER)
    case = SubmissionFactory(due_at=timezone.now() + timedelta(days=1))
    record(case, "resubmitted", actor=None, from_state="info_requested", to_state="submitted", data={
        "changes": {"description": {"from": "厨房漏水", "to": "厨房天花板渗水"}},
        "files_added": ["ceiling.jpg"], "files_removed": [],
    })

    html = manager.get(url("inspect", case.pk)).content.decode()

    assert "厨房漏水 → 厨房天花板渗水" in html
    assert "ceiling.jpg" in html


def test_staff_who_asked_hear_of_the_resubmission(django_capture_on_commit_callbacks, mailoutbox):
    from portal.casework import notifications

    asker = StaffUserFactory(groups=[SUPERVISOR], email="zhao@example.cn")
    case = SubmissionFactory()
    review.request_more_information(case, by=asker, message="请补充照片")

    assert notifications.notify_staff_of_resubmission(case) is True
    assert mailoutbox[-1].to == ["zhao@example.cn"]
    assert case.reference in mailoutbox[-1].subject
