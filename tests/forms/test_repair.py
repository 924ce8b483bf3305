"""报修: an owner reports a fault, with photos and an appointment, and gets a reference."""

import pytest
from django.core import mail

from portal.audit.models import AuditEvent
from portal.casework.models import Submission

from .conftest import in_days, jpeg, messages_of, png, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


def test_an_owner_reports_a_burst_pipe_and_gets_a_reference(repair, owner):
    first = repair.start()
    assert first.status_code == 200
    html = first.content.decode()
    assert "1/5" in html
    assert first.context["form"]["phone"].value() == "13800138000"  # from the register
    assert first.context["form"]["unit"].value() == owner.memberships.get().household.unit_id

    unit = owner.memberships.get().household.unit
    assert step_of(repair.post("place", unit=unit.pk, phone="13800138000")) == "fault"
    assert step_of(repair.post("fault", category="burst_pipe", description="厨房天花板漏水")) == "photos"
    assert step_of(repair.post("photos", photo_1=jpeg(), photo_2=png())) == "appointment"
    confirm = repair.post("appointment", appointment_at=in_days(1))
    assert step_of(confirm) == "confirm"
    page = confirm.content.decode()
    assert "厨房天花板漏水" in page
    assert "leak.jpg" in page
    assert "Emergency repair" in page or "紧急" in page  # repair.classify: a burst pipe is an emergency
    assert confirm.context["notes"]  # the paid-repair note (RP-2)

    done = repair.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert done.status_code == 302
    assert done.url == f"/apply/repair/?receipt={submission.reference}"
    assert submission.reference.startswith("ZX-")
    assert submission.procedure == "repair"
    assert submission.applicant == owner
    assert submission.author == owner.user
    assert submission.unit == unit
    assert submission.household == unit.households.get()
    assert submission.answers["category"] == "burst_pipe"
    assert submission.answers["phone"] == "13800138000"
    assert submission.answers["unit"] == {"id": unit.pk, "text": str(unit)}
    assert submission.answers["appointment_at"]
    assert submission.decision["outcome"] == "info"
    assert submission.decision["values"] == {"priority": "emergency"}
    assert submission.decision["reasons"][0]["policy_id"] == "RP-3"
    assert submission.decision["params_version"]
    assert submission.due_at is None
    files = {file.code: file for file in submission.files.all()}
    assert set(files) == {"photo_1", "photo_2"}
    assert files["photo_1"].original_name == "leak.jpg"
    assert files["photo_1"].content_type == "image/jpeg"
    assert files["photo_2"].content_type == "image/png"
    assert len(files["photo_1"].sha256) == 64
    assert files["photo_1"].size == files["photo_1"].file.size
    assert AuditEvent.objects.for_object(submission).get().action == "submitted"

    receipt = repair.client.get(done.url)
    assert receipt.status_code == 200
    assert submission.reference in receipt.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]
    assert submission.reference in mail.outbox[0].subject
    assert submission.reference in mail.outbox[0].body


def test_a_general_repair_says_so_and_explains_paid_work(repair, owner):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="0755-12345678")
    repair.post("fault", category="other", description="门铃不响")
    repair.post("photos")
    confirm = repair.post("appointment", appointment_at=in_days(2))

    assert confirm.context["preview_rows"][0][1].startswith(("General repair", "一般"))
    repair.post("confirm", confirm="on")
    assert Submission.objects.get().decision["values"]["priority"] == "general"


def test_every_field_of_a_repair_is_required(repair, owner):
    repair.start()
    response = repair.post("place", unit="", phone="")
    assert step_of(response) == "place"
    assert set(response.context["form"].errors) == {"unit", "phone"}

    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    response = repair.post("fault", category="", description="")
    assert set(response.context["form"].errors) == {"category", "description"}

    repair.post("fault", category="other", description="门铃不响")
    repair.post("photos")
    response = repair.post("appointment", appointment_at="")
    assert set(response.context["form"].errors) == {"appointment_at"}
    assert not Submission.objects.exists()


def test_an_appointment_in_the_past_is_refused(repair, owner):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    repair.post("fault", category="other", description="门铃不响")
    repair.post("photos")
    response = repair.post("appointment", appointment_at=in_days(-1))
    assert step_of(response) == "appointment"
    assert response.context["form"].errors["appointment_at"]
    assert not messages_of(response)
