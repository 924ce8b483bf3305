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
