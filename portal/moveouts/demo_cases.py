"""Demo tenant move-outs (房屋退租): tenants of let units giving notice.

- one notice just received;
- one whose owner does not agree yet (MO-3): no move-out until tenant and owner agree;
- one with the owner's agreement and the meters read, waiting for the release pass (MO-1).

None is completed: the demo register keeps its tenants and units' statuses, and loading
again must change nothing. Idempotent: each notice is found by its form-run token, and a
case is only taken through its steps while it is still where it opened.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from portal.casework.procedures import Procedure
from portal.casework.services import create_submission
from portal.demo.cast import LOGIN_UNITS
from portal.estate.models import HouseholdMember, MemberRole
from portal.policies.adapter import today

from . import services
from .models import CaseState

STEPS = (CaseState.OPENED, CaseState.OWNER_CONSULTED, CaseState.METERS_READ)


def load(out=None) -> None:
    users = {user.username: user for user in get_user_model().objects.filter(username__in=("assistant", "cashier"))}
    tenants = [
        member for member in HouseholdMember.objects.filter(
            role=MemberRole.TENANT, ended_on__isnull=True, household__ended_on__isnull=True,
        ).select_related("person", "household__unit__building").order_by("household__unit__building__name",
                                                                          "household__unit__number")
        if (member.household.unit.building.name, member.household.unit.number) not in LOGIN_UNITS
    ][:len(STEPS)]
    made = 0
    for index, (state, tenant) in enumerate(zip(STEPS, tenants), start=1):
        unit = tenant.household.unit
        submission, created = create_submission(
            procedure=Procedure.MOVE_OUT, applicant=tenant.person, unit=unit, household=tenant.household,
            answers={"unit": {"id": unit.pk, "text": str(unit)},
                     "move_out_date": (today() + timedelta(days=3 * index)).isoformat(),
                     "take_away": [{"item": "衣柜", "quantity": 1}, {"item": "纸箱", "quantity": 6}]},
            client_token=f"demo-move-out-{index}",
        )
        case = services.open_case(submission, by=users.get("assistant"))
        if case.state == CaseState.OPENED and state != CaseState.OPENED and len(users) == 2:
            agrees = state == CaseState.METERS_READ
            services.record_owner_answer(case, by=users["assistant"], agrees=agrees,
                                         items_to_stay="空调、冰箱" if agrees else "",
                                         note="" if agrees else "业主要求租户先补足三个月租金")
            if state == CaseState.METERS_READ:
                services.record_meters(case, by=users["cashier"], water=Decimal("1523.40"),
                                       electricity=Decimal("20871.00"), gas=Decimal("642.10"),
                                       charges={"water": Decimal("38.50"), "electricity": Decimal("96.20")},
                                       receipt_number=f"SK-TZ-{case.pk:04d}")
        made += created
    if out is not None:
        out.write(f"Tenant move-outs: {len(tenants)} demo cases ({made} new).")
