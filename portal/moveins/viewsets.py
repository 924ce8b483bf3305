"""入伙办理 in the admin: the move-in handovers, each case's page with the gate's result,
the fee notice issued, the history, and the desk's, cashier's and engineering's steps.

``moveins.view_moveincase`` opens the list; each step needs its permission
(:data:`portal.moveins.services.PERMISSIONS`, given to groups in
:mod:`portal.organisation.groups`).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from . import services
from .casepages import CaseIndexView, CaseInspectView, CaseViewSet, case_filterset, common_columns
from .forms import FORMS
from .models import CaseState, MoveInCase

AUDIT_LABELS = {
    "opened": _("Opened"),
    "identity_checked": _("Identity checked, fee notice issued"),
    "fees_paid": _("Fees paid"),
    "file_completed": _("Owner file complete"),
    "keys_handed": _("Keys handed over"),
    "inspected": _("Joint inspection recorded"),
    "completed": _("Handover completed"),
    "refused": _("Refused"),
}


def appointment_text(case):
    answers = case.submission.answers
    return f"{answers.get('appointment_date', '')} {answers.get('time_slot', '')}".strip()


class MoveInIndexView(CaseIndexView):
    page_title = _("Move-in handovers")


class MoveInInspectView(CaseInspectView):
    audit_labels = AUDIT_LABELS
    select_related = (*CaseInspectView.select_related, "fee_notice")

    def documents(self):
        if self.object.fee_notice_id:
            return [(_("Move-in fee notice"), self.object.fee_notice)]
        return []


class MoveInCaseViewSet(CaseViewSet):
    """入伙办理: the move-in handovers and their steps."""

    model = MoveInCase
    name = "moveins_case"
    icon = "key"
    menu_label = _("Move-in handovers")
    menu_order = 111
    services = services
    step_forms_table = FORMS
    index_view_class = MoveInIndexView
    inspect_view_class = MoveInInspectView
    filterset_class = case_filterset(MoveInCase, CaseState.choices)
    list_display = [
        *common_columns(),
        Column("appointment", label=_("Appointment"), accessor=appointment_text),
    ]
    inspect_view_fields = [
        "submission",
        "state",
        "total_due",
        "amount_paid",
        "receipt_number",
        "emergency_mobile",
        "birthday",
        "keys_handed",
        "keys_handed_at",
        "inspection_accepted",
        "rectification_items",
        "not_accepted_reason",
        "inspector",
        "unit_status",
        "completed_at",
        "refusal_reason",
        "handled_by",
    ]
