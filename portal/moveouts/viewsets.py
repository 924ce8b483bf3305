"""房屋退租 in the admin: the tenants' move-outs, each case's page with the gate's result,
the goods release pass it relies on and the history, and the desk's and cashier's steps.

``moveouts.view_moveoutcase`` opens the list; each step needs its permission
(:data:`portal.moveouts.services.PERMISSIONS`, given to groups in
:mod:`portal.organisation.groups`).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from portal.moveins.casepages import CaseIndexView, CaseInspectView, CaseViewSet, case_filterset, common_columns

from . import services
from .forms import FORMS
from .models import CaseState, MoveOutCase

AUDIT_LABELS = {
    "opened": _("Opened"),
    "owner_answer_recorded": _("Owner's answer recorded"),
    "meters_recorded": _("Meters and final fees recorded"),
    "completed": _("Moved out"),
    "refused": _("Refused"),
}


def move_out_date_text(case):
    return case.submission.answers.get("move_out_date", "")


class MoveOutIndexView(CaseIndexView):
    page_title = _("Tenant move-outs")


class MoveOutInspectView(CaseInspectView):
    audit_labels = AUDIT_LABELS

    def release(self):
        if not hasattr(self, "_release"):
            self._release = self.object.release_case or services.move_out_release(self.object)
        return self._release

    def gate_decision(self):
        return services.gate_decision(self.object, release=self.release())

    def documents(self):
        release = self.release()
        if release is not None and release.document_id:
            return [(_("Goods release pass (MO-1)"), release.document)]
        return []


class MoveOutCaseViewSet(CaseViewSet):
    """房屋退租: the tenants' move-outs and their steps."""

    model = MoveOutCase
    name = "moveouts_case"
    icon = "logout"
    menu_label = _("Tenant move-outs")
    menu_order = 113
    services = services
    step_forms_table = FORMS
    index_view_class = MoveOutIndexView
    inspect_view_class = MoveOutInspectView
    filterset_class = case_filterset(MoveOutCase, CaseState.choices)
    list_display = [
        *common_columns(),
        Column("move_out_date", label=_("Move-out day"), accessor=move_out_date_text),
    ]
    inspect_view_fields = [
        "submission",
        "state",
        "owner_called_at",
        "owner_agrees",
        "items_to_stay",
        "owner_note",
        "water_reading",
        "electricity_reading",
        "gas_reading",
        "meters_read_at",
        "receipt_number",
        "moved_out_on",
        "unit_status",
        "refusal_reason",
        "handled_by",
    ]
