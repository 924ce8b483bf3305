"""退租 — a tenant moves out (POLICIES §15).

Only for a current tenant: anyone else is told so before any step. The tenant gives
the unit, the move-out day and the items they take (MO-3: the owner says which must
stay). The confirmation step previews ``tenant.move_out`` with the unit's arrears up
to that day from the ledger (MO-2) and whether a goods release pass for moving out has
been applied for since the tenancy began (MO-1).

Reading the meters (MO-2) and asking the owner whether they agree to end the tenancy
(MO-3) are the service centre's steps once the notice arrives (``desk_facts``): the
tenant is told what will happen, not refused. Arrears and a missing release pass are
denials the tenant can put right; ``allow_denied`` is False.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.casework.models import Submission
from portal.casework.procedures import Procedure
from portal.estate.ledger import arrears
from portal.estate.models import HouseholdMember, MemberRole
from portal.policies import facts

from ..answers import yuan
from ..fields import NearDateField, UnitField
from ..registry import register
from ..steps import OwnerStep
from ..wizard import OwnerWizard
from .release_pass import MOVE_OUT, NOT_ISSUED, items_field

RELEASE_PASS_URL = "/services/release-pass/"


def move_out_pass(household, person) -> Submission | None:
    """The latest release pass for moving out applied for ``household`` since ``person``'s
    tenancy in it began (not rejected or withdrawn), or None."""
    passes = Submission.objects.filter(
        procedure=Procedure.RELEASE_PASS, household=household, answers__purpose=MOVE_OUT
    ).exclude(status__in=NOT_ISSUED)
    lease_start = (
        HouseholdMember.objects.filter(household=household, person=person, role=MemberRole.TENANT)
        .values_list("lease_start", flat=True)
        .first()
    )
    if lease_start is not None:
        passes = passes.filter(submitted_at__date__gte=lease_start)
    return passes.order_by("-submitted_at").first()


class TenancyUnitField(UnitField):
    """One of the units the applicant is the current tenant of."""

    def bind_applicant(self, applicant):
        self.queryset = applicant.units_as(MemberRole.TENANT)

    def initial_for(self, applicant):
        units = list(applicant.units_as(MemberRole.TENANT)[:2])
        return units[0].pk if len(units) == 1 else None


class MoveOutStep(OwnerStep):
    title = gettext_lazy("Moving out")

    unit = TenancyUnitField()
    move_out_date = NearDateField(label=gettext_lazy("Move-out day"), earliest=0, latest=60)
    take_away = items_field(
        rows=8,
        label=gettext_lazy("What you take with you"),
        help_text=gettext_lazy("Furniture, appliances and other large items. The owner is asked which items "
                               "must stay."),
    )


@register(Procedure.MOVE_OUT)
class MoveOutWizard(OwnerWizard):
    procedure = Procedure.MOVE_OUT
    form_list = [("move_out", MoveOutStep)]
    policy = "tenant.move_out"
    desk_facts = {"meters_read": True, "owner_agrees": True}
    allow_denied = False

    def refusal(self):
        if not self.applicant.units_as(MemberRole.TENANT).exists():
            return _("This service is for tenants moving out, and the register does not show you as the current "
                     "tenant of a unit. An owner taking goods out applies for a goods release pass.")
        return None

    @property
    def denied_help(self):
        reasons = {reason.policy_id for reason in self.denial()}
        steps = []
        if "MO-2" in reasons:
            steps.append(_("Pay the amount owed at the cashier of the service centre."))
        if "MO-1" in reasons:
            steps.append(_("Apply for a goods release pass for moving out at %(url)s.")
                         % {"url": RELEASE_PASS_URL})
        steps.append(_("Then give notice here again. For any question, call %(hotline)s."))
        return " ".join(steps)

    def household(self, unit):
        return self.applicant.household_of(unit)

    def get_facts(self, data, received_at):
        unit = data["unit"]
        return facts.tenant_move_out_facts(
            unit,
            on_date=data["move_out_date"],
            meters_read=False,
            release_pass_issued=move_out_pass(self.household(unit), self.applicant.person) is not None,
        )

    def get_preview(self, decision):
        data = self.answered_data()
        day = data["move_out_date"]
        owed = arrears(data["unit"], day)
        release_pass = move_out_pass(self.household(data["unit"]), self.applicant.person)
        return [
            (_("Fees owed up to %(day)s") % {"day": day.isoformat()},
             yuan(owed) if owed else _("Nothing: all settled.")),
            (_("Release pass"),
             _("Applied for: %(reference)s.") % {"reference": release_pass.reference} if release_pass
             else _("Not applied for yet.")),
            (_("Meters"),
             _("The cashier's staff read the water, electricity and gas meters on the day you move out; "
               "what you used up to that day must be paid before you leave.")),
            (_("Owner's agreement"),
             _("The service centre asks the owner whether they agree to end the tenancy and which items must stay. "
               "If the owner does not agree, you cannot move out until you and the owner have agreed.")),
        ]
