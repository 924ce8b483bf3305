"""What the admin pages of the desk's lifecycles share (入伙办理, 客户入住, 房屋退租).

Each lifecycle is a case model with ``submission`` and ``state``, a services module with
an ``Action`` enum, ``available_actions(user, case)``, ``may_view(user)``, its
``CaseError`` and ``GateDenied`` (``reasons`` with policy IDs), and a forms module whose
``FORMS`` maps each action to a :class:`StepForm`. On that, this module builds:

- a listing filtered by state and building (:func:`case_filterset`);
- the case's page (:class:`CaseInspectView`): the application's answers, the gate's
  result now with the policies not satisfied, the documents issued, the next steps as
  POST forms, and the audit history;
- :class:`StepView`, which posts one step and comes back with what happened.

All three rest on :mod:`portal.casework.viewsets.cases`. Cases are never added, edited or
deleted here: they open with their application and change only through their services,
which keep the audit trail.
"""

import django_filters
from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn

from portal.casework.viewsets import cases
from portal.estate.models import Building


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


class CaseIndexView(cases.CaseIndexView):
    pass


class CaseInspectView(cases.ApplicationCaseInspectView):
    """The case's page. Subclasses name ``audit_labels`` and may add :meth:`gate` and
    :meth:`documents`; the viewset passes its ``services``."""

    template_name = "moveins/admin/case_inspect.html"
    services = None
    select_related = (*cases.ApplicationCaseInspectView.select_related, "handled_by")

    def get_field_display_value(self, field_name, field):
        """Yes and no for a check, a list as one line, a dash for nothing recorded yet."""
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if isinstance(value, (list, tuple)):
            return "、".join(str(item) for item in value) or "—"
        return value

    def gate_decision(self):
        """The lifecycle's gate as the case stands (``services.gate_decision``)."""
        return self.services.gate_decision(self.object)

    def gate(self):
        """The gate's outcome, the policy IDs not satisfied (``missing``) and their reasons."""
        decision = self.gate_decision()
        return {"outcome": decision.outcome, "missing": decision.values["missing"], "reasons": decision.reasons}

    def documents(self):
        """``(label, document)`` of each record issued for the case."""
        return []

    def available_steps(self):
        return self.services.available_actions(self.request.user, self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            gate=self.gate() if self.object.is_open else None,
            documents=[
                (label, document, reverse("documents:download", args=(document.pk,)))
                for label, document in self.documents()
            ],
        )
        return context


class StepView(cases.StepView):
    services = None
    select_related = ("submission",)
    denied_message = _("Not allowed yet; the policies not satisfied:")

    def may(self, user):
        return self.services.may(user, self.action)


class CaseViewSet(cases.ApplicationCaseViewSet):
    """A lifecycle's cases: list, case page and steps; no add, edit, copy or delete."""

    services = None
    step_view_class = StepView
    index_view_class = CaseIndexView
    list_select_related = ("submission__unit__building", "submission__applicant")

    def step_names(self):
        return [action.value for action in self.services.Action]

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(services=self.services, **kwargs)

    def get_step_view(self, action):
        return self.step_view_class.as_view(
            action=action, model=self.model, step_forms_table=self.step_forms_table, url_namespace=self.name,
            services=self.services,
        )
