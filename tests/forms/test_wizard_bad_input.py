"""Bad input — a wrong step, a missing management form, a program renamed .pdf, a huge
file, another owner's unit — gets a clear message and no Submission, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.casework.models import Submission

from .conftest import jpeg, make_resident, messages_of, pdf, png_claiming, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


@pytest.fixture
def at_photos(repair, owner):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    repair.post("fault", category="other", description="门铃不响")
    return repair


def photo_errors(response) -> str:
    assert step_of(response) == "photos"
    return " ".join(str(error) for errors in response.context["form"].errors.values() for error in errors)


def test_a_step_that_does_not_exist_is_answered_with_a_message(repair, owner):
    repair.start()
    response = repair.post("nonsense", whatever="x")

    assert response.status_code == 400
    assert step_of(response) == "place"
    assert messages_of(response)
    assert not Submission.objects.exists()


def test_a_post_without_the_management_form_is_answered_with_a_message(repair, owner):
    repair.start()
    response = repair.client.post("/apply/repair/", {"place-phone": "13800138000"})

    assert response.status_code == 400
    assert step_of(response) == "place"
    assert messages_of(response)


def test_another_owners_unit_is_refused(repair, building):
    stranger = make_resident(building, "0801", "孙九", "sun9", mobile="13600136000")
    repair.start()
    response = repair.post("place", unit=stranger.memberships.get().household.unit_id, phone="13800138000")

    assert step_of(response) == "place"
    assert "unit" in response.context["form"].errors
    assert not Submission.objects.exists()


def test_a_program_renamed_pdf_is_refused_by_its_content(at_photos):
    program = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="application/pdf")
    errors = photo_errors(at_photos.post("photos", photo_1=program))
    assert "invoice.pdf" in errors


def test_a_pdf_is_not_a_photo(at_photos):
    assert "scan.pdf" in photo_errors(at_photos.post("photos", photo_1=pdf()))


def test_a_file_over_10_mb_is_refused(at_photos):
    big = SimpleUploadedFile("big.jpg", jpeg().read() + b"\x00" * (11 * 1024 * 1024), content_type="image/jpeg")
    errors = photo_errors(at_photos.post("photos", photo_1=big))
    assert "big.jpg" in errors
    assert "10" in errors


def test_a_decompression_bomb_is_refused(at_photos):
    errors = photo_errors(at_photos.post("photos", photo_1=png_claiming(40_000, 40_000)))
    assert "huge.png" in errors


def test_a_damaged_photo_is_refused(at_photos):
    broken = SimpleUploadedFile("broken.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 20, content_type="image/jpeg")
    assert "broken.jpg" in photo_errors(at_photos.post("photos", photo_1=broken))


def test_a_refused_file_is_not_kept(at_photos, private_media):
    program = SimpleUploadedFile("x.pdf", b"MZ" + b"\x00" * 100)
    at_photos.post("photos", photo_1=program)
    assert not (private_media / "wizard-tmp").exists() or not any((private_media / "wizard-tmp").iterdir())


def test_files_posted_under_other_names_are_not_stored(at_photos, private_media):
    at_photos.post("photos", photo_9=jpeg("smuggled.jpg"), extra={"fault-photo_1": jpeg("elsewhere.jpg")})
    assert not any((private_media / "wizard-tmp").rglob("*"))
