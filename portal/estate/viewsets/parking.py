"""Vehicles, parking spaces and rentals in the admin.

A second active rental for a household (PK-1) or a space (CS-2) is refused by the
rental model's constraints, which the form reports as a clear error.
"""

import django_filters
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import StatusFlagColumn
from wagtail.admin.widgets import BooleanRadioSelect

from ..forms import RegisterForm, VehicleForm
from ..models import Building, ParkingRental, ParkingSpace, Vehicle
from .base import MoneyColumn, RegisterIndexView, RegisterViewSet


class VehicleFilterSet(WagtailFilterSet):
    building = django_filters.ModelChoiceFilter(
        label=_("Building"), field_name="household__unit__building", queryset=Building.objects.all()
    )

    class Meta:
        model = Vehicle
        fields = []


class VehicleViewSet(RegisterViewSet):
    model = Vehicle
    icon = "tag"
    filterset_class = VehicleFilterSet
    search_fields = ["plate", "model", "licence_number", "owner__name"]
    list_select_related = ("owner", "household__unit__building")
    list_display = ["plate", "model", "owner", "household"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("plate"), FieldPanel("licence_number")]),
            FieldPanel("model"),
            FieldRowPanel([FieldPanel("owner"), FieldPanel("household")]),
        ],
        base_form_class=VehicleForm,
    )


class ParkingSpaceFilterSet(WagtailFilterSet):
    level = django_filters.AllValuesFilter(label=_("Level"), widget=forms.RadioSelect, empty_label=_("All"))
    rented = django_filters.BooleanFilter(
        label=_("Rented"), field_name="is_rented", widget=BooleanRadioSelect
    )

    class Meta:
        model = ParkingSpace
        fields = ["status"]


class ParkingSpaceIndexView(RegisterIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_rented_flag()


class ParkingSpaceViewSet(RegisterViewSet):
    model = ParkingSpace
    icon = "pick"
    index_view_class = ParkingSpaceIndexView
    copy_view_enabled = True
    filterset_class = ParkingSpaceFilterSet
    search_fields = ["number", "level", "estate__name"]
    list_select_related = ("estate",)
    list_display = [
        "__str__",
        "estate",
        "level",
        "number",
        "status",
        MoneyColumn("monthly_rent", label=capfirst(ParkingSpace._meta.get_field("monthly_rent").verbose_name)),
        StatusFlagColumn("is_rented", label=_("Rented"), true_label=_("Rented"), sort_key="is_rented"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("estate"),
            FieldRowPanel([FieldPanel("level"), FieldPanel("number")]),
            FieldRowPanel([FieldPanel("status"), FieldPanel("monthly_rent")]),
        ],
        base_form_class=RegisterForm,
    )


class ParkingRentalViewSet(RegisterViewSet):
    model = ParkingRental
    icon = "calendar-check"
    list_filter = ["status"]
    search_fields = [
        "space__number",
        "vehicle__plate",
        "ic_card_number",
        "household__unit__number",
        "household__unit__building__name",
        "household__members__person__name",
    ]
    list_select_related = ("space", "vehicle", "household__unit__building")
    list_display = ["space", "vehicle", "household", "start", "end", "status", "ic_card_number"]
    list_export = [
        "space",
        "space.monthly_rent",
        "vehicle.plate",
        "household",
        "start",
        "end",
        "ic_card_number",
        "get_status_display",
    ]
    export_headings = {
        "space": _("Parking space"),
        "space.monthly_rent": _("Monthly rent (yuan)"),
        "vehicle.plate": _("Plate"),
        "household": _("Household"),
        "get_status_display": _("Status"),
    }
    export_filename = "parking-rentals"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("household"), FieldPanel("vehicle")]),
            FieldPanel("space"),
            FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            FieldRowPanel([FieldPanel("ic_card_number"), FieldPanel("status")]),
        ],
        base_form_class=RegisterForm,
    )
