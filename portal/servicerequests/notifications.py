"""The customer is emailed the reply to their request or suggestion (RQ-3).

Rendered in the site's language with times in Asia/Shanghai; the address is the
customer's in the register (or their login's). A message that cannot be sent is
logged; it never undoes what staff did. Returns whether a message went out.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.casework.notifications import SHANGHAI

logger = logging.getLogger(__name__)


def customer_address(service_request) -> str:
    person = service_request.person or (
        service_request.submission.applicant if service_request.submission_id else None
    )
    if person is None:
        return ""
    return person.email or getattr(person.user, "email", "") or ""


def notify_reply(service_request) -> bool:
    address = customer_address(service_request)
    if not address or not service_request.reply:
        return False
    context = {
        "request": service_request,
        "estate_name": settings.ESTATE_NAME,
        "hotline": settings.ESTATE_HOTLINE,
    }
    with translation.override(settings.LANGUAGE_CODE), timezone.override(SHANGHAI):
        subject = " ".join(render_to_string("servicerequests/email/replied_subject.txt", context).split())
        body = render_to_string("servicerequests/email/replied_body.txt", context)
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # SMTP and network errors alike: the reply is already recorded.
        logger.exception("Could not email the reply to %s", service_request.reference)
        return False
    return True
