"""People and households in the admin; a household's members are edited inline.

People and households are owner files (业主档案): reading, editing and exporting them
goes through :mod:`portal.archive.guards`, which asks ``archive.access`` and logs every
look (AR-5).
"""

import django_filters
from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusFlagColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets import BooleanRadioSelect

from portal.archive.guards import OwnerFileEditMixin, OwnerFileExportMixin, OwnerFileInspectMixin

from ..forms import PersonForm, RegisterForm
from ..models import Building, Household, HouseholdMember, MemberRole, Person
from .base import RegisterIndexView, RegisterInspectView, RegisterViewSet


def masked_id_number(person: Person) -> str:
    """The first three and last four characters of the ID number: enough to tell people apart."""
    value = person.id_number
    if len(value) <= 7:
        return value
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


masked_id_number.short_description = _("resident ID number")


def _current_memberships():
    """A person's places in households that are still current."""
    return Prefetch(
        "memberships",
        queryset=HouseholdMember.objects.filter(ended_on__isnull=True, household__ended_on__isnull=True)
        .select_related("household__unit__building")
        .order_by("household__unit__building__name", "household__unit__number"),
        to_attr="current_memberships",
    )


def current_units(person: Person) -> str:
    """``1栋 1201 (Owner)``, one per current household, from the prefetched memberships."""
    return ", ".join(
        f"{member.household.unit} ({member.get_role_display()})" for member in person.current_memberships
    )


class PersonFilterSet(WagtailFilterSet):
    role = django_filters.ChoiceFilter(
        label=_("Role in a current household"),
        choices=MemberRole.choices,
        method="filter_role",
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )

    class Meta:
        model = Person
        fields = []

    def filter_role(self, queryset, name, value):
        members = HouseholdMember.objects.filter(
            role=value, ended_on__isnull=True, household__ended_on__isnull=True
        )
        return queryset.filter(pk__in=members.values("person"))


class PersonIndexView(OwnerFileExportMixin, RegisterIndexView):
    export_accessors = {"id_number": masked_id_number, "current_units": current_units}


class PersonEditView(OwnerFileEditMixin, generic.EditView):
    pass


class PersonInspectView(OwnerFileInspectMixin, RegisterInspectView):
    template_name = "estate/admin/person_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = self.object.memberships.select_related("household__unit__building").order_by(
            "-household__started_on"
        )
        context["vehicles"] = self.object.vehicles.select_related("household__unit__building")
        return context


class PersonViewSet(RegisterViewSet):
    model = Person
    icon = "user"
    index_view_class = PersonIndexView
    edit_view_class = PersonEditView
    inspect_view_class = PersonInspectView
    filterset_class = PersonFilterSet
    search_fields = ["name", "mobile", "id_number"]
    list_prefetch_related = (_current_memberships(),)
    list_display = [
        "name",
        "mobile",
        Column("id_number", label=_("Resident ID number"), accessor=masked_id_number),
        Column("current_units", label=_("Current units"), accessor=current_units),
    ]
    list_export = ["name", "mobile", "emergency_mobile", "birthday", "email", "id_number", "current_units"]
    export_headings = {
        "id_number": _("Resident ID number (masked)"),
        "current_units": _("Current units"),
    }
    export_filename = "people"
    inspect_view_fields = ["name", "id_number", "mobile", "emergency_mobile", "birthday", "email", "user"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("id_number"),
            FieldRowPanel([FieldPanel("mobile"), FieldPanel("emergency_mobile")]),
            FieldRowPanel([FieldPanel("birthday"), FieldPanel("email")]),
        ],
        base_form_class=PersonForm,
    )


class HouseholdFilterSet(WagtailFilterSet):
    current = django_filters.BooleanFilter(
        label=_("Current"), field_name="ended_on", lookup_expr="isnull", widget=BooleanRadioSelect
    )
    building = django_filters.ModelChoiceFilter(
        label=_("Building"), field_name="unit__building", queryset=Building.objects.all()
    )

    class Meta:
        model = Household
        fields = []


def member_list(household: Household) -> str:
    """The members who have not left, from the prefetched members."""
    return ", ".join(str(member) for member in household.members.all() if member.ended_on is None)


def is_current(household: Household) -> bool:
    return household.ended_on is None


class HouseholdIndexView(OwnerFileExportMixin, RegisterIndexView):
    pass


class HouseholdEditView(OwnerFileEditMixin, generic.EditView):
    pass


class HouseholdInspectView(OwnerFileInspectMixin, RegisterInspectView):
    template_name = "estate/admin/household_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = self.object.members.select_related("person")
        context["vehicles"] = self.object.vehicles.select_related("owner")
        context["rentals"] = self.object.parking_rentals.select_related("space", "vehicle")
        return context


class HouseholdViewSet(RegisterViewSet):
    model = Household
    icon = "group"
    index_view_class = HouseholdIndexView
    edit_view_class = HouseholdEditView
    inspect_view_class = HouseholdInspectView
    filterset_class = HouseholdFilterSet
    search_fields = [
        "unit__number",
        "unit__building__name",
        "members__person__name",
        "members__person__mobile",
    ]
    list_select_related = ("unit__building",)
    list_prefetch_related = ("members__person",)
    list_display = [
        "unit",
        "started_on",
        "ended_on",
        StatusFlagColumn("is_current", label=_("Current"), accessor=is_current, true_label=_("Current")),
        Column("members", label=_("Members"), accessor=member_list),
    ]
    inspect_view_fields = ["unit", "started_on", "ended_on"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("unit"), FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")])],
                heading=_("Occupancy"),
            ),
            InlinePanel(
                "members",
                heading=_("Members"),
                label=_("Member"),
                panels=[
                    FieldPanel("person"),
                    FieldRowPanel([FieldPanel("role"), FieldPanel("relation")]),
                    FieldRowPanel(
                        [FieldPanel("lease_start"), FieldPanel("lease_end"), FieldPanel("ended_on")]
                    ),
                ],
            ),
        ],
        base_form_class=RegisterForm,
    )
