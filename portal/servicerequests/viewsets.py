"""客户需求与建议 in the admin: the 《客户需求、建议受理表》 entries, each entry's page
(details, deadlines and alerts, follow-up, history and the next steps as POST forms), the
desk's entry form, and the weekly summary (RQ-4).

Entries change only through :mod:`portal.servicerequests.services`, which keeps the audit trail.
"""

from datetime import date, timedelta

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
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
from portal.casework.viewsets.answers import shanghai
from portal.casework.viewsets.queue import ShanghaiTimeColumn, forbidden_is_403
from portal.clocks.models import Alert
from portal.estate.models import Building
from portal.followups.models import FollowUp

from . import schedule, services, stats
from .forms import FORMS, DeskEntryForm, SignSummaryForm
from .models import (
    AWAITING_REPLY,
    OPEN_STATES,
    Department,
    RequestKind,
    RequestState,
    ServiceRequest,
    WeeklyRequestSummary,
)

INSPECT_URL = "servicerequests_request:inspect"

AUDIT_LABELS = {
    "opened": _("Received"),
    "reported_serious": _("Reported to the supervisor"),
    "forwarded": _("Forwarded"),
    "replied": _("Replied"),
    "closed": _("Closed"),
}


def forwarded_to(event) -> str:
    """The department a ``forwarded`` event names, for the history."""
    if event.action == "forwarded" and event.data.get("department") in Department.values:
        return Department(event.data["department"]).label
    return ""


def overdue_condition(now) -> Q:
    return Q(state=RequestState.RECEIVED, forward_by__lt=now) | Q(state__in=AWAITING_REPLY, reply_by__lt=now)


class ServiceRequestFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=RequestKind.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=RequestState.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    serious = django_filters.BooleanFilter(label=_("Serious or urgent"), widget=BooleanRadioSelect)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue", widget=BooleanRadioSelect)
    building = django_filters.ModelChoiceFilter(
        label=_("Building"), field_name="unit__building", queryset=Building.objects.all()
    )

    class Meta:
        model = ServiceRequest
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = overdue_condition(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)


def unit_text(service_request):
    return str(service_request.unit) if service_request.unit_id else ""


class DueColumn(ShanghaiTimeColumn):
    """The reply deadline, in red and tagged once the request is overdue (RQ-1, RQ-3)."""

    cell_template_name = "casework/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = instance.is_overdue()
        return context


class ServiceRequestIndexView(cases.CaseIndexView):
    page_title = _("Requests and suggestions")
    export_accessors = {
        "building": lambda service_request: service_request.unit.building.name if service_request.unit_id else "",
        "unit": lambda service_request: service_request.unit.number if service_request.unit_id else "",
        "received_by": lambda service_request: staff_name(service_request.received_by),
    }


class ServiceRequestInspectView(cases.CaseInspectView):
    template_name = "servicerequests/admin/request_inspect.html"
    select_related = ("unit__building", "submission", "person", "received_by", "forwarded_by", "replied_by", "closed_by")

    def get_received_by_display_value(self):
        return staff_name(self.object.received_by) or gettext("Sent online")

    def get_replied_by_display_value(self):
        return staff_name(self.object.replied_by) or "—"

    def get_submission_display_value(self):
        return self.object.submission.reference if self.object.submission_id else "—"

    def available_steps(self):
        return services.available_actions(self.request.user, self.object)

    def step_form_kwargs(self):
        return {"service_request": self.object}

    def history(self):
        return cases.history_rows(
            self.object, labels=AUDIT_LABELS, states=RequestState.choices, detail=forwarded_to
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service_request = self.object
        now = timezone.now()
        followup = FollowUp.objects.for_source(service_request).first()
        alerts = Alert.objects.filter(
            content_type=ContentType.objects.get_for_model(service_request), object_id=str(service_request.pk)
        ).order_by("sent_at", "pk")
        context.update(
            deadlines=[
                (
                    gettext("Forward or answer by (RQ-1)"),
                    shanghai(service_request.forward_by),
                    service_request.state == RequestState.RECEIVED and service_request.forward_by < now,
                ),
                (
                    gettext("Reply by (RQ-3)"),
                    shanghai(service_request.reply_by),
                    service_request.state in AWAITING_REPLY and service_request.reply_by < now,
                ),
            ],
            alerts=[(shanghai(alert.sent_at), alert) for alert in alerts],
            followup=followup,
            followup_due=shanghai(followup.due_by) if followup else "",
            followup_done=shanghai(followup.done_at) if followup else "",
        )
        return context


class StepView(cases.StepView):
    """A step on a request."""

    def may(self, user):
        return services.may_handle(user)

    def form_kwargs(self, case):
        return {"service_request": case}

    def reference(self, case):
        return case.reference


class DeskEntryView(cases.DeskEntryView):
    """A request or suggestion taken by phone or at the desk."""

    template_name = "servicerequests/admin/desk_entry.html"
    form_class = DeskEntryForm
    permission = services.ADD

    def success_message(self, service_request):
        return (
            gettext("%(reference)s is recorded; the reply is due by %(reply_by)s.")
            % {"reference": service_request.reference, "reply_by": shanghai(service_request.reply_by)}
        )


# --- The weekly summary (RQ-4) -------------------------------------------------------------------


class WeeklySummaryView(View):
    """The week's requests with their counts, and the supervisor's sign-off (RQ-4)."""

    template_name = "servicerequests/admin/weekly_summary.html"

    def dispatch(self, request, *args, **kwargs):
        if not services.may_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def monday(self, week: str | None) -> date:
        if week is None:
            return schedule.week_of(timezone.now())
        try:
            return schedule.week_start(date.fromisoformat(week))
        except ValueError as error:
            raise Http404("No such week") from error

    def get(self, request, week: str | None = None):
        return self.render(self.monday(week), SignSummaryForm())

    def post(self, request, week: str | None = None):
        monday = self.monday(week)
        if not services.may_sign_summary(request.user):
            raise PermissionDenied
        form = SignSummaryForm(request.POST)
        if monday > schedule.week_of(timezone.now()):
            messages.error(request, gettext("A week that has not begun cannot be signed off."))
            return redirect(reverse("servicerequests_weekly", args=(monday.isoformat(),)))
        if form.is_valid():
            summary = services.ensure_weekly_summary(monday)
            try:
                services.sign_weekly_summary(summary, by=request.user, note=form.cleaned_data["note"])
            except services.RequestError as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, gettext("The week's summary is signed off."))
            return redirect(reverse("servicerequests_weekly", args=(monday.isoformat(),)))
        return self.render(monday, form, status=400)

    def render(self, monday, form, status=200):
        start, end = schedule.week_bounds(monday)
        # Reading a week creates nothing: a summary row starts its clock (RQ-4).
        summary = WeeklyRequestSummary.objects.filter(week_start=monday).select_related("signed_by").first()
        signable = monday <= schedule.week_of(timezone.now()) and (summary is None or summary.signed_at is None)
        rows = (
            ServiceRequest.objects.received_between(start, end)
            .select_related("unit__building", "received_by")
            .order_by("received_at", "pk")
        )
        week_stats = stats.weekly_statistics(monday)
        context = {
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "summary": summary,
            "due_at": shanghai(schedule.summary_due_at(monday)),
            "signed_at": shanghai(summary.signed_at) if summary and summary.signed_at else "",
            "signed_by": staff_name(summary.signed_by) if summary and summary.signed_by_id else "",
            "stats": week_stats,
            "departments": [
                (Department(code).label if code in Department.values else code, count)
                for code, count in sorted(week_stats.by_department.items())
            ],
            "rows": [
                {
                    "request": row,
                    "url": reverse(INSPECT_URL, args=(row.pk,)),
                    "received": shanghai(row.received_at),
                    "replied": shanghai(row.replied_at),
                    "on_time": row.replied_on_time,
                    "overdue": row.is_overdue(),
                }
                for row in rows
            ],
            "form": form if signable and services.may_sign_summary(self.request.user) else None,
            "previous_url": reverse("servicerequests_weekly", args=((monday - timedelta(days=7)).isoformat(),)),
            "next_url": reverse("servicerequests_weekly", args=((monday + timedelta(days=7)).isoformat(),)),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)


class ServiceRequestViewSet(cases.CaseViewSet):
    """客户需求与建议: the entries and their steps.

    ``servicerequests.view_servicerequest`` opens the list, the pages and the weekly
    summary; ``add_servicerequest`` records one at the desk; the steps need
    ``handle_servicerequest``; signing off the week needs ``sign_weekly_summary``.
    """

    model = ServiceRequest
    name = "servicerequests_request"
    url_prefix = "requests/entries"
    icon = "help"
    menu_label = _("Requests and suggestions")
    menu_order = 125
    index_view_class = ServiceRequestIndexView
    inspect_view_class = ServiceRequestInspectView
    filterset_class = ServiceRequestFilterSet
    steps = services.Action
    step_forms_table = FORMS
    step_view_class = StepView
    desk_entry_view_class = DeskEntryView
    ordering = "-received_at"
    search_fields = ["reference", "unit__number", "unit__building__name", "phone", "contact_name", "content"]
    list_select_related = ("unit__building", "received_by")
    list_display = [
        Column("reference", label=_("Reference"), sort_key="reference"),
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
        Column("unit", label=_("Unit"), accessor=unit_text),
        Column("contact_name", label=_("Contact name")),
        StatusTagColumn(
            "state", label=_("State"), accessor="get_state_display", sort_key="state",
            primary=lambda service_request: service_request.state in OPEN_STATES,
        ),
        ShanghaiTimeColumn("received_at", label=_("Received at")),
        DueColumn("reply_by", label=_("Reply by")),
    ]
    list_export = [
        "reference",
        "get_kind_display",
        "get_channel_display",
        "building",
        "unit",
        "contact_name",
        "phone",
        "content",
        "serious",
        "received_at",
        "received_by",
        "forward_by",
        "get_department_display",
        "forwarded_at",
        "reply_by",
        "replied_at",
        "reply",
        "get_state_display",
        "closed_at",
    ]
    export_headings = {
        "reference": _("Reference"),
        "get_kind_display": _("Kind"),
        "get_channel_display": _("Received by"),
        "building": _("Building"),
        "unit": _("Unit number"),
        "contact_name": _("Contact name"),
        "phone": _("Phone"),
        "content": _("Content"),
        "serious": _("Serious or urgent"),
        "received_at": _("Received at"),
        "received_by": _("Received by staff"),
        "forward_by": _("Forward by"),
        "get_department_display": _("Department"),
        "forwarded_at": _("Forwarded at"),
        "reply_by": _("Reply by"),
        "replied_at": _("Replied at"),
        "reply": _("Reply to the customer"),
        "get_state_display": _("State"),
        "closed_at": _("Closed at"),
    }
    export_filename = "requests-and-suggestions"
    inspect_view_fields = [
        "reference",
        "kind",
        "state",
        "channel",
        "submission",
        "unit",
        "contact_name",
        "phone",
        "content",
        "serious",
        "received_at",
        "received_by",
        "promised_by",
        "department",
        "forwarded_at",
        "reply",
        "replied_at",
        "replied_by",
        "closed_at",
    ]


def admin_urls():
    """The weekly summary's pages (registered with ``register_admin_urls``)."""
    view = forbidden_is_403(WeeklySummaryView.as_view())
    return [
        path("requests/weekly/", view, name="servicerequests_weekly_current"),
        path("requests/weekly/<str:week>/", view, name="servicerequests_weekly"),
    ]
