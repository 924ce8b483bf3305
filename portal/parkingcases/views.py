"""车位办理 in the Wagtail admin: the list of parking applications, a case's page with the
forms of the transitions the user may make now, and opening a case for an application.

Views stay thin: they find the case, check the transition's permission (403 without it),
validate the form and call :mod:`portal.parkingcases.services`. A refusal the user can
act on comes back as a message on the case's page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from portal.casework.viewsets import cases
from portal.casework.viewsets.answers import readable_decision
from portal.casework.viewsets.queue import forbidden_is_403

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


class CaseInspectView(cases.CaseInspectView):
    template_name = "parkingcases/admin/inspect.html"
    select_related = ("submission__applicant", "submission__unit__building", "vehicle", "space")
    audit_labels = AUDIT_LABELS

    def available_steps(self):
        return services.available_transitions(self.request.user, self.object)

    def history(self):
        return cases.history_rows(
            self.object, labels=self.audit_labels, states=CaseState.choices, when=timezone.localtime
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            eligibility=readable_decision(self.object.eligibility.get("decision")),
            submission_url=reverse("casework_submission:inspect", args=(self.object.submission_id,)),
        )
        return context


class TransitionView(cases.StepView):
    """POST one transition on one case, then return to the case's page; a transition that
    refuses the case is reported as a warning, with the state it leaves the case in."""

    select_related = ("submission__household__unit__building",)

    def may(self, user):
        return services.may(user, self.action)

    def done(self, form, case):
        level = messages.warning if case.state == CaseState.REFUSED else messages.success
        level(self.request, form.success_message % {
            "reference": case.submission.reference, "state": case.get_state_display(),
        })


class ParkingCaseViewSet(cases.CaseViewSetMixin, ModelViewSet):
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
    step_view_class = TransitionView
    steps = services.TRANSITIONS
    step_forms_table = FORMS
    # Cases are opened here for an application but never edited, copied or deleted.
    closed_views = ("edit", "copy", "delete", "history", "usage")
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

    def get_extra_urlpatterns(self):
        return [path("new/", forbidden_is_403(self.add_view), name="add")]
