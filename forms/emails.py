"""The email that confirms an owner's submission."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def send_receipt(submission, request, *, title: str, receipt_url: str) -> bool:
    """Email the applicant that ``submission`` was received, with its reference.

    Sent to the person's email in the register, else their login's. A failure to send
    is logged and never undoes the submission; returns whether a message went out.
    """
    person = submission.applicant
    address = person.email or getattr(person.user, "email", "")
    if not address:
        return False
    context = {
        "submission": submission,
        "person": person,
        "title": title,
        "receipt_url": receipt_url,
        "estate_name": settings.ESTATE_NAME,
        "hotline": settings.ESTATE_HOTLINE,
    }
    subject = " ".join(render_to_string("forms/email/receipt_subject.txt", context, request).split())
    body = render_to_string("forms/email/receipt_body.txt", context, request)
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # SMTP and network errors alike: the case is already open.
        logger.exception("Could not email the receipt of %s", submission.reference)
        return False
    return True
