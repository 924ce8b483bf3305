"""The fee ledger in the admin: every charge, payment and refund, with who recorded it."""

import django_filters
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views import generic

from ..forms import LedgerEntryForm
from ..models import Building, LedgerEntry
from .base import MoneyColumn, RegisterViewSet


class LedgerEntryFilterSet(WagtailFilterSet):
    building = django_filters.ModelChoiceFilter(
        label=_("Building"), field_name="unit__building", queryset=Building.objects.all()
    )
    entry_date = django_filters.DateFromToRangeFilter(label=_("Entry date"), widget=DateRangePickerWidget)

    class Meta:
        model = LedgerEntry
        fields = ["kind", "category"]


class LedgerEntryCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.recorded_by = self.request.user
        return super().save_instance()


class LedgerEntryViewSet(RegisterViewSet):
    model = LedgerEntry
    icon = "decimal"
    add_view_class = LedgerEntryCreateView
    filterset_class = LedgerEntryFilterSet
    search_fields = ["unit__number", "unit__building__name", "description"]
    list_select_related = ("unit__building", "recorded_by")
    list_display = [
        "unit",
        "kind",
        "category",
        MoneyColumn("amount", label=capfirst(LedgerEntry._meta.get_field("amount").verbose_name)),
        "entry_date",
        "due_on",
        "description",
    ]
    list_export = [
        "unit.building.name",
        "unit.number",
        "get_kind_display",
        "get_category_display",
        "amount",
        "entry_date",
        "due_on",
        "period_start",
        "period_end",
        "description",
        "recorded_by",
        "recorded_at",
    ]
    export_headings = {
        "unit.building.name": _("Building"),
        "unit.number": _("Unit number"),
        "get_kind_display": _("Kind"),
        "get_category_display": _("Category"),
    }
    export_filename = "ledger"
    edit_handler = ObjectList(
        [
            FieldPanel("unit"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("category")]),
            FieldRowPanel([FieldPanel("amount"), FieldPanel("entry_date"), FieldPanel("due_on")]),
            FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            FieldPanel("description"),
        ],
        base_form_class=LedgerEntryForm,
    )
