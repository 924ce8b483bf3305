"""What the owner hears about their move-in handover.

A refusal reads like any rejected application (:mod:`portal.casework.notifications`); the
other news sends a short message of its own, in the site's language. Sent after the step
has committed; a message that cannot be sent is logged and never undoes the step.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext

from portal.casework import notifications as casework_notifications

from .models import CaseState

logger = logging.getLogger(__name__)


def _messages() -> dict:
    return {
        CaseState.IDENTITY_CHECKED: gettext(
            "Your documents for unit %(unit)s are checked. Please pay ¥%(amount)s at the cashier's as the move-in "
            "fee notice %(notice)s says: three months of management fee in advance and the utility float, if any."
        ),
        CaseState.KEYS_HANDED: gettext(
            "The keys of unit %(unit)s are handed over to you. The joint inspection with our engineering staff "
            "follows."
        ),
        CaseState.COMPLETED: gettext(
            "The handover of unit %(unit)s is complete and entered in the owner register. Welcome home!"
        ),
    }


def notify_applicant(case) -> bool:
    """Email the owner the news of ``case``'s new state, if it is news to them."""
    submission = case.submission
    if case.state == CaseState.REFUSED:
        return casework_notifications.notify_applicant(submission)
    address = casework_notifications.applicant_address(submission)
    if not address:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        template = _messages().get(case.state)
        if template is None:
            return False
        body = template % {
            "unit": submission.unit,
            "amount": case.total_due,
            "notice": case.fee_notice.number if case.fee_notice_id else "",
        }
        subject = gettext("Your move-in handover %(reference)s") % {"reference": submission.reference}
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # SMTP and network errors alike: the step is already saved.
        logger.exception("Could not email the applicant of move-in case %s", case.pk)
        return False
    return True
