"""车位办理 in the Wagtail admin: the list of parking applications, a case's page with the
forms of the transitions the user may make now, and opening a case for an application.

Views stay thin: they find the case, check the transition's permission (403 without it),
validate the form and call :mod:`portal.parkingcases.services`. A refusal the user can
act on comes back as a message on the case's page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from portal.audit.models import AuditEvent
from portal.casework.review import staff_name
from portal.casework.viewsets.answers import readable_decision
from portal.casework.viewsets.queue import forbidden_is_403
from portal.estate.viewsets.base import RegisterInspectView

from . import services
from .forms import FORMS, OpenCaseForm
from .models import CaseState, ParkingCase

INSPECT_URL = "parkingcases_parkingcase:inspect"

AUDIT_LABELS = {
    "opened": _("Opened"),
    "eligibility_checked": _("Eligibility checked"),
    "space_assigned": _("Space assigned"),
    "payment_recorded": _("Rent paid"),
    "activated": _("Active"),
    "refused": _("Refused"),
}


def state_label(value: str) -> str:
    try:
        return str(CaseState(value).label)
    except ValueError:
        return value


class OpenCaseView(generic.CreateView):
    """Opening a case goes through :func:`services.open_case` (its audit event included)."""

    def save_instance(self):
        try:
            return services.open_case(self.form.cleaned_data["submission"], by=self.request.user)
        except services.CaseError as refusal:
            raise PermissionDenied(str(refusal)) from refusal

    def get_edit_url(self):
        return reverse(INSPECT_URL, args=(self.object.pk,))

    def get_success_url(self):
        return self.get_edit_url()


class CaseInspectView(RegisterInspectView):
    template_name = "parkingcases/admin/inspect.html"

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def transition_forms(self):
        """``(transition, form, url)`` for each transition the user may make now."""
        return [
            (name, FORMS[name](case=self.object), reverse(f"parkingcases_parkingcase:{name}", args=(self.object.pk,)))
            for name in services.available_transitions(self.request.user, self.object)
        ]

    def history(self):
        return [
            {
                "at": timezone.localtime(event.at),
                "actor": staff_name(event.actor),
                "action": str(AUDIT_LABELS.get(event.action, event.action)),
                "from_state": state_label(event.from_state) if event.from_state else "",
                "to_state": state_label(event.to_state) if event.to_state else "",
                "note": event.note,
            }
            for event in AuditEvent.objects.for_object(self.object).select_related("actor").order_by("at", "pk")
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            transition_forms=self.transition_forms(),
            history=self.history(),
            eligibility=readable_decision(self.object.eligibility.get("decision")),
            submission_url=reverse("casework_submission:inspect", args=(self.object.submission_id,)),
        )
        return context


class TransitionView(View):
    """POST one transition on one case, then return to the case's page."""

    http_method_names = ["post"]
    transition = ""

    def post(self, request, pk):
        case = get_object_or_404(ParkingCase.objects.select_related("submission__household__unit__building"), pk=pk)
        if not services.may(request.user, self.transition):
            raise PermissionDenied
        form = FORMS[self.transition](request.POST, case=case)
        if not form.is_valid():
            for name, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"{form.fields[name].label}: {error}" if name in form.fields else error)
            return redirect(INSPECT_URL, pk)
        try:
            case = form.perform(request.user)
        except services.CaseError as refusal:
            messages.error(request, str(refusal))
        else:
            level = messages.warning if case.state == CaseState.REFUSED else messages.success
            level(request, form.success_message % {
                "reference": case.submission.reference, "state": case.get_state_display(),
            })
        return redirect(INSPECT_URL, pk)


class ParkingCaseViewSet(ModelViewSet):
    """车位办理: parking applications from opening to the active rental.

    ``view_parkingcase`` lists them, ``add_parkingcase`` opens one; each transition needs
    its permission (:data:`portal.parkingcases.services.PERMISSIONS`).
    """

    model = ParkingCase
    name = "parkingcases_parkingcase"
    url_prefix = "parkingcases"
    icon = "key"
    add_to_admin_menu = True
    menu_label = _("Parking applications")
    menu_order = 110
    add_view_class = OpenCaseView
    inspect_view_class = CaseInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["submission__reference", "submission__applicant__name", "vehicle__plate"]
    list_filter = ["state"]
    ordering = ["-opened_at"]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return OpenCaseForm

    list_display = [
        Column("reference", label=_("Reference"), accessor="submission.reference"),
        Column("applicant", label=_("Applicant"), accessor="submission.applicant.name"),
        Column("unit", label=_("Unit"), accessor="submission.unit"),
        Column("vehicle", label=_("Vehicle")),
        Column("space", label=_("Parking space")),
        Column("state", label=_("State"), accessor="get_state_display"),
        "opened_at",
    ]
    inspect_view_fields = [
        "submission", "state", "vehicle", "space", "start", "end", "months", "monthly_rent", "amount_paid",
        "receipt_number", "ic_card_number", "card_authorised_at", "rental", "agreement_number", "refusal_reason",
        "refund_due",
    ]

    def get_queryset(self, request):
        return ParkingCase.objects.select_related(
            "submission__applicant", "submission__unit__building", "vehicle", "space"
        )

    def get_common_view_kwargs(self, **kwargs):
        # No edit, copy, delete, history or usage pages: cases change only through their transitions.
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("edit", "copy", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        urlpatterns = [
            path("", forbidden_is_403(self.index_view), name="index"),
            path("results/", forbidden_is_403(self.index_results_view), name="index_results"),
            path("new/", forbidden_is_403(self.add_view), name="add"),
            path("inspect/<int:pk>/", forbidden_is_403(self.inspect_view), name="inspect"),
        ]
        for name in services.TRANSITIONS:
            view = forbidden_is_403(TransitionView.as_view(transition=name))
            urlpatterns.append(path(f"inspect/<int:pk>/{name}/", view, name=name))
        return urlpatterns
