"""客户入住 in the admin: the occupancy registrations, each case's page with the gate's
result and the history, and the desk's steps.

``occupancy.view_occupancycase`` opens the list; every step needs
``occupancy.handle_occupancycase`` (see :mod:`portal.organisation.groups`).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from portal.moveins.casepages import CaseIndexView, CaseInspectView, CaseViewSet, case_filterset, common_columns

from . import services
from .forms import FORMS
from .models import CaseState, OccupancyCase

AUDIT_LABELS = {
    "opened": _("Opened"),
    "owner_confirmed": _("Owner's confirmation recorded"),
    "registered": _("Occupancy registered"),
    "refused": _("Refused"),
}
OCCUPANTS = {services.OWNER: _("The owner (and family)"), services.TENANT: _("A tenant")}


def occupant_text(case):
    return str(OCCUPANTS.get(case.occupant, case.occupant))


def move_in_date_text(case):
    return case.submission.answers.get("move_in_date", "")


class OccupancyIndexView(CaseIndexView):
    page_title = _("Occupancy registrations")


class OccupancyInspectView(CaseInspectView):
    audit_labels = AUDIT_LABELS


class OccupancyCaseViewSet(CaseViewSet):
    """客户入住: the occupancy registrations and their steps."""

    model = OccupancyCase
    name = "occupancy_case"
    icon = "home"
    menu_label = _("Occupancy registrations")
    menu_order = 112
    services = services
    step_forms_table = FORMS
    index_view_class = OccupancyIndexView
    inspect_view_class = OccupancyInspectView
    filterset_class = case_filterset(OccupancyCase, CaseState.choices)
    list_display = [
        *common_columns(),
        Column("occupant", label=_("Who moves in"), accessor=occupant_text),
        Column("move_in_date", label=_("Move-in date"), accessor=move_in_date_text),
    ]
    inspect_view_fields = [
        "submission",
        "state",
        "owner_confirmed",
        "owner_confirmed_at",
        "owner_confirmation_note",
        "lease_seen",
        "lease_start",
        "lease_end",
        "pledge_signed",
        "vehicles",
        "unit_status",
        "registered_at",
        "refusal_reason",
        "handled_by",
    ]
