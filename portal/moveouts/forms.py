"""The steps of a tenant's move-out, as forms; :meth:`StepForm.perform` calls the service."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.estate.models import OccupancyStatus
from portal.moveins.casepages import StepForm

from . import services
from .services import Action


def _reading(label):
    return forms.DecimalField(label=label, max_digits=10, decimal_places=2, min_value=0, required=False)


def _charge(label):
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=0, required=False)


class OwnerAnswerForm(StepForm):
    submit_label = _("Record the owner's answer")
    success_message = _("The owner's answer for %(reference)s is recorded.")

    called_at = forms.DateTimeField(
        label=_("Owner told at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    agrees = forms.TypedChoiceField(
        label=_("Does the owner agree to end the tenancy?"), coerce=lambda value: value == "yes",
        widget=forms.RadioSelect, choices=[("yes", _("Agrees")), ("no", _("Does not agree"))],
    )
    items_to_stay = forms.CharField(label=_("Items that must stay"), required=False, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Note on the call"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["called_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def perform(self, user):
        return services.record_owner_answer(self.case, by=user, **self.cleaned_data)


class MetersForm(StepForm):
    submit_label = _("Record the meters and the final fees")
    success_message = _("The meters of %(reference)s are recorded.")

    water = _reading(_("Water meter"))
    electricity = _reading(_("Electricity meter"))
    gas = _reading(_("Gas meter"))
    water_charge = _charge(_("Water up to the move-out day (yuan)"))
    electricity_charge = _charge(_("Electricity up to the move-out day (yuan)"))
    gas_charge = _charge(_("Gas up to the move-out day (yuan)"))
    receipt_number = forms.CharField(label=_("Receipt number"), required=False, max_length=50)

    def perform(self, user):
        data = self.cleaned_data
        charges = {name: data[f"{name}_charge"] for name, _category in services.UTILITIES if data[f"{name}_charge"]}
        return services.record_meters(self.case, by=user, water=data["water"], electricity=data["electricity"],
                                      gas=data["gas"], charges=charges, receipt_number=data["receipt_number"])


class CompleteForm(StepForm):
    submit_label = _("Complete the move-out")
    success_message = _("The move-out of %(reference)s is complete and the register is updated.")

    moved_out_on = forms.DateField(label=_("Moved out on"),
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    unit_status = forms.ChoiceField(label=_("Unit status after the move-out"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = services.allowed_unit_statuses(self.case.submission.unit)
        self.fields["unit_status"].choices = [(value, OccupancyStatus(value).label) for value in allowed]
        self.fields["unit_status"].initial = OccupancyStatus.VACANT
        self.fields["moved_out_on"].initial = min(services.move_out_date(self.case), timezone.localdate())

    def perform(self, user):
        return services.complete(self.case, by=user, **self.cleaned_data)


class RefuseForm(StepForm):
    submit_label = _("Refuse")
    button_class = "button no"
    success_message = _("The move-out %(reference)s is refused.")

    reason = forms.CharField(label=_("Reason for the refusal"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The applicant reads this in the email and on their case."))

    def perform(self, user):
        return services.refuse(self.case, by=user, reason=self.cleaned_data["reason"])


FORMS: dict[str, type[StepForm]] = {
    Action.RECORD_OWNER_ANSWER: OwnerAnswerForm,
    Action.RECORD_METERS: MetersForm,
    Action.COMPLETE: CompleteForm,
    Action.REFUSE: RefuseForm,
}
