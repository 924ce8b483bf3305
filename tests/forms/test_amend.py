"""Asked for more information, an owner amends their application in its form, pre-filled
with what they sent, and resubmits the same case; the service centre sees what changed."""

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.casework import review
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.services import ResubmissionRefused, resubmit
from portal.organisation import groups
from tests.factories import StaffUserFactory

from .conftest import in_days, jpeg, messages_of, png, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]

QUESTION = "请补充漏水位置的照片，并说明是否影响楼下住户。"


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[groups.SUPERVISOR], email="zhao@example.cn", last_name="赵", first_name="主管")


@pytest.fixture
def asked(repair, owner, supervisor, django_capture_on_commit_callbacks):
    """A burst pipe reported online with a photo, then asked more information about."""
    unit = owner.memberships.get().household.unit
    repair.start()
    repair.post("place", unit=unit.pk, phone="13800138000")
    repair.post("fault", category="burst_pipe", description="厨房天花板漏水")
    repair.post("photos", photo_1=jpeg("leak.jpg"))
    repair.post("appointment", appointment_at=in_days(1))
    repair.post("confirm", confirm="on")
    submission = Submission.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        review.request_more_information(submission, by=supervisor, message=QUESTION)
    mail.outbox.clear()
    submission.refresh_from_db()
    return submission


def amend(repair, submission):
    return repair.client.get(f"{repair.url}?amend={submission.reference}", follow=True)


def test_the_owner_is_told_the_question_and_where_to_amend(repair, owner, supervisor, django_capture_on_commit_callbacks):
    repair.start()
    unit = owner.memberships.get().household.unit
    repair.post("place", unit=unit.pk, phone="13800138000")
    repair.post("fault", category="other", description="门铃不响")
    repair.post("photos")
    repair.post("appointment", appointment_at=in_days(1))
    repair.post("confirm", confirm="on")
    submission = Submission.objects.get()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        review.request_more_information(submission, by=supervisor, message=QUESTION)

    body = mail.outbox[0].body
    assert QUESTION in body
    assert reverse("my_amend_case", args=(submission.reference,)) in body
    with mock.patch("portal.accounts.views.amendable_procedures", return_value=frozenset({"repair"})):
        page = repair.client.get("/my/").content.decode()
    assert QUESTION in page
    assert reverse("my_amend_case", args=(submission.reference,)) in page


def test_the_form_opens_filled_in_with_the_answers_and_files_sent(repair, asked):
    first = amend(repair, asked)

    assert step_of(first) == "place"
    assert first.context["form"]["phone"].value() == "13800138000"
    assert QUESTION in first.content.decode()
    assert any(asked.reference in message for message in messages_of(first))
    assert "wizard_save_draft" not in first.content.decode()  # the case itself keeps the answers
    fault = repair.post("place", unit=asked.unit_id, phone="13800138000")
    assert fault.context["form"]["description"].value() == "厨房天花板漏水"
    assert fault.context["form"]["category"].value() == "burst_pipe"
    photos = repair.post("fault", category="burst_pipe", description="厨房天花板漏水")
    assert "leak.jpg" in photos.content.decode()
    appointment = repair.post("photos")
    assert appointment.context["form"]["appointment_at"].value()


def test_the_owner_resubmits_the_same_case_with_what_changed_kept_in_its_history(
    repair, asked, owner, supervisor, django_capture_on_commit_callbacks
):
    amend(repair, asked)
    repair.post("place", unit=asked.unit_id, phone="13912345678")
    repair.post("fault", category="other", description="厨房天花板渗水，楼下未受影响")
    repair.post("photos", photo_2=png("ceiling.png"))  # photo_1 kept as sent
    repair.post("appointment", appointment_at=in_days(2))

    with django_capture_on_commit_callbacks(execute=True):
        done = repair.post("confirm", confirm="on")

    assert done.status_code == 302
    assert Submission.objects.count() == 1
    case = Submission.objects.get()
    assert (case.pk, case.reference, case.status) == (asked.pk, asked.reference, SubmissionStatus.SUBMITTED)
    assert case.answers["description"] == "厨房天花板渗水，楼下未受影响"
    assert case.decision["values"] == {"priority": "general"}  # decided again (RP-3)
    assert case.status_note == ""
    assert sorted(file.original_name for file in case.files.all()) == ["ceiling.png", "leak.jpg"]
    event = AuditEvent.objects.for_object(case).last()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "resubmitted", owner.user, "info_requested", "submitted"
    )
    assert event.data["changes"]["description"] == {"from": "厨房天花板漏水", "to": "厨房天花板渗水，楼下未受影响"}
    assert event.data["changes"]["phone"] == {"from": "13800138000", "to": "13912345678"}
    assert event.data["previous_answers"]["category"] == "burst_pipe"
    assert (event.data["previous_outcome"], event.data["files_added"]) == ("info", ["ceiling.png"])
    assert [message.to for message in mail.outbox] == [[supervisor.email]]  # the one who asked
    assert case.reference in mail.outbox[0].subject

    again = repair.post("confirm", confirm="on")  # a replayed last step
    assert again.status_code == 302
    assert Submission.objects.count() == 1
    assert AuditEvent.objects.for_object(case).filter(action="resubmitted").count() == 1


def test_a_replaced_file_leaves_the_case(repair, asked):
    amend(repair, asked)
    repair.post("place", unit=asked.unit_id, phone="13800138000")
    repair.post("fault", category="burst_pipe", description="厨房天花板漏水")
    repair.post("photos", photo_1=jpeg("closer.jpg", size=(80, 60)))
    repair.post("appointment", appointment_at=in_days(1))
    repair.post("confirm", confirm="on")

    case = Submission.objects.get()
    assert [file.original_name for file in case.files.all()] == ["closer.jpg"]
    event = AuditEvent.objects.for_object(case).last()
    assert (event.data["files_added"], event.data["files_removed"]) == (["closer.jpg"], ["leak.jpg"])


def test_a_case_not_waiting_for_information_cannot_be_amended(repair, asked, supervisor):
    review.approve(asked, by=supervisor)

    response = repair.client.get(f"{repair.url}?amend={asked.reference}")

    assert response.status_code == 302
    assert response.url == reverse("my_dashboard")
    with pytest.raises(ResubmissionRefused):
        resubmit(asked, by=asked.applicant.user, answers={})
    assert Submission.objects.get().status == SubmissionStatus.APPROVED


def test_only_the_owner_of_the_case_amends_it(client, asked, neighbour):
    client.force_login(neighbour.user)

    assert client.get(f"/apply/repair/?amend={asked.reference}").status_code == 404
    assert client.get(reverse("my_amend_case", args=(asked.reference,))).status_code == 404
    with pytest.raises(PermissionDenied):
        resubmit(asked, by=neighbour.user, answers={})
    assert Submission.objects.get().status == SubmissionStatus.INFO_REQUESTED


def test_the_amend_link_leads_to_the_form_of_the_procedure(owner_client, asked):
    with mock.patch("portal.accounts.views.form_url", return_value="/services/repair/apply/"):
        response = owner_client.get(reverse("my_amend_case", args=(asked.reference,)))

    assert response.status_code == 302
    assert response.url == f"/services/repair/apply/?amend={asked.reference}"
