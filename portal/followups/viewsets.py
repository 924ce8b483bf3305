"""客户回访 in the admin: the follow-up calls due, overdue and done; each call's page with
the record-the-call form (FU-2). The case followed up links to its own page for staff who
may open it (:mod:`portal.followups.links`). Follow-ups open with their closed case and
change only through :mod:`portal.followups.services`; they are never added, edited or deleted here.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Q, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn

from portal.audit.models import AuditEvent
from portal.casework.review import staff_name
from portal.casework.viewsets.answers import shanghai
from portal.casework.viewsets.cases import ReadOnlyIndexView
from portal.casework.viewsets.queue import forbidden_is_403
from portal.estate.viewsets.base import RegisterInspectView, RegisterViewSet

from . import services
from .forms import RecordCallForm
from .links import case_link
from .models import FollowUp, FollowUpKind, Outcome

DUE = "due"
OVERDUE = "overdue"
DONE = "done"
STATES = [
    (DUE, pgettext_lazy("follow-up", "To call")),
    (OVERDUE, pgettext_lazy("follow-up", "Overdue")),
    (DONE, pgettext_lazy("follow-up", "Called")),
]

AUDIT_LABELS = {"opened": _("Follow-up opened"), "called": _("Call recorded")}


def state_of(followup, now=None) -> str:
    if followup.done_at is not None:
        return DONE
    return OVERDUE if followup.is_overdue(now) else DUE


def state_label(followup) -> str:
    return str(dict(STATES)[state_of(followup)])


class CaseColumn(Column):
    """The case followed up, by its reference, linked to its page for those who may open it."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        source = instance.source
        request = parent_context.get("request")
        context["value"] = (
            case_link(getattr(request, "user", None), source, text=instance.case_reference) if source else "—"
        )
        return context


class FollowUpFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=FollowUpKind.choices, widget=forms.Select, empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=STATES, method="filter_state", widget=forms.RadioSelect, empty_label=_("All")
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.Select, empty_label=_("All")
    )

    class Meta:
        model = FollowUp
        fields = []

    def filter_state(self, queryset, name, value):
        now = timezone.now()
        if value == DUE:
            return queryset.filter(done_at__isnull=True, due_by__gte=now)
        if value == OVERDUE:
            return queryset.filter(done_at__isnull=True, due_by__lt=now)
        if value == DONE:
            return queryset.filter(done_at__isnull=False)
        return queryset


class FollowUpIndexView(ReadOnlyIndexView):
    page_title = _("Follow-up calls")
    export_accessors = {
        "kind": lambda followup: followup.get_kind_display(),
        "unit": lambda followup: str(followup.unit) if followup.unit_id else "",
        "state": state_label,
        "outcome": lambda followup: followup.get_outcome_display(),
        "fixed": lambda followup: _yes_no(followup.fixed),
        "satisfied": lambda followup: _yes_no(followup.satisfied),
        "done_by": lambda followup: staff_name(followup.done_by),
    }

    def order_queryset(self, queryset):
        """Unless a column is chosen: the calls still to make, soonest due first; then those made, latest first."""
        if "ordering" in self.request.GET:
            return super().order_queryset(queryset)
        still_open = Q(done_at__isnull=True)
        return queryset.annotate(
            made=Case(When(still_open, then=0), default=1, output_field=IntegerField()),
            open_due=Case(When(still_open, then=F("due_by")), default=None),
        ).order_by("made", F("open_due").asc(nulls_last=True), "-due_by", "-pk")


def _yes_no(value) -> str:
    return "" if value is None else (gettext("Yes") if value else gettext("No"))


def history_rows(followup) -> list[dict]:
    outcomes = dict(Outcome.choices)
    return [
        {
            "at": shanghai(event.at),
            "actor": staff_name(event.actor) if event.actor else "",
            "action": str(AUDIT_LABELS.get(event.action, event.action)),
            "from_state": str(outcomes.get(event.from_state, "")),
            "to_state": str(outcomes.get(event.to_state, "")),
            "note": event.note,
        }
        for event in AuditEvent.objects.for_object(followup).select_related("actor")
    ]


class FollowUpInspectView(RegisterInspectView):
    template_name = "followups/admin/followup_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(FollowUp.objects.select_related("unit__building", "done_by", "source_type"),
                                 pk=self.pk)

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_field_label(self, field_name, field):
        if field_name == "source_type":
            return gettext("Case followed up")
        return super().get_field_label(field_name, field)

    def get_source_type_display_value(self):
        source = self.object.source
        return case_link(self.request.user, source) if source is not None else "—"

    def get_due_by_display_value(self):
        value = shanghai(self.object.due_by)
        return f"{value} · {state_label(self.object)}"

    def get_done_by_display_value(self):
        return staff_name(self.object.done_by) or "—"

    def get_fixed_display_value(self):
        return _yes_no(self.object.fixed) or "—"

    def get_satisfied_display_value(self):
        return _yes_no(self.object.satisfied) or "—"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        followup = self.object
        may_record = services.may_record(self.request.user) and (
            followup.done_at is None or followup.outcome == Outcome.UNREACHABLE
        )
        context.update(
            record_form=RecordCallForm(followup=followup) if may_record else None,
            record_url=reverse("followups_followup:record", args=(followup.pk,)),
            history=history_rows(followup),
        )
        return context


class RecordCallView(View):
    """POST the call's answers, then return to the follow-up's page with a message."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not services.may_record(request.user):
            raise PermissionDenied
        followup = get_object_or_404(FollowUp, pk=pk)
        form = RecordCallForm(request.POST, followup=followup)
        if not form.is_valid():
            for name, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"{form.fields[name].label}: {error}" if name in form.fields else error)
        else:
            try:
                form.perform(request.user)
            except services.FollowUpError as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, gettext("The follow-up call is recorded."))
        return redirect(reverse("followups_followup:inspect", args=(followup.pk,)))


class FollowUpViewSet(RegisterViewSet):
    """客户回访: ``followups.view_followup`` opens the list; recording a call needs
    ``followups.record_followup`` (see :mod:`portal.organisation.groups`)."""

    model = FollowUp
    icon = "mail"
    add_to_admin_menu = True
    menu_label = _("Follow-up calls")
    menu_order = 125
    index_view_class = FollowUpIndexView
    inspect_view_class = FollowUpInspectView
    filterset_class = FollowUpFilterSet
    ordering = ["due_by", "pk"]
    search_fields = ["contact_name", "contact_phone", "unit__number", "unit__building__name"]
    list_select_related = ("unit__building", "done_by")
    list_prefetch_related = ("source",)
    list_display = [
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
        CaseColumn("source", label=_("Case followed up")),
        Column("unit", label=_("Unit"), accessor=lambda followup: str(followup.unit) if followup.unit_id else ""),
        Column("contact_name", label=_("Contact name")),
        Column("contact_phone", label=_("Contact phone")),
        Column("due_by", label=_("Call due by"), accessor=lambda followup: shanghai(followup.due_by),
               sort_key="due_by"),
        StatusTagColumn("state", label=_("State"), accessor=state_label,
                        primary=lambda followup: followup.done_at is None),
        Column("outcome", label=_("Outcome"), accessor="get_outcome_display", sort_key="outcome"),
    ]
    list_export = ["kind", "case_reference", "unit", "contact_name", "contact_phone", "closed_at", "due_by", "state",
                   "done_at", "done_by", "outcome", "fixed", "satisfied", "other_needs", "note"]
    export_headings = {
        "kind": _("Kind"), "case_reference": _("Case followed up"), "unit": _("Unit"),
        "contact_name": _("Contact name"), "contact_phone": _("Contact phone"),
        "closed_at": _("Case closed at"), "due_by": _("Call due by"), "state": _("State"), "done_at": _("Called at"),
        "done_by": _("Called by"), "outcome": _("Outcome"), "fixed": _("Fixed?"), "satisfied": _("Satisfied?"),
        "other_needs": _("Anything else?"), "note": _("Note"),
    }
    inspect_view_fields = [
        "kind", "source_type", "unit", "contact_name", "contact_phone", "closed_at", "due_by", "done_at", "done_by",
        "outcome", "fixed", "satisfied", "other_needs", "note",
    ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "copy", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", forbidden_is_403(self.index_view), name="index"),
            path("results/", forbidden_is_403(self.index_results_view), name="index_results"),
            path("inspect/<int:pk>/", forbidden_is_403(self.inspect_view), name="inspect"),
            path("inspect/<int:pk>/record/", forbidden_is_403(RecordCallView.as_view()), name="record"),
        ]

