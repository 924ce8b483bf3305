"""Emails to the applicant when their renovation changes state.

Rendered in the site's language with times in Asia/Shanghai, like the review emails
(:mod:`portal.casework.notifications`). A message that cannot be sent is logged; it
never undoes what staff did. Returns whether a message went out.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from portal.casework.notifications import SHANGHAI, applicant_address

logger = logging.getLogger(__name__)


def notify_applicant(case) -> bool:
    submission = case.submission
    address = applicant_address(submission)
    if not address:
        return False
    context = {
        "case": case,
        "submission": submission,
        "person": submission.applicant,
        "cases_url": _my_page_url(),
        "estate_name": settings.ESTATE_NAME,
        "hotline": settings.ESTATE_HOTLINE,
    }
    with translation.override(settings.LANGUAGE_CODE), timezone.override(SHANGHAI):
        context["state"] = case.get_stage_display()
        subject = " ".join(render_to_string("renovations/email/state_subject.txt", context).split())
        body = render_to_string("renovations/email/state_body.txt", context)
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # SMTP and network errors alike: the step is already saved.
        logger.exception("Could not email the applicant of %s", submission.reference)
        return False
    return True


def _my_page_url() -> str:
    """The absolute URL of the owner's /my/ page, where the case and its records are listed."""
    try:
        path = reverse("my_dashboard")
    except NoReverseMatch:
        return ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
