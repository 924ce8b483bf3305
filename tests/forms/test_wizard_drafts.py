"""Drafts: every completed step is saved, "save and continue later" keeps what was typed,
and the owner continues from the draft in another session."""

import pytest

from portal.casework.models import Draft, Submission

from .conftest import Wizard, files_under, in_days, jpeg, make_resident, messages_of, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


def test_every_completed_step_is_saved_as_a_draft(repair, owner):
    repair.start()
    assert not Draft.objects.exists()

    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")

    draft = Draft.objects.for_person(owner).get()
    assert draft.procedure == "repair"
    assert draft.step == "fault"
    assert draft.data["place"]["place-phone"] == ["13800138000"]
    assert draft.resume_url == f"/apply/repair/?draft={draft.pk}"


def test_save_and_continue_later_then_resume_in_another_session(repair, owner, client, private_media):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    repair.post("fault", category="water_outage", description="整栋楼停水")
    saved = repair.save_for_later("photos", photo_1=jpeg("tap.jpg"))

    assert saved.status_code == 302
    draft = Draft.objects.for_person(owner).get()
    assert draft.step == "photos"
    assert [entry["name"] for entry in draft.files["photos"].values()] == ["tap.jpg"]
    assert len(files_under(private_media / "wizard-tmp")) == 1

    # Days later, on another phone.
    repair.client.logout()
    client.force_login(owner.user)
    resumed = client.get(draft.resume_url, follow=True)
    assert step_of(resumed) == "photos"
    assert "tap.jpg" in resumed.content.decode()
    assert any("saved on" in message or "保存" in message for message in messages_of(resumed))

    again = Wizard(client, "repair")
    again.post("photos")
    again.post("appointment", appointment_at=in_days(1))
    again.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert submission.answers["category"] == "water_outage"
    assert [file.original_name for file in submission.files.all()] == ["tap.jpg"]
    assert not Draft.objects.exists()  # submitting removes the draft…
    assert files_under(private_media / "wizard-tmp") == []  # …and its temporary files


def test_save_and_continue_later_keeps_a_half_filled_step(repair, owner):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    repair.save_for_later("fault", description="只写了一半")

    page = repair.client.get("/apply/repair/")
    assert step_of(page) == "fault"
    assert page.context["form"]["description"].value() == "只写了一半"


def test_a_new_visit_offers_the_saved_drafts(repair, owner, client):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    draft = Draft.objects.get()

    client.logout()
    client.force_login(owner.user)
    page = client.get("/apply/repair/")
    assert step_of(page) == "place"
    assert draft.resume_url in page.content.decode()


def test_nobody_resumes_another_owners_draft(repair, owner, building, client):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    draft = Draft.objects.get()

    stranger = make_resident(building, "1701", "周八", "zhou8", mobile="13700137000")
    client.force_login(stranger.user)
    page = client.get(draft.resume_url, follow=True)

    assert step_of(page) == "place"
    assert page.context["form"]["phone"].value() == stranger.mobile
    assert "13800138000" not in page.content.decode()
    assert messages_of(page)  # the draft "no longer exists" for them


def test_start_a_new_application_leaves_the_draft_in_place(repair, owner):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")

    page = repair.client.get("/apply/repair/?new=1", follow=True)

    assert step_of(page) == "place"
    assert Draft.objects.count() == 1
