"""The steps on a renovation case, as forms; :meth:`StepForm.perform` calls the service."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.documents.formatting import yuan

from . import services
from .models import Department, Violation
from .services import Action

local_datetime = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def now_to_the_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class StepForm(forms.Form):
    #: The button's label.
    submit_label = ""
    #: Wagtail button class: ``button``, ``button no`` (destructive) or ``button button-secondary``.
    button_class = "button"
    success_message = ""

    def __init__(self, *args, case, user=None, **kwargs):
        self.case = case
        self.user = user
        super().__init__(*args, **kwargs)

    def perform(self, user):
        raise NotImplementedError


class NoteField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Note"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)


class MarkCompleteForm(StepForm):
    submit_label = _("Confirm the application is complete")
    success_message = _("The application %(reference)s is complete: the approval clock has started.")

    note = NoteField()

    def perform(self, user):
        return services.mark_complete(self.case, by=user, note=self.cleaned_data["note"])


class ApproveForm(StepForm):
    submit_label = _("Approve the renovation")
    success_message = _("The renovation %(reference)s is approved.")

    note = NoteField(label=_("Note to the applicant"))

    def perform(self, user):
        return services.approve(self.case, by=user, note=self.cleaned_data["note"])


class RefuseForm(StepForm):
    submit_label = _("Refuse the renovation")
    button_class = "button no"
    success_message = _("The renovation %(reference)s is refused.")

    reason = forms.CharField(
        label=_("Reason for the refusal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads this in the email and on their case."),
    )

    def perform(self, user):
        return services.refuse(self.case, by=user, reason=self.cleaned_data["reason"])


class FeesForm(StepForm):
    submit_label = _("Record the fees paid")
    success_message = _("The fees for %(reference)s are recorded in the ledger.")

    receipt_number = forms.CharField(label=_("Receipt number"), max_length=50)
    amount = forms.DecimalField(label=_("Amount received (yuan)"), max_digits=12, decimal_places=2,
                                min_value=Decimal("0.00"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        decision = services.fees_decision(self.case)
        self.fields["amount"].initial = decision.values["total"]
        self.fields["amount"].help_text = "；".join(
            f"{services.label_of(services.FEE_LABELS, item['code'])} {yuan(item['amount'])}"
            for item in decision.values["items"]
        )

    def perform(self, user):
        data = self.cleaned_data
        return services.record_fees(self.case, by=user, receipt_number=data["receipt_number"], amount=data["amount"])


class ProtectionForm(StepForm):
    submit_label = _("Confirm the site protection")
    success_message = _("The site protection for %(reference)s is confirmed.")

    note = NoteField(label=_("What was checked"), help_text=_("E.g. lift, corridor and stairs covered."))

    def perform(self, user):
        return services.confirm_protection(self.case, by=user, note=self.cleaned_data["note"])


class PermitForm(StepForm):
    submit_label = _("Issue the construction permit")
    success_message = _("The construction permit for %(reference)s is issued.")

    workers = forms.CharField(
        label=_("Worker passes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One worker a line: name, ID number, phone."),
    )

    def clean_workers(self):
        try:
            return services.parse_workers(self.cleaned_data["workers"])
        except services.RenovationError as error:
            raise forms.ValidationError(str(error)) from error

    def perform(self, user):
        return services.issue_permit(self.case, by=user, workers=self.cleaned_data["workers"])


class PatrolForm(StepForm):
    submit_label = _("Record a patrol")
    success_message = _("The patrol of %(reference)s is recorded.")

    department = forms.ChoiceField(label=_("Department"), choices=Department.choices)
    patrolled_at = forms.DateTimeField(label=_("Patrolled at"), widget=local_datetime)
    violation = forms.ChoiceField(label=_("Violation"), choices=Violation.choices, widget=forms.RadioSelect,
                                  initial=Violation.NONE)
    findings = forms.CharField(label=_("Findings"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    rectification = forms.CharField(
        label=_("Rectification asked"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a serious violation: what the rectification notice asks."),
    )
    owner_called_at = forms.DateTimeField(label=_("Owner phoned at"), required=False, widget=local_datetime)
    contractor_called_at = forms.DateTimeField(label=_("Contractor phoned at"), required=False, widget=local_datetime)
    owner_signed = forms.BooleanField(label=_("The owner signed the rectification notice"), required=False)
    contractor_signed = forms.BooleanField(label=_("The contractor signed the rectification notice"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["patrolled_at"].initial = now_to_the_minute()
        if self.user is not None:
            self.fields["department"].initial = services.department_of(self.user)

    def perform(self, user):
        services.record_patrol(self.case, by=user, **self.cleaned_data)
        return self.case


class FineForm(StepForm):
    submit_label = _("Record a fine")
    success_message = _("The fine for %(reference)s is recorded; the project manager signs it off.")

    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2,
                                min_value=Decimal("0.01"))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def perform(self, user):
        services.record_fine(self.case, by=user, amount=self.cleaned_data["amount"], reason=self.cleaned_data["reason"])
        return self.case


class SignFineForm(StepForm):
    submit_label = _("Sign off a fine")
    success_message = _("The fine for %(reference)s is signed off and charged to the unit.")

    fine = forms.ModelChoiceField(label=_("Fine"), queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fine"].queryset = self.case.fines.filter(signed_at__isnull=True)
        self.fields["fine"].label_from_instance = lambda fine: f"{yuan(fine.amount)} {fine.reason}"

    def perform(self, user):
        services.sign_fine(self.cleaned_data["fine"], by=user)
        return self.case


class HotWorkForm(StepForm):
    submit_label = _("Grant a hot-work permit")
    success_message = _("The hot-work permit for %(reference)s is granted.")

    work = forms.CharField(label=_("Hot work"), max_length=200, help_text=_("E.g. welding the balcony frame."))
    location = forms.CharField(label=_("Location"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Hot work starts at"), widget=local_datetime)
    ends_at = forms.DateTimeField(label=_("Hot work ends at"), widget=local_datetime)
    fire_watch = forms.CharField(label=_("Fire watch"), max_length=50)

    def perform(self, user):
        services.grant_hot_work(self.case, by=user, **self.cleaned_data)
        return self.case


class DefectsForm(StepForm):
    submit_label = _("Record defects found at acceptance")
    button_class = "button button-secondary"
    success_message = _("The defects found at %(reference)s are recorded.")

    inspectors = forms.CharField(label=_("Inspected by"), max_length=200,
                                 help_text=_("The engineering and security staff who inspected."))
    defects = forms.CharField(label=_("Defects and rectification asked"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def perform(self, user):
        return services.record_defects(self.case, by=user, **self.cleaned_data)


class AcceptanceForm(StepForm):
    submit_label = _("Accept the completed works")
    success_message = _("The works of %(reference)s are accepted.")

    inspectors = forms.CharField(label=_("Inspected by"), max_length=200,
                                 help_text=_("The engineering and security staff who inspected."))
    notes = NoteField(label=_("Notes"))
    fire_receipt_seen = forms.BooleanField(
        label=_("The fire acceptance receipt was seen (offices)"), required=False,
        help_text=_("Needed for an office, unless it came with the acceptance request (RN-16)."),
    )

    def perform(self, user):
        return services.accept_completion(self.case, by=user, **self.cleaned_data)


class RefundForm(StepForm):
    submit_label = _("Settle the deposit refund")
    success_message = _("The deposit refund of %(reference)s is settled and the memo issued.")

    owner_signature = forms.CharField(label=_("Signed by the owner"), max_length=50)
    contractor_signature = forms.CharField(label=_("Signed by the contractor"), max_length=50)
    lead_signature = forms.CharField(label=_("Signed by the project-centre lead"), max_length=50)
    inspection_notes = forms.CharField(
        label=_("Checked before the refund"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        initial=_("Public areas, neighbouring units, violations and leaks checked."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_signature"].initial = self.case.submission.applicant.name
        self.fields["contractor_signature"].initial = self.case.answers.get("responsible_person", "")

    def perform(self, user):
        return services.settle_refund(self.case, by=user, **self.cleaned_data)


FORMS: dict[str, type[StepForm]] = {
    Action.MARK_COMPLETE: MarkCompleteForm,
    Action.APPROVE: ApproveForm,
    Action.REFUSE: RefuseForm,
    Action.RECORD_FEES: FeesForm,
    Action.CONFIRM_PROTECTION: ProtectionForm,
    Action.ISSUE_PERMIT: PermitForm,
    Action.RECORD_PATROL: PatrolForm,
    Action.RECORD_FINE: FineForm,
    Action.SIGN_FINE: SignFineForm,
    Action.GRANT_HOT_WORK: HotWorkForm,
    Action.RECORD_DEFECTS: DefectsForm,
    Action.ACCEPT_COMPLETION: AcceptanceForm,
    Action.SETTLE_REFUND: RefundForm,
}
