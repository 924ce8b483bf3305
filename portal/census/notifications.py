"""The signed 《月度物业动态信息表》 is copied to security and the cashier (ST-2): an email
with the link to the report in the admin."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext


def send_copies(census, recipients) -> int:
    addresses = sorted({user.email for user in recipients if user.email})
    if not addresses:
        return 0
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Monthly property status report %(month)s (signed)") % {"month": f"{census.month:%Y-%m}"}
        body = gettext(
            "The project manager has signed the monthly property status report of %(month)s. "
            "Your department's copy: %(url)s"
        ) % {"month": f"{census.month:%Y-%m}", "url": base + reverse("census:inspect", args=(census.pk,))}
    messages = [(subject, body, None, [address]) for address in addresses]
    return send_mass_mail(messages, fail_silently=False)
