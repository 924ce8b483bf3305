"""柜台代办: staff open a case at the desk for an owner or tenant who comes in person.

Staff choose the procedure and the person (searched in the register by name, mobile,
ID number or unit number), then run the procedure's own wizard on that person's behalf,
in the Wagtail admin: the same steps, checks, uploads and policy decision as online. The
Submission is the person's (``applicant``, on their ``/my/`` page afterwards) and the
staff login is its author, with ``channel`` "desk"; its ``submitted`` audit event names
the member of staff.

Only holders of ``casework.enter_submission`` (the desk groups, see
:mod:`portal.organisation.groups`) may open a case here. Runs at the desk are not kept
as the person's drafts, and each person has a run of their own in the staff session.
"""

from functools import cache

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.casework.models import Channel
from portal.casework.procedures import Procedure
from portal.estate.models import HouseholdMember, Person

from . import registry
from .applicant import Applicant

ENTER_PERMISSION = "casework.enter_submission"
SEARCH_LIMIT = 20


def may_enter(user) -> bool:
    """May ``user`` open cases at the desk?"""
    return user.is_authenticated and user.is_active and user.has_perm(ENTER_PERMISSION)


def online_procedures() -> list[tuple[str, str]]:
    """``(slug, label)`` of the procedures that have a wizard, in :class:`Procedure` order."""
    return [(value, label) for value, label in Procedure.choices if registry.get_wizard(value) is not None]


def desk_url(procedure: str, person) -> str:
    return reverse("casework_desk:wizard", args=(procedure, person.pk))


def _queue_url() -> str:
    return reverse("casework_submission:index")


# --- Choosing the procedure and the person ----------------------------------------------


class DeskSearchForm(forms.Form):
    procedure = forms.ChoiceField(label=gettext_lazy("Procedure"))
    q = forms.CharField(
        label=gettext_lazy("Owner or tenant"),
        max_length=50,
        help_text=gettext_lazy("Name, mobile, ID number or unit number."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = online_procedures()


def people_matching(query: str):
    """People of the register whose name, mobile, ID number or current unit number
    matches ``query``, with their current memberships; at most :data:`SEARCH_LIMIT`."""
    query = query.strip()
    if not query:
        return Person.objects.none()
    current_unit = Q(
        memberships__household__unit__number__iexact=query,
        memberships__ended_on__isnull=True,
        memberships__household__ended_on__isnull=True,
    )
    matches = Person.objects.filter(
        Q(name__icontains=query) | Q(mobile__startswith=query) | Q(id_number__iexact=query.upper()) | current_unit
    )
    return matches.distinct().order_by("name", "pk")[:SEARCH_LIMIT]


def current_homes(people) -> dict[int, list[str]]:
    """``{person id: ["3栋 1203 (业主)", ...]}``: the current units of each person, in one query."""
    homes: dict[int, list[str]] = {}
    memberships = (
        HouseholdMember.objects.filter(person__in=people, ended_on__isnull=True, household__ended_on__isnull=True)
        .select_related("household__unit__building")
        .order_by("household__unit__building__name", "household__unit__number")
    )
    for membership in memberships:
        unit = membership.household.unit
        homes.setdefault(membership.person_id, []).append(
            f"{unit.building.name} {unit.number}（{membership.get_role_display()}）"
        )
    return homes


def start(request):
    """The desk's first page: the procedure and the person, then a link to the wizard."""
    if not may_enter(request.user):
        raise PermissionDenied
    form = DeskSearchForm(request.GET or None)
    results = []
    if form.is_valid():
        people = list(people_matching(form.cleaned_data["q"]))
        homes = current_homes(people)
        procedure = form.cleaned_data["procedure"]
        results = [
            {"person": person, "homes": homes.get(person.pk, []), "url": desk_url(procedure, person)}
            for person in people
        ]
    title = _("Open a case at the desk")
    return TemplateResponse(
        request,
        "forms/desk/start.html",
        {
            "form": form,
            "results": results,
            "searched": form.is_bound and form.is_valid(),
            **admin_header(title, [(_queue_url(), _("Review queue")), ("", title)]),
        },
    )


def admin_header(title: str, trail) -> dict:
    """The context ``wagtailadmin/generic/base.html`` builds its header from."""
    return {
        "page_title": title,
        "header_title": title,
        "header_icon": "tasks",
        "breadcrumbs_items": [{"url": url, "label": label} for url, label in trail],
    }


# --- The wizard, on the person's behalf --------------------------------------------------


class DeskWizardMixin:
    """Turns an owner wizard into the desk's: the applicant is the person chosen (URL
    ``person_id``), the author the member of staff; no drafts; admin pages."""

    channel = Channel.DESK
    keeps_drafts = False
    template_name = "forms/desk/wizard.html"
    refusal_template_name = "forms/desk/refused.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_enter(request.user):
            raise PermissionDenied
        self.person = get_object_or_404(Person, pk=kwargs["person_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_applicant(self):
        return Applicant(self.person, user=self.request.user)

    def get_prefix(self, request, *args, **kwargs):
        # One run per person in the staff session: two owners at the desk never mix.
        return f"desk-{self.procedure}-{kwargs['person_id']}"

    def render_refusal(self, template_name: str, **extra_context):
        reasons = {
            "forms/no_unit.html": _("%(name)s has no current unit in the register, so this application cannot "
                                    "be made for them.") % {"name": self.person.name},
        }
        reason = extra_context.get("reason") or reasons.get(template_name, "")
        context = {"reason": reason, "person": self.person, **self.desk_header()}
        return TemplateResponse(self.request, self.refusal_template_name, context, status=403)

    def desk_header(self) -> dict:
        title = self.get_title()
        return admin_header(
            f"{title} · {self.person.name}",
            [
                (_queue_url(), _("Review queue")),
                (reverse("casework_desk:start"), _("Open a case at the desk")),
                ("", f"{title} · {self.person.name}"),
            ],
        )

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        context.update(person=self.person, at_desk=True, **self.desk_header())
        return context

    def receipt_url(self, submission) -> str:
        """Staff go on to the case's page in the review queue."""
        return reverse("casework_submission:inspect", args=(submission.pk,))

    def applicant_receipt_url(self, submission) -> str:
        """The person follows the case from their account."""
        return self.request.build_absolute_uri(reverse("my_dashboard"))

    def done(self, form_list, form_dict=None, **kwargs):
        response = super().done(form_list, form_dict=form_dict, **kwargs)
        messages.success(
            self.request,
            _("Case %(reference)s is opened for %(name)s.")
            % {"reference": self.submission.reference, "name": self.person.name},
        )
        return response

    def start_amendment(self, reference: str):
        raise PermissionDenied  # only the applicant amends their case, online


@cache
def desk_wizard(wizard_class: type) -> type:
    """The desk's version of ``wizard_class``."""
    return type(f"Desk{wizard_class.__name__}", (DeskWizardMixin, wizard_class), {})


def wizard(request, procedure: str, person_id: int):
    """Run ``procedure``'s wizard for person ``person_id`` at the desk."""
    if not may_enter(request.user):
        raise PermissionDenied
    wizard_class = registry.get_wizard(procedure)
    if wizard_class is None:
        raise Http404(f"No form for {procedure}")
    return desk_wizard(wizard_class).as_view()(request, person_id=person_id)


def queue_button_url(user) -> str | None:
    """The review queue's link to the desk, for staff who may open cases there."""
    return reverse("casework_desk:start") if may_enter(user) else None

