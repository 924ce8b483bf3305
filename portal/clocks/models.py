"""Alerts sent about deadlines, and who has read them.

An :class:`Alert` records that a reminder, an escalation or an immediate report was sent
about one object. The database holds the "at most once" rule: one alert per clock, object,
deadline and kind (a changed deadline is a new deadline, so it is alerted again), and one
immediate alert per object and reason. Each recipient gets an :class:`AlertReceipt`, shown on
their admin dashboard until they mark it read.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    ESCALATION = "escalation", _("Escalation")
    IMMEDIATE = "immediate", _("Immediate report")


class Alert(models.Model):
    """One message about one object; ``clock`` is the clock's name, or the reason of an immediate report."""

    clock = models.CharField(_("clock or reason"), max_length=100)
    content_type = models.ForeignKey(ContentType, verbose_name=_("type"), on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(_("object"), max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True, help_text=_("Empty for an immediate report."))
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    recipients = models.TextField(_("recipients"), blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["clock", "content_type", "object_id", "due_at", "kind"],
                name="clocks_alert_once_per_deadline",
            ),
            # NULLs are distinct in a unique constraint: immediate reports need their own.
            models.UniqueConstraint(
                fields=["clock", "content_type", "object_id", "kind"],
                condition=Q(due_at__isnull=True),
                name="clocks_alert_once_without_deadline",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="clocks_alert_object")]

    def __str__(self) -> str:
        return self.subject


class AlertReceiptQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class AlertReceipt(models.Model):
    """An alert as one recipient sees it on their dashboard."""

    alert = models.ForeignKey(Alert, verbose_name=_("alert"), on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="alert_receipts"
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = AlertReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert received")
        verbose_name_plural = _("alerts received")
        ordering = ["-alert__sent_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["alert", "user"], name="clocks_receipt_once_per_user")]
        indexes = [models.Index(fields=["user", "read_at"], name="clocks_receipt_unread")]

    def __str__(self) -> str:
        return f"{self.alert} → {self.user}"
