"""What an owner may upload: PDF, JPEG and PNG, by content, at most 10 MB, sane pictures."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from forms.uploads import DOCUMENT_TYPES, PHOTO_TYPES, check_upload

from .conftest import jpeg, pdf, png, png_claiming


@pytest.mark.parametrize(("upload", "content_type"), [
    (pdf(), "application/pdf"),
    (jpeg(), "image/jpeg"),
    (png(), "image/png"),
])
def test_documents_are_recognised_by_their_content(upload, content_type):
    assert check_upload(upload, DOCUMENT_TYPES) == content_type


def test_the_proved_type_wins_over_the_name_and_the_browser():
    photo = jpeg("photo.pdf")
    photo.content_type = "application/pdf"
    assert check_upload(photo, DOCUMENT_TYPES) == "image/jpeg"


@pytest.mark.parametrize("body", [
    b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows program
    b"PK\x03\x04\x14\x00",  # a zip or .docx
    b"<html><script>",
    b"GIF89a\x01\x00",
])
def test_anything_else_is_refused_whatever_its_name(body):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("document.pdf", body + b"\x00" * 64), DOCUMENT_TYPES)
    assert refused.value.code == "file_type"


def test_a_photo_field_refuses_a_pdf():
    with pytest.raises(ValidationError) as refused:
        check_upload(pdf(), PHOTO_TYPES)
    assert refused.value.code == "file_type"


def test_ten_megabytes_is_the_limit():
    at_limit = SimpleUploadedFile("a.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 - 9))
    assert check_upload(at_limit) == "application/pdf"
    over = SimpleUploadedFile("b.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 - 8))
    with pytest.raises(ValidationError) as refused:
        check_upload(over)
    assert refused.value.code == "too_big"


@pytest.mark.parametrize(("width", "height"), [(40_000, 40_000), (20_000, 10), (10_000, 10_000)])
def test_pictures_with_too_many_pixels_are_refused_before_decoding(width, height):
    with pytest.raises(ValidationError) as refused:
        check_upload(png_claiming(width, height))
    assert refused.value.code == "too_many_pixels"


def test_a_truncated_picture_is_refused():
    whole = png().read()
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("cut.png", whole[:40]))
    assert refused.value.code == "damaged"


def test_the_message_names_the_file():
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("合同.pdf", b"not a pdf at all"))
    assert "合同.pdf" in refused.value.messages[0]
