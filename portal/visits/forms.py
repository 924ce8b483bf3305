"""The 《访问客户记录表》 form of the admin: the unit by building and number, and the visit.

A reference of the case an opinion was raised as must name an existing complaint,
request or suggestion of that kind (:mod:`portal.visits.raised`); otherwise the reference
field says why.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Building, Unit

from . import raised
from .models import RaisedAs, Satisfaction, VisitWay


def check_reference(form, raised_as_field: str, reference_field: str) -> None:
    """Give ``form``'s reference field an error unless it names a case of the kind chosen."""
    data = form.cleaned_data
    if raised_as_field not in data:  # the kind itself was refused: its own error says so
        return
    try:
        case = raised.resolve(data[raised_as_field], data.get(reference_field, ""))
    except raised.UnknownReference as refusal:
        form.add_error(reference_field, str(refusal))
    else:
        data[reference_field] = case.reference if case is not None else ""


class VisitForm(forms.Form):
    building = forms.ModelChoiceField(label=_("Building"), queryset=Building.objects.order_by("name"))
    unit_number = forms.CharField(label=_("Unit number"), max_length=20)
    visited_at = forms.DateTimeField(
        label=_("Visited at"), initial=timezone.now,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    way = forms.ChoiceField(label=_("Way of visiting"), choices=VisitWay.choices, widget=forms.RadioSelect)
    contact_name = forms.CharField(label=_("Customer visited"), max_length=50)
    contact_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    opinions = forms.CharField(
        label=_("Opinions and suggestions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, coerce=int, widget=forms.RadioSelect
    )
    raised_as = forms.ChoiceField(label=_("Raised as"), choices=RaisedAs.choices, required=False)
    raised_reference = forms.CharField(
        label=_("Reference of the case raised"), max_length=50, required=False,
        help_text=_("The reference of the complaint, request or suggestion the opinion was entered as."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        building, number = data.get("building"), (data.get("unit_number") or "").strip()
        if building and number:
            unit = Unit.objects.filter(building=building, number=number).first()
            if unit is None:
                self.add_error("unit_number", _("There is no unit %(number)s in %(building)s.")
                               % {"number": number, "building": building})
            data["unit"] = unit
        check_reference(self, "raised_as", "raised_reference")
        return data


class RaisedForm(forms.Form):
    raised_as = forms.ChoiceField(
        label=_("Raised as"), choices=RaisedAs.choices[1:],
        error_messages={"required": _("Choose where the opinion was raised.")},
    )
    reference = forms.CharField(
        label=_("Reference of the case raised"), max_length=50, required=False,
        help_text=_("The reference of the complaint, request or suggestion the opinion was entered as."),
    )

    def clean(self):
        data = super().clean()
        check_reference(self, "raised_as", "reference")
        return data
