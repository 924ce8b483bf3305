"""The clocks of a repair, registered in :meth:`portal.repairs.apps.RepairsConfig.ready`.

- ``repairs.pickup_by`` (RP-4): an order engineering has not collected by its
  ``pickup_by``: its receiver (else the assistants) is told to chase it, and engineering
  hears that it is late. Once per deadline.
- ``repairs.daily_list`` (RP-5): the 17:00 list of a working day's unreturned or
  unhandled orders, sent once to the department head; a day with nothing on the list
  sends nothing. Sending it makes sure the next working day's list is due while orders
  stay open (:func:`portal.repairs.services.on_daily_list_sent`).
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.clocks.registry import Clock

from . import services
from .models import RepairOrder, RepairState


def _open_at_list_time() -> Q:
    """A daily list with at least one order open at its 17:00."""
    due_at = OuterRef("due_at")
    open_then = RepairOrder.objects.filter(reported_at__lte=due_at).filter(
        Q(completed_at__isnull=True) | Q(completed_at__gt=due_at),
        Q(cancelled_at__isnull=True) | Q(cancelled_at__gt=due_at),
    )
    return Q(Exists(open_then))


def _no_one(obj):
    return []


def _engineering(order):
    return services.engineering()


def _department_head(daily_list):
    return services.department_head()


def _daily_list_url(daily_list) -> str:
    return reverse("repairs_daily_list", args=(daily_list.day.isoformat(),))


PICKUP_CLOCK = Clock(
    name="repairs.pickup_by",
    model="repairs.RepairOrder",
    due_field="pickup_by",
    label=_("Engineering to pick up the repair order"),
    running=Q(state=RepairState.REPORTED),
    recipients=services.chasers,
    escalate_to=_engineering,
    remind_before=None,
    admin_url=services.admin_url,
)

DAILY_LIST_CLOCK = Clock(
    name="repairs.daily_list",
    model="repairs.DailyRepairList",
    due_field="due_at",
    label=_("The 17:00 list of unreturned and unhandled repairs"),
    running=_open_at_list_time(),
    recipients=_department_head,
    escalate_to=_no_one,
    remind_before=None,
    admin_url=_daily_list_url,
    on_escalate=services.on_daily_list_sent,
)

CLOCKS = (PICKUP_CLOCK, DAILY_LIST_CLOCK)
