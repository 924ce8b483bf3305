"""Dashboard panels for repairs.

- 待领取的维修单 (:class:`PickupPanel`): for engineering, the orders to collect,
  emergencies first, then by their pickup deadline (RP-4);
- 待接单或催促的维修单 (:class:`ChasePanel`): for the desk, the orders reported online
  that nobody has received yet (RP-1) and those engineering has not collected in time
  (RP-4), the earliest due first.

Each panel is one query, whatever the number of orders.
"""

from django.db.models import Case, IntegerField, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from portal.casework.viewsets.answers import shanghai

from . import services
from .models import Priority, RepairOrder

PANEL_ROWS = 10


class OrdersPanel(Component):
    template_name = "repairs/admin/panels/orders.html"
    panel_id = ""
    heading = ""
    empty_text = ""
    more_query = ""

    def __init__(self, request):
        self.request = request
        self.now = timezone.now()

    def orders(self):
        raise NotImplementedError

    def get_context_data(self, parent_context=None):
        orders = list(self.orders().select_related("unit__building")[:PANEL_ROWS])
        return {
            "panel_id": self.panel_id,
            "heading": self.heading,
            "empty_text": self.empty_text,
            "more_url": reverse("repairs_order:index") + self.more_query,
            "rows": [
                {
                    "reference": order.reference,
                    "url": reverse("repairs_order:inspect", args=(order.pk,)),
                    "what": f"{order.unit} · {order.get_priority_display()} · {order.get_category_display()}",
                    "due": shanghai(order.pickup_by),
                    "overdue": order.pickup_by < self.now,
                }
                for order in orders
            ],
        }


class PickupPanel(OrdersPanel):
    name = "repairs_pickup"
    order = 40
    panel_id = "repairs-pickup"
    heading = _("Repair orders to pick up")
    empty_text = _("No repair order is waiting for engineering.")
    more_query = "?state=reported"

    def orders(self):
        emergencies_first = Case(When(priority=Priority.EMERGENCY, then=0), default=1, output_field=IntegerField())
        return (
            RepairOrder.objects.waiting_for_pickup()
            .filter(received_by__isnull=False)
            .annotate(urgency=emergencies_first)
            .order_by("urgency", "pickup_by", "pk")
        )


class ChasePanel(OrdersPanel):
    """Orders reported online that nobody at the desk has received (RP-1), and orders
    engineering has not picked up in time (RP-4)."""

    name = "repairs_chase"
    order = 45
    panel_id = "repairs-chase"
    heading = _("Repair orders to receive or chase")
    empty_text = _("Every order is received, and engineering has picked up every order in time.")
    more_query = "?state=reported"

    def orders(self):
        return (
            RepairOrder.objects.waiting_for_pickup()
            .filter(Q(pickup_by__lt=self.now) | Q(received_by__isnull=True))
            .order_by("pickup_by", "pk")
        )


def add_panels(request, panels) -> None:
    """The ``construct_homepage_panels`` hook: the panels the user's group works with."""
    user = request.user
    if services.may(user, services.Action.PICK_UP):
        panels.append(PickupPanel(request))
    if services.may(user, services.Action.RECEIVE):
        panels.append(ChasePanel(request))
