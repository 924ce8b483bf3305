"""The forms of 档案查阅申请: asking for a file, and the project manager's decision."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Household, Person

from . import services


class RequestForm(forms.Form):
    """Ask to read one owner file; the file comes from the link on the page that refused it."""

    person = forms.ModelChoiceField(queryset=Person.objects.all(), required=False, widget=forms.HiddenInput)
    household = forms.ModelChoiceField(queryset=Household.objects.all(), required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why do you need the file?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("The project manager reads this to decide (AR-5)."),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("household")):
            raise forms.ValidationError(_("Open the file in the register to ask for access to it."))
        return data

    @property
    def owner_file(self):
        return self.cleaned_data.get("person") or self.cleaned_data.get("household")


class ApproveForm(forms.Form):
    submit_label = _("Approve")
    button_class = "button"

    expires_at = forms.DateTimeField(
        label=_("Access until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("At most 30 days from now."),
    )
    note = forms.CharField(label=_("Note to the requester"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        initial = timezone.localtime() + services.DEFAULT_ACCESS
        self.fields["expires_at"].initial = initial.replace(second=0, microsecond=0)

    def perform(self, access_request, user):
        return services.approve(
            access_request, by=user, expires_at=self.cleaned_data["expires_at"], note=self.cleaned_data["note"]
        )


class RefuseForm(forms.Form):
    submit_label = _("Refuse")
    button_class = "button no"

    note = forms.CharField(label=_("Reason for the refusal"), max_length=500)

    def perform(self, access_request, user):
        return services.refuse(access_request, by=user, note=self.cleaned_data["note"])


DECISION_FORMS = {"approve": ApproveForm, "refuse": RefuseForm}
