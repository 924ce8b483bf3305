"""Validators for the identifiers that staff type into the register.

Each validator accepts the canonical form produced by the matching ``normalise_*``
function, so forms normalise first (strip spaces, upper-case) and validate second.
"""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from localflavor.cn.forms import CNIDCardField

# Mainland mobile numbers: 11 digits starting 13–19 (an optional +86 is dropped).
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")

# Province abbreviations used on mainland plates.
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# Letters used on plates: A–Z without I and O.
_L = "A-HJ-NP-Z"
PLATE_RES = (
    # Ordinary plate: 粤B12345, 粤BA1234, 京A1234学.
    re.compile(rf"^[{PLATE_PROVINCES}][{_L}][{_L}0-9]{{4}}[{_L}0-9挂学警港澳]$"),
    # Small new-energy plate: 粤BD12345, 粤BFA1234. The first letter says the kind: D, then
    # A, B, C, E as those run out, for battery electric; F, then G, H, J, K, for the others.
    re.compile(rf"^[{PLATE_PROVINCES}][{_L}][A-HJK][{_L}0-9]\d{{4}}$"),
    # Large new-energy plate: 粤B12345D.
    re.compile(rf"^[{PLATE_PROVINCES}][{_L}]\d{{5}}[DF]$"),
)


def normalise_mobile(value: str) -> str:
    """Digits only, without a +86 / 0086 country prefix."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix):]
    return digits


def validate_mobile(value: str) -> None:
    """A mainland mobile number such as 13800138000."""
    if not MOBILE_RE.match(value or ""):
        raise ValidationError(
            _("Enter a mainland mobile number of 11 digits, e.g. 13800138000."), code="mobile"
        )


def normalise_id_number(value: str) -> str:
    """Upper-case, without spaces."""
    return re.sub(r"\s", "", value or "").upper()


_ID_FIELD = CNIDCardField()


def validate_id_number(value: str) -> None:
    """A resident ID number: 18 characters with a valid region, birth date and
    GB 11643-1999 check digit (15-digit first-generation numbers are also accepted)."""
    messages = {
        "invalid": _("A resident ID number has 18 characters (or 15 digits on an old card)."),
        "checksum": _("This resident ID number's check digit is wrong: please check it."),
        "birthday": _("This resident ID number contains an impossible date of birth."),
        "location": _("This resident ID number starts with an unknown region code."),
    }
    value = value or ""
    if len(value) not in (15, 18) or value != value.upper():
        raise ValidationError(messages["invalid"], code="id_number")
    try:
        _ID_FIELD.clean(value)
    except ValidationError as exc:
        code = getattr(exc, "code", None) or "invalid"
        raise ValidationError(messages.get(code, messages["invalid"]), code="id_number") from exc
    if _birth_date(value) > date.today():
        raise ValidationError(messages["birthday"], code="id_number")


def _birth_date(value: str) -> date:
    """The date of birth encoded in a (format-checked) resident ID number."""
    if len(value) == 15:
        return datetime.strptime("19" + value[6:12], "%Y%m%d").date()
    return datetime.strptime(value[6:14], "%Y%m%d").date()


def normalise_plate(value: str) -> str:
    """Upper-case, without spaces or the middle dot printed on plates (粤B·12345)."""
    return re.sub(r"[\s·.\-]", "", value or "").upper()


def validate_plate(value: str) -> None:
    """A mainland licence plate, ordinary or new-energy."""
    if not any(pattern.match(value or "") for pattern in PLATE_RES):
        raise ValidationError(
            _("Enter a mainland plate such as 粤B12345 or the new-energy 粤BD12345."), code="plate"
        )
