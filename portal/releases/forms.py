"""The desk's steps on a release case, as forms; :meth:`StepForm.perform` calls the service."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ConsentAnswer
from .services import Action


class StepForm(forms.Form):
    #: The button's label.
    submit_label = ""
    #: Wagtail button class: ``button``, ``button no`` (destructive) or ``button button-secondary``.
    button_class = "button"
    success_message = ""

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def perform(self, user):
        raise NotImplementedError


class ConsentForm(StepForm):
    submit_label = _("Record the consent call")
    success_message = _("The consent call for %(reference)s is recorded.")

    called_at = forms.DateTimeField(
        label=_("Called at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    answer = forms.ChoiceField(label=_("Answer"), choices=ConsentAnswer.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note on the call"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["called_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def perform(self, user):
        data = self.cleaned_data
        return services.record_consent(
            self.case, by=user, answer=data["answer"], called_at=data["called_at"], note=data["note"]
        )


class SignaturesForm(StepForm):
    submit_label = _("Record the signatures")
    success_message = _("The signatures for %(reference)s are recorded.")

    owner_signed = forms.BooleanField(label=_("The owner signed the pass"), required=False)
    phone_recording_ref = forms.CharField(
        label=_("Phone recording reference"),
        required=False,
        max_length=200,
        help_text=_("Required when the owner did not sign: where the recorded consent call is kept (GR-6)."),
    )

    def perform(self, user):
        data = self.cleaned_data
        return services.record_signatures(
            self.case, by=user, owner_signed=data["owner_signed"], phone_recording_ref=data["phone_recording_ref"]
        )


class IssueForm(StepForm):
    submit_label = _("Issue the pass")
    success_message = _("The goods release pass for %(reference)s is issued.")

    def perform(self, user):
        return services.issue(self.case, by=user)


class RefuseForm(StepForm):
    submit_label = _("Refuse")
    button_class = "button no"
    success_message = _("The goods release pass for %(reference)s is refused.")

    reason = forms.CharField(
        label=_("Reason for the refusal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads this in the email and on their case."),
    )

    def perform(self, user):
        return services.refuse(self.case, by=user, reason=self.cleaned_data["reason"])


FORMS: dict[str, type[StepForm]] = {
    Action.RECORD_CONSENT: ConsentForm,
    Action.RECORD_SIGNATURES: SignaturesForm,
    Action.ISSUE: IssueForm,
    Action.REFUSE: RefuseForm,
}
