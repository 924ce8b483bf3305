"""Estates, buildings and units in the admin.

Editing a unit's occupancy status records who changed it (ST-1): the edit view hands
the acting user to :meth:`Unit.save`, which writes the :class:`UnitStatusChange`.
"""

import django_filters
from django.contrib.admin.utils import unquote
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets import BooleanRadioSelect

from ..forms import UnitForm
from ..ledger import annotate_arrears, arrears
from ..models import Building, Estate, Household, LedgerEntry, Unit
from .base import (
    HALF_FEN,
    ArrearsColumn,
    DecimalColumn,
    MoneyColumn,
    RegisterIndexView,
    RegisterInspectView,
    RegisterViewSet,
    yuan,
)


class EstateIndexView(RegisterIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(building_count=Count("buildings"))


class EstateViewSet(RegisterViewSet):
    model = Estate
    icon = "site"
    index_view_class = EstateIndexView
    search_fields = ["name", "address"]
    list_display = [
        "name",
        "address",
        "hotline",
        Column("building_count", label=_("Buildings"), sort_key="building_count"),
    ]
    panels = [FieldPanel("name"), FieldPanel("address"), FieldPanel("hotline")]


class BuildingIndexView(RegisterIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(unit_count=Count("units"))


class BuildingViewSet(RegisterViewSet):
    model = Building
    icon = "home"
    index_view_class = BuildingIndexView
    search_fields = ["name", "estate__name"]
    list_filter = ["estate"]
    list_select_related = ("estate",)
    list_display = [
        "name",
        "estate",
        "floors",
        Column("unit_count", label=_("Units"), sort_key="unit_count"),
    ]
    panels = [FieldPanel("estate"), FieldPanel("name"), FieldPanel("floors")]


class UnitFilterSet(WagtailFilterSet):
    in_arrears = django_filters.BooleanFilter(
        label=_("In arrears today"), method="filter_in_arrears", widget=BooleanRadioSelect
    )

    class Meta:
        model = Unit
        fields = ["building", "property_type", "status", "floor"]

    def filter_in_arrears(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(arrears_balance__gte=HALF_FEN)
        return queryset.filter(arrears_balance__lt=HALF_FEN)


class UnitIndexView(RegisterIndexView):
    """Units with what each owes today, computed in the listing's one query."""

    def get_base_queryset(self):
        return annotate_arrears(super().get_base_queryset(), timezone.localdate())


class UnitEditView(generic.EditView):
    def save_instance(self):
        self.form.instance.status_changed_by = self.request.user
        return super().save_instance()


class UnitInspectView(RegisterInspectView):
    """A unit's record, its current household, ledger summary and status history."""

    template_name = "estate/admin/unit_inspect.html"
    recent_ledger_entries = 10
    extra_labels = {
        "monthly_management_fee": _("Monthly management fee"),
    }

    def get_object(self, queryset=None):
        return get_object_or_404(Unit.objects.with_building(), pk=unquote(str(self.pk)))

    def get_field_label(self, field_name, field):
        if field_name in self.extra_labels:
            return self.extra_labels[field_name]
        return super().get_field_label(field_name, field)

    def get_monthly_management_fee_display_value(self):
        return yuan(self.object.monthly_management_fee)

    @cached_property
    def current_household(self):
        return (
            Household.objects.current()
            .filter(unit=self.object)
            .prefetch_related("members__person")
            .first()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        household = self.current_household
        context.update(
            today=today,
            arrears_today=yuan(arrears(self.object, today)),
            household=household,
            current_members=[m for m in household.members.all() if m.ended_on is None] if household else [],
            ledger_entries=LedgerEntry.objects.filter(unit=self.object).select_related("recorded_by")[
                : self.recent_ledger_entries
            ],
            status_changes=self.object.status_changes.select_related("changed_by"),
        )
        return context


class UnitViewSet(RegisterViewSet):
    model = Unit
    icon = "grid"
    index_view_class = UnitIndexView
    edit_view_class = UnitEditView
    inspect_view_class = UnitInspectView
    copy_view_enabled = True
    filterset_class = UnitFilterSet
    search_fields = ["number", "building__name", "building__estate__name"]
    list_select_related = ("building", "building__estate")
    list_display = [
        "number",
        "building",
        "floor",
        "property_type",
        DecimalColumn("building_area", label=_("Building area (m²)")),
        MoneyColumn("fee_per_m2", label=_("Fee per m²")),
        "status",
        ArrearsColumn(),
    ]
    list_export = [
        "building.estate.name",
        "building.name",
        "number",
        "floor",
        "get_property_type_display",
        "building_area",
        "fee_per_m2",
        "monthly_management_fee",
        "get_status_display",
        "status_changed_at",
        "arrears_balance",
    ]
    export_headings = {
        "building.estate.name": _("Estate"),
        "building.name": _("Building"),
        "number": _("Unit number"),
        "floor": _("Floor"),
        "get_property_type_display": _("Property type"),
        "building_area": _("Building area (m²)"),
        "fee_per_m2": _("Management fee per m² per month (yuan)"),
        "monthly_management_fee": _("Monthly management fee"),
        "get_status_display": _("Occupancy status"),
        "status_changed_at": _("Status changed at"),
        "arrears_balance": _("Balance today (yuan, negative = credit)"),
    }
    export_filename = "units"
    inspect_view_fields = [
        "building",
        "number",
        "floor",
        "property_type",
        "building_area",
        "fee_per_m2",
        "monthly_management_fee",
        "status",
        "status_changed_at",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("building"),
                    FieldRowPanel([FieldPanel("number"), FieldPanel("floor")]),
                    FieldPanel("property_type"),
                    FieldRowPanel([FieldPanel("building_area"), FieldPanel("fee_per_m2")]),
                ],
                heading=_("Unit details"),
            ),
            MultiFieldPanel(
                [FieldPanel("status"), FieldPanel("status_change_note")],
                heading=_("Occupancy status"),
            ),
        ],
        base_form_class=UnitForm,
    )
