"""What every listing of the estate register shares: word search, Excel-friendly CSV,
deletion that explains itself, and money columns."""

import datetime
from decimal import Decimal
from functools import reduce
from operator import and_, or_

from django.contrib import messages
from django.db.models import ProtectedError, Q, RestrictedError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr

CENT = Decimal("0.01")
# SQLite sums decimals as floats, so a settled account may come back as 1e-17: anything
# under half a fen is treated as settled.
HALF_FEN = Decimal("0.005")


class RegisterIndexView(generic.IndexView):
    """A listing searched with the ORM, word by word.

    Every word of the query must match one of ``search_fields`` (``1栋 1201`` finds unit
    1201 of building 1栋). Matching through a to-many relation never repeats a row.
    ``list_select_related`` and ``list_prefetch_related`` keep the rows at a constant
    number of queries.
    """

    list_select_related: tuple[str, ...] = ()
    list_prefetch_related: tuple = ()
    #: Values of ``list_export`` columns that are computed per row: {name: callable(row)}.
    export_accessors: dict = {}
    # Times are exported as the office reads them, in the local time zone; amounts to the fen.
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        datetime.datetime: {
            generic.IndexView.FORMAT_XLSX: lambda value: timezone.make_naive(value),
            generic.IndexView.FORMAT_CSV: lambda value: timezone.localtime(value).strftime("%Y-%m-%d %H:%M"),
        },
        Decimal: {
            generic.IndexView.FORMAT_CSV: lambda value: str(value.quantize(CENT)),
            generic.IndexView.FORMAT_XLSX: lambda value: value.quantize(CENT),
        },
    }

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset

    def search_queryset(self, queryset):
        if not self.is_searching or not self.search_fields:
            return queryset
        condition = reduce(and_, (self._matches(word) for word in self.search_query.split()))
        matching = self.model._default_manager.filter(condition).values("pk")
        return queryset.filter(pk__in=matching)

    def _matches(self, word):
        return reduce(or_, (Q(**{f"{field}__icontains": word}) for field in self.search_fields))

    def to_row_dict(self, item):
        row = {}
        for field in self.list_export:
            accessor = self.export_accessors.get(field)
            row[field] = accessor(item) if accessor else multigetattr(item, field)
        return row

    def stream_csv(self, queryset):
        # A byte-order mark lets spreadsheet programs read the Chinese text as UTF-8.
        yield "\ufeff"
        yield from super().stream_csv(queryset)


class RegisterDeleteView(generic.DeleteView):
    """Refuses, with a message, to delete a record that others still point to."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            messages.error(
                self.request,
                _("%(object)s cannot be deleted: other records of the register still refer to it.")
                % {"object": self.object},
            )
            return redirect(self.get_success_url())


class RegisterInspectView(generic.InspectView):
    """A record's fields, with times in the local time zone and a dash where nothing is recorded."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value)
        return value


class RegisterViewSet(ModelViewSet):
    """A model of the register: ORM search, an inspect view, no copying by default."""

    index_view_class = RegisterIndexView
    delete_view_class = RegisterDeleteView
    inspect_view_class = RegisterInspectView
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    list_select_related: tuple[str, ...] = ()
    list_prefetch_related: tuple = ()

    @cached_property
    def name(self):
        """URL namespace ``estate_<model>``, e.g. ``estate_unit:index``."""
        return f"{self.app_label}_{self.model_name}"

    @cached_property
    def url_prefix(self):
        """``/admin/estate/<model>/``, like Django's own admin."""
        return f"{self.app_label}/{self.model_name}"

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            list_select_related=self.list_select_related,
            list_prefetch_related=self.list_prefetch_related,
            **kwargs,
        )


def yuan(amount) -> str:
    """``¥1,234.50``; an empty string for no amount."""
    if amount is None:
        return ""
    return "¥" + number_format(amount, decimal_pos=2, force_grouping=True)


class DecimalColumn(Column):
    """A Decimal quantity with two places, sortable by its field."""

    def __init__(self, name, **kwargs):
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return self.format(super().get_value(instance))

    def format(self, value) -> str:
        return "" if value is None else number_format(value, decimal_pos=2, force_grouping=True)


class MoneyColumn(DecimalColumn):
    """A Decimal amount in yuan, sortable by its field."""

    def format(self, value) -> str:
        return yuan(value)


class ArrearsColumn(MoneyColumn):
    """What a unit owes today (``arrears_balance`` from ``annotate_arrears``); a credit shows as nothing."""

    def __init__(self, name="arrears_balance", **kwargs):
        kwargs.setdefault("label", _("Arrears today"))
        super().__init__(name, **kwargs)

    def format(self, value) -> str:
        return yuan(value) if value is not None and value >= HALF_FEN else ""
