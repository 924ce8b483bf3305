"""Demo occupancy registrations (客户入住): owners of vacant units telling the service
centre who moves in.

- an owner moving in themselves, waiting to be registered;
- an owner registering their tenant without the lease: the desk must see it (OC-1);
- a tenant registering at the desk, whose owner has confirmed on the phone (OC-1);
- one refused: the lease shown was not signed by the owner.

None is registered: the demo register keeps its units' statuses, and loading again must
change nothing. Idempotent: each application is found by its form-run token, and a case
is only taken through its steps while it is still where it opened.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from portal.casework.procedures import Procedure
from portal.casework.services import create_submission
from portal.demo.cast import LOGIN_UNITS
from portal.demo.estate import current_anchor
from portal.demo.identity import make_id_number
from portal.estate.models import HouseholdMember, MemberRole, OccupancyStatus, Person

from . import services
from .models import CaseState

REGION = "440304"
# (who moves in, the tenant's name, birthday and ID sequence, the step the case is taken to)
PLANS = (
    ("owner", None, CaseState.OPENED),
    ("tenant", ("欧阳静", date(1994, 6, 18), 922), CaseState.OPENED),
    ("tenant", ("邓浩然", date(1991, 2, 7), 921), CaseState.OWNER_CONFIRMED),
    ("tenant", ("谢雨桐", date(1996, 12, 1), 924), CaseState.REFUSED),
)
# The case whose tenant applies at the desk: the owner's confirmation is then still needed.
TENANT_APPLIES = 3


def load(out=None) -> None:
    assistant = get_user_model().objects.filter(username="assistant").first()
    owners = [
        member for member in HouseholdMember.objects.filter(
            role=MemberRole.OWNER, ended_on__isnull=True, household__ended_on__isnull=True,
            household__unit__status=OccupancyStatus.VACANT,
        ).select_related("person", "household__unit__building").order_by("household__unit__building__name",
                                                                          "household__unit__number")
        if (member.household.unit.building.name, member.household.unit.number) not in LOGIN_UNITS
    ][:len(PLANS)]
    anchor = current_anchor()
    made = 0
    for index, ((occupant, tenant, state), owner) in enumerate(zip(PLANS, owners), start=1):
        unit = owner.household.unit
        answers = {"unit": {"id": unit.pk, "text": str(unit)}, "occupant": occupant,
                   "move_in_date": (anchor + timedelta(days=5 + index)).isoformat()}
        applicant = owner.person
        if tenant is not None:
            name, birthday, sequence = tenant
            id_number = make_id_number(REGION, birthday, sequence)
            answers.update(lease="" if index == 2 else "租赁合同.pdf", tenant_name=name, tenant_id_number=id_number,
                           tenant_mobile=f"136{sequence:08d}", pledge=True, signature=name,
                           owner_confirmation="pending" if index == TENANT_APPLIES else "given_by_applicant")
            if index == TENANT_APPLIES:
                applicant, _created = Person.objects.get_or_create(
                    id_number=id_number, defaults={"name": name, "birthday": birthday, "mobile": f"136{sequence:08d}"})
        submission, created = create_submission(
            procedure=Procedure.OCCUPANCY, applicant=applicant, author=assistant, answers=answers, unit=unit,
            household=owner.household, client_token=f"demo-occupancy-{index}",
        )
        case = services.open_case(submission, by=assistant)
        if assistant is not None and case.state == CaseState.OPENED:
            if state == CaseState.OWNER_CONFIRMED and not case.owner_confirmed:
                services.confirm_owner(case, by=assistant, note="业主电话确认同意租户入住")
            elif state == CaseState.REFUSED:
                services.refuse(case, by=assistant, reason="所附租赁合同未经业主签字，请补充后重新登记")
        made += created
    if out is not None:
        out.write(f"Occupancy registrations: {len(owners)} demo cases ({made} new).")
