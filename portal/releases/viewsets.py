"""物品放行 in the admin: the release cases, each case's page with the application's
answers, the pass issued and the desk's next steps as POST forms.

Cases are never added, edited or deleted here: they open with their application and
change only through :mod:`portal.releases.services`, which keeps the audit trail. The
issued pass is downloaded through the permission-checked ``/records/<id>/download/``.
"""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, StatusTagColumn

from portal.casework.review import staff_name
from portal.casework.viewsets import cases
from portal.casework.viewsets.answers import readable_decision, shanghai

from . import services
from .forms import FORMS
from .models import CaseState, ReleaseCase

AUDIT_LABELS = {
    "opened": _("Opened"),
    "consent_recorded": _("Consent call recorded"),
    "signatures_recorded": _("Signatures recorded"),
    "issued": _("Pass issued"),
    "refused": _("Refused"),
}


def state_label(value: str) -> str:
    try:
        return str(CaseState(value).label)
    except ValueError:
        return value


def reference(case):
    return case.submission.reference


def unit_text(case):
    return str(case.submission.unit) if case.submission.unit_id else ""


def carrier_text(case):
    answers = case.submission.answers
    relation = services.CARRIER_LABELS.get(answers.get("carrier"), answers.get("carrier", ""))
    return f"{answers.get('carrier_name', '')} ({relation})"


def purpose_text(case):
    purpose = case.submission.answers.get("purpose", "")
    return str(services.PURPOSE_LABELS.get(purpose, purpose))


def pass_date_text(case):
    value = case.submission.answers.get("pass_date")
    return date.fromisoformat(value).isoformat() if value else ""


def history_rows(case) -> list[dict]:
    """The case's audit history, then the pass's use at the gate once it is used."""
    rows = cases.history_rows(case, labels=AUDIT_LABELS, states=CaseState.choices)
    if case.document_id and case.document.used_at is not None:
        rows.append(
            {
                "at": shanghai(case.document.used_at),
                "actor": staff_name(case.document.used_by),
                "action": gettext("Used at the gate"),
                "from_state": state_label(CaseState.ISSUED),
                "to_state": state_label(CaseState.USED),
                "note": "",
            }
        )
    return rows


class ReleaseCaseIndexView(cases.CaseIndexView):
    page_title = _("Goods release")


class ReleaseCaseInspectView(cases.ApplicationCaseInspectView):
    template_name = "releases/admin/case_inspect.html"
    select_related = (*cases.ApplicationCaseInspectView.select_related, "document__used_by", "handled_by")

    def get_state_display_value(self):
        return self.object.get_stage_display()

    def get_consent_from_display_value(self):
        return self.object.get_consent_from_display() or gettext("Not needed: the owner carries their own goods.")

    def get_consent_called_at_display_value(self):
        return shanghai(self.object.consent_called_at) or "—"

    def get_phone_recording_ref_display_value(self):
        return self.object.phone_recording_ref or "—"

    def available_steps(self):
        return services.available_actions(self.request.user, self.object)

    def history(self):
        return history_rows(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        document = case.document
        context.update(
            decision=readable_decision(case.decision),
            document=document,
            download_url=reverse("documents:download", args=(document.pk,)) if document else "",
        )
        return context


class StepView(cases.StepView):
    """A step on a release case; a gate's denial says the pass cannot be issued, and why."""

    select_related = ("submission",)
    denied_message = _("The pass cannot be issued.")

    def may(self, user):
        return services.may_handle(user)


class ReleaseCaseViewSet(cases.ApplicationCaseViewSet):
    """物品放行: the release cases and their steps.

    ``releases.view_releasecase`` opens the list; every step needs
    ``releases.handle_releasecase`` (see :mod:`portal.organisation.groups`).
    """

    model = ReleaseCase
    name = "releases_case"
    icon = "doc-full"
    menu_label = _("Goods release")
    menu_order = 110
    index_view_class = ReleaseCaseIndexView
    inspect_view_class = ReleaseCaseInspectView
    steps = services.Action
    step_forms_table = FORMS
    step_view_class = StepView
    list_select_related = ("submission__unit__building", "document")
    list_display = [
        Column("reference", label=_("Reference"), accessor=reference),
        Column("unit", label=_("Unit"), accessor=unit_text),
        Column("carrier", label=_("Carrier"), accessor=carrier_text),
        Column("purpose", label=_("Purpose"), accessor=purpose_text),
        StatusTagColumn(
            "state",
            label=_("State"),
            accessor="get_stage_display",
            sort_key="state",
            primary=lambda case: case.state in services.OPEN_STATES,
        ),
        Column("pass_date", label=_("Date"), accessor=pass_date_text),
    ]
    inspect_view_fields = [
        "submission",
        "state",
        "consent_from",
        "consent_called_at",
        "consent_answer",
        "consent_note",
        "owner_signed",
        "phone_recording_ref",
        "refusal_reason",
        "handled_by",
    ]
