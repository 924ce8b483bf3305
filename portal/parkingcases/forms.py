"""The forms of the lifecycle's transitions, one per transition, each calling its service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.casework.models import OPEN_STATUSES, Submission
from portal.casework.procedures import Procedure
from portal.estate.models import ParkingSpace

from . import services
from .models import ParkingCase
from .services import Transition


class OpenCaseForm(forms.ModelForm):
    """Open the case of a parking application that has none yet."""

    class Meta:
        model = ParkingCase
        fields = ["submission"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["submission"]
        field.queryset = Submission.objects.filter(
            procedure=Procedure.PARKING, status__in=OPEN_STATUSES, parking_case__isnull=True
        ).select_related("applicant", "unit__building")
        field.label_from_instance = lambda submission: (
            f"{submission.reference} {submission.applicant.name} {submission.unit or ''}".strip()
        )


class TransitionForm(forms.Form):
    """A transition's form; :meth:`perform` calls its service."""

    submit_label = ""
    button_class = "button"
    success_message = _("Parking application %(reference)s: %(state)s.")

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def perform(self, user):
        raise NotImplementedError


class CheckEligibilityForm(TransitionForm):
    submit_label = _("Check eligibility")

    licence_seen = forms.BooleanField(
        label=_("The original vehicle licence (行驶证) was shown"), required=False,
    )
    licence_in_applicants_name = forms.BooleanField(
        label=_("The licence names the applicant as the vehicle's owner"), required=False,
    )
    licence_number = forms.CharField(
        label=_("Vehicle licence number"), max_length=30, required=False,
        help_text=_("Needed for a vehicle not registered yet: it is registered from the licence (PK-2)."),
    )
    car_model = forms.CharField(label=_("Car model"), max_length=50, required=False)

    def perform(self, user):
        data = self.cleaned_data
        return services.check_eligibility(
            self.case, by=user, licence_seen=data["licence_seen"],
            licence_in_applicants_name=data["licence_in_applicants_name"],
            licence_number=data["licence_number"], car_model=data["car_model"],
        )


class AssignSpaceForm(TransitionForm):
    submit_label = _("Assign a space")

    space = forms.ModelChoiceField(label=_("Parking space"), queryset=ParkingSpace.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        estate_id = self.case.submission.household.unit.building.estate_id
        field = self.fields["space"]
        field.queryset = ParkingSpace.objects.filter(estate_id=estate_id).free()
        field.label_from_instance = lambda space: f"{space} ¥{space.monthly_rent}"

    def perform(self, user):
        return services.assign_space(self.case, by=user, space=self.cleaned_data["space"])


class RecordPaymentForm(TransitionForm):
    submit_label = _("Record the rent paid")

    amount = forms.DecimalField(label=_("Amount paid (yuan)"), max_digits=12, decimal_places=2, min_value=0)
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].initial = self.case.amount_due

    def perform(self, user):
        return services.record_payment(
            self.case, by=user, amount=self.cleaned_data["amount"], receipt_number=self.cleaned_data["receipt_number"]
        )


class ActivateForm(TransitionForm):
    submit_label = _("Activate the rental")

    ic_card_number = forms.CharField(
        label=_("IC card number"), max_length=30,
        help_text=_("The owner card authorised for the car park (CS-3)."),
    )

    def perform(self, user):
        return services.activate(self.case, by=user, ic_card_number=self.cleaned_data["ic_card_number"])


class RefuseForm(TransitionForm):
    submit_label = _("Refuse")
    button_class = "button no"

    reason = forms.CharField(
        label=_("Reason for the refusal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads this in the email and on their case."),
    )

    def perform(self, user):
        return services.refuse(self.case, by=user, reason=self.cleaned_data["reason"])


FORMS: dict[str, type[TransitionForm]] = {
    Transition.CHECK_ELIGIBILITY: CheckEligibilityForm,
    Transition.ASSIGN_SPACE: AssignSpaceForm,
    Transition.RECORD_PAYMENT: RecordPaymentForm,
    Transition.ACTIVATE: ActivateForm,
    Transition.REFUSE: RefuseForm,
}
