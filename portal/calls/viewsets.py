"""来访来电接待 in the admin: 《客户来电来访记录表》 — the log searched by number, name or
unit and filtered by date, kind and outcome; the desk's forms to enter and correct an
entry (saved through :mod:`portal.calls.services`, so every change is audited and an
urgent matter reaches the supervisor, RC-2); CSV and Excel export.
"""

import django_filters
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic

from portal.audit.models import AuditEvent
from portal.casework.review import staff_name
from portal.casework.viewsets.answers import shanghai
from portal.estate.models import Building
from portal.estate.viewsets.base import RegisterIndexView, RegisterInspectView, RegisterViewSet

from . import services
from .forms import CallForm
from .models import Call, CallKind, CallOutcome, Department

AUDIT_LABELS = {"recorded": _("Recorded"), "changed": _("Changed")}


class CallFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(label=_("Date"), field_name="at", lookup_expr="date",
                                              widget=DateRangePickerWidget)
    kind = django_filters.ChoiceFilter(label=_("Visit or call"), choices=CallKind.choices, widget=forms.RadioSelect,
                                       empty_label=_("All"))
    outcome = django_filters.ChoiceFilter(label=_("What was done"), choices=CallOutcome.choices,
                                          widget=forms.RadioSelect, empty_label=_("All"))
    forwarded_to = django_filters.ChoiceFilter(label=_("Passed to"), choices=Department.choices, widget=forms.Select,
                                               empty_label=_("All"))
    urgent = django_filters.BooleanFilter(label=_("Serious or urgent"))
    building = django_filters.ModelChoiceFilter(label=_("Building"), field_name="unit__building",
                                                queryset=Building.objects.all())

    class Meta:
        model = Call
        fields = []


def unit_text(call) -> str:
    return str(call.unit) if call.unit_id else ""


def outcome_text(call) -> str:
    if call.outcome == CallOutcome.FORWARDED:
        return f"{call.get_outcome_display()}: {call.get_forwarded_to_display()} {shanghai(call.forwarded_at)}"
    return call.get_outcome_display()


class CallIndexView(RegisterIndexView):
    page_title = _("Visitors and calls")
    export_accessors = {
        "kind": lambda call: call.get_kind_display(),
        "unit": unit_text,
        "urgent": lambda call: gettext("Yes") if call.urgent else "",
        "outcome": lambda call: call.get_outcome_display(),
        "forwarded_to": lambda call: call.get_forwarded_to_display(),
        "recorded_by": lambda call: staff_name(call.recorded_by),
    }

    def get_delete_url(self, instance):
        return None

    def get_copy_url(self, instance):
        return None


class CallCreateView(generic.CreateView):
    def save_instance(self):
        return services.record_call(self.form.instance, by=self.request.user)


class CallEditView(generic.EditView):
    def save_instance(self):
        return services.update_call(self.form.instance, by=self.request.user)

    def get_delete_url(self):
        return None


class CallInspectView(RegisterInspectView):
    template_name = "calls/admin/call_inspect.html"

    def get_delete_url(self):
        return None

    def get_at_display_value(self):
        return shanghai(self.object.at)

    def get_forwarded_at_display_value(self):
        return shanghai(self.object.forwarded_at) or "—"

    def get_recorded_by_display_value(self):
        return staff_name(self.object.recorded_by) or "—"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = [
            {
                "at": shanghai(event.at),
                "actor": staff_name(event.actor) if event.actor else "",
                "action": str(AUDIT_LABELS.get(event.action, event.action)),
                "detail": ", ".join(str(Call._meta.get_field(name.removesuffix("_id")).verbose_name)
                                    for name in (event.data or {}).get("changed", {})),
                "note": event.note,
            }
            for event in AuditEvent.objects.for_object(self.object).select_related("actor")
        ]
        return context


class CallViewSet(RegisterViewSet):
    """《客户来电来访记录表》: ``calls.view_call`` reads the log, ``calls.add_call`` and
    ``calls.change_call`` enter and correct entries; entries are never deleted."""

    model = Call
    icon = "mail"
    add_to_admin_menu = True
    menu_label = _("Visitors and calls")
    menu_order = 120
    index_view_class = CallIndexView
    add_view_class = CallCreateView
    edit_view_class = CallEditView
    inspect_view_class = CallInspectView
    filterset_class = CallFilterSet
    ordering = ["-at", "-pk"]
    search_fields = ["caller_phone", "caller_name", "unit__number", "unit__building__name", "subject"]
    list_select_related = ("unit__building", "recorded_by")
    list_display = [
        Column("at", label=_("Date and time"), accessor=lambda call: shanghai(call.at), sort_key="at"),
        Column("kind", label=_("Visit or call"), accessor="get_kind_display", sort_key="kind"),
        Column("caller_name", label=_("Caller's name")),
        Column("caller_phone", label=_("Caller's number")),
        Column("unit", label=_("Unit"), accessor=unit_text),
        Column("subject", label=_("Subject")),
        BooleanColumn("urgent", label=_("Urgent")),
        Column("outcome", label=_("What was done"), accessor=outcome_text, sort_key="outcome"),
    ]
    list_export = ["at", "kind", "caller_name", "caller_phone", "unit", "subject", "urgent", "outcome", "reply",
                   "forwarded_to", "forwarded_at", "recorded_by"]
    export_headings = {
        "at": _("Date and time"), "kind": _("Visit or call"), "caller_name": _("Caller's name"),
        "caller_phone": _("Caller's number"), "unit": _("Unit"), "subject": _("Subject"), "urgent": _("Urgent"),
        "outcome": _("What was done"), "reply": _("Answer given or action taken"), "forwarded_to": _("Passed to"),
        "forwarded_at": _("Passed on at"), "recorded_by": _("Recorded by"),
    }
    export_filename = "客户来电来访记录表"
    inspect_view_fields = ["at", "kind", "caller_name", "caller_phone", "unit", "subject", "urgent", "outcome",
                           "reply", "forwarded_to", "forwarded_at", "recorded_by"]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("copy", "delete"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_form_class(self, for_update=False):
        return CallForm

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in ("delete", "copy")]
