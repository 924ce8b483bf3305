"""入伙办理预约 — book the move-in handover (POLICIES §1).

For units the register still shows as not handed over; an owner with none is told so
before any step. The owner uploads the three documents MI-1 requires (ID card,
purchase contract 买卖合同, move-in notice 入伙通知书), fills in what the owner file
needs (MI-5: the family members of 《业主家庭成员登记表》, an emergency mobile and a
birthday, the bank details of 《银行托收协议》) and books a working day and time for
the key handover and the joint inspection.

The confirmation step previews ``move_in.fees``: three months of management fee
counted from the move-in date stated in the notice, which the owner enters (MI-2),
the utility float of the property type (MI-3) and the total to pay at the handover.
The fees are information, never a denial; ``allow_denied`` is False.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules import working_calendar

from portal.casework.procedures import Procedure
from portal.estate.models import OccupancyStatus
from portal.policies import adapter, facts

from ..answers import yuan
from ..fields import MobileField, NearDateField, UnitField
from ..registry import register
from ..rows import RowsField
from ..steps import OwnerStep
from ..uploads import UploadField
from ..wizard import OwnerWizard

# Half-day blocks in office hours for the key handover and the joint inspection.
TIME_SLOTS = [
    ("09:00", _("09:00–10:30")),
    ("10:30", _("10:30–12:00")),
    ("14:00", _("14:00–15:30")),
    ("15:30", _("15:30–17:00")),
]


def awaiting_handover(units):
    """The units of ``units`` the register shows as not handed over."""
    return units.filter(status=OccupancyStatus.NOT_HANDED_OVER)


def is_working_day(day) -> bool:
    """Whether the service centre works on ``day``, on the policy library's working-day
    calendar with the parameters in force that day (weekends, holidays, 调休)."""
    return working_calendar(adapter.params_in_force(day)).is_working_day(day)


class HandoverUnitField(UnitField):
    """One of the applicant's units, which must still be waiting for its handover;
    prefilled when exactly one is."""

    def initial_for(self, applicant):
        units = list(awaiting_handover(applicant.units)[:2])
        return units[0].pk if len(units) == 1 else None

    def validate(self, value):
        super().validate(value)
        if value is not None and value.status != OccupancyStatus.NOT_HANDED_OVER:
            raise ValidationError(
                _("%(unit)s has been handed over already (%(status)s): there is no handover to book for it."),
                code="handed_over",
                params={"unit": value, "status": value.get_status_display()},
            )


class DocumentsStep(OwnerStep):
    title = _("Unit and documents")

    unit = HandoverUnitField()
    notice_move_in_date = NearDateField(
        label=_("Move-in date stated in your move-in notice (入伙通知书)"),
        earliest=-365,
        latest=365,
        help_text=_("The prepaid management fee is counted from this date, not from the day you come."),
    )
    id_card = UploadField(label=_("Your ID card (both sides)"))
    purchase_contract = UploadField(label=_("Purchase contract (买卖合同)"))
    move_in_notice = UploadField(label=_("Move-in notice (入伙通知书)"))


class FamilyStep(OwnerStep):
    title = _("Family members")

    family = RowsField(
        [
            ("name", forms.CharField(label=_("Name"), max_length=50)),
            ("relation", forms.CharField(label=_("Relation to you"), max_length=30)),
            ("mobile", MobileField(label=_("Mobile (optional)"), required=False)),
        ],
        rows=6,
        min_rows=0,
        required=False,
        line="{name}（{relation}）{mobile}",
        label=_("Who will live in the unit with you?"),
        help_text=_("For the family register (《业主家庭成员登记表》). Leave empty if you live alone."),
    )


class ContactStep(OwnerStep):
    title = _("Emergency contact and birthday")

    emergency_mobile = MobileField(
        label=_("Emergency mobile"),
        help_text=_("Someone we can call if we cannot reach you, e.g. in case of a leak."),
    )
    birthday = forms.DateField(
        label=_("Your birthday"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    @classmethod
    def initial_for(cls, applicant):
        person = applicant.person
        return {"emergency_mobile": person.emergency_mobile or None, "birthday": person.birthday}

    def clean_birthday(self):
        birthday = self.cleaned_data["birthday"]
        if birthday >= timezone.localdate() or birthday.year < 1900:
            raise ValidationError(_("Enter your date of birth."), code="birthday")
        return birthday


class BankStep(OwnerStep):
    title = _("Direct debit")

    bank = forms.CharField(label=_("Bank"), max_length=50, help_text=_("E.g. 中国工商银行深圳南山支行."))
    account_name = forms.CharField(label=_("Account holder"), max_length=50)
    account_number = forms.CharField(label=_("Account number"), max_length=40)

    @classmethod
    def initial_for(cls, applicant):
        return {"account_name": applicant.person.name}

    def clean_account_number(self):
        number = "".join(self.cleaned_data["account_number"].split())
        if not number.isdigit() or not 12 <= len(number) <= 30:
            raise ValidationError(_("Enter the account number: 12 to 30 digits."), code="account_number")
        return number


class AppointmentStep(OwnerStep):
    title = _("Appointment")

    appointment_date = NearDateField(
        label=_("Day of the key handover and joint inspection"),
        earliest=1,
        latest=60,
        help_text=_("A working day. Allow about an hour and a half."),
    )
    time_slot = forms.ChoiceField(label=_("Time"), choices=TIME_SLOTS, widget=forms.RadioSelect)

    def clean_appointment_date(self):
        day = self.cleaned_data["appointment_date"]
        if not is_working_day(day):
            raise ValidationError(
                _("The service centre does not do handovers on %(day)s. Choose a working day."),
                code="not_working_day",
                params={"day": day.isoformat()},
            )
        return day


@register(Procedure.MOVE_IN)
class MoveInWizard(OwnerWizard):
    procedure = Procedure.MOVE_IN
    form_list = [
        ("documents", DocumentsStep),
        ("family", FamilyStep),
        ("contact", ContactStep),
        ("bank", BankStep),
        ("appointment", AppointmentStep),
    ]
    policy = "move_in.fees"
    allow_denied = False
    notes = (
        _("Bring the originals of your ID card, purchase contract and move-in notice, and your bank card: "
          "the service centre keeps copies for your owner file."),
        _("The keys are handed over with the owner service guide once you have signed the key receipt "
          "(《钥匙签收表》). You then inspect the unit with our engineering staff (《房屋验收记录表》); anything "
          "to be put right is recorded."),
    )

    def refusal(self):
        if not awaiting_handover(self.applicant.units).exists():
            return _("None of your units is waiting to be handed over: the move-in handover has been done "
                     "already. To tell us that you have moved in, use the occupancy registration.")
        return None

    def get_facts(self, data, received_at):
        return facts.move_in_fees_facts(data["unit"], notice_move_in_date=data["notice_move_in_date"])

    def get_preview(self, decision):
        values = decision.values
        unit = self.answered_data()["unit"]
        rows = [(
            _("Prepaid management fee"),
            _("%(amount)s: %(months)s months from %(start)s to %(end)s "
              "(%(monthly)s a month = %(area)s m² × %(rate)s)") % {
                "amount": yuan(values["prepaid_management_fee"]),
                "months": values["prepaid_months"],
                "start": values["prepaid_from"].isoformat(),
                "end": values["prepaid_to"].isoformat(),
                "monthly": yuan(values["monthly_fee"]),
                "area": unit.building_area,
                "rate": yuan(unit.fee_per_m2),
            },
        )]
        float_label = {
            "electricity": _("Electricity float (电费流转金)"),
            "water": _("Water float (水费流转金)"),
        }.get(values["utility_float_kind"])
        if float_label:
            rows.append((float_label, yuan(values["utility_float"])))
        else:
            rows.append((_("Utility float"), _("None for a home")))
        rows.append((_("Total to pay at the handover"), yuan(values["total_due"])))
        return rows
