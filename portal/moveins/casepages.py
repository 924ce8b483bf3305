"""What the admin pages of the desk's lifecycles share (入伙办理, 客户入住, 房屋退租).

Each lifecycle is a case model with ``submission`` and ``state``, a services module with
an ``Action`` enum, ``available_actions(user, case)``, ``may_view(user)``, its
``CaseError`` and ``GateDenied`` (``reasons`` with policy IDs), and a forms module whose
``FORMS`` maps each action to a :class:`StepForm`. On that, this module builds:

- a listing filtered by state and building (:func:`case_filterset`);
- the case's page (:class:`CaseInspectView`): the application's answers, the gate's
  result now with the policies not satisfied, the documents issued, the next steps as
  POST forms, and the audit history (``casework/admin/includes/history.html``);
- :class:`StepView`, which posts one step and comes back with what happened.

Cases are never added, edited or deleted here: they open with their application and
change only through their services, which keep the audit trail.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn

from portal.audit.models import AuditEvent
from portal.casework.review import staff_name
from portal.casework.viewsets.answers import readable_answers, shanghai
from portal.casework.viewsets.queue import forbidden_is_403
from portal.estate.models import Building
from portal.estate.viewsets.base import RegisterIndexView, RegisterInspectView, RegisterViewSet


class StepForm(forms.Form):
    """One step on one case; :meth:`perform` calls the service."""

    #: The button's label.
    submit_label = ""
    #: Wagtail button class: ``button``, ``button no`` (destructive) or ``button button-secondary``.
    button_class = "button"
    success_message = ""

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def perform(self, user):
        raise NotImplementedError


def case_filterset(model, states):
    """A filter set of ``model``'s cases by state and by the building of the application's unit."""
    return type(
        f"{model.__name__}FilterSet",
        (WagtailFilterSet,),
        {
            "state": django_filters.ChoiceFilter(
                label=_("State"), choices=states, widget=forms.RadioSelect, empty_label=_("All")
            ),
            "building": django_filters.ModelChoiceFilter(
                label=_("Building"), field_name="submission__unit__building", queryset=Building.objects.all()
            ),
            "Meta": type("Meta", (), {"model": model, "fields": []}),
        },
    )


def reference(case):
    return case.submission.reference


def applicant_text(case):
    return case.submission.applicant.name


def unit_text(case):
    return str(case.submission.unit) if case.submission.unit_id else ""


def common_columns():
    return [
        Column("reference", label=_("Reference"), accessor=reference),
        Column("unit", label=_("Unit"), accessor=unit_text),
        Column("applicant", label=_("Applicant"), accessor=applicant_text),
        StatusTagColumn(
            "state", label=_("State"), accessor="get_state_display", sort_key="state",
            primary=lambda case: case.is_open,
        ),
    ]


class CaseIndexView(RegisterIndexView):
    services = None

    def get_edit_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None

    def get_copy_url(self, instance):
        return None

    def get_add_url(self):
        return None


class CaseInspectView(RegisterInspectView):
    """The case's page. Subclasses name ``services``, ``forms`` (the ``FORMS`` table),
    ``audit_labels`` and may add :meth:`gate` and :meth:`documents`."""

    template_name = "moveins/admin/case_inspect.html"
    services = None
    url_namespace = ""
    step_forms_table: dict = {}
    audit_labels: dict = {}
    select_related: tuple[str, ...] = ("submission__applicant", "submission__unit__building", "handled_by")

    def get_object(self, queryset=None):
        return get_object_or_404(self.model.objects.select_related(*self.select_related), pk=self.pk)

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_field_display_value(self, field_name, field):
        """Yes and no for a check, a list as one line, a dash for nothing recorded yet."""
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if isinstance(value, (list, tuple)):
            return "、".join(str(item) for item in value) or "—"
        return value

    def get_submission_display_value(self):
        submission = self.object.submission
        return f"{submission.reference} · {submission.applicant.name} {submission.applicant.mobile}".strip()

    def get_handled_by_display_value(self):
        return staff_name(self.object.handled_by) or "—"

    def gate(self):
        """``(decision, missing)`` of the lifecycle's gate as the case stands, or None."""
        return None

    def documents(self):
        """``(label, document)`` of each record issued for the case."""
        return []

    def step_forms(self):
        """``(action, form, url)`` for each step the user may take now."""
        return [
            (action, self.step_forms_table[action](case=self.object),
             reverse(f"{self.url_namespace}:{action}", args=(self.object.pk,)))
            for action in self.services.available_actions(self.request.user, self.object)
        ]

    def history(self) -> list[dict]:
        states = dict(self.model._meta.get_field("state").choices)
        return [
            {
                "at": shanghai(event.at),
                "actor": staff_name(event.actor) if event.actor else "",
                "action": str(self.audit_labels.get(event.action, event.action)),
                "from_state": str(states.get(event.from_state, event.from_state)),
                "to_state": str(states.get(event.to_state, event.to_state)),
                "note": event.note,
            }
            for event in AuditEvent.objects.for_object(self.object).select_related("actor")
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object.submission
        gate = self.gate() if self.object.is_open else None
        context.update(
            answers=readable_answers(submission.procedure, submission.answers or {}),
            gate=gate,
            documents=[
                (label, document, reverse("documents:download", args=(document.pk,)))
                for label, document in self.documents()
            ],
            history=self.history(),
            step_forms=self.step_forms(),
        )
        return context


class StepView(View):
    """POST one step on one case, then return to the case's page. A refusal staff can act
    on (an illegal step, a gate denial with its policy IDs) comes back as a message."""

    http_method_names = ["post"]
    action: str = ""
    model = None
    services = None
    step_forms_table: dict = {}
    url_namespace = ""

    def post(self, request, pk):
        if not self.services.may(request.user, self.action):
            raise PermissionDenied
        case = get_object_or_404(self.model.objects.select_related("submission"), pk=pk)
        form = self.step_forms_table[self.action](request.POST, case=case)
        if not form.is_valid():
            for name, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"{form.fields[name].label}: {error}" if name in form.fields else error)
            return self.back(case)
        try:
            case = form.perform(request.user)
        except self.services.GateDenied as denial:
            messages.error(request, gettext("Not allowed yet; the policies not satisfied:"))
            for reason in denial.reasons:
                messages.error(request, f"{reason.policy_id} {reason.message}")
        except self.services.CaseError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, form.success_message % {"reference": case.submission.reference})
        return self.back(case)

    def back(self, case):
        return redirect(reverse(f"{self.url_namespace}:inspect", args=(case.pk,)))


class CaseViewSet(RegisterViewSet):
    """A lifecycle's cases: list, case page and steps; no add, edit, copy or delete."""

    services = None
    step_forms_table: dict = {}
    index_view_class = CaseIndexView
    add_to_admin_menu = True
    list_per_page = 50
    ordering = "-opened_at"
    search_fields = ["submission__reference", "submission__unit__number", "submission__applicant__name"]
    list_select_related = ("submission__unit__building", "submission__applicant")

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "copy", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            services=self.services, step_forms_table=self.step_forms_table, url_namespace=self.name, **kwargs
        )

    def get_urlpatterns(self):
        urlpatterns = [
            path("", forbidden_is_403(self.index_view), name="index"),
            path("results/", forbidden_is_403(self.index_results_view), name="index_results"),
            path("inspect/<int:pk>/", forbidden_is_403(self.inspect_view), name="inspect"),
        ]
        for action in self.services.Action:
            view = StepView.as_view(
                action=action.value, model=self.model, services=self.services,
                step_forms_table=self.step_forms_table, url_namespace=self.name,
            )
            urlpatterns.append(path(f"inspect/<int:pk>/{action.value}/", forbidden_is_403(view), name=action.value))
        return urlpatterns
