"""The desk's form for one entry of 《客户来电来访记录表》."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.estate.models import Unit

from .models import Call
from .validators import normalise_phone

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(WagtailAdminModelForm):
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.select_related("building"), required=False,
        help_text=_("Optional: the caller's unit, from the register."),
    )

    class Meta:
        model = Call
        fields = ["at", "kind", "caller_name", "caller_phone", "unit", "subject", "urgent", "outcome", "reply",
                  "forwarded_to", "forwarded_at"]
        widgets = {
            "at": DATETIME_WIDGET,
            "forwarded_at": DATETIME_WIDGET,
            "kind": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "subject": forms.Textarea(attrs={"rows": 3}),
            "reply": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_caller_phone(self):
        return normalise_phone(self.cleaned_data.get("caller_phone", ""))

    def clean_caller_name(self):
        return (self.cleaned_data.get("caller_name") or "").strip()
