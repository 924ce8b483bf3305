"""The email of an alert: its subject, its message and a link to the case in the admin.

Each recipient gets their own message (addresses are not shared). A message that cannot
be sent is logged; the alert stays on the recipients' dashboards.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def absolute(url: str) -> str:
    if url.startswith("/"):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return url


def email_alert(alert, addresses: list[str]) -> int:
    """Email ``alert`` to each address; returns how many messages went out."""
    body = alert.body
    if alert.url:
        body = f"{body}\n\n{absolute(alert.url)}".strip()
    sent = 0
    for address in addresses:
        try:
            sent += send_mail(alert.subject, body, None, [address])
        except Exception:  # SMTP and network errors alike: the alert is recorded and on the dashboard.
            logger.exception("Could not email alert %s to %s", alert.pk, address)
    return sent
