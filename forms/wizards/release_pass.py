"""物品放行 — a goods release pass (POLICIES §4).

GR-1: who carries the goods and how they relate to the unit. GR-2: the large items and
their quantities (at least one). GR-3: moving out or carrying temporarily, and the day.

The confirmation step previews ``release.pass`` with the unit's arrears on that day from
the ledger (GR-4: moving out with arrears is denied, with the amount, to be paid at the
cashier first) and the unit's release passes of the flagging window (GR-3: a frequent
temporary pass is flagged for staff; the flag is never shown to the applicant).

The consent call (GR-5) and the signatures (GR-6) happen at the desk when the pass is
issued (``desk_facts``): the application is decided with the consent not yet asked and
no signature, stored so, and the applicant is told whom the service centre will phone
rather than refused. ``allow_denied`` is False: goods do not leave with arrears unpaid.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.casework.models import SubmissionStatus
from portal.casework.procedures import Procedure
from portal.estate.ledger import arrears
from portal.estate.models import MemberRole
from portal.policies import facts
from portal.releases.services import passes_in_window

from ..answers import yuan
from ..fields import IDNumberField, NearDateField, PhoneField, UnitField
from ..registry import register
from ..rows import RowsField
from ..steps import OwnerStep
from ..wizard import OwnerWizard

CARRIERS = [
    ("owner", _("The owner")),
    ("tenant", _("The tenant")),
    ("family", _("A family member of the owner")),
    ("domestic_worker", _("A nanny or domestic worker")),
    ("renovation_worker", _("A renovation worker")),
    ("company_employee", _("An employee of the company in the unit")),
]
# Carriers whose consent comes from someone the service centre knows only from the application (GR-5).
CONTACT_NEEDED = {"renovation_worker", "company_employee"}

MOVE_OUT, TEMPORARY = "move_out", "temporary"
PURPOSES = [(MOVE_OUT, pgettext_lazy("goods leaving", "Moving out")), (TEMPORARY, _("Carrying out temporarily"))]

# Applications that never became a pass: refused at the desk (the application is then
# rejected) or withdrawn.
NOT_ISSUED = (SubmissionStatus.REJECTED, SubmissionStatus.WITHDRAWN)


def recent_passes(unit, *, before) -> int:
    """The unit's release passes issued in the flagging window before ``before`` (GR-3):
    only passes actually issued count, never applications refused or still waiting."""
    return passes_in_window(unit, now=before)


def items_field(**kwargs) -> RowsField:
    """Items and their quantities, one per row."""
    return RowsField(
        [
            ("item", forms.CharField(label=pgettext_lazy("goods", "Item"), max_length=50)),
            ("quantity", forms.IntegerField(label=_("Quantity"), min_value=1, max_value=999)),
        ],
        line="{item} × {quantity}",
        **kwargs,
    )


class CarrierStep(OwnerStep):
    title = _("Who carries the goods")

    unit = UnitField()
    carrier = forms.ChoiceField(label=_("Who carries the goods out?"), choices=CARRIERS, widget=forms.RadioSelect)
    carrier_name = forms.CharField(label=_("Carrier's name"), max_length=50)
    carrier_id_number = IDNumberField(
        label=_("Carrier's resident ID number"), help_text=_("Security checks it at the gate.")
    )
    consent_name = forms.CharField(
        label=_("Name of the person who can agree"),
        max_length=50,
        required=False,
        help_text=_("For a renovation worker, the renovation's responsible person; for a company employee, "
                    "the company's responsible person."),
    )
    consent_phone = PhoneField(label=_("Their phone number"), required=False)

    @classmethod
    def initial_for(cls, applicant):
        initial = super().initial_for(applicant)
        initial.pop("consent_phone", None)  # the applicant's own number is not the one to call
        person = applicant.person
        initial.update(carrier_name=person.name, carrier_id_number=person.id_number or None)
        if applicant.units_as(MemberRole.OWNER).exists():
            initial["carrier"] = "owner"
        elif applicant.units_as(MemberRole.TENANT).exists():
            initial["carrier"] = "tenant"
        return {name: value for name, value in initial.items() if value}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("carrier") in CONTACT_NEEDED:
            for name in ("consent_name", "consent_phone"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, ValidationError(
                        _("The service centre phones this person for consent before the goods leave."),
                        code="consent_contact",
                    ))
        return cleaned


class ItemsStep(OwnerStep):
    title = pgettext_lazy("goods", "Items")

    items = items_field(
        rows=8,
        label=_("Items and quantities"),
        help_text=_("Large items only: furniture, desks, computers, appliances, cartons, large parcels and bags. "
                    "Things you carry in one hand need no pass."),
    )


class PurposeStep(OwnerStep):
    title = _("Purpose and day")

    purpose = forms.ChoiceField(label=_("Why are the goods leaving?"), choices=PURPOSES, widget=forms.RadioSelect)
    pass_date = NearDateField(label=_("Day the goods leave"), earliest=0, latest=30)


@register(Procedure.RELEASE_PASS)
class ReleasePassWizard(OwnerWizard):
    procedure = Procedure.RELEASE_PASS
    form_list = [
        ("carrier", CarrierStep),
        ("items", ItemsStep),
        ("purpose", PurposeStep),
    ]
    policy = "release.pass"
    desk_facts = {"consent": "given", "owner_signed": True}
    allow_denied = False
    denied_help = _(
        "Pay the amount owed at the cashier of the service centre first, then apply again. "
        "For any question, call %(hotline)s."
    )
    notes = (
        _("The pass (《物品放行条》) has two parts: the service centre keeps one, and you hand the other to "
          "security at the gate."),
    )

    def get_facts(self, data, received_at):
        unit, pass_date = data["unit"], data["pass_date"]
        return facts.release_pass_facts(
            unit,
            on_date=pass_date,
            carrier=data["carrier"],
            purpose=data["purpose"],
            owner_signed=False,
            phone_recording=False,
            passes_last_7_days=recent_passes(unit, before=received_at),
        )

    def get_preview(self, decision):
        data = self.answered_data()
        rows = []
        if data["purpose"] == MOVE_OUT:
            owed = arrears(data["unit"], data["pass_date"])
            rows.append((
                _("Fees owed on %(day)s") % {"day": data["pass_date"].isoformat()},
                yuan(owed) if owed else _("Nothing: all settled."),
            ))
        rows.append((_("Consent"), self.consent_text(decision.values["consent_from"], data)))
        rows.append((
            _("Signatures"),
            _("At the service centre the pass is signed by our staff, the carrier and the owner. "
              "If the owner cannot sign, the consent call is recorded instead."),
        ))
        return rows

    def consent_text(self, consent_from, data) -> str:
        """Whom the service centre phones for consent before the pass is issued (GR-5)."""
        refused = _("If they do not agree or cannot be reached, the goods cannot leave.")
        if consent_from is None:
            return _("Not needed: the owner carries their own goods.")
        if consent_from == "owner":
            if self.applicant.role_in(data["unit"]) == MemberRole.OWNER:
                return _("The service centre phones you, the owner, to confirm before the pass is issued.")
            whom = _("The service centre phones the owner of the unit for consent before the pass is issued.")
        elif consent_from == "company":
            whom = _("The service centre phones %(name)s (%(phone)s), the company's responsible person, "
                     "for consent before the pass is issued.") % {
                "name": data["consent_name"], "phone": data["consent_phone"]}
        else:
            whom = _("The service centre phones %(name)s (%(phone)s), the renovation's responsible person, "
                     "for consent before the pass is issued.") % {
                "name": data["consent_name"], "phone": data["consent_phone"]}
        return f"{whom} {refused}"
