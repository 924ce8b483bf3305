"""The last step: one Submission however often it is sent, all or nothing, a receipt
only its applicant sees, and an email."""

import pytest
from django.core import mail

from forms import wizard as wizard_module
from portal.casework import services
from portal.casework.models import Draft, ReferenceCounter, Submission

from .conftest import files_under, in_days, jpeg, messages_of, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


@pytest.fixture
def at_confirm(repair, owner):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    repair.post("fault", category="appliance_smoking", description="空调外机冒烟")
    repair.post("photos", photo_1=jpeg("smoke.jpg"))
    repair.post("appointment", appointment_at=in_days(1))
    return repair


def test_a_double_click_on_submit_creates_one_submission(at_confirm):
    first = at_confirm.post("confirm", confirm="on")
    second = at_confirm.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert first.url == second.url == f"/apply/repair/?receipt={submission.reference}"


def test_a_replayed_last_step_finds_the_submission_it_made(at_confirm, owner):
    token = at_confirm.run_token()
    at_confirm.post("confirm", confirm="on", extra={"repair-run": token})
    at_confirm.start()  # a new application begins in the same session

    replay = at_confirm.post("confirm", confirm="on", extra={"repair-run": token})

    submission = Submission.objects.get()
    assert replay.status_code == 302
    assert replay.url.endswith(submission.reference)
    assert submission.client_token == token


def test_temporary_files_are_removed_once_submitted(at_confirm, private_media):
    assert len(files_under(private_media / "wizard-tmp")) == 1
    at_confirm.post("confirm", confirm="on")

    assert files_under(private_media / "wizard-tmp") == []
    assert len(files_under(private_media / "submissions")) == 1


def test_a_failure_while_submitting_leaves_no_submission_and_no_files(at_confirm, private_media, monkeypatch):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(services, "record", broken_audit)
    response = at_confirm.post("confirm", confirm="on")

    assert response.status_code == 500
    assert step_of(response) == "confirm"
    assert messages_of(response)
    assert not Submission.objects.exists()
    assert not (private_media / "submissions").exists() or files_under(private_media / "submissions") == []
    assert not ReferenceCounter.objects.filter(last__gt=0).exists()  # the number was given back
    assert Draft.objects.count() == 1  # the answers are still there…
    assert len(mail.outbox) == 0

    monkeypatch.undo()
    at_confirm.client.force_login(Draft.objects.get().person.user)
    retry = at_confirm.post("confirm", confirm="on")  # …so trying again works

    assert retry.status_code == 302
    assert Submission.objects.get().files.count() == 1


def test_the_receipt_is_shown_only_to_its_applicant(at_confirm, neighbour, client):
    receipt_url = at_confirm.post("confirm", confirm="on").url
    reference = Submission.objects.get().reference

    assert reference in at_confirm.client.get(receipt_url).content.decode()
    client.force_login(neighbour.user)
    assert client.get(receipt_url).status_code == 404
    assert at_confirm.client.get("/apply/repair/?receipt=ZX-2000-000001").status_code == 404
    assert at_confirm.client.get(f"/apply/complaint/?receipt={reference}").status_code == 404


def test_the_owner_is_emailed_the_reference(at_confirm, owner):
    at_confirm.post("confirm", confirm="on")

    submission = Submission.objects.get()
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert submission.reference in message.subject
    assert f"/apply/repair/?receipt={submission.reference}" in message.body


def test_a_mail_failure_does_not_undo_the_submission(at_confirm, monkeypatch):
    def no_mail_server(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("forms.emails.send_mail", no_mail_server)
    response = at_confirm.post("confirm", confirm="on")

    assert response.status_code == 302
    assert Submission.objects.count() == 1


def test_the_decision_stored_is_the_one_shown(at_confirm):
    confirm_page = at_confirm.client.get("/apply/repair/")
    shown = confirm_page.context["decision"]
    at_confirm.post("confirm", confirm="on")

    stored = Submission.objects.get().decision
    assert stored["outcome"] == shown.outcome
    assert stored["values"] == {"priority": shown.values["priority"]}
    assert stored["params_version"] == shown.params_version


def test_a_policy_the_library_cannot_answer_blocks_submitting(at_confirm, monkeypatch):
    def refuse(procedure, facts, **kwargs):
        raise ValueError("bad facts")

    monkeypatch.setattr(wizard_module.adapter, "decide", refuse)
    page = at_confirm.client.get("/apply/repair/")
    assert page.context["decision_problem"]
    assert page.context["can_submit"] is False

    at_confirm.post("confirm", confirm="on")
    assert not Submission.objects.exists()
