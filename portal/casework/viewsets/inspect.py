"""A case's review page: its record, every answer, its files, the decision stored
with it, the review actions the user may take now, and its full audit history."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.estate.viewsets.base import RegisterInspectView

from .. import review, rooms
from ..models import SubmissionStatus
from . import history
from .actions import FORMS
from .answers import answer_fields, answer_label, readable_answers, readable_decision, shanghai

# How each kind of audit event reads in the history.
AUDIT_LABELS = {
    "submitted": _("Submitted"),
    "approved": _("Approved"),
    "rejected": _("Rejected"),
    "info_requested": _("More information requested"),
    "assigned": _("Assigned"),
    "completed": _("Completed"),
    "resubmitted": _("Resubmitted with more information"),
}


def history_rows(submission) -> list[dict]:
    """The case's audit events, oldest first: when (Asia/Shanghai), who, what, from → to, note."""

    def detail(event) -> str:
        if event.action == "assigned":
            return event.data.get("assigned_to_name", "")
        if event.action == "resubmitted":
            return resubmission_detail(submission.procedure, event.data)
        return ""

    return history.history_rows(submission, labels=AUDIT_LABELS, states=SubmissionStatus.choices, detail=detail)


def resubmission_detail(procedure: str, data: dict) -> str:
    """What an applicant changed when resubmitting: each answer as it was and as it is, and
    the files added and removed."""
    fields = answer_fields(procedure)
    lines = [
        f"{answer_label(name, fields.get(name))}: {change_text(change.get('from'))} → {change_text(change.get('to'))}"
        for name, change in (data.get("changes") or {}).items()
    ]
    if data.get("files_added"):
        lines.append(_("Files added: %(names)s") % {"names": "、".join(data["files_added"])})
    if data.get("files_removed"):
        lines.append(_("Files removed: %(names)s") % {"names": "、".join(data["files_removed"])})
    return "\n".join(lines)


def change_text(value) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, dict) and "text" in value:
        return str(value["text"])
    return str(value)


class SubmissionInspectView(RegisterInspectView):
    template_name = "casework/admin/submission_inspect.html"

    def get_object(self, queryset=None):
        user = self.request.user
        if review.visible_procedures(user) == frozenset():
            raise PermissionDenied
        queryset = review.visible_to_staff(user).select_related(
            "applicant__user", "unit__building", "assigned_to", "author"
        )
        return get_object_or_404(queryset, pk=self.pk)

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_applicant_display_value(self):
        person = self.object.applicant
        return f"{person.name} {person.mobile}".strip()

    def get_submitted_at_display_value(self):
        return shanghai(self.object.submitted_at)

    def get_due_at_display_value(self):
        return shanghai(self.object.due_at) or "—"

    def get_assigned_to_display_value(self):
        return review.staff_name(self.object.assigned_to) or "—"

    def get_author_display_value(self):
        return review.staff_name(self.object.author) or _("The applicant, online")

    def get_status_note_display_value(self):
        return self.object.status_note or "—"

    def action_forms(self):
        """``(action, form, url)`` for each action the user may take now."""
        return [
            (
                action,
                FORMS[action](submission=self.object),
                reverse(f"casework_submission:{action}", args=(self.object.pk,)),
            )
            for action in review.available_actions(self.request.user, self.object)
        ]

    def files(self):
        fields = answer_fields(self.object.procedure)
        return [
            {
                "file": submitted,
                "label": answer_label(submitted.code, fields.get(submitted.code)),
                "uploaded_at": shanghai(submitted.uploaded_at),
                "url": reverse("casework_submission:file", args=(self.object.pk, submitted.pk)),
            }
            for submitted in self.object.files.all()
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        context.update(
            answers=readable_answers(submission.procedure, submission.answers or {}),
            files=self.files(),
            decision=readable_decision(submission.decision),
            history=history_rows(submission),
            action_forms=self.action_forms(),
            is_overdue=review.is_overdue(submission),
            case_link=rooms.case_link(submission),
        )
        return context
