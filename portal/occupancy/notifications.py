"""What the applicant hears about their occupancy registration.

A refusal reads like any rejected application (:mod:`portal.casework.notifications`); the
registration sends a short message of its own, in the site's language. Sent after the
step has committed; a message that cannot be sent is logged and never undoes the step.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext

from portal.casework import notifications as casework_notifications

from .models import CaseState

logger = logging.getLogger(__name__)


def notify_applicant(case) -> bool:
    """Email the applicant when the occupancy is registered or refused."""
    submission = case.submission
    if case.state == CaseState.REFUSED:
        return casework_notifications.notify_applicant(submission)
    address = casework_notifications.applicant_address(submission)
    if case.state != CaseState.REGISTERED or not address:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        body = gettext(
            "Moving into unit %(unit)s on %(day)s is registered (《客户入住记录表》). Welcome! For help with the "
            "telephone, internet, cable TV or a monthly parking card, call %(hotline)s."
        ) % {"unit": submission.unit, "day": submission.answers.get("move_in_date", ""),
             "hotline": settings.ESTATE_HOTLINE}
        subject = gettext("Your occupancy registration %(reference)s") % {"reference": submission.reference}
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # SMTP and network errors alike: the step is already saved.
        logger.exception("Could not email the applicant of occupancy case %s", case.pk)
        return False
    return True
