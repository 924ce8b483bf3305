"""The review actions as forms on a case's page, each posted to its own URL.

The view is thin: it finds the case among those the user may see, checks the action's
permission (403 without it), validates the form and calls the service in
:mod:`portal.casework.review`. A refusal the user can act on (a missing reason, an
action the case's status does not allow) comes back as a message on the case's page,
never as an error page.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from .. import review
from ..review import Action


class ReviewForm(forms.Form):
    """A review action's form; :meth:`perform` calls its service."""

    #: The button's label.
    submit_label = ""
    #: Wagtail button class: ``button``, ``button no`` (destructive) or ``button button-secondary``.
    button_class = "button"
    success_message = ""

    def __init__(self, *args, submission, **kwargs):
        self.submission = submission
        super().__init__(*args, **kwargs)

    def perform(self, user):
        raise NotImplementedError


def _text(label, *, required, help_text="", rows=3):
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ApproveForm(ReviewForm):
    submit_label = _("Approve")
    success_message = _("Case %(reference)s is approved.")

    note = _text(
        _("Note to the applicant"),
        required=False,
        help_text=_("Optional, e.g. when and where to collect the permit."),
        rows=2,
    )

    def perform(self, user):
        return review.approve(self.submission, by=user, note=self.cleaned_data["note"])


class RejectForm(ReviewForm):
    submit_label = _("Reject")
    button_class = "button no"
    success_message = _("Case %(reference)s is rejected.")

    reason = _text(
        _("Reason for the rejection"),
        required=True,
        help_text=_("The applicant reads this in the email and on their case."),
    )

    def perform(self, user):
        return review.reject(self.submission, by=user, reason=self.cleaned_data["reason"])


class RequestInformationForm(ReviewForm):
    submit_label = _("Request more information")
    button_class = "button button-secondary"
    success_message = _("The applicant of %(reference)s has been asked for more information.")

    message = _text(
        _("What is missing"),
        required=True,
        help_text=_("The applicant reads this in the email and on their case."),
    )

    def perform(self, user):
        return review.request_more_information(self.submission, by=user, message=self.cleaned_data["message"])


class AssignForm(ReviewForm):
    submit_label = _("Assign")
    button_class = "button button-secondary"
    success_message = _("Case %(reference)s is assigned to %(assignee)s.")

    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=get_user_model().objects.none())
    note = forms.CharField(label=_("Note for staff"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = review.reviewers().exclude(pk=self.submission.assigned_to_id)
        field.label_from_instance = review.staff_name

    def perform(self, user):
        return review.assign(
            self.submission, by=user, to=self.cleaned_data["assignee"], note=self.cleaned_data["note"]
        )


FORMS: dict[str, type[ReviewForm]] = {
    Action.APPROVE: ApproveForm,
    Action.REJECT: RejectForm,
    Action.REQUEST_INFORMATION: RequestInformationForm,
    Action.ASSIGN: AssignForm,
}


class ReviewActionView(View):
    """POST one review action on one case, then return to the case's page."""

    http_method_names = ["post"]
    action: str = ""
    inspect_url_name: str = ""

    def post(self, request, pk):
        if review.visible_procedures(request.user) == frozenset():
            raise PermissionDenied
        submission = get_object_or_404(review.visible_to_staff(request.user), pk=pk)
        if not review.may(request.user, self.action, submission):
            raise PermissionDenied
        form = FORMS[self.action](request.POST, submission=submission)
        if not form.is_valid():
            for name, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"{form.fields[name].label}: {error}" if name in form.fields else error)
            return self.back(submission)
        try:
            case = form.perform(request.user)
        except review.ReviewError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                form.success_message
                % {"reference": case.reference, "assignee": review.staff_name(case.assigned_to)},
            )
        return self.back(submission)

    def back(self, submission):
        return redirect(reverse(self.inspect_url_name, args=(submission.pk,)))
