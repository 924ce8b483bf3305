"""Emails about a case under review.

- :func:`notify_applicant`: the applicant hears that their case was approved, rejected,
  needs more information, or is now being handled; with the note staff wrote for them.
- :func:`notify_assignee`: a member of staff hears that a case was assigned to them.
- :func:`notify_staff_of_resubmission`: the staff waiting for more information hear that
  the applicant has amended and resubmitted the case.

Messages are rendered from Django templates (``casework/email/``) in the site's
language and with times in Asia/Shanghai, whatever language and time zone the member
of staff who acted uses. A message that
cannot be sent is logged; it never undoes what staff did. Each function returns
whether a message went out.
"""

import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from .models import SubmissionStatus

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The template name of the applicant's email for each status a review can lead to.
APPLICANT_TEMPLATES = {
    SubmissionStatus.APPROVED: "approved",
    SubmissionStatus.REJECTED: "rejected",
    SubmissionStatus.INFO_REQUESTED: "info_requested",
    SubmissionStatus.IN_PROGRESS: "in_progress",
}


def applicant_address(submission) -> str:
    """The applicant's email in the register, else their login's (may be empty)."""
    person = submission.applicant
    return person.email or getattr(person.user, "email", "") or ""


def notify_applicant(submission) -> bool:
    """Email the applicant the case's new status and the note staff left for them."""
    name = APPLICANT_TEMPLATES.get(submission.status)
    address = applicant_address(submission)
    if name is None or not address:
        return False
    context = {
        "submission": submission,
        "person": submission.applicant,
        "cases_url": _absolute("my_dashboard"),
    }
    if submission.status == SubmissionStatus.INFO_REQUESTED and submission.applicant.user_id:
        context["amend_url"] = _absolute("my_amend_case", submission.reference)
    return _send(f"casework/email/{name}", context, address, submission)


def notify_assignee(submission) -> bool:
    """Email the member of staff the case is now assigned to."""
    assignee = submission.assigned_to
    if assignee is None or not assignee.email:
        return False
    context = {
        "submission": submission,
        "assignee": assignee,
        "case_url": _absolute("casework_submission:inspect", submission.pk),
    }
    return _send("casework/email/assigned", context, assignee.email, submission)


def staff_waiting_for(submission) -> list:
    """Who waits for the applicant's answer: the case's assignee, else whoever asked for
    the information last (active staff with an email address only)."""
    from portal.audit.models import AuditEvent

    staff = submission.assigned_to
    if staff is None:
        asked = (
            AuditEvent.objects.for_object(submission).filter(action="info_requested").select_related("actor")
            .order_by("-at", "-id").first()
        )
        staff = asked.actor if asked is not None else None
    return [staff] if staff is not None and staff.is_active and staff.email else []


def notify_staff_of_resubmission(submission) -> bool:
    """Email the staff waiting for more information that the applicant has resubmitted."""
    sent = False
    for staff in staff_waiting_for(submission):
        context = {
            "submission": submission,
            "staff": staff,
            "case_url": _absolute("casework_submission:inspect", submission.pk),
        }
        sent = _send("casework/email/resubmitted", context, staff.email, submission) or sent
    return sent


def _send(template_prefix: str, context: dict, address: str, submission) -> bool:
    context = {**context, "estate_name": settings.ESTATE_NAME, "hotline": settings.ESTATE_HOTLINE}
    with translation.override(settings.LANGUAGE_CODE), timezone.override(SHANGHAI):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}_body.txt", context)
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # SMTP and network errors alike: the review is already saved.
        logger.exception("Could not email %s about %s", template_prefix, submission.reference)
        return False
    return True


def _absolute(url_name: str, *args) -> str:
    try:
        path = reverse(url_name, args=args)
    except NoReverseMatch:
        return ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
