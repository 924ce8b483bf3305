"""The record-the-call form of a follow-up (FU-2's three questions)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Outcome

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _answer(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class RecordCallForm(forms.Form):
    submit_label = _("Record the follow-up call")

    called_at = forms.DateTimeField(
        label=_("Called at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    fixed = forms.ChoiceField(
        label=_("Is the problem fixed?"), choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    satisfied = forms.ChoiceField(
        label=_("Is the customer satisfied?"), choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    other_needs = forms.CharField(
        label=_("Anything else the customer needs?"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, followup, **kwargs):
        self.followup = followup
        super().__init__(*args, **kwargs)
        self.fields["called_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def perform(self, user):
        data = self.cleaned_data
        return services.record_followup(
            self.followup,
            user=user,
            fixed=_answer(data["fixed"]),
            satisfied=_answer(data["satisfied"]),
            other_needs=data["other_needs"],
            outcome=data["outcome"],
            note=data["note"],
            at=data["called_at"],
        )
