"""What the applicant hears about their parking application.

A refusal reads like any rejected application (``portal.casework.notifications``); the
other steps send a short message of their own. Sent after the change has committed; a
message that cannot be sent is logged and never undoes the step.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext

from portal.casework import notifications as casework_notifications

from .models import CaseState

logger = logging.getLogger(__name__)


def _messages(case) -> dict:
    return {
        CaseState.SPACE_ASSIGNED: gettext(
            "Space %(space)s is offered to you for %(start)s to %(end)s. Please pay the rent of ¥%(amount)s "
            "in full at the cashier's and bring your ID card and the vehicle licence to sign the parking agreement."
        ),
        CaseState.ACTIVE: gettext(
            "Your rental of space %(space)s is active from %(start)s to %(end)s. Your owner card (IC card "
            "%(card)s) now opens the car park."
        ),
    }


def notify_applicant(case) -> bool:
    """Email the applicant the news of ``case``'s new state, if it is news to them."""
    submission = case.submission
    if case.state == CaseState.REFUSED:
        return casework_notifications.notify_applicant(submission)
    address = casework_notifications.applicant_address(submission)
    if not address:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        template = _messages(case).get(case.state)
        if template is None:
            return False
        body = template % {
            "space": case.space,
            "start": case.start.isoformat(),
            "end": case.end.isoformat(),
            "amount": case.amount_due,
            "card": case.ic_card_number,
        }
        subject = gettext("Your parking application %(reference)s") % {"reference": submission.reference}
    try:
        send_mail(subject, body, None, [address])
    except Exception:
        logger.exception("Could not email the applicant of parking case %s", case.pk)
        return False
    return True
