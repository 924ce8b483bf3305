"""The desk's forms for complaints: recording a phone or desk complaint, and one form per
step of the case (:meth:`StepForm.perform` calls the service)."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Unit

from . import services
from .models import (
    Category,
    Channel,
    ComplaintCase,
    ComplaintEvent,
    DeadlineField,
    DeemedGrade,
    Department,
    ReplyMethod,
)
from .services import Action

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _now_to_the_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class RecordComplaintForm(forms.ModelForm):
    """《客户投诉、意见记录表》 as the first responder fills it in for a phone or desk complaint."""

    channel = forms.ChoiceField(
        label=_("How it was made"), choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.DESK, Channel.DESK.label)],
        widget=forms.RadioSelect, initial=Channel.PHONE,
    )
    received_at = forms.DateTimeField(label=_("Received at"), widget=DATETIME_WIDGET, initial=_now_to_the_minute)
    event = forms.ModelChoiceField(
        label=_("Same event as"), queryset=ComplaintEvent.objects.none(), required=False,
        help_text=_("Link complaints about the same event: five customers or more make each one major (CP-2)."),
    )

    class Meta:
        model = ComplaintCase
        fields = ["channel", "complainant_name", "complainant_phone", "unit", "subject", "category", "description",
                  "received_at", "event"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        self.fields["unit"].queryset = Unit.objects.select_related("building")
        self.fields["unit"].required = False
        self.fields["category"].choices = Category.choices
        self.fields["event"].queryset = recent_events()

    def save(self, commit=True):
        data = self.cleaned_data
        return services.record_complaint(
            by=self.for_user, channel=data["channel"], complainant_name=data["complainant_name"],
            complainant_phone=data["complainant_phone"], subject=data["subject"], description=data["description"],
            category=data["category"], unit=data["unit"], received_at=data["received_at"], event=data["event"],
        )


def recent_events():
    """Events of the last three months, newest first."""
    since = timezone.localdate() - timedelta(days=92)
    return ComplaintEvent.objects.filter(occurred_on__gte=since).order_by("-occurred_on", "-pk")


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


class AssessForm(StepForm):
    """CP-1…CP-4: valid or not; the criteria that hold; the handling opinion (CP-7)."""

    submit_label = _("Record the decision")
    success_message = _("The decision on %(reference)s is recorded.")

    valid = forms.TypedChoiceField(
        label=_("Validity"), coerce=lambda value: value == "yes", widget=forms.RadioSelect, initial="yes",
        choices=[("yes", _("Valid complaint")), ("no", _("Invalid complaint"))],
    )
    criteria = forms.MultipleChoiceField(
        label=_("Criteria that hold"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(name, ComplaintCase._meta.get_field(name).verbose_name) for name in services.CRITERIA],
        help_text=_("The grade is the highest one whose criteria hold (CP-2…CP-4)."),
    )
    deemed = forms.ChoiceField(
        label=_("Deemed by the company"), required=False, choices=[("", _("Not deemed")), *DeemedGrade.choices],
    )
    opinion = forms.CharField(
        label=_("Handling opinion"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a valid complaint: the supervisor's signed opinion on the record (CP-7)."),
    )
    invalid_reason = forms.CharField(
        label=_("Why it is not a valid complaint"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    explanation = forms.CharField(
        label=_("Explanation given to the customer"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for an invalid complaint: explain it politely and patiently (CP-1)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.case
        self.fields["criteria"].initial = [name for name in services.CRITERIA if getattr(case, name)]
        self.fields["deemed"].initial = case.deemed
        self.fields["opinion"].initial = case.opinion

    def perform(self, user):
        data = self.cleaned_data
        return services.assess(
            self.case, by=user, valid=data["valid"], criteria=data["criteria"], deemed=data["deemed"],
            opinion=data["opinion"], invalid_reason=data["invalid_reason"], explanation=data["explanation"],
        )


class AssignForm(StepForm):
    submit_label = _("Forward")
    success_message = _("%(reference)s is forwarded.")

    department = forms.ChoiceField(label=_("Department"), choices=Department.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def perform(self, user):
        return services.assign(self.case, by=user, department=self.cleaned_data["department"],
                               note=self.cleaned_data["note"])


class ResultForm(StepForm):
    submit_label = _("Agree the result")
    success_message = _("The result of %(reference)s is recorded: reply to the customer today.")

    result = forms.CharField(label=_("Department's result"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    at = forms.DateTimeField(label=_("Result back at"), widget=DATETIME_WIDGET, initial=_now_to_the_minute)

    def perform(self, user):
        return services.record_result(self.case, by=user, result=self.cleaned_data["result"],
                                      at=self.cleaned_data["at"])


class ReplyForm(StepForm):
    """《客户建议/意见受理回复表》: how and when the customer was answered, and what they were told."""

    submit_label = _("Record the reply")
    success_message = _("The reply to %(reference)s is recorded.")

    method = forms.ChoiceField(label=_("Reply made"), choices=ReplyMethod.choices, widget=forms.RadioSelect,
                               initial=ReplyMethod.PHONE)
    text = forms.CharField(label=_("Reply to the customer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    at = forms.DateTimeField(label=_("Replied at"), widget=DATETIME_WIDGET, initial=_now_to_the_minute)

    def perform(self, user):
        data = self.cleaned_data
        return services.reply(self.case, by=user, method=data["method"], text=data["text"], at=data["at"])


class CloseForm(StepForm):
    submit_label = _("Close")
    success_message = _("%(reference)s is closed; its follow-up visit is due within a day.")

    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def perform(self, user):
        return services.close(self.case, by=user, note=self.cleaned_data["note"])


class WaitForm(StepForm):
    submit_label = _("Wait for the customer")
    button_class = "button button-secondary"
    success_message = _("%(reference)s waits for the customer: its clocks are stopped.")

    note = forms.CharField(label=_("What the customer is to do"), max_length=500)

    def perform(self, user):
        return services.wait_for_customer(self.case, by=user, note=self.cleaned_data["note"])


class ResumeForm(StepForm):
    submit_label = _("Resume")
    success_message = _("%(reference)s is running again; its deadlines moved by the time waited.")

    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def perform(self, user):
        return services.resume(self.case, by=user, note=self.cleaned_data["note"])


class LinkEventForm(StepForm):
    submit_label = _("Link to the event")
    button_class = "button button-secondary"
    success_message = _("%(reference)s is linked to the event.")

    event = forms.ModelChoiceField(label=_("Same event as"), queryset=ComplaintEvent.objects.none(), required=False)
    title = forms.CharField(label=_("Or a new event"), max_length=100, required=False,
                            help_text=_("E.g. “No water in building 3”."))
    occurred_on = forms.DateField(label=_("Date of the event"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = recent_events()
        self.fields["occurred_on"].initial = timezone.localdate(self.case.received_at)

    def clean(self):
        data = super().clean()
        if not data.get("event") and not (data.get("title") or "").strip():
            raise forms.ValidationError(_("Choose an event or name a new one."))
        return data

    def perform(self, user):
        data = self.cleaned_data
        event = data["event"]
        if event is None:
            estate = self.case.unit.building.estate if self.case.unit_id else None
            event = services.create_event(title=data["title"], occurred_on=data["occurred_on"] or
                                          timezone.localdate(self.case.received_at), estate=estate, by=user)
        return services.link_to_event(self.case, event, by=user)


class ExtendForm(StepForm):
    """CP-6: more time beyond the grade's limit, with the approver's name kept."""

    submit_label = _("Approve more time")
    button_class = "button button-secondary"
    success_message = _("The new deadline of %(reference)s is recorded with your approval.")

    deadline = forms.ChoiceField(label=_("Deadline"), choices=DeadlineField.choices, initial=DeadlineField.RESOLVE_BY)
    new_deadline = forms.DateTimeField(label=_("New deadline"), widget=DATETIME_WIDGET)
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def perform(self, user):
        data = self.cleaned_data
        return services.approve_extension(self.case, by=user, deadline=data["deadline"],
                                          new_deadline=data["new_deadline"], reason=data["reason"])


FORMS: dict[str, type[StepForm]] = {
    Action.ASSESS: AssessForm,
    Action.ASSIGN: AssignForm,
    Action.RECORD_RESULT: ResultForm,
    Action.REPLY: ReplyForm,
    Action.CLOSE: CloseForm,
    Action.WAIT: WaitForm,
    Action.RESUME: ResumeForm,
    Action.LINK_EVENT: LinkEventForm,
    Action.EXTEND: ExtendForm,
}
