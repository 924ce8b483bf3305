"""What the rooms' case pages in the admin share: a listing that never offers to edit,
copy or delete, the case's page with its next steps as POST forms and its audit history,
and the view that posts one step.

A room's case changes only through its services, which keep the audit trail. A room
subclasses the classes here it needs and says what is its own:

- the inspect view: :meth:`CaseInspectView.available_steps` (the steps the user may take
  now) and, where its forms want more than the case, :meth:`~CaseInspectView.step_form_kwargs`;
- the step view: :meth:`StepView.may` (403 without it), and :attr:`~StepView.denied_message`
  where a policy gate can deny a step with its reasons;
- where staff record cases at the desk, :class:`DeskEntryView`'s form, permission and message;
- the viewset: its ``steps`` and ``step_forms_table`` (action → form class whose
  ``perform(user)`` calls the service).

The page's template shows the steps with ``casework/admin/includes/step_forms.html`` and
the history (:func:`.history.history_rows`) with ``casework/admin/includes/history.html``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views import View

from portal.estate.viewsets.base import RegisterIndexView, RegisterInspectView, RegisterViewSet

from ..refusals import Refusal
from ..review import staff_name
from .answers import readable_answers
from .history import history_rows
from .queue import forbidden_is_403


def application_text(submission) -> str:
    """The application a case was opened for: its reference and who applied, with their mobile."""
    return f"{submission.reference} · {submission.applicant.name} {submission.applicant.mobile}".strip()


class ReadOnlyIndexView(RegisterIndexView):
    """A listing of records that change only through their services: each row opens the
    record's page, none offers to edit, copy or delete."""

    def get_edit_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None

    def get_copy_url(self, instance):
        return None


class CaseIndexView(ReadOnlyIndexView):
    """A room's cases, read-only. Where staff record cases at the desk, the listing offers
    the desk's form to those with ``desk_entry_permission``."""

    desk_entry_url_name = ""
    desk_entry_permission = ""

    def get_add_url(self):
        if not self.desk_entry_url_name:
            return super().get_add_url()
        return reverse(self.desk_entry_url_name) if self.request.user.has_perm(self.desk_entry_permission) else None


class CaseInspectView(RegisterInspectView):
    """A case's page: its fields, the next steps the user may take (``step_forms``) and its
    audit history (``history``). Nothing is edited or deleted from here."""

    #: Related records the page shows, fetched with the case.
    select_related: tuple[str, ...] = ()
    #: How each kind of audit event reads in the history.
    audit_labels: dict = {}
    #: Set by the viewset: its URL namespace and its forms by step.
    url_namespace = ""
    step_forms_table: dict = {}

    def get_object(self, queryset=None):
        return get_object_or_404(self.model.objects.select_related(*self.select_related), pk=self.pk)

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_handled_by_display_value(self):
        return staff_name(self.object.handled_by) or "—"

    def available_steps(self) -> list[str]:
        """The steps the user may take on the case now."""
        raise NotImplementedError

    def step_form_kwargs(self) -> dict:
        return {"case": self.object}

    def step_forms(self) -> list[tuple]:
        """``(action, form, url)`` for each step the user may take now."""
        return [
            (
                action,
                self.step_forms_table[action](**self.step_form_kwargs()),
                reverse(f"{self.url_namespace}:{action}", args=(self.object.pk,)),
            )
            for action in self.available_steps()
        ]

    def history(self) -> list[dict]:
        return history_rows(
            self.object, labels=self.audit_labels, states=self.model._meta.get_field("state").choices
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(history=self.history(), step_forms=self.step_forms())
        return context


class ApplicationCaseInspectView(CaseInspectView):
    """The page of a case opened for an owner's application (``case.submission``), which
    also shows the application and its answers (``answers``)."""

    select_related = ("submission__applicant", "submission__unit__building")

    def get_submission_display_value(self):
        return application_text(self.object.submission)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object.submission
        context["answers"] = readable_answers(submission.procedure, submission.answers or {})
        return context


class StepView(View):
    """POST one step on one case, then return to the case's page.

    403 unless :meth:`may`; an invalid form, a refusal (:class:`~portal.casework.refusals.Refusal`)
    and a gate's denial with its policy IDs come back as error messages on the case's page,
    success as the form's ``success_message``."""

    http_method_names = ["post"]
    #: Set by the viewset.
    action = ""
    model = None
    step_forms_table: dict = {}
    url_namespace = ""
    #: Related records the step needs, fetched with the case.
    select_related: tuple[str, ...] = ()
    #: Said before the policies a gate found unmet; without it a denial reads as its message.
    denied_message = ""

    def may(self, user) -> bool:
        """Whether ``user`` may take this step at all (checked before the case is looked up)."""
        raise NotImplementedError

    def may_take(self, user, case) -> bool:
        """Whether ``user`` may take this step on ``case``."""
        return True

    def form_kwargs(self, case) -> dict:
        return {"case": case}

    def reference(self, case) -> str:
        return case.submission.reference

    def post(self, request, pk):
        if not self.may(request.user):
            raise PermissionDenied
        case = get_object_or_404(self.model.objects.select_related(*self.select_related), pk=pk)
        if not self.may_take(request.user, case):
            raise PermissionDenied
        form = self.step_forms_table[self.action](request.POST, **self.form_kwargs(case))
        if not form.is_valid():
            for name, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"{form.fields[name].label}: {error}" if name in form.fields else error)
            return self.back(case)
        try:
            performed = form.perform(request.user)
        except Refusal as refusal:
            self.refused(refusal)
        else:
            self.done(form, performed if isinstance(performed, self.model) else case)
        return self.back(case)

    def refused(self, refusal: Refusal):
        reasons = getattr(refusal, "reasons", None)
        if self.denied_message and reasons is not None:
            messages.error(self.request, self.denied_message)
            for reason in reasons:
                messages.error(self.request, f"{reason.policy_id} {reason.message}")
        else:
            messages.error(self.request, str(refusal))

    def done(self, form, case):
        """Say the step is done; ``case`` as the step left it."""
        messages.success(self.request, form.success_message % {"reference": self.reference(case)})

    def back(self, case):
        return redirect(reverse(f"{self.url_namespace}:inspect", args=(case.pk,)))


class DeskEntryView(View):
    """A case that reached the desk by phone or in person, recorded by staff: GET the form,
    POST it to the form's ``perform(user)``. A refusal is shown on the form (400), success
    as :meth:`success_message` on the new case's page. 403 without :attr:`permission`."""

    template_name = ""
    form_class = None
    permission = ""
    url_namespace = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(self.form_class())

    def post(self, request):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                case = form.perform(request.user)
            except Refusal as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, self.success_message(case))
                return redirect(reverse(f"{self.url_namespace}:inspect", args=(case.pk,)))
        return self.render(form, status=400)

    def success_message(self, case) -> str:
        raise NotImplementedError

    def render(self, form, status=200):
        return TemplateResponse(self.request, self.template_name, {"form": form}, status=status)


class CaseViewSetMixin:
    """A room's cases as a viewset: listing, case page and one URL for each step
    (``inspect/<pk>/<step>/``), every view answering 403 rather than redirecting."""

    #: The views a case does not have here: it changes only through its steps.
    closed_views: tuple[str, ...] = ("add", "edit", "copy", "delete", "history", "usage")
    step_view_class = StepView
    step_forms_table: dict = {}
    #: The room's :class:`DeskEntryView`, at ``new/`` (URL name ``add``), if staff record cases at the desk.
    desk_entry_view_class = None
    #: The room's steps: its ``Action`` choices, or the names of its transitions.
    steps = ()

    def step_names(self) -> list[str]:
        return [getattr(step, "value", step) for step in self.steps]

    def get_extra_urlpatterns(self) -> list:
        """The room's own pages beside the listing and the case's page (an entry form, a PDF)."""
        if self.desk_entry_view_class is None:
            return []
        view = self.desk_entry_view_class.as_view(url_namespace=self.name)
        return [path("new/", forbidden_is_403(view), name="add")]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in self.closed_views:
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        if self.desk_entry_view_class is not None:
            kwargs.update(
                desk_entry_url_name=self.get_url_name("add"),
                desk_entry_permission=self.desk_entry_view_class.permission,
            )
        return super().get_index_view_kwargs(**kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            url_namespace=self.name, step_forms_table=self.step_forms_table, **kwargs
        )

    def get_step_view(self, action: str):
        return self.step_view_class.as_view(
            action=action, model=self.model, step_forms_table=self.step_forms_table, url_namespace=self.name
        )

    def get_urlpatterns(self):
        urlpatterns = [
            path("", forbidden_is_403(self.index_view), name="index"),
            path("results/", forbidden_is_403(self.index_results_view), name="index_results"),
            *self.get_extra_urlpatterns(),
            path("inspect/<int:pk>/", forbidden_is_403(self.inspect_view), name="inspect"),
        ]
        for action in self.step_names():
            view = forbidden_is_403(self.get_step_view(action))
            urlpatterns.append(path(f"inspect/<int:pk>/{action}/", view, name=action))
        return urlpatterns


class CaseViewSet(CaseViewSetMixin, RegisterViewSet):
    """A room's cases in the register's manner (ORM search, select-related listing)."""

    index_view_class = CaseIndexView
    add_to_admin_menu = True
    list_per_page = 50


class ApplicationCaseViewSet(CaseViewSet):
    """Cases opened for owners' applications: newest first, found by the application's
    reference, its unit's number or the applicant's name."""

    ordering = "-opened_at"
    search_fields = ["submission__reference", "submission__unit__number", "submission__applicant__name"]
