"""Moving through a wizard: who may, where they are, and going back without losing anything."""

import pytest

from portal.casework.models import Submission
from tests.factories import UserFactory

from .conftest import in_days, jpeg, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


def test_a_visitor_logs_in_first_and_comes_back_to_the_same_page(client, owner):
    response = client.get("/apply/repair/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/apply/repair/"


def test_a_login_without_a_resident_record_is_told_whom_to_call(client, db):
    staff = UserFactory(username="clerk")
    client.force_login(staff)
    response = client.get("/apply/repair/")
    assert response.status_code == 403
    assert "0755-8888 6666" in response.content.decode()


def test_the_step_indicator_says_where_the_owner_is(repair, owner):
    assert "1/5" in repair.start().content.decode()
    response = repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    html = response.content.decode()
    assert "2/5" in html
    assert 'aria-current="step"' in html


def test_each_wizard_keeps_its_own_state_in_the_session(repair, request_wizard, owner):
    unit = owner.memberships.get().household.unit_id
    repair.start()
    repair.post("place", unit=unit, phone="13800138000")
    request_wizard.start()
    request_wizard.post("details", unit=unit, kind="request", text="需要门禁卡")

    response = repair.client.get("/apply/repair/")
    assert step_of(response) == "fault"  # the repair is where it was left


def test_previous_keeps_what_was_typed_on_the_current_step(repair, owner):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")

    # Half-filled (no category yet), the owner goes back to change the phone number.
    back = repair.back("fault", to="place", description="卫生间地漏堵塞")
    assert step_of(back) == "place"
    assert back.context["form"]["phone"].value() == "13800138000"

    forward = repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13911112222")
    assert step_of(forward) == "fault"
    assert forward.context["form"]["description"].value() == "卫生间地漏堵塞"


def test_previous_keeps_an_uploaded_photo_and_it_reaches_the_submission(repair, owner):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    repair.post("fault", category="other", description="门铃不响")
    repair.back("photos", to="fault", photo_1=jpeg("doorbell.jpg"))

    photos = repair.post("fault", category="other", description="门铃不响，按了没声音")
    assert step_of(photos) == "photos"
    assert "doorbell.jpg" in photos.content.decode()  # shown as already uploaded

    repair.post("photos")  # no new file: the uploaded one stays
    repair.post("appointment", appointment_at=in_days(1))
    repair.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert submission.answers["description"] == "门铃不响，按了没声音"
    assert [file.original_name for file in submission.files.all()] == ["doorbell.jpg"]


def test_an_uploaded_photo_can_be_removed_or_replaced(repair, owner):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    repair.post("fault", category="other", description="门铃不响")
    repair.post("photos", photo_1=jpeg("first.jpg"), photo_2=jpeg("second.jpg"))
    repair.back("appointment", to="photos")

    repair.post("photos", photo_1=jpeg("replacement.jpg"), **{"photo_2-clear": "on"})
    repair.post("appointment", appointment_at=in_days(1))
    repair.post("confirm", confirm="on")

    assert [file.original_name for file in Submission.objects.get().files.all()] == ["replacement.jpg"]


def test_an_earlier_step_sent_again_from_the_browser_history_is_accepted(repair, owner):
    unit = owner.memberships.get().household.unit_id
    repair.start()
    repair.post("place", unit=unit, phone="13800138000")
    repair.post("fault", category="other", description="门铃不响")

    # The browser's back button shows "place" again; the owner changes it and continues.
    response = repair.post("place", unit=unit, phone="13922223333")
    assert step_of(response) == "fault"
    assert response.context["form"]["description"].value() == "门铃不响"
    assert not [message for message in response.context["messages"]]
