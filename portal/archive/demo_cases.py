"""Demo owner-file requests (档案查阅申请, AR-5): the cashier asks to read owner1's household
file to check who pays the fees, and the request waits for the project manager.

Idempotent: the request is found by its requester and household.
"""

from django.contrib.auth import get_user_model

from portal.demo.cast import OWNER1_UNIT
from portal.estate.models import Household

from . import services
from .models import AccessRequest

REASON = "核对业主1801缴费联系人及托收账户信息"


def load(out=None) -> None:
    cashier = get_user_model().objects.filter(username="cashier", is_active=True).first()
    building, number = OWNER1_UNIT
    household = Household.objects.current().filter(unit__building__name=building, unit__number=number).first()
    if cashier is None or household is None or services.requester_role(cashier) != "staff":
        return
    if not AccessRequest.objects.filter(requester=cashier, household=household).exists():
        services.request_access(cashier, household, reason=REASON)
    if out is not None:
        out.write("Owner files: 1 access request waiting for the project manager")
