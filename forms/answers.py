"""An owner's answers, as stored with the case and as read back to them.

:func:`json_safe` turns cleaned form values into plain JSON (a record becomes its id
and the text the owner saw); :func:`summary` lists a step's answers with their labels
for the confirmation step; :func:`initial_value` shows a stored answer in its field again.
"""

from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _


def json_safe(value):
    """``value`` as plain JSON: records as ``{"id", "text"}``, money and numbers kept
    exact as strings, instants as ISO date-times with offset."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Enum):
        return json_safe(value.value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "text": str(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return str(Decimal(str(value)))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, UploadedFile):
        return value.name
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset, QuerySet)):
        return [json_safe(item) for item in value]
    return str(value)


def display_value(field: forms.Field, value) -> str:
    """How a cleaned value reads to the owner."""
    if value in (None, "", [], ()) or value is False and isinstance(field, forms.FileField):
        return "—"
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, forms.ModelChoiceField):
        if isinstance(value, (list, tuple, QuerySet)):
            return "、".join(field.label_from_instance(item) for item in value)
        return field.label_from_instance(value)
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in _flat_choices(field.choices)}
        if isinstance(value, (list, tuple)):
            return "、".join(str(labels.get(str(item), item)) for item in value)
        return str(labels.get(str(value), value))
    if isinstance(value, datetime):
        local = timezone.localtime(value)
        return f"{date_format(local, 'Y-m-d')} {time_format(local, 'H:i')}"
    if isinstance(value, date):
        return date_format(value, "Y-m-d")
    if isinstance(value, UploadedFile):
        return value.name
    return str(value)


def summary(form: forms.Form) -> list[tuple[str, str]]:
    """``(label, answer)`` for each field of a valid step."""
    return [
        (str(form.fields[name].label or name), display_value(form.fields[name], form.cleaned_data.get(name)))
        for name in form.fields
    ]


def _flat_choices(choices):
    for key, label in choices:
        if isinstance(label, (list, tuple)):
            yield from _flat_choices(label)
        else:
            yield key, label


def yuan(amount) -> str:
    """An amount of money as owners read it: ``Decimal("3000")`` -> ``"¥3,000.00"``."""
    return f"¥{Decimal(amount).quantize(Decimal('0.01')):,}"


def initial_value(field: forms.Field, stored):
    """The initial value of ``field`` that shows the answer ``stored`` (as :func:`json_safe`
    kept it) again, e.g. to amend a submitted application."""
    if stored is None:
        return None
    if isinstance(field, forms.DateTimeField) and isinstance(stored, str):
        moment = parse_datetime(stored)
        return timezone.localtime(moment) if moment is not None and timezone.is_aware(moment) else moment
    if isinstance(field, forms.DateField) and isinstance(stored, str):
        return parse_date(stored)
    if isinstance(stored, dict) and "id" in stored and isinstance(field, forms.ModelChoiceField):
        return stored["id"]
    if isinstance(stored, list) and isinstance(field, forms.ModelMultipleChoiceField):
        return [item["id"] if isinstance(item, dict) else item for item in stored]
    return stored
