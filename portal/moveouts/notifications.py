"""What the tenant hears about their move-out.

A refusal reads like any rejected application (:mod:`portal.casework.notifications`); the
owner's answer and the completion send a short message of their own, in the site's
language. Sent after the step has committed; a message that cannot be sent is logged and
never undoes the step.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext

from portal.casework import notifications as casework_notifications

from .models import CaseState

logger = logging.getLogger(__name__)


def _body(case) -> str | None:
    submission = case.submission
    values = {"unit": submission.unit, "items": case.items_to_stay or gettext("none"),
              "day": case.moved_out_on.isoformat() if case.moved_out_on else ""}
    if case.state == CaseState.OWNER_CONSULTED and case.owner_agrees:
        return gettext("The owner of unit %(unit)s agrees to end the tenancy. Items that must stay: %(items)s. "
                       "Please settle the fees up to the move-out day at the cashier's.") % values
    if case.state == CaseState.OWNER_CONSULTED and case.owner_agrees is False:
        return gettext("The owner of unit %(unit)s does not agree to end the tenancy yet. You cannot move out "
                       "until you and the owner agree (MO-3).") % values
    if case.state == CaseState.COMPLETED:
        return gettext("Your move-out from unit %(unit)s on %(day)s is registered. Thank you.") % values
    return None


def notify_applicant(case) -> bool:
    """Email the tenant the news of ``case``'s new state, if it is news to them."""
    submission = case.submission
    if case.state == CaseState.REFUSED:
        return casework_notifications.notify_applicant(submission)
    address = casework_notifications.applicant_address(submission)
    if not address:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        body = _body(case)
        if body is None:
            return False
        subject = gettext("Your move-out %(reference)s") % {"reference": submission.reference}
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # SMTP and network errors alike: the step is already saved.
        logger.exception("Could not email the applicant of move-out case %s", case.pk)
        return False
    return True
