"""Admin forms of the estate register.

Identifiers are accepted the way people type them (``+86 138 0013 8000``, ``粤b·12345``,
a lower-case ``x`` at the end of an ID number): each form normalises them in
``clean_<field>`` and the model's validators then check the canonical form, so a clerk
sees one clear message on the field, never a server error.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .validators import normalise_id_number, normalise_mobile, normalise_plate


# What a choice of these models needs to print its label without a query per option.
_LABEL_RELATIONS = {
    "estate.unit": ("building",),
    "estate.household": ("unit__building",),
}


class RegisterForm(WagtailAdminModelForm):
    """A register record's form; its choices of units and households load in one query."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if relations := _LABEL_RELATIONS.get(queryset.model._meta.label_lower):
                field.queryset = queryset.select_related(*relations)


class NormalisedIdentifiersForm(RegisterForm):
    """Lifts the length limit of ``normalised_fields`` while typing.

    The typed value may be longer than the stored one (spaces, ``+86``); the model's
    ``max_length`` and validators still apply to the normalised value.
    """

    normalised_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.normalised_fields:
            field = self.fields.get(name)
            if field is None:
                continue
            field.max_length = None
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
            field.widget.attrs.pop("maxlength", None)


class PersonForm(NormalisedIdentifiersForm):
    normalised_fields = ("id_number", "mobile", "emergency_mobile")

    def clean_id_number(self):
        return normalise_id_number(self.cleaned_data["id_number"])

    def clean_mobile(self):
        return normalise_mobile(self.cleaned_data["mobile"])

    def clean_emergency_mobile(self):
        return normalise_mobile(self.cleaned_data["emergency_mobile"])


class VehicleForm(NormalisedIdentifiersForm):
    normalised_fields = ("plate",)

    def clean_plate(self):
        return normalise_plate(self.cleaned_data["plate"])


class UnitForm(RegisterForm):
    """A unit, with the reason for a change of occupancy status (kept in its history)."""

    status_change_note = forms.CharField(
        label=_("Reason for the status change"),
        max_length=200,
        required=False,
        help_text=_("Recorded in the unit's status history when the occupancy status changes."),
    )

    def save(self, commit=True):
        self.instance.status_change_note = self.cleaned_data.get("status_change_note", "")
        return super().save(commit=commit)


class LedgerEntryForm(RegisterForm):
    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("period_start"), cleaned_data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned_data
