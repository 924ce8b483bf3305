"""The steps of a move-in handover, as forms; :meth:`StepForm.perform` calls the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.estate.models import OccupancyStatus

from . import services
from .casepages import StepForm
from .services import Action


class IdentityForm(StepForm):
    submit_label = _("Record the documents and issue the fee notice")
    success_message = _("The documents of %(reference)s are checked and the move-in fee notice is issued.")

    id_document = forms.BooleanField(label=_("The owner showed their ID document"), required=False)
    purchase_contract = forms.BooleanField(label=_("The owner showed the purchase contract (买卖合同)"), required=False)
    move_in_notice = forms.BooleanField(label=_("The owner showed the move-in notice (入伙通知书)"), required=False)

    def perform(self, user):
        data = self.cleaned_data
        return services.check_identity(self.case, by=user, id_document=data["id_document"],
                                       purchase_contract=data["purchase_contract"],
                                       move_in_notice=data["move_in_notice"])


class FeesForm(StepForm):
    submit_label = _("Record the fees paid")
    success_message = _("The fees of %(reference)s are recorded in the ledger.")

    amount = forms.DecimalField(label=_("Amount paid (yuan)"), max_digits=12, decimal_places=2, min_value=0)
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].initial = self.case.total_due

    def perform(self, user):
        data = self.cleaned_data
        return services.record_fees(self.case, by=user, amount=data["amount"], receipt_number=data["receipt_number"])


class OwnerFileForm(StepForm):
    submit_label = _("Record the owner file")
    success_message = _("The owner file of %(reference)s is complete.")

    copies_kept = forms.BooleanField(label=_("Copies of the ID and the bank card kept (MI-4)"), required=False)
    family_register = forms.BooleanField(label=_("《业主家庭成员登记表》 filled in"), required=False)
    bank_agreement = forms.BooleanField(label=_("《银行托收协议》 signed"), required=False)
    document_receipt = forms.BooleanField(label=_("《文件签收表》 signed"), required=False)
    fire_safety_agreement = forms.BooleanField(label=_("《消防责任协议书》 signed"), required=False)
    emergency_mobile = forms.CharField(label=_("Emergency mobile"), max_length=11, required=False)
    birthday = forms.DateField(label=_("Birthday"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emergency_mobile"].initial = self.case.emergency_mobile
        self.fields["birthday"].initial = self.case.birthday

    def perform(self, user):
        return services.complete_file(self.case, by=user, **self.cleaned_data)


class KeysForm(StepForm):
    submit_label = _("Hand over the keys")
    success_message = _("The keys of %(reference)s are handed over.")

    key_receipt_signed = forms.BooleanField(label=_("The owner signed the key receipt (《钥匙签收表》)"),
                                            required=False)
    keys = forms.CharField(label=_("Keys handed over"), max_length=200,
                           help_text=_("E.g. 入户门钥匙3把、信箱钥匙1把."))
    guide_given = forms.BooleanField(label=_("The owner service guide was given and explained"), required=False)

    def perform(self, user):
        return services.hand_keys(self.case, by=user, **self.cleaned_data)


class InspectionForm(StepForm):
    submit_label = _("Record the joint inspection")
    success_message = _("The joint inspection of %(reference)s is recorded.")

    accepted = forms.TypedChoiceField(
        label=_("Result (《房屋验收记录表》)"), coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Accepted by the owner")), ("no", _("Not accepted"))],
    )
    rectification_items = forms.CharField(label=_("Rectification items"), required=False, max_length=2000,
                                          widget=forms.Textarea(attrs={"rows": 3}))
    not_accepted_reason = forms.CharField(label=_("Reason the unit was not accepted (MI-9)"), required=False,
                                          max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    inspector = forms.CharField(label=_("Engineering staff at the inspection"), required=False, max_length=50)

    def perform(self, user):
        return services.record_inspection(self.case, by=user, **self.cleaned_data)


class CompleteForm(StepForm):
    submit_label = _("Complete the handover")
    success_message = _("The handover of %(reference)s is complete and the register is updated.")

    unit_status = forms.ChoiceField(label=_("Unit status after the handover"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = services.allowed_unit_statuses(self.case.submission.unit)
        self.fields["unit_status"].choices = [(value, OccupancyStatus(value).label) for value in allowed]
        self.fields["unit_status"].initial = OccupancyStatus.VACANT

    def perform(self, user):
        return services.complete(self.case, by=user, unit_status=self.cleaned_data["unit_status"])


class RefuseForm(StepForm):
    submit_label = _("Refuse")
    button_class = "button no"
    success_message = _("The handover of %(reference)s is refused.")

    reason = forms.CharField(label=_("Reason for the refusal"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The applicant reads this in the email and on their case."))

    def perform(self, user):
        return services.refuse(self.case, by=user, reason=self.cleaned_data["reason"])


FORMS: dict[str, type[StepForm]] = {
    Action.CHECK_IDENTITY: IdentityForm,
    Action.RECORD_FEES: FeesForm,
    Action.COMPLETE_FILE: OwnerFileForm,
    Action.HAND_KEYS: KeysForm,
    Action.RECORD_INSPECTION: InspectionForm,
    Action.COMPLETE: CompleteForm,
    Action.REFUSE: RefuseForm,
}
