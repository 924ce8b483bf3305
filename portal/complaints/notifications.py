"""What a complaint tells people: the complainant (the explanation of an invalid complaint,
the reply made), and the supervisors and project managers (a complaint reported at once,
CP-5; the reminders and escalations of its clocks).

Rendered in the site's language with times in Asia/Shanghai, like the review emails
(:mod:`portal.casework.notifications`). A message to the complainant that cannot be sent
is logged; it never undoes what staff did.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from portal.casework.notifications import SHANGHAI

from .models import CaseState

logger = logging.getLogger(__name__)


def complainant_address(case) -> str:
    """The complainant's email in the register, else their login's (may be empty)."""
    person = case.complainant
    if person is None:
        return ""
    return person.email or getattr(person.user, "email", "") or ""


def concerns_complainant(action: str, case) -> bool:
    """The steps the complainant hears about: an invalid complaint explained (CP-1), the reply (CP-7)."""
    if action == "assess":
        return case.valid is False
    return action == "reply" and case.state == CaseState.REPLIED


def notify_complainant(case) -> bool:
    name = "invalid" if case.valid is False else "replied"
    address = complainant_address(case)
    if not address:
        return False
    subject, body = _render(f"complaints/email/{name}", {"case": case, "cases_url": _my_page_url()})
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # SMTP and network errors alike: the step is already saved.
        logger.exception("Could not email the complainant of %s", case.reference)
        return False
    return True


def grade_alert(case) -> tuple[str, str]:
    """Subject and body of the report of a major or important complaint (CP-5)."""
    return _render("complaints/email/reported", {"case": case})


def event_alert(event, cases) -> tuple[str, str]:
    """Subject and body of the report of an event several customers complain about (CP-2, CP-5)."""
    return _render("complaints/email/event_reported", {"event": event, "cases": cases, "count": len(cases),
                                                       "grade": cases[0].get_grade_display() if cases else ""})


def _render(name: str, context: dict) -> tuple[str, str]:
    context = {**context, "estate_name": settings.ESTATE_NAME, "hotline": settings.ESTATE_HOTLINE}
    with translation.override(settings.LANGUAGE_CODE), timezone.override(SHANGHAI):
        subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
        body = render_to_string(f"{name}_body.txt", context)
    return subject, body


def _my_page_url() -> str:
    try:
        path = reverse("my_dashboard")
    except NoReverseMatch:
        return ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
