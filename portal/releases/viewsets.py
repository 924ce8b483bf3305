"""物品放行 in the admin: the release cases, each case's page with the application's
answers, the pass issued and the desk's next steps as POST forms.

Cases are never added, edited or deleted here: they open with their application and
change only through :mod:`portal.releases.services`, which keeps the audit trail. The
issued pass is downloaded through the permission-checked ``/records/<id>/download/``.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.tables import Column, StatusTagColumn

from portal.audit.models import AuditEvent
from portal.casework.review import staff_name
from portal.casework.viewsets.answers import readable_answers, readable_decision, shanghai
from portal.casework.viewsets.queue import forbidden_is_403
from portal.estate.viewsets.base import RegisterIndexView, RegisterInspectView, RegisterViewSet

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
    rows = []
    for event in AuditEvent.objects.for_object(case).select_related("actor"):
        rows.append(
            {
                "at": shanghai(event.at),
                "actor": staff_name(event.actor) if event.actor else "",
                "action": str(AUDIT_LABELS.get(event.action, event.action)),
                "from_state": state_label(event.from_state) if event.from_state else "",
                "to_state": state_label(event.to_state) if event.to_state else "",
                "note": event.note,
            }
        )
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


class ReleaseCaseIndexView(RegisterIndexView):
    page_title = _("Goods release")

    def get_edit_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None

    def get_copy_url(self, instance):
        return None

    def get_add_url(self):
        return None


class ReleaseCaseInspectView(RegisterInspectView):
    template_name = "releases/admin/case_inspect.html"

    def get_object(self, queryset=None):
        queryset = ReleaseCase.objects.select_related(
            "submission__applicant", "submission__unit__building", "document__used_by", "handled_by"
        )
        return get_object_or_404(queryset, pk=self.pk)

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_state_display_value(self):
        return self.object.get_stage_display()

    def get_submission_display_value(self):
        submission = self.object.submission
        return f"{submission.reference} · {submission.applicant.name} {submission.applicant.mobile}".strip()

    def get_consent_from_display_value(self):
        return self.object.get_consent_from_display() or gettext("Not needed: the owner carries their own goods.")

    def get_consent_called_at_display_value(self):
        return shanghai(self.object.consent_called_at) or "—"

    def get_phone_recording_ref_display_value(self):
        return self.object.phone_recording_ref or "—"

    def get_handled_by_display_value(self):
        return staff_name(self.object.handled_by) or "—"

    def step_forms(self):
        """``(action, form, url)`` for each step the user may take now."""
        return [
            (action, FORMS[action](case=self.object), reverse(f"releases_case:{action}", args=(self.object.pk,)))
            for action in services.available_actions(self.request.user, self.object)
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        submission = case.submission
        document = case.document
        context.update(
            answers=readable_answers(submission.procedure, submission.answers or {}),
            decision=readable_decision(case.decision),
            document=document,
            download_url=reverse("documents:download", args=(document.pk,)) if document else "",
            history=history_rows(case),
            step_forms=self.step_forms(),
        )
        return context


class StepView(View):
    """POST one step on one case, then return to the case's page. A refusal staff can act
    on (an illegal step, a gate denial with its policy IDs) comes back as a message."""

    http_method_names = ["post"]
    action: str = ""

    def post(self, request, pk):
        if not services.may_handle(request.user):
            raise PermissionDenied
        case = get_object_or_404(ReleaseCase.objects.select_related("submission"), pk=pk)
        form = FORMS[self.action](request.POST, case=case)
        if not form.is_valid():
            for name, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"{form.fields[name].label}: {error}" if name in form.fields else error)
            return self.back(case)
        try:
            case = form.perform(request.user)
        except services.GateDenied as denial:
            messages.error(request, gettext("The pass cannot be issued."))
            for reason in denial.reasons:
                messages.error(request, f"{reason.policy_id} {reason.message}")
        except services.ReleaseError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, form.success_message % {"reference": case.submission.reference})
        return self.back(case)

    def back(self, case):
        return redirect(reverse("releases_case:inspect", args=(case.pk,)))


class ReleaseCaseViewSet(RegisterViewSet):
    """物品放行: the release cases and their steps.

    ``releases.view_releasecase`` opens the list; every step needs
    ``releases.handle_releasecase`` (see :mod:`portal.organisation.groups`).
    """

    model = ReleaseCase
    name = "releases_case"
    icon = "doc-full"
    add_to_admin_menu = True
    menu_label = _("Goods release")
    menu_order = 110
    index_view_class = ReleaseCaseIndexView
    inspect_view_class = ReleaseCaseInspectView
    list_per_page = 50
    ordering = "-opened_at"
    search_fields = ["submission__reference", "submission__unit__number", "submission__applicant__name"]
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

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit, copy, delete, history or usage pages: cases change only through their steps.
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "copy", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        urlpatterns = [
            path("", forbidden_is_403(self.index_view), name="index"),
            path("results/", forbidden_is_403(self.index_results_view), name="index_results"),
            path("inspect/<int:pk>/", forbidden_is_403(self.inspect_view), name="inspect"),
        ]
        for action in services.Action:
            view = StepView.as_view(action=action.value)
            urlpatterns.append(path(f"inspect/<int:pk>/{action.value}/", forbidden_is_403(view), name=action.value))
        return urlpatterns
