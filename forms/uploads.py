"""Uploaded files: what is accepted, checked by content rather than by name.

An owner may upload PDF scans and JPEG or PNG photos, at most 10 MB each. The kind of a
file is read from its first bytes (a program renamed ``.pdf`` is refused); images are
opened with Pillow, their pixel dimensions bounded before anything is decoded
(decompression bombs are refused) and then verified. The content type kept with a
file is the one its content proved, never the one the browser sent.
"""

import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A 50-megapixel phone photo passes; a 20 000 × 20 000 "bomb" does not.
MAX_IMAGE_PIXELS = 64_000_000
MAX_IMAGE_SIDE = 16_384

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
SIGNATURES = {
    b"%PDF-": PDF,
    b"\xff\xd8\xff": JPEG,
    b"\x89PNG\r\n\x1a\n": PNG,
}
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
DOCUMENT_TYPES = (PDF, JPEG, PNG)
PHOTO_TYPES = (JPEG, PNG)


def sniff_content_type(file) -> str | None:
    """The content type proved by the file's first bytes, or None."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def check_upload(file, accepted=DOCUMENT_TYPES) -> str:
    """Check an uploaded file; return its content type or raise ValidationError
    with a message that names the file."""
    name = getattr(file, "name", "") or _("the file")
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; each file may be at most %(limit)s."),
            code="too_big",
            params={"name": name, "size": filesizeformat(file.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    content_type = sniff_content_type(file)
    if content_type not in accepted:
        message = (
            _("“%(name)s” is not a JPEG or PNG photo. Please choose a photo taken with your phone or camera.")
            if PDF not in accepted
            else _("“%(name)s” is not a PDF, JPEG or PNG file. Please upload a scan or a photo in one of these formats.")
        )
        raise ValidationError(message, code="file_type", params={"name": name})
    if content_type in PILLOW_FORMATS:
        _check_image(file, name, PILLOW_FORMATS[content_type])
    return content_type


def _check_image(file, name, expected_format: str) -> None:
    damaged = ValidationError(
        _("“%(name)s” could not be read as a picture; it may be damaged. Please take or choose it again."),
        code="damaged",
        params={"name": name},
    )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:  # reads the header only
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS or max(width, height) > MAX_IMAGE_SIDE:
                    raise _too_many_pixels(name, width, height)
                if image.format != expected_format:
                    raise damaged
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(name, None, None) from None
    except ValidationError:
        raise
    except Exception:  # Pillow reports broken files with many exception types.
        raise damaged from None
    finally:
        file.seek(0)


def _too_many_pixels(name, width, height) -> ValidationError:
    if width is None:
        return ValidationError(
            _("“%(name)s” has too many pixels. Please upload a smaller picture."),
            code="too_many_pixels",
            params={"name": name},
        )
    return ValidationError(
        _("“%(name)s” has too many pixels (%(width)s × %(height)s). Please upload a smaller picture."),
        code="too_many_pixels",
        params={"name": name, "width": width, "height": height},
    )


class UploadInput(forms.ClearableFileInput):
    """A file input that shows the name of a file already uploaded in an earlier visit
    of the step (kept on the server, never linked) and lets an optional one be removed."""

    template_name = "forms/widgets/upload.html"
    initial_text = _("Uploaded")
    input_text = _("Replace with")
    clear_checkbox_label = _("Remove")

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def format_value(self, value):
        return value if self.is_initial(value) else None


class UploadField(forms.FileField):
    """A PDF, JPEG or PNG file of at most 10 MB, checked by content.

    ``cleaned_data`` holds the file with ``content_type`` set to the proved type.
    """

    accepted = DOCUMENT_TYPES
    widget = UploadInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault("help_text", _("PDF, JPEG or PNG, at most 10 MB."))
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ",".join(self.accepted)
        return attrs

    def to_python(self, data):
        # Every new upload is checked here, and so is every file rebound from the
        # wizard's storage when the whole application is validated before submitting.
        value = super().to_python(data)
        if value:
            value.content_type = check_upload(value, self.accepted)
        return value


class PhotoField(UploadField):
    """A JPEG or PNG photo of at most 10 MB."""

    accepted = PHOTO_TYPES

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("A JPEG or PNG photo, at most 10 MB."))
        super().__init__(*args, **kwargs)
