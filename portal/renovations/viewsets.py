"""装修管理 in the admin: the renovation cases, filtered by state, building and overdue; each
case's page with its clocks, fees, permit and worker passes, patrols, violations, fines,
hot-work permits, documents, history, and the next steps as POST forms.

Cases are never added, edited or deleted here: they open with their application and
change only through :mod:`portal.renovations.services`, which keeps the audit trail.
Issued records are downloaded through the permission-checked ``/records/<id>/download/``.
"""

import django_filters
from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.widgets import BooleanRadioSelect

from portal.casework.review import can_see, staff_name
from portal.casework.viewsets import cases
from portal.casework.viewsets.answers import readable_decision, shanghai
from portal.documents.formatting import yuan
from portal.estate.models import Building
from portal.policies import adapter
from portal.policies.labels import APPROVAL_LABELS, DOCUMENT_LABELS, FEE_LABELS, label_of

from . import services
from .forms import FORMS
from .models import CaseState, Department, RenovationCase

AUDIT_LABELS = {
    "opened": _("Opened"),
    "request_linked": _("Request linked"),
    **{services.AUDIT_ACTIONS[action]: action.label for action in services.Action},
}


class RenovationCaseFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=CaseState.choices, method="filter_state", widget=forms.Select, empty_label=_("All")
    )
    building = django_filters.ModelChoiceFilter(
        label=_("Building"), field_name="submission__unit__building", queryset=Building.objects.all()
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue", widget=BooleanRadioSelect)

    class Meta:
        model = RenovationCase
        fields = []

    def filter_state(self, queryset, name, value):
        today = adapter.today()
        if value == CaseState.REFUNDABLE:
            return queryset.filter(state=CaseState.ACCEPTED, refundable_from__lte=today)
        if value == CaseState.ACCEPTED:
            return queryset.filter(state=CaseState.ACCEPTED).exclude(refundable_from__lte=today)
        return queryset.filter(state=value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = RenovationCase.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


def reference(case):
    return case.submission.reference


def unit_text(case):
    return str(case.submission.unit) if case.submission.unit_id else ""


def applicant_text(case):
    return case.submission.applicant.name


def contractor_text(case):
    return case.answers.get("contractor") or gettext("Self-renovation")


def approval_due_text(case):
    if case.approval_due is None:
        return ""
    due = case.approval_due.isoformat()
    return f"{due} · {gettext('Overdue')}" if case.is_overdue else due


def document_label(code: str) -> str:
    """A handed-in file by its document's name (a government approval by the approval's)."""
    if code.endswith(services.APPROVAL_SUFFIX):
        return label_of(APPROVAL_LABELS, code.removesuffix(services.APPROVAL_SUFFIX))
    if code == services.FIRE_RECEIPT:
        return gettext("Fire acceptance receipt")
    return label_of(DOCUMENT_LABELS, code)


class RenovationCaseIndexView(cases.CaseIndexView):
    page_title = _("Renovations")


class RenovationCaseInspectView(cases.ApplicationCaseInspectView):
    template_name = "renovations/admin/case_inspect.html"
    select_related = (
        *cases.ApplicationCaseInspectView.select_related, "permit", "refund_memo", "approved_by",
        "protection_confirmed_by", "handled_by", "acceptance_submission", "refund_submission",
    )
    audit_labels = AUDIT_LABELS

    def get_state_display_value(self):
        return self.object.get_stage_display()

    def get_approval_due_display_value(self):
        return approval_due_text(self.object) or "—"

    def available_steps(self):
        return services.available_actions(self.request.user, self.object)

    def step_form_kwargs(self):
        return {"case": self.object, "user": self.request.user}

    def documents(self):
        submissions = [self.object.submission]
        for request in (self.object.acceptance_submission, self.object.refund_submission):
            if request is not None:
                submissions.append(request)
        rows = []
        for submission in submissions:
            linkable = can_see(self.request.user, submission)
            for file in submission.files.all():
                url = reverse("casework_submission:file", args=(submission.pk, file.pk)) if linkable else ""
                rows.append({"reference": submission.reference, "label": document_label(file.code),
                             "name": file.original_name, "url": url})
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        fees = case.fees.get("values", {}) if case.fees else {}
        context.update(
            fees=[(label_of(FEE_LABELS, item["code"]), yuan(item["amount"])) for item in fees.get("items", [])],
            fees_total=yuan(fees["total"]) if fees.get("total") else "",
            clocks=self.clocks(),
            permit=case.permit,
            permit_url=reverse("documents:download", args=(case.permit.pk,)) if case.permit_id else "",
            memo=case.refund_memo,
            memo_url=reverse("documents:download", args=(case.refund_memo.pk,)) if case.refund_memo_id else "",
            workers=list(case.workers.all()),
            patrols=list(case.patrols.select_related("patrolled_by")),
            missing_patrols=[Department(value).label for value in services.patrols_missing_today(case)],
            fines=list(case.fines.select_related("recorded_by", "signed_by")),
            hot_work=list(case.hot_work_permits.select_related("granted_by")),
            documents=self.documents(),
            deductions=[(row["description"], yuan(row["amount"])) for row in case.deductions],
            refund_decision=readable_decision(case.refund_decision),
            shanghai=shanghai,
        )
        return context

    def clocks(self) -> list[tuple[str, str]]:
        case = self.object
        rows = [
            (gettext("Application received"), shanghai(case.submission.submitted_at)),
            (gettext("Application complete (clock started)"), shanghai(case.complete_at) or "—"),
            (gettext("Approval due by (RN-10)"), approval_due_text(case) or "—"),
            (gettext("Approved"), f"{shanghai(case.approved_at)} {staff_name(case.approved_by)}".strip() or "—"),
            (gettext("Site protection confirmed (RN-11)"),
             f"{shanghai(case.protection_confirmed_at)} {staff_name(case.protection_confirmed_by)}".strip() or "—"),
            (gettext("Completion accepted (RN-16)"), case.acceptance_date.isoformat() if case.acceptance_date else "—"),
            (gettext("Deposit refundable from (RN-17)"),
             case.refundable_from.isoformat() if case.refundable_from else "—"),
        ]
        return rows


class StepView(cases.StepView):
    """A step on a renovation case; a gate's denial says it is not possible yet, and why."""

    select_related = ("submission__applicant",)
    denied_message = _("Not possible yet.")

    def may(self, user):
        return services.may(user, self.action)

    def form_kwargs(self, case):
        return {"case": case, "user": self.request.user}


class RenovationCaseViewSet(cases.ApplicationCaseViewSet):
    """装修管理: the renovation cases and their steps.

    ``renovations.view_renovationcase`` opens the list; each step needs its own permission
    (:data:`portal.renovations.services.PERMISSIONS`).
    """

    model = RenovationCase
    name = "renovations_case"
    icon = "doc-full"
    menu_label = _("Renovations")
    menu_order = 105
    index_view_class = RenovationCaseIndexView
    inspect_view_class = RenovationCaseInspectView
    filterset_class = RenovationCaseFilterSet
    steps = services.Action
    step_forms_table = FORMS
    step_view_class = StepView
    list_select_related = ("submission__unit__building", "submission__applicant")
    list_display = [
        TitleColumn(
            "reference", label=_("Reference"), accessor=reference,
            get_url=lambda case: reverse("renovations_case:inspect", args=(case.pk,)),
        ),
        Column("unit", label=_("Unit"), accessor=unit_text),
        Column("applicant", label=_("Applicant"), accessor=applicant_text),
        Column("contractor", label=_("Contractor"), accessor=contractor_text),
        StatusTagColumn(
            "state",
            label=_("State"),
            accessor="get_stage_display",
            sort_key="state",
            primary=lambda case: case.state in (CaseState.COMPLETE, CaseState.SUBMITTED),
        ),
        Column("approval_due", label=_("Approval due by"), accessor=approval_due_text, sort_key="approval_due"),
    ]
    inspect_view_fields = ["submission", "state", "approval_due", "receipt_number", "refusal_reason"]
