"""The desk's and engineering's forms for repair orders; :meth:`StepForm.perform` calls the service."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Unit

from . import services
from .models import Channel, FaultCategory
from .services import Action

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def now_to_the_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class DeskEntryForm(forms.Form):
    """A repair reported by phone or at the desk (RP-1: every field is required)."""

    channel = forms.ChoiceField(
        label=_("Reported by"), choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.VISIT, Channel.VISIT.label)],
        widget=forms.RadioSelect, initial=Channel.PHONE,
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.select_related("building"))
    contact_name = forms.CharField(label=_("Contact name"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=30)
    category = forms.ChoiceField(label=_("Fault"), choices=FaultCategory.choices)
    description = forms.CharField(
        label=_("Content and fault description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    customer_marked_urgent = forms.BooleanField(label=_("The customer calls it especially urgent"), required=False)
    reported_at = forms.DateTimeField(label=_("Time reported"), widget=DATETIME_WIDGET)
    appointment_at = forms.DateTimeField(label=_("Appointment time"), widget=DATETIME_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_at"].initial = now_to_the_minute()

    def perform(self, user):
        return services.open_at_desk(by=user, **self.cleaned_data)


class StepForm(forms.Form):
    submit_label = ""
    button_class = "button"
    success_message = ""

    def __init__(self, *args, order, **kwargs):
        self.order = order
        super().__init__(*args, **kwargs)

    def perform(self, user):
        raise NotImplementedError


class ReceiveForm(StepForm):
    submit_label = _("Receive the order")
    success_message = _("You are the receiver of %(reference)s.")

    def perform(self, user):
        return services.receive(self.order, by=user)


class ExplainChargeForm(StepForm):
    submit_label = _("Record the charge explained")
    success_message = _("The charge of %(reference)s, as explained to the customer, is recorded.")

    price_standard = forms.CharField(
        label=_("Price standard explained"), max_length=500,
        help_text=_("The published price of the work and materials, as told to the customer (RP-2)."),
    )
    reason = forms.CharField(label=_("Reason for the charge explained"), max_length=500)
    explained_at = forms.DateTimeField(label=_("Explained at"), widget=DATETIME_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["explained_at"].initial = now_to_the_minute()

    def perform(self, user):
        data = self.cleaned_data
        return services.explain_charge(
            self.order, by=user, price_standard=data["price_standard"], reason=data["reason"],
            explained_at=data["explained_at"],
        )


class PickUpForm(StepForm):
    submit_label = _("Pick up the work order")
    success_message = _("You have picked up %(reference)s.")

    def perform(self, user):
        return services.pick_up(self.order, by=user)


class CompleteForm(StepForm):
    submit_label = _("Record the completion")
    success_message = _("%(reference)s is completed; its follow-up call is due today.")

    work_done = forms.CharField(label=_("Work done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    customer_signature_name = forms.CharField(label=_("Signed by the customer (name)"), max_length=100)
    customer_signed_at = forms.DateTimeField(label=_("Customer signed at"), widget=DATETIME_WIDGET)
    fee_amount = forms.DecimalField(
        label=_("Fee (yuan)"), required=False, min_value=0, max_digits=10, decimal_places=2,
        help_text=_("Only for a paid repair, as explained to the customer."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer_signed_at"].initial = now_to_the_minute()
        if not self.order.is_paid:
            del self.fields["fee_amount"]

    def perform(self, user):
        data = self.cleaned_data
        return services.complete(
            self.order, by=user, work_done=data["work_done"],
            customer_signature_name=data["customer_signature_name"],
            customer_signed_at=data["customer_signed_at"], fee_amount=data.get("fee_amount"),
        )


class RecordFeeForm(StepForm):
    submit_label = _("Record the fee in the ledger")
    success_message = _("The fee of %(reference)s is in the unit's ledger.")

    receipt_number = forms.CharField(
        label=_("Receipt number"), max_length=50, required=False,
        help_text=_("When the customer has paid: the payment is entered with the charge."),
    )

    def perform(self, user):
        return services.record_fee(self.order, by=user, receipt_number=self.cleaned_data["receipt_number"])


class CancelForm(StepForm):
    submit_label = _("Cancel the order")
    button_class = "button no"
    success_message = _("%(reference)s is cancelled.")

    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500)

    def perform(self, user):
        return services.cancel(self.order, by=user, reason=self.cleaned_data["reason"])


FORMS = {
    Action.RECEIVE: ReceiveForm,
    Action.EXPLAIN_CHARGE: ExplainChargeForm,
    Action.PICK_UP: PickUpForm,
    Action.COMPLETE: CompleteForm,
    Action.RECORD_FEE: RecordFeeForm,
    Action.CANCEL: CancelForm,
}
