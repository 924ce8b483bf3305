"""The visitor and call log of the service centre (来访来电接待, RC-1…RC-4).

One :class:`Call` per visit or phone call, as 《客户来电来访记录表》 records it: when, a visit
or a call, who and their number (a call's number is required, RC-3), the unit, the subject,
and what was done — answered on the spot, or passed to a department, which and when (RC-4).
A serious or urgent matter is reported to the supervisor at once (RC-2, see
:mod:`portal.calls.services`). The database holds the record's rules.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .validators import validate_phone


class CallKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered on the spot")
    FORWARDED = "forwarded", _("Passed to a department")


class Department(models.TextChoices):
    ENGINEERING = "engineering", pgettext_lazy("department", "Engineering")
    SECURITY = "security", pgettext_lazy("department", "Security")
    CLEANING = "cleaning", pgettext_lazy("department", "Cleaning")
    LANDSCAPING = "landscaping", pgettext_lazy("department", "Landscaping")
    FINANCE = "finance", pgettext_lazy("department", "Finance (cashier)")
    MANAGEMENT = "management", pgettext_lazy("department", "Management office")


class Call(models.Model):
    at = models.DateTimeField(_("date and time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("visit or call"), max_length=10, choices=CallKind.choices, default=CallKind.PHONE)
    caller_name = models.CharField(_("caller's name"), max_length=100, blank=True)
    caller_phone = models.CharField(
        _("caller's number"), max_length=30, blank=True, validators=[validate_phone], db_index=True,
        help_text=_("Required for a phone call (RC-3)."),
    )
    unit = models.ForeignKey(
        "estate.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    subject = models.TextField(_("subject"))
    urgent = models.BooleanField(
        _("serious or urgent"), default=False,
        help_text=_("The supervisor is alerted at once (RC-2)."),
    )
    outcome = models.CharField(_("what was done"), max_length=20, choices=CallOutcome.choices,
                               default=CallOutcome.ANSWERED)
    reply = models.TextField(_("answer given or action taken"), blank=True)
    forwarded_to = models.CharField(_("passed to"), max_length=20, choices=Department.choices, blank=True)
    forwarded_at = models.DateTimeField(_("passed on at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visit or call")
        verbose_name_plural = _("visits and calls")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=CallKind.PHONE) | (~Q(caller_phone="") & ~Q(caller_name="")),
                name="calls_phone_call_has_caller",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=CallOutcome.FORWARDED) | (~Q(forwarded_to="") & Q(forwarded_at__isnull=False)),
                name="calls_forwarded_has_department",
            ),
            models.CheckConstraint(
                condition=Q(outcome=CallOutcome.FORWARDED) | (Q(forwarded_to="") & Q(forwarded_at__isnull=True)),
                name="calls_answered_is_not_forwarded",
            ),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M")
        who = self.caller_name or self.caller_phone or self.get_kind_display()
        return f"{when} {who}"

    def clean(self):
        """The rules the database holds, as messages staff can act on.

        An answered call is not passed on (department and time cleared); one passed to a
        department without a time was passed on as it is recorded.
        """
        if self.outcome == CallOutcome.ANSWERED:
            self.forwarded_to, self.forwarded_at = "", None
        elif self.forwarded_to and self.forwarded_at is None:
            self.forwarded_at = timezone.now()
        errors = {}
        if self.kind == CallKind.PHONE:
            if not self.caller_phone:
                errors["caller_phone"] = _("Write down the caller's number (RC-3).")
            if not self.caller_name:
                errors["caller_name"] = _("Write down the caller's name (RC-3).")
        if self.outcome == CallOutcome.FORWARDED:
            if not self.forwarded_to:
                errors["forwarded_to"] = _("Choose the department it was passed to (RC-4).")
            if self.forwarded_at is None:
                errors["forwarded_at"] = _("Write down when it was passed on (RC-4).")
            elif self.at and self.forwarded_at < self.at:
                errors["forwarded_at"] = _("It cannot have been passed on before the call.")
        if errors:
            raise ValidationError(errors)
