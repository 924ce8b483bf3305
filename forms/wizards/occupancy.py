"""入住登记 — register moving in (POLICIES §3).

OC-1: an owner's move is registered on their word; a tenant moving in needs the
lease, the owner's confirmation and the tenant's pledge. OC-6: the register
(《客户入住记录表》) takes the move-in date, and a tenant fills in 《租户信息表》
(name, ID number, mobile) and signs 《安全责任制书》, here by ticking it and typing
their name.

The owner's confirmation is asked by the service centre once the registration
arrives (``desk_facts``): unless the owner applies themselves, it is recorded as
pending (``owner_confirmation``), and ``occupancy.register`` shows it is still needed.
Only what the applicant can put right is a denial; ``allow_denied`` is False.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.casework.procedures import Procedure
from portal.estate.models import MemberRole, OccupancyStatus

from ..fields import IDNumberField, MobileField, NearDateField, UnitField
from ..registry import register
from ..steps import OwnerStep
from ..uploads import UploadField
from ..wizard import OwnerWizard

OWNER, TENANT = "owner", "tenant"
OCCUPANTS = [(OWNER, _("The owner (and family)")), (TENANT, _("A tenant"))]

# What ``owner_confirmation`` records for a tenant's registration.
CONFIRMED_BY_APPLICANT, CONFIRMATION_PENDING = "given_by_applicant", "pending"


class OccupiedUnitField(UnitField):
    """One of the applicant's units that has been handed over."""

    def validate(self, value):
        super().validate(value)
        if value is not None and value.status == OccupancyStatus.NOT_HANDED_OVER:
            raise ValidationError(
                _("%(unit)s has not been handed over yet. Book the move-in handover first."),
                code="not_handed_over",
                params={"unit": value},
            )


class OccupantStep(OwnerStep):
    title = _("Who moves in")

    unit = OccupiedUnitField()
    occupant = forms.ChoiceField(label=_("Who moves in?"), choices=OCCUPANTS, widget=forms.RadioSelect)
    move_in_date = NearDateField(label=_("Move-in date"), earliest=-30, latest=90)

    @classmethod
    def initial_for(cls, applicant):
        initial = super().initial_for(applicant)
        if applicant.units_as(MemberRole.TENANT).exists() and not applicant.units_as(MemberRole.OWNER).exists():
            initial["occupant"] = TENANT
        return initial

    def clean(self):
        cleaned = super().clean()
        unit, occupant = cleaned.get("unit"), cleaned.get("occupant")
        if unit is not None and occupant == OWNER and self.applicant.role_in(unit) == MemberRole.TENANT:
            self.add_error("occupant", ValidationError(
                _("You are registered as the tenant of %(unit)s: choose “A tenant”."),
                code="tenant_as_owner",
                params={"unit": unit},
            ))
        return cleaned


class LeaseStep(OwnerStep):
    title = _("Lease contract")

    lease = UploadField(label=_("Lease contract (租赁合同)"), help_text=_("Every page, signed by both parties. "
                                                                        "PDF, JPEG or PNG, at most 10 MB."))


class TenantStep(OwnerStep):
    title = _("Tenant information")

    tenant_name = forms.CharField(label=_("Tenant's name"), max_length=50)
    tenant_id_number = IDNumberField(label=_("Tenant's resident ID number"))
    tenant_mobile = MobileField(label=_("Tenant's mobile"))

    @classmethod
    def initial_for(cls, applicant):
        if not applicant.units_as(MemberRole.TENANT).exists():
            return {}
        person = applicant.person
        initial = {"tenant_name": person.name, "tenant_id_number": person.id_number, "tenant_mobile": person.mobile}
        return {name: value for name, value in initial.items() if value}


class PledgeStep(OwnerStep):
    title = _("Safety pledge")

    pledge = forms.BooleanField(
        label=_("I have read the safety responsibility pledge (《安全责任制书》) and accept it: I use gas, water and "
                "electricity safely, keep fire exits clear and follow the estate's rules."),
        error_messages={"required": _("The tenant must accept the safety responsibility pledge.")},
    )
    signature = forms.CharField(
        label=_("Tenant's signature"), max_length=50, help_text=_("Type the tenant's full name.")
    )

    def __init__(self, *args, tenant_name: str = "", **kwargs):
        self.tenant_name = tenant_name
        super().__init__(*args, **kwargs)

    def clean_signature(self):
        signature = self.cleaned_data["signature"].strip()
        if self.tenant_name and "".join(signature.split()) != "".join(self.tenant_name.split()):
            raise ValidationError(
                _("Sign with the tenant's name as given before: %(name)s."), code="signature",
                params={"name": self.tenant_name},
            )
        return signature


def _tenant_moves_in(wizard) -> bool:
    occupant = wizard.get_cleaned_data_for_step("occupant") or {}
    return occupant.get("occupant") == TENANT


@register(Procedure.OCCUPANCY)
class OccupancyWizard(OwnerWizard):
    procedure = Procedure.OCCUPANCY
    form_list = [
        ("occupant", OccupantStep),
        ("lease", LeaseStep),
        ("tenant", TenantStep),
        ("pledge", PledgeStep),
    ]
    condition_dict = {"lease": _tenant_moves_in, "tenant": _tenant_moves_in, "pledge": _tenant_moves_in}
    policy = "occupancy.register"
    desk_facts = {"owner_confirmed": True}
    allow_denied = False
    notes = (
        _("Tell the service centre if you would like help with the telephone, internet or cable TV, "
          "or a monthly parking card."),
    )

    def get_form_kwargs(self, step=None):
        kwargs = super().get_form_kwargs(step)
        if step == "pledge":
            tenant = self.get_cleaned_data_for_step("tenant") or {}
            kwargs["tenant_name"] = tenant.get("tenant_name", "")
        return kwargs

    def owner_applies(self, unit) -> bool:
        return self.applicant.role_in(unit) == MemberRole.OWNER

    def get_facts(self, data, received_at):
        if data["occupant"] == OWNER:
            return {"occupant": OWNER}
        facts = {
            "occupant": TENANT,
            "lease_provided": bool(data.get("lease")),
            "pledge_signed": bool(data.get("pledge") and data.get("signature")),
        }
        if self.owner_applies(data["unit"]):
            facts["owner_confirmed"] = True
        return facts

    def get_preview(self, decision):
        data = self.answered_data()
        rows = [(_("Registered as moving in on"), data["move_in_date"].isoformat())]
        if data["occupant"] == TENANT:
            if self.owner_applies(data["unit"]):
                confirmation = _("Given: you are the owner.")
            else:
                confirmation = _("Still needed: the service centre asks the owner of the unit to confirm that "
                                 "the tenant may move in, and tells you when they have.")
            rows.append((_("Owner's confirmation"), confirmation))
        return rows

    def get_answers(self, form_dict):
        answers = super().get_answers(form_dict)
        if answers.get("occupant") == TENANT:
            unit = form_dict["occupant"].cleaned_data["unit"]
            answers["owner_confirmation"] = (
                CONFIRMED_BY_APPLICANT if self.owner_applies(unit) else CONFIRMATION_PENDING
            )
        return answers
