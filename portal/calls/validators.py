"""A caller's number as the desk writes it down: a mainland mobile, a landline with its
area code (and extension), or a 400/800 service number (RC-3)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.estate.validators import MOBILE_RE, normalise_mobile

# Area code 0 + 2 or 3 digits, the number of 7 or 8 digits, an optional extension: 0755-88886666-801.
LANDLINE_RE = re.compile(r"^(0\d{2,3})-?([2-9]\d{6,7})(?:-(\d{1,5}))?$")
SERVICE_RE = re.compile(r"^([48]00)-?(\d{3})-?(\d{4})$")


def normalise_phone(value: str) -> str:
    """``13800138000``; ``0755-88886666`` (``-801`` for an extension); ``400-123-4567``.

    Anything that is none of these comes back stripped, for :func:`validate_phone` to refuse.
    """
    digits = normalise_mobile(value)
    if MOBILE_RE.match(digits):
        return digits
    compact = re.sub(r"[\s()（）]", "", value or "")
    for prefix in ("+86", "0086"):
        if compact.startswith(prefix):
            compact = "0" + compact[len(prefix):].lstrip("-0")
    if match := SERVICE_RE.match(compact):
        return "-".join(match.groups())
    if match := LANDLINE_RE.match(compact):
        area, number, extension = match.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    return (value or "").strip()


def validate_phone(value: str) -> None:
    if MOBILE_RE.match(value or "") or SERVICE_RE.match(value or "") or LANDLINE_RE.match(value or ""):
        return
    raise ValidationError(
        _("Enter a mobile number (13800138000) or a landline with its area code (0755-88886666)."), code="phone"
    )
