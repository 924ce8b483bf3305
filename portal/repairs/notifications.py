"""Emails to the customer who reported a repair: picked up, completed, cancelled.

Rendered in the site's language with times in Asia/Shanghai, like the review emails
(:mod:`portal.casework.notifications`). The address is the reporter's in the register
(or their login's). A message that cannot be sent is logged; it never undoes what staff
did. Returns whether a message went out.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.casework.notifications import SHANGHAI

logger = logging.getLogger(__name__)

TEMPLATES = {"pick_up": "picked_up", "complete": "completed", "cancel": "cancelled"}


def customer_address(order) -> str:
    person = order.reporter or (order.submission.applicant if order.submission_id else None)
    if person is None:
        return ""
    return person.email or getattr(person.user, "email", "") or ""


def notify_customer(order, action: str) -> bool:
    name = TEMPLATES.get(action)
    address = customer_address(order)
    if name is None or not address:
        return False
    context = {
        "order": order,
        "estate_name": settings.ESTATE_NAME,
        "hotline": settings.ESTATE_HOTLINE,
    }
    with translation.override(settings.LANGUAGE_CODE), timezone.override(SHANGHAI):
        subject = " ".join(render_to_string(f"repairs/email/{name}_subject.txt", context).split())
        body = render_to_string(f"repairs/email/{name}_body.txt", context)
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # SMTP and network errors alike: the step is already saved.
        logger.exception("Could not email the customer of repair order %s", order.reference)
        return False
    return True
