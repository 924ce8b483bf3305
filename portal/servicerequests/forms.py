"""The desk's forms for requests and suggestions; :meth:`StepForm.perform` calls the service."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Unit

from . import services
from .models import Channel, Department, RequestKind
from .services import Action

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def now_to_the_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class DeskEntryForm(forms.Form):
    """A request or suggestion taken by phone or at the desk (《客户需求、建议受理表》)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices, widget=forms.RadioSelect)
    channel = forms.ChoiceField(
        label=_("Received by"), choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.VISIT, Channel.VISIT.label)],
        widget=forms.RadioSelect, initial=Channel.PHONE,
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.select_related("building"), required=False)
    contact_name = forms.CharField(label=_("Contact name"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    received_at = forms.DateTimeField(label=_("Received at"), widget=DATETIME_WIDGET)
    promised_by = forms.DateTimeField(
        label=_("Reply promised by"), widget=DATETIME_WIDGET, required=False,
        help_text=_("Only when a time was promised to the customer; otherwise the reply is due within a day (RQ-3)."),
    )
    serious = forms.BooleanField(
        label=_("Serious or urgent"), required=False, help_text=_("The supervisor is alerted at once (RQ-1).")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = now_to_the_minute()

    def perform(self, user):
        return services.open_at_desk(by=user, **self.cleaned_data)


class StepForm(forms.Form):
    submit_label = ""
    button_class = "button"
    success_message = ""

    def __init__(self, *args, service_request, **kwargs):
        self.service_request = service_request
        super().__init__(*args, **kwargs)

    def perform(self, user):
        raise NotImplementedError


class ReportSeriousForm(StepForm):
    submit_label = _("Report as serious or urgent")
    button_class = "button button-secondary"
    success_message = _("%(reference)s is reported to the supervisor.")

    note = forms.CharField(label=_("Why"), max_length=500, required=False)

    def perform(self, user):
        return services.report_serious(self.service_request, by=user, note=self.cleaned_data["note"])


class ForwardForm(StepForm):
    submit_label = _("Forward to a department")
    success_message = _("%(reference)s is forwarded.")

    department = forms.ChoiceField(label=_("Department"), choices=Department.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def perform(self, user):
        data = self.cleaned_data
        return services.forward(self.service_request, by=user, department=data["department"], note=data["note"])


class ReplyForm(StepForm):
    submit_label = _("Record the reply")
    success_message = _("The reply to %(reference)s is recorded.")

    reply = forms.CharField(label=_("Reply to the customer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    replied_at = forms.DateTimeField(label=_("Replied at"), widget=DATETIME_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replied_at"].initial = now_to_the_minute()

    def perform(self, user):
        data = self.cleaned_data
        return services.reply(self.service_request, by=user, reply=data["reply"], at=data["replied_at"])


class CloseForm(StepForm):
    submit_label = _("Close")
    success_message = _("%(reference)s is closed; its follow-up call is due within a day.")

    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def perform(self, user):
        return services.close(self.service_request, by=user, note=self.cleaned_data["note"])


FORMS = {
    Action.REPORT_SERIOUS: ReportSeriousForm,
    Action.FORWARD: ForwardForm,
    Action.REPLY: ReplyForm,
    Action.CLOSE: CloseForm,
}


class SignSummaryForm(forms.Form):
    note = forms.CharField(
        label=_("Analysis"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text=_("What stands out this week and what is done about it."),
    )
