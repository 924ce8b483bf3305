"""报修服务 in the admin: the repair orders, each order's page (details, deadlines and
alerts, follow-up, history, the 《维修服务单》 to print and the next steps as POST forms),
the desk's entry form for a phone call, and the 17:00 list (RP-5).

Orders are never edited or deleted here: they change only through
:mod:`portal.repairs.services`, which keeps the audit trail.
"""

from datetime import date, timedelta

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.widgets import BooleanRadioSelect

from portal.casework.review import staff_name
from portal.casework.viewsets import cases
from portal.casework.viewsets.answers import readable_decision, shanghai
from portal.casework.viewsets.queue import ShanghaiTimeColumn, forbidden_is_403
from portal.clocks.models import Alert
from portal.estate.models import Building
from portal.estate.viewsets.base import yuan
from portal.followups.models import FollowUp

from . import schedule, services
from .forms import FORMS, DeskEntryForm
from .models import OPEN_STATES, Priority, RepairOrder, RepairState
from .workorder import render_work_order

INSPECT_URL = "repairs_order:inspect"

AUDIT_LABELS = {
    "opened": _("Reported"),
    "received": _("Received"),
    "charge_explained": _("Charge explained"),
    "picked_up": _("Picked up by engineering"),
    "completed": _("Completed"),
    "fee_recorded": _("Fee recorded in the ledger"),
    "cancelled": _("Cancelled"),
}


def alerts_for(obj):
    """The alerts sent about ``obj`` (reports at once, reminders, escalations), oldest first."""
    return Alert.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("sent_at", "pk")


# --- The listing --------------------------------------------------------------------------------


class RepairOrderFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=RepairState.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    priority = django_filters.ChoiceFilter(
        label=_("Priority"), choices=Priority.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Not picked up in time"), method="filter_overdue", widget=BooleanRadioSelect
    )
    building = django_filters.ModelChoiceFilter(
        label=_("Building"), field_name="unit__building", queryset=Building.objects.all()
    )

    class Meta:
        model = RepairOrder
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = RepairOrder.objects.overdue_pickup().values("pk")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)


def unit_text(order):
    return str(order.unit)


def building_name(order):
    return order.unit.building.name


def unit_number(order):
    return order.unit.number


def receiver_name(order):
    return staff_name(order.received_by)


def engineer_name(order):
    return staff_name(order.picked_up_by)


def fee_text(order):
    return yuan(order.fee_amount)


class PickupDueColumn(ShanghaiTimeColumn):
    """The pickup deadline, in red and tagged once an order waits past it (RP-4)."""

    cell_template_name = "casework/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = instance.is_pickup_overdue()
        return context


class RepairOrderIndexView(cases.CaseIndexView):
    page_title = _("Repairs")
    export_accessors = {
        "building": building_name,
        "unit": unit_number,
        "received_by": receiver_name,
        "picked_up_by": engineer_name,
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["daily_list_url"] = reverse("repairs_daily_list_today")
        return context


# --- An order's page ------------------------------------------------------------------------


class RepairOrderInspectView(cases.CaseInspectView):
    template_name = "repairs/admin/order_inspect.html"
    select_related = (
        "unit__building", "submission", "reporter", "received_by", "picked_up_by", "completed_by", "fee_entry",
    )
    audit_labels = AUDIT_LABELS

    def get_received_by_display_value(self):
        return staff_name(self.object.received_by) or gettext("Not received yet (reported online)")

    def get_picked_up_by_display_value(self):
        return staff_name(self.object.picked_up_by) or "—"

    def get_completed_by_display_value(self):
        return staff_name(self.object.completed_by) or "—"

    def get_fee_amount_display_value(self):
        return yuan(self.object.fee_amount) or "—"

    def get_submission_display_value(self):
        return self.object.submission.reference if self.object.submission_id else "—"

    def available_steps(self):
        return services.available_actions(self.request.user, self.object)

    def step_form_kwargs(self):
        return {"order": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        now = timezone.now()
        context.update(
            decision=readable_decision(order.decision),
            work_order_url=reverse("repairs_order:work_order", args=(order.pk,)),
            pickup_by=shanghai(order.pickup_by),
            pickup_overdue=order.is_pickup_overdue(now),
            picked_up_late=bool(order.picked_up_at and order.picked_up_at > order.pickup_by),
            alerts=[(shanghai(alert.sent_at), alert) for alert in alerts_for(order)],
            followup=FollowUp.objects.for_source(order).first(),
        )
        followup = context["followup"]
        if followup is not None:
            context["followup_due"] = shanghai(followup.due_by)
            context["followup_done"] = shanghai(followup.done_at)
        return context


class StepView(cases.StepView):
    """A step on a repair order."""

    def may(self, user):
        return services.may(user, self.action)

    def form_kwargs(self, case):
        return {"order": case}

    def reference(self, case):
        return case.reference


class WorkOrderView(View):
    """The 《维修服务单》 as an A4 PDF, for whoever may see the orders."""

    def get(self, request, pk):
        if not services.may_view(request.user):
            raise PermissionDenied
        order = get_object_or_404(
            RepairOrder.objects.select_related("unit__building", "received_by", "picked_up_by"), pk=pk
        )
        response = HttpResponse(render_work_order(order), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{order.reference}.pdf"'
        return response


class DeskEntryView(cases.DeskEntryView):
    """A repair reported by phone or at the desk; the member of staff is its receiver (RP-1)."""

    template_name = "repairs/admin/desk_entry.html"
    form_class = DeskEntryForm
    permission = services.ADD

    def success_message(self, order):
        return (
            gettext("%(reference)s is recorded (%(priority)s) and engineering is told.")
            % {"reference": order.reference, "priority": order.get_priority_display()}
        )


# --- The 17:00 list (RP-5) ---------------------------------------------------------------------


class DailyListView(View):
    """The day's unreturned or unhandled orders at 17:00, for the department head (RP-5)."""

    template_name = "repairs/admin/daily_list.html"

    def get(self, request, day: str | None = None):
        if not services.may_view(request.user):
            raise PermissionDenied
        if day is None:
            the_day = timezone.localtime(timezone.now(), schedule.SHANGHAI).date()
        else:
            try:
                the_day = date.fromisoformat(day)
            except ValueError as error:
                raise Http404("No such day") from error
        cutoff = schedule.list_due_at(the_day)
        rows = []
        for order in services.daily_list_orders(the_day):
            picked_up = order.picked_up_at is not None and order.picked_up_at <= cutoff
            if picked_up:
                situation = gettext("Not returned (picked up by %(name)s)") % {"name": staff_name(order.picked_up_by)}
            else:
                situation = gettext("Not picked up")
            rows.append(
                {
                    "order": order,
                    "url": reverse(INSPECT_URL, args=(order.pk,)),
                    "reported": shanghai(order.reported_at),
                    "carried_over": timezone.localtime(order.reported_at, schedule.SHANGHAI).date() < the_day,
                    "situation": situation,
                    "receiver": staff_name(order.received_by),
                }
            )
        context = {
            "day": the_day,
            "cutoff": shanghai(cutoff),
            "rows": rows,
            "previous_url": reverse("repairs_daily_list", args=((the_day - timedelta(days=1)).isoformat(),)),
            "next_url": reverse("repairs_daily_list", args=((the_day + timedelta(days=1)).isoformat(),)),
            "is_working_day": schedule.next_working_day(the_day) == the_day,
            "orders_url": reverse("repairs_order:index"),
        }
        return TemplateResponse(request, self.template_name, context)


# --- The viewset --------------------------------------------------------------------------------


class RepairOrderViewSet(cases.CaseViewSet):
    """报修服务: the repair orders and their steps.

    ``repairs.view_repairorder`` opens the list, the pages and the work order PDF;
    ``repairs.add_repairorder`` enters an order; each step needs its permission
    (:data:`portal.repairs.services.ACTION_PERMISSIONS`).
    """

    model = RepairOrder
    name = "repairs_order"
    url_prefix = "repairs/orders"
    icon = "cog"
    menu_label = _("Repairs")
    menu_order = 120
    index_view_class = RepairOrderIndexView
    inspect_view_class = RepairOrderInspectView
    filterset_class = RepairOrderFilterSet
    steps = services.Action
    step_forms_table = FORMS
    step_view_class = StepView
    desk_entry_view_class = DeskEntryView
    ordering = "-reported_at"
    search_fields = ["reference", "unit__number", "unit__building__name", "phone", "contact_name"]
    list_select_related = ("unit__building", "received_by", "picked_up_by")
    list_display = [
        Column("reference", label=_("Reference"), sort_key="reference"),
        Column("unit", label=_("Unit"), accessor=unit_text),
        Column("category", label=_("Fault"), accessor="get_category_display"),
        StatusTagColumn(
            "priority", label=_("Priority"), accessor="get_priority_display", sort_key="priority",
            primary=lambda order: order.priority == Priority.EMERGENCY,
        ),
        StatusTagColumn(
            "state", label=_("State"), accessor="get_state_display", sort_key="state",
            primary=lambda order: order.state in OPEN_STATES,
        ),
        ShanghaiTimeColumn("reported_at", label=_("Time reported")),
        PickupDueColumn("pickup_by", label=_("To be picked up by")),
        Column("phone", label=_("Phone")),
    ]
    list_export = [
        "reference",
        "building",
        "unit",
        "contact_name",
        "phone",
        "get_category_display",
        "description",
        "get_priority_display",
        "get_state_display",
        "reported_at",
        "received_by",
        "appointment_at",
        "pickup_by",
        "picked_up_by",
        "picked_up_at",
        "completed_at",
        "customer_signature_name",
        "is_paid",
        "fee_amount",
    ]
    export_headings = {
        "reference": _("Reference"),
        "building": _("Building"),
        "unit": _("Unit number"),
        "contact_name": _("Contact name"),
        "phone": _("Phone"),
        "get_category_display": _("Fault"),
        "description": _("Content and fault description"),
        "get_priority_display": _("Priority"),
        "get_state_display": _("State"),
        "reported_at": _("Time reported"),
        "received_by": _("Receiver"),
        "appointment_at": _("Appointment time"),
        "pickup_by": _("To be picked up by"),
        "picked_up_by": _("Picked up by"),
        "picked_up_at": _("Picked up at"),
        "completed_at": _("Completed at"),
        "customer_signature_name": _("Signed by the customer"),
        "is_paid": _("Paid repair"),
        "fee_amount": _("Fee (yuan)"),
    }
    export_filename = "repairs"
    inspect_view_fields = [
        "reference",
        "state",
        "channel",
        "submission",
        "unit",
        "contact_name",
        "phone",
        "category",
        "description",
        "customer_marked_urgent",
        "priority",
        "reported_at",
        "received_by",
        "received_at",
        "appointment_at",
        "is_paid",
        "price_standard",
        "charge_reason",
        "charge_explained_at",
        "picked_up_by",
        "picked_up_at",
        "work_done",
        "completed_by",
        "completed_at",
        "customer_signature_name",
        "customer_signed_at",
        "fee_amount",
        "receipt_number",
        "cancel_reason",
    ]

    def get_extra_urlpatterns(self):
        # The work order is a PDF of the order's page.
        return [
            *super().get_extra_urlpatterns(),
            path("inspect/<int:pk>/work-order.pdf", forbidden_is_403(WorkOrderView.as_view()), name="work_order"),
        ]


def admin_urls():
    """The 17:00 list's pages (registered with ``register_admin_urls``)."""
    view = forbidden_is_403(DailyListView.as_view())
    return [
        path("repairs/daily/", view, name="repairs_daily_list_today"),
        path("repairs/daily/<str:day>/", view, name="repairs_daily_list"),
    ]
