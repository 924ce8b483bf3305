"""The steps of an occupancy registration, as forms; :meth:`StepForm.perform` calls the service."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.moveins.casepages import StepForm

from . import services
from .services import Action


class ConfirmOwnerForm(StepForm):
    submit_label = _("Record the owner's confirmation")
    success_message = _("The owner's confirmation for %(reference)s is recorded.")

    called_at = forms.DateTimeField(
        label=_("Confirmed at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    note = forms.CharField(label=_("Note on the call"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["called_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def perform(self, user):
        return services.confirm_owner(self.case, by=user, **self.cleaned_data)


class RegisterForm(StepForm):
    submit_label = _("Register the occupancy")
    success_message = _("The occupancy of %(reference)s is registered and the unit's status updated.")

    lease_seen = forms.BooleanField(label=_("Lease seen (租赁合同)"), required=False)
    pledge_signed = forms.BooleanField(label=_("《安全责任制书》 signed"), required=False)
    lease_start = forms.DateField(label=_("Lease start"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    lease_end = forms.DateField(label=_("Lease end"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    plate = forms.CharField(label=_("Vehicle plate (optional)"), required=False, max_length=10)
    car_model = forms.CharField(label=_("Car model (optional)"), required=False, max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case.occupant != services.TENANT:
            for name in ("lease_seen", "pledge_signed", "lease_start", "lease_end"):
                del self.fields[name]
        else:
            self.fields["lease_seen"].initial = self.case.lease_seen
            self.fields["pledge_signed"].initial = self.case.pledge_signed

    def perform(self, user):
        data = self.cleaned_data
        vehicles = [{"plate": data["plate"], "model": data["car_model"]}] if data["plate"] else []
        return services.register(
            self.case, by=user, lease_seen=data.get("lease_seen", False),
            pledge_signed=data.get("pledge_signed", False), lease_start=data.get("lease_start"),
            lease_end=data.get("lease_end"), vehicles=vehicles,
        )


class RefuseForm(StepForm):
    submit_label = _("Refuse")
    button_class = "button no"
    success_message = _("The occupancy registration %(reference)s is refused.")

    reason = forms.CharField(label=_("Reason for the refusal"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The applicant reads this in the email and on their case."))

    def perform(self, user):
        return services.refuse(self.case, by=user, reason=self.cleaned_data["reason"])


FORMS: dict[str, type[StepForm]] = {
    Action.CONFIRM_OWNER: ConfirmOwnerForm,
    Action.REGISTER: RegisterForm,
    Action.REFUSE: RefuseForm,
}
