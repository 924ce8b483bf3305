"""Form fields that know the applicant: choices limited to what the register says is
theirs, and initial values taken from the register.

A field with ``bind_applicant(applicant)`` is narrowed to the applicant when its step
is built; one with ``initial_for(applicant)`` is prefilled from the register
(see :class:`forms.steps.OwnerStep`).
"""

import re
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Unit, Vehicle
from portal.estate.validators import (
    normalise_id_number,
    normalise_mobile,
    normalise_plate,
    validate_id_number,
    validate_mobile,
    validate_plate,
)


class UnitField(forms.ModelChoiceField):
    """One of the applicant's current units; prefilled when they have exactly one."""

    default_error_messages = {
        "invalid_choice": _("This unit is not registered to you. Choose one of your units."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Unit"))
        kwargs.setdefault("empty_label", _("Choose your unit"))
        super().__init__(queryset=Unit.objects.none(), **kwargs)

    def bind_applicant(self, applicant):
        self.queryset = applicant.units

    def initial_for(self, applicant):
        units = list(applicant.units[:2])
        return units[0].pk if len(units) == 1 else None

    def label_from_instance(self, unit):
        return f"{unit.building.name} {unit.number}"


class VehicleField(forms.ModelChoiceField):
    """One of the vehicles registered to the applicant or their household."""

    default_error_messages = {
        "invalid_choice": _("This vehicle is not registered to you. Choose one of your vehicles."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Vehicle"))
        super().__init__(queryset=Vehicle.objects.none(), **kwargs)

    def bind_applicant(self, applicant):
        self.queryset = applicant.vehicles

    def initial_for(self, applicant):
        vehicles = list(applicant.vehicles[:2])
        return vehicles[0].pk if len(vehicles) == 1 else None


PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]{5,18}[0-9]$")


class PhoneField(forms.CharField):
    """A telephone number to reach the applicant (mobile or landline); prefilled with
    the mobile number in the register."""

    default_error_messages = {
        "invalid": _("Enter a telephone number, e.g. 13800138000 or 0755-12345678."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Contact phone"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("autocomplete", "tel")

    def clean(self, value):
        value = super().clean(value)
        if value and not PHONE_RE.match(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value

    def initial_for(self, applicant):
        return applicant.person.mobile or None


class FutureDateTimeField(forms.DateTimeField):
    """A date and time from now up to ``within`` ahead, typed in the browser's
    date-time picker and read as Asia/Shanghai (the active time zone)."""

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
    default_error_messages = {
        "past": _("Choose a time in the future."),
        "too_far": _("Choose a time within the next %(days)s days."),
    }

    def __init__(self, *, within: timedelta = timedelta(days=60), **kwargs):
        self.within = within
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        now = timezone.now()
        if value <= now:
            raise ValidationError(self.error_messages["past"], code="past")
        if value > now + self.within:
            raise ValidationError(
                self.error_messages["too_far"], code="too_far", params={"days": self.within.days}
            )


class NearDateField(forms.DateField):
    """A day from ``earliest`` to ``latest`` days after today (Asia/Shanghai; negative:
    before today), chosen in the browser's date picker."""

    default_error_messages = {
        "out_of_range": _("Choose a date from %(earliest)s to %(latest)s."),
    }

    def __init__(self, *, earliest: int = 0, latest: int = 60, **kwargs):
        self.earliest = earliest
        self.latest = latest
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def bounds(self):
        today = timezone.localdate()
        return today + timedelta(days=self.earliest), today + timedelta(days=self.latest)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        earliest, latest = self.bounds()
        if not earliest <= value <= latest:
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"earliest": earliest.isoformat(), "latest": latest.isoformat()},
            )


class _RegisterIdentifierField(forms.CharField):
    """An identifier as the register keeps it: normalised (``normalise``), then
    checked with the register's own validator."""

    normalise = staticmethod(str.strip)
    register_validator = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(self.register_validator)

    def to_python(self, value):
        return type(self).normalise(super().to_python(value))


class MobileField(_RegisterIdentifierField):
    """A mainland mobile number (13800138000; spaces and +86 are dropped)."""

    normalise = staticmethod(normalise_mobile)
    register_validator = staticmethod(validate_mobile)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")


class IDNumberField(_RegisterIdentifierField):
    """A resident ID number, check digit included (upper-cased, spaces dropped)."""

    normalise = staticmethod(normalise_id_number)
    register_validator = staticmethod(validate_id_number)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")


class PlateField(_RegisterIdentifierField):
    """A mainland licence plate (粤B12345, 粤BD12345; the middle dot and spaces are dropped)."""

    normalise = staticmethod(normalise_plate)
    register_validator = staticmethod(validate_plate)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocapitalize", "characters")
