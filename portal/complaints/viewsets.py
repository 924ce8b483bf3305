"""投诉受理 in the admin: the complaints, each one's 《客户投诉、意见记录表》 with its grading
facts, clocks, handling, reply and follow-up, the desk's form for a phone or desk
complaint, and the next steps as POST forms.

Cases are never edited or deleted here: they change only through
:mod:`portal.complaints.services`, which keeps the audit trail.
"""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets import BooleanRadioSelect

from portal.casework.review import staff_name
from portal.casework.viewsets import cases
from portal.casework.viewsets.answers import readable_decision, shanghai
from portal.casework.viewsets.queue import ShanghaiTimeColumn, forbidden_is_403
from portal.estate.models import Building

from . import services
from .forms import FORMS, RecordComplaintForm
from .models import (
    UNFORWARDED_STATES,
    UNREPLIED_STATES,
    CaseState,
    ComplaintCase,
    ComplaintEvent,
    Grade,
    overdue_condition,
    running_condition,
)

INSPECT_URL = "complaints_case:inspect"

AUDIT_LABELS = {
    "received": _("Received"),
    "assessed": _("Validity and grade decided"),
    "forwarded": _("Forwarded to a department"),
    "result_recorded": _("Result agreed"),
    "replied": _("Replied to the customer"),
    "closed": _("Closed"),
    "waiting": _("Waiting for the customer"),
    "resumed": _("Resumed"),
    "event_linked": _("Linked to an event"),
    "extended": _("More time approved"),
    "regraded": _("Graded again"),
}


def grade_label(value: str) -> str:
    try:
        return str(Grade(value).label)
    except ValueError:
        return value


def validity_text(case) -> str:
    if case.valid is None:
        return gettext("Not decided")
    return gettext("Valid") if case.valid else gettext("Invalid")


def unit_text(case) -> str:
    return str(case.unit) if case.unit_id else ""


def complainant_text(case) -> str:
    return f"{case.complainant_name} {case.complainant_phone}".strip()


def is_overdue(case, now=None) -> bool:
    """As :func:`~portal.complaints.models.overdue_condition` says, for one case in hand."""
    return any(row["overdue"] for row in clock_rows(case, now))


def clock_rows(case, now=None) -> list[dict]:
    """The case's deadlines with whether each still runs and is past due."""
    now = now or timezone.now()
    runs = case.is_open and case.valid is not False and not case.is_waiting
    rows = []
    # The last one is no deadline to miss: when it passes, the complaint becomes major.
    for field, label, applies, can_be_overdue in (
        ("forward_by", _("Forward to a department (CP-5)"), case.state in UNFORWARDED_STATES, True),
        ("reply_by", _("Reply to the customer (CP-6)"), case.state in UNREPLIED_STATES, True),
        ("resolve_by", _("Resolve (CP-6)"), True, True),
        ("unresolved_by", _("Major if unresolved by (CP-2, CP-10)"), case.grade != Grade.MAJOR, False),
    ):
        due = getattr(case, field)
        if due is None:
            continue
        rows.append({
            "field": field,
            "label": label,
            "due": shanghai(due),
            "running": runs and applies,
            "overdue": runs and applies and can_be_overdue and due < now,
        })
    return rows


def history_detail(event) -> str:
    """What the history adds to an event: the grades of a regrading, the grade decided, the event linked."""
    if event.action == "regraded":
        return f"{grade_label(event.data.get('from', ''))} → {grade_label(event.data.get('to', ''))}"
    if event.action == "assessed" and event.data.get("grade"):
        return grade_label(event.data["grade"])
    if event.action == "event_linked":
        return event.data.get("event", "")
    return ""


class ComplaintFilterSet(WagtailFilterSet):
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=Grade.choices, widget=forms.RadioSelect,
                                        empty_label=_("All"))
    validity = django_filters.ChoiceFilter(
        label=_("Validity"), method="filter_validity", widget=forms.RadioSelect, empty_label=_("All"),
        choices=[("undecided", _("Not decided")), ("valid", _("Valid")), ("invalid", _("Invalid"))],
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=CaseState.choices, widget=forms.Select,
                                        empty_label=_("All"))
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue", widget=BooleanRadioSelect)
    building = django_filters.ModelChoiceFilter(label=_("Building"), field_name="unit__building",
                                                queryset=Building.objects.all())
    event = django_filters.ModelChoiceFilter(label=_("Event"), queryset=ComplaintEvent.objects.all())

    class Meta:
        model = ComplaintCase
        fields = []

    def filter_validity(self, queryset, name, value):
        return {
            "undecided": queryset.filter(valid__isnull=True),
            "valid": queryset.filter(valid=True),
            "invalid": queryset.filter(valid=False),
        }.get(value, queryset)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = overdue_condition(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)


class OverdueMarkColumn(Column):
    cell_template_name = "complaints/admin/overdue_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = is_overdue(instance)
        return context


class ComplaintIndexView(cases.CaseIndexView):
    page_title = _("Complaints")

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "-pk")


class RecordComplaintView(generic.CreateView):
    """The desk records a phone or desk complaint through :func:`services.record_complaint`."""

    page_title = _("Record a complaint")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def save_instance(self):
        try:
            return self.form.save()
        except services.ComplaintError as refusal:
            raise PermissionDenied(str(refusal)) from refusal

    def get_success_message(self, instance):
        return gettext("Complaint %(reference)s is recorded.") % {"reference": instance.reference}

    def get_edit_url(self):
        return reverse(INSPECT_URL, args=(self.object.pk,))

    def get_success_url(self):
        return self.get_edit_url()


class ComplaintInspectView(cases.CaseInspectView):
    template_name = "complaints/admin/case_inspect.html"
    select_related = (
        "submission", "unit__building", "event", "received_by", "graded_by", "result_agreed_by", "replied_by",
        "handled_by", "complainant",
    )
    audit_labels = AUDIT_LABELS

    def get_state_display_value(self):
        case = self.object
        text = case.get_state_display()
        return f"{text} · {gettext('Waiting for the customer')}" if case.is_waiting else text

    def get_received_by_display_value(self):
        return staff_name(self.object.received_by) or "—"

    def get_complainant_name_display_value(self):
        return complainant_text(self.object)

    def available_steps(self):
        return services.available_actions(self.request.user, self.object)

    def history(self):
        return cases.history_rows(
            self.object, labels=self.audit_labels, states=CaseState.choices, detail=history_detail
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        from portal.followups.models import FollowUp

        context.update(
            case=case,
            validity=validity_text(case),
            criteria=[(ComplaintCase._meta.get_field(name).verbose_name, getattr(case, name))
                      for name in services.CRITERIA],
            decision=readable_decision(case.decision),
            clocks=clock_rows(case),
            extensions=case.extensions.select_related("approved_by"),
            followup=FollowUp.objects.for_source(case).select_related("done_by").first(),
            submission_url=(reverse("casework_submission:inspect", args=(case.submission_id,))
                            if case.submission_id else ""),
            event_url=(reverse("complaints_case:index") + f"?event={case.event_id}") if case.event_id else "",
            staff_name=staff_name,
        )
        return context


class StepView(cases.StepView):
    """A step on a complaint; extending its time needs the permission for its grade."""

    select_related = ("unit__building",)

    def may(self, user):
        return services.may(user, self.action)

    def may_take(self, user, case):
        return services.may(user, self.action, case)

    def reference(self, case):
        return case.reference


class ComplaintViewSet(cases.CaseViewSet):
    """投诉受理: every complaint and its steps.

    ``complaints.view_complaintcase`` opens the list; ``add_complaintcase`` records a phone
    or desk complaint; each step needs its permission (:data:`services.PERMISSIONS`).
    """

    model = ComplaintCase
    name = "complaints_case"
    url_prefix = "complaints"
    icon = "warning"
    menu_label = _("Complaints")
    menu_order = 120
    index_view_class = ComplaintIndexView
    add_view_class = RecordComplaintView
    inspect_view_class = ComplaintInspectView
    filterset_class = ComplaintFilterSet
    steps = services.Action
    step_forms_table = FORMS
    step_view_class = StepView
    # Cases are recorded at the desk (below) but never edited, copied or deleted.
    closed_views = ("edit", "copy", "delete", "history", "usage")
    ordering = "-received_at"
    search_fields = ["reference", "complainant_name", "complainant_phone", "unit__number", "subject"]
    list_select_related = ("unit__building", "event")
    list_display = [
        TitleColumn("reference", label=_("Reference"), get_url=lambda case: reverse(INSPECT_URL, args=(case.pk,))),
        Column("complainant", label=_("Complainant"), accessor=complainant_text),
        Column("unit", label=_("Unit"), accessor=unit_text),
        Column("subject", label=_("Subject")),
        Column("grade", label=_("Grade"), accessor="get_grade_display", sort_key="grade"),
        StatusTagColumn("state", label=_("State"), accessor="get_state_display", sort_key="state",
                        primary=lambda case: case.is_open),
        ShanghaiTimeColumn("received_at", label=_("Received at")),
        OverdueMarkColumn("overdue", label=_("Overdue")),
    ]
    list_export = ["reference", "channel", "complainant_name", "complainant_phone", "unit", "subject", "category",
                   "received_at", "valid", "grade", "state", "department", "reply_by", "replied_at", "resolve_by",
                   "closed_at"]
    export_filename = "complaints"
    inspect_view_fields = [
        "reference", "state", "channel", "complainant_name", "unit", "subject", "category", "description",
        "received_at", "received_by",
    ]

    def get_queryset(self, request):
        return ComplaintCase.objects.select_related("unit__building", "event")

    def get_form_class(self, for_update=False):
        return RecordComplaintForm

    def get_extra_urlpatterns(self):
        return [path("new/", forbidden_is_403(self.add_view), name="add")]


def open_counts() -> dict:
    """Open complaints by grade, undecided ones apart, and how many are overdue (one query each)."""
    open_cases = ComplaintCase.objects.open().filter(running_condition() | Q(waiting_since__isnull=False))
    by_grade = dict(open_cases.exclude(valid=False).values_list("grade").annotate(n=Count("pk")))
    return {
        "major": by_grade.get(Grade.MAJOR, 0),
        "important": by_grade.get(Grade.IMPORTANT, 0),
        "minor": by_grade.get(Grade.MINOR, 0),
        "undecided": open_cases.filter(valid__isnull=True).count(),
        "overdue": ComplaintCase.objects.overdue().count(),
    }
