"""押金退还申请 — ask for the renovation deposit back (POLICIES §2, RN-17 … RN-20).

The owner chooses one of their own renovations and says who asks: the owner, or the
contractor, whose request needs the owner's consent (RN-19). The acceptance date is the
one staff recorded for the renovation's completion acceptance; without one the owner
enters it. ``renovation.refund`` gives the day from which the deposit can be refunded
(3 months after acceptance, offices 15 days: RN-17) and the refund as things stand:
the deposit (as the ledger holds it, else as charged on the renovation application)
less the unpaid fines and the other fees the unit owes (RN-20).

``allow_denied`` is False: a deposit is not refunded before its day, nor to a contractor
without the owner's consent, so such a request is not sent to staff. The owner is told
the day to come back, or to ask the owner to confirm.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.documents.formatting import yuan
from portal.policies import facts

from ..fields import PhoneField
from ..registry import register
from ..steps import OwnerStep
from ..wizard import OwnerWizard
from .renovation import RenovationField, date_input
from .renovation_acceptance import RenovationAnswers, recorded_acceptance_date

S = SubmissionStatus
OWNER, CONTRACTOR = "owner", "contractor"
REQUESTERS = [
    (OWNER, _("The owner (or whoever applied for the renovation)")),
    (CONTRACTOR, _("The contractor")),
]
ZERO = Decimal("0.00")


def deposit_of(renovation: Submission, on_date) -> Decimal:
    """The deposit to refund: what the unit's ledger holds on ``on_date``, else the
    deposit charged on the renovation application (nothing if neither is known)."""
    held = facts.renovation_deposit_held(renovation.unit, on_date)
    if held:
        return held
    for item in (renovation.decision or {}).get("values", {}).get("items", []):
        if item.get("code") == "deposit":
            return Decimal(str(item["amount"]))
    return ZERO


def refund_asked_for(renovation: Submission) -> Submission | None:
    """A refund of ``renovation``'s deposit already asked for and not rejected or withdrawn."""
    return (
        Submission.objects.filter(procedure=Procedure.DEPOSIT_REFUND, answers__renovation=renovation.reference)
        .exclude(status__in=(S.REJECTED, S.WITHDRAWN))
        .first()
    )


class RefundStep(RenovationAnswers, OwnerStep):
    title = _("Your renovation")

    renovation = RenovationField(statuses=(S.APPROVED, S.IN_PROGRESS, S.COMPLETED))
    requested_by = forms.ChoiceField(
        label=_("Who asks for the refund?"), choices=REQUESTERS, widget=forms.RadioSelect, initial=OWNER
    )
    owner_consent = forms.BooleanField(
        label=_("The owner agrees to refund the deposit as the contractor asks"),
        required=False,
        help_text=_("Needed when the contractor asks."),
    )
    phone = PhoneField()

    def clean_renovation(self):
        renovation = self.cleaned_data["renovation"]
        earlier = refund_asked_for(renovation)
        if earlier is not None:
            raise ValidationError(
                _("A refund of this deposit was already asked for (reference %(reference)s)."),
                code="asked_already",
                params={"reference": earlier.reference},
            )
        return renovation

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("requested_by") != CONTRACTOR:
            cleaned["owner_consent"] = False
        return cleaned


class AcceptanceDateStep(OwnerStep):
    title = _("Completion acceptance")

    acceptance_date = forms.DateField(
        label=_("Date of the completion acceptance"),
        widget=date_input,
        help_text=_("As on the completion acceptance form signed by engineering and security staff."),
    )

    def __init__(self, *args, renovation=None, **kwargs):
        self.renovation = renovation
        super().__init__(*args, **kwargs)

    def clean_acceptance_date(self):
        accepted_on = self.cleaned_data["acceptance_date"]
        if accepted_on > timezone.localdate():
            raise ValidationError(_("The acceptance date cannot be in the future."), code="future")
        if self.renovation is not None and accepted_on < timezone.localdate(self.renovation.submitted_at):
            raise ValidationError(
                _("The acceptance cannot be before the renovation was applied for (%(date)s)."),
                code="before_renovation",
                params={"date": date_format(timezone.localtime(self.renovation.submitted_at), "Y-m-d")},
            )
        return accepted_on


def acceptance_not_on_record(wizard) -> bool:
    """Must the owner enter the acceptance date (none is recorded for the renovation chosen)?"""
    return wizard.recorded_acceptance() is None


@register(Procedure.DEPOSIT_REFUND)
class DepositRefundWizard(OwnerWizard):
    procedure = Procedure.DEPOSIT_REFUND
    form_list = [("details", RefundStep), ("acceptance", AcceptanceDateStep)]
    condition_dict = {"acceptance": acceptance_not_on_record}
    policy = "renovation.refund"
    allow_denied = False
    denied_help = _(
        "If it is too early, you can ask again from the date shown. If the contractor asks, the owner must agree: "
        "ask the owner to confirm, then tick the box on the first step (“Previous”). Questions? Call the service "
        "centre on %(hotline)s."
    )
    notes = (
        _("Before the refund, staff check for damage to public areas or neighbours, violations and leaks. The owner, "
          "the contractor and the project centre sign the refund."),
        _("The deductions above are those known today; the cashier settles the final amounts when the refund is "
          "signed."),
    )

    def chosen_renovation(self) -> Submission | None:
        return (self.get_cleaned_data_for_step("details") or {}).get("renovation")

    def recorded_acceptance(self):
        """The acceptance date recorded for the renovation chosen, or None."""
        if not hasattr(self, "_preview_acceptance"):
            renovation = self.chosen_renovation()
            self._preview_acceptance = recorded_acceptance_date(renovation) if renovation is not None else None
        return self._preview_acceptance

    def get_form_kwargs(self, step=None):
        kwargs = super().get_form_kwargs(step)
        if step == "acceptance":
            kwargs["renovation"] = self.chosen_renovation()
        return kwargs

    def answered_data(self) -> dict:
        """The answers, the renovation's unit as the unit of the case, and the recorded
        acceptance date when the owner was not asked for one."""
        data = super().answered_data()
        renovation = data.get("renovation")
        if renovation is not None:
            data["unit"] = renovation.unit
            data.setdefault("acceptance_date", self.recorded_acceptance())
        return data

    def get_answers(self, form_dict) -> dict:
        answers = super().get_answers(form_dict)
        if "acceptance_date" not in answers and self.recorded_acceptance() is not None:
            answers["acceptance_date"] = self.recorded_acceptance().isoformat()
            answers["acceptance_on_record"] = True
        return answers

    def get_facts(self, data, received_at):
        renovation = data["renovation"]
        on_date = timezone.localdate(received_at)
        contractor_asks = data["requested_by"] == CONTRACTOR
        return facts.renovation_refund_facts(
            renovation.unit,
            acceptance_date=data["acceptance_date"],
            on_date=on_date,
            deposit=deposit_of(renovation, on_date),
            requested_by=data["requested_by"],
            owner_consent=bool(data.get("owner_consent")) if contractor_asks else None,
        )

    def get_preview(self, decision):
        asked = self.get_facts(self.answered_data(), self.now)
        values = decision.values
        rows = [
            (_("Refundable from"), date_format(values["refundable_from"], "Y-m-d")),
            (_("Renovation deposit"), yuan(asked["deposit"])),
            (_("Less unpaid fines"), yuan(asked["fines"])),
            (_("Less unpaid fees"), yuan(asked["unpaid_fees"])),
            (_("Refund as things stand"), yuan(values["refund_amount"])),
        ]
        if values["amount_owed"] > 0:
            rows.append((_("Still to pay after the deposit"), yuan(values["amount_owed"])))
        return rows
