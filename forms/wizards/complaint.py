"""投诉 — a complaint (POLICIES §7).

The owner may say their complaint is about the same event as an open complaint
someone else made in their estate (CP-2: five or more customers complaining about the
same event make it major). Only the subject and date of those complaints are shown,
never who made them. ``complaint.grade`` gives the deadlines the owner is told, from
what is known at submission: the complaint counts as valid until the supervisor
decides (CP-1), and the complainants of the event are the owner plus those already
linked to it.
"""

from functools import cached_property

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.casework.models import OPEN_STATUSES, Submission
from portal.casework.procedures import Procedure

from ..fields import UnitField
from ..registry import register
from ..steps import OwnerStep
from ..uploads import PhotoField
from ..wizard import OwnerWizard

# The most recent open complaints offered as "the same event".
CANDIDATE_LIMIT = 50


def open_complaints_near(applicant, limit: int = CANDIDATE_LIMIT) -> list[Submission]:
    """Open complaints made by others in the applicant's estates that are not
    themselves linked to another (the first report of each event), newest first."""
    return list(
        Submission.objects.filter(
            procedure=Procedure.COMPLAINT,
            status__in=OPEN_STATUSES,
            unit__building__estate__in=applicant.estates,
        )
        .exclude(applicant=applicant.person)
        .exclude(answers__has_key="same_event")
        .order_by("-submitted_at", "-id")[:limit]
    )


def complainants_of(event: Submission, *, besides) -> int:
    """How many people other than ``besides`` have complained about ``event``: its
    author and everyone who linked a complaint to it."""
    people = set(
        Submission.objects.filter(procedure=Procedure.COMPLAINT, answers__same_event=event.reference)
        .values_list("applicant", flat=True)
    )
    people.add(event.applicant_id)
    people.discard(besides.pk)
    return len(people)


class SameEventField(forms.ModelChoiceField):
    """One of the open complaints offered, shown by subject and date only."""

    default_error_messages = {
        "invalid_choice": _("Choose one of the complaints listed, or “No”."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Submission.objects.none(), **kwargs)

    def offer(self, candidates):
        self.queryset = Submission.objects.filter(pk__in=[candidate.pk for candidate in candidates]).order_by(
            "-submitted_at", "-id"
        )

    def label_from_instance(self, submission):
        subject = str(submission.answers.get("subject", "")).strip() or _("(no subject)")
        day = date_format(timezone.localtime(submission.submitted_at), "Y-m-d")
        return f"{subject} · {day}"


class ComplaintStep(OwnerStep):
    title = _("Your complaint")

    unit = UnitField()
    subject = forms.CharField(
        label=_("Subject"), max_length=100, help_text=_("In a few words, e.g. “Lift in building 3 out of order”.")
    )
    description = forms.CharField(
        label=_("What happened?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("When and where it happened, and what you would like us to do."),
    )


class SameEventStep(OwnerStep):
    title = _("Reported already?")

    same_event = SameEventField(
        label=_("Is your complaint about the same event as one of these, reported by other residents?"),
        required=False,
        empty_label=_("No, or I am not sure"),
        widget=forms.RadioSelect,
        help_text=_("Linking complaints about the same event helps us treat it with the right urgency."),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["same_event"].offer(candidates)

    def answers(self):
        event = self.cleaned_data.get("same_event")
        return {"same_event": event.reference} if event is not None else {}


class PhotosStep(OwnerStep):
    title = _("Photos")

    photo_1 = PhotoField(label=_("Photo 1"), required=False)
    photo_2 = PhotoField(label=_("Photo 2"), required=False)
    photo_3 = PhotoField(label=_("Photo 3"), required=False)


def _others_have_reported(wizard) -> bool:
    return bool(wizard.same_event_candidates)


@register(Procedure.COMPLAINT)
class ComplaintWizard(OwnerWizard):
    procedure = Procedure.COMPLAINT
    form_list = [
        ("details", ComplaintStep),
        ("same_event", SameEventStep),
        ("photos", PhotosStep),
    ]
    condition_dict = {"same_event": _others_have_reported}
    policy = "complaint.grade"
    due_value = "reply_by"
    notes = (
        _("The service supervisor reviews every complaint and may change the times above; we will tell you if so."),
    )

    @cached_property
    def same_event_candidates(self) -> list[Submission]:
        return open_complaints_near(self.applicant)

    def get_form_kwargs(self, step=None):
        kwargs = super().get_form_kwargs(step)
        if step == "same_event":
            kwargs["candidates"] = self.same_event_candidates
        return kwargs

    def get_facts(self, data, received_at):
        event = data.get("same_event")
        others = complainants_of(event, besides=self.applicant.person) if event is not None else 0
        return {
            "valid": True,
            "received_at": received_at,
            "same_event_complainants": 1 + others,
            "unresolved_days": 0,
            "sudden_outage": False,
            "company_fault_loss_or_injury": False,
            "contracted_service_failed_repeatedly": False,
            "reasonable_need_unmet_seriously": False,
            "severe_staff_attitude": False,
        }

    def get_preview(self, decision):
        rows = []
        for value, label in (("reply_by", _("We will reply by")), ("resolve_by", _("We aim to resolve it by"))):
            if decision.values.get(value):
                rows.append((label, date_format(timezone.localtime(decision.values[value]), "Y-m-d H:i")))
        return rows
