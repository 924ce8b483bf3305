"""A lost session, or a page from another window, never drops the owner at step 1 with
"field required" errors: they are told what happened and continue from their draft."""

import pytest

from portal.casework.models import Draft, Submission

from .conftest import Wizard, in_days, messages_of, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


def expire_session(wizard, owner):
    """The session is gone (expired, or the server forgot it); the owner is still logged in."""
    wizard.client.logout()
    wizard.client.force_login(owner.user)


def fill_up_to_appointment(repair, owner):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    repair.post("fault", category="power_outage", description="整层停电")
    repair.post("photos")


def test_an_expired_session_resumes_from_the_draft_with_what_was_typed(repair, owner):
    fill_up_to_appointment(repair, owner)
    token = repair.run_token()
    expire_session(repair, owner)

    appointment = in_days(1)
    response = repair.post("appointment", appointment_at=appointment, extra={"repair-run": token})

    assert response.status_code == 200
    assert step_of(response) == "appointment"
    assert response.context["form"]["appointment_at"].value() == appointment
    assert not response.context["form"].errors
    assert any("expired" in message or "过期" in message for message in messages_of(response))
    assert not Submission.objects.exists()

    repair.post("appointment", appointment_at=appointment)
    repair.post("confirm", confirm="on")
    assert Submission.objects.get().answers["description"] == "整层停电"


def test_an_expired_session_on_the_last_step_submits_nothing(repair, owner):
    fill_up_to_appointment(repair, owner)
    repair.post("appointment", appointment_at=in_days(1))
    token = repair.run_token()
    expire_session(repair, owner)

    response = repair.post("confirm", confirm="on", extra={"repair-run": token})

    assert step_of(response) == "confirm"
    assert messages_of(response)
    assert not Submission.objects.exists()
    assert "整层停电" in response.content.decode()  # the answers are back


def test_an_expired_session_without_a_draft_starts_again_and_says_so(repair, owner):
    repair.start()
    expire_session(repair, owner)

    response = repair.post("fault", category="other", description="门铃不响")

    assert step_of(response) == "place"
    assert not response.context["form"].is_bound  # no "field required" errors
    assert any("expired" in message or "过期" in message for message in messages_of(response))


def test_an_expired_session_on_the_first_step_loses_nothing(repair, owner):
    repair.start()
    expire_session(repair, owner)

    response = repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")

    assert step_of(response) == "fault"


def test_a_page_from_a_run_restarted_in_another_window_continues_its_own_draft(repair, owner):
    fill_up_to_appointment(repair, owner)
    token = repair.run_token()
    repair.client.get("/apply/repair/?new=1")  # another window starts afresh

    appointment = in_days(2)
    response = repair.post("appointment", appointment_at=appointment, extra={"repair-run": token})

    assert step_of(response) == "appointment"
    assert messages_of(response)
    repair.post("appointment", appointment_at=appointment)
    repair.post("confirm", confirm="on")
    assert Submission.objects.get().answers["category"] == "power_outage"


def test_a_later_step_posted_to_a_fresh_run_is_not_taken_for_an_answer(repair, owner):
    fill_up_to_appointment(repair, owner)
    repair.client.get("/apply/repair/?new=1")

    # No run token: the page cannot say which application it belongs to.
    response = repair.post("appointment", appointment_at=in_days(1))

    assert step_of(response) == "place"
    assert not response.context["form"].errors
    assert messages_of(response)
    assert Draft.objects.count() == 1


def test_a_tampered_run_token_submits_nothing(repair, owner):
    fill_up_to_appointment(repair, owner)
    repair.post("appointment", appointment_at=in_days(1))

    response = repair.post("confirm", confirm="on", extra={"repair-run": "f" * 32})

    assert response.status_code == 200
    assert messages_of(response)
    assert not Submission.objects.exists()
