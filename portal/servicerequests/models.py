"""Customers' requests and suggestions (客户需求、建议受理, RQ-1…RQ-4).

One :class:`ServiceRequest` per request or suggestion — online (a ``request``
submission) or taken at the desk — is the 《客户需求、建议受理表》. Its deadlines are
stored as ``request.deadlines`` gives them when it is received (RQ-1 ``forward_by``,
RQ-3 ``reply_by``); "overdue" is a query. It changes only through
:mod:`portal.servicerequests.services`.

:class:`WeeklyRequestSummary` is the week's summary due before the end of work on
Friday (RQ-4); the clock ``servicerequests.weekly_summary`` reminds the supervisor.

Field names are stable: the reports read them.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.casework.models import Submission
from portal.estate.models import Person, Unit


class RequestKind(models.TextChoices):
    REQUEST = "request", _("Request")
    SUGGESTION = "suggestion", _("Suggestion")


class RequestState(models.TextChoices):
    RECEIVED = "received", _("Received")
    FORWARDED = "forwarded", _("Forwarded to a department")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


OPEN_STATES = (RequestState.RECEIVED, RequestState.FORWARDED, RequestState.REPLIED)
# States in which the customer is still waiting for the reply (RQ-3).
AWAITING_REPLY = (RequestState.RECEIVED, RequestState.FORWARDED)


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("At the desk")


class Department(models.TextChoices):
    ENGINEERING = "engineering", _("Engineering")
    SECURITY = "security", _("Security")
    CLEANING = "cleaning", _("Cleaning")
    LANDSCAPING = "landscaping", _("Landscaping")
    FINANCE = "finance", _("Finance")
    MANAGEMENT = "management", _("Management office")
    OTHER = "other", _("Other")


class ServiceRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def reply_overdue(self, now=None):
        """Requests still waiting for their reply after ``reply_by`` (RQ-3)."""
        return self.filter(state__in=AWAITING_REPLY, reply_by__lt=now or timezone.now())

    def forward_overdue(self, now=None):
        """Requests not yet answered or forwarded ten minutes after they came in (RQ-1)."""
        return self.filter(state=RequestState.RECEIVED, forward_by__lt=now or timezone.now())

    def overdue(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Q(state=RequestState.RECEIVED, forward_by__lt=now) | Q(state__in=AWAITING_REPLY, reply_by__lt=now)
        )

    def received_between(self, start, end):
        return self.filter(received_at__gte=start, received_at__lt=end)


class ServiceRequest(models.Model):
    """One 《客户需求、建议受理表》 entry.

    ``forward_by`` and ``reply_by`` are ``request.deadlines``' values (RQ-1, RQ-3), with
    ``promised_by`` the time promised to the customer, when there is one. A serious or
    urgent request (``serious``) is reported to the supervisor at once (RQ-1).
    """

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    submission = models.OneToOneField(
        Submission, verbose_name=_("online request"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="service_request",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RequestKind.choices, db_index=True)
    state = models.CharField(
        _("state"), max_length=12, choices=RequestState.choices, default=RequestState.RECEIVED, db_index=True
    )
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="service_requests"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("customer (register)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="service_requests",
    )
    contact_name = models.CharField(_("contact name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    content = models.TextField(_("content"))
    serious = models.BooleanField(
        _("serious or urgent"), default=False, help_text=_("Reported to the supervisor at once (RQ-1).")
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by staff"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="received_service_requests",
    )

    # RQ-1, RQ-3
    promised_by = models.DateTimeField(_("reply promised by"), null=True, blank=True)
    forward_by = models.DateTimeField(_("forward by"), db_index=True)
    reply_by = models.DateTimeField(_("reply by"), db_index=True)
    decision = models.JSONField(_("deadlines decision"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    department = models.CharField(_("department"), max_length=20, choices=Department.choices, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("forwarded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reply = models.TextField(_("reply to the customer"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, db_index=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request or suggestion")
        verbose_name_plural = _("requests and suggestions")
        ordering = ["-received_at", "-id"]
        permissions = [
            ("handle_servicerequest", "Can forward, reply to and close requests and suggestions"),
            ("sign_weekly_summary", "Can sign off the weekly summary of requests"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(content="") & ~Q(contact_name=""), name="servicerequest_content_required"
            ),
            models.CheckConstraint(
                condition=~Q(state="forwarded") | (~Q(department="") & Q(forwarded_at__isnull=False)),
                name="servicerequest_forwarded_has_department",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["replied", "closed"]) | Q(replied_at__isnull=False),
                name="servicerequest_replied_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        if self.state == RequestState.RECEIVED and self.forward_by < now:
            return True
        return self.state in AWAITING_REPLY and self.reply_by < now

    @property
    def replied_on_time(self) -> bool | None:
        if self.replied_at is None:
            return None
        return self.replied_at <= self.reply_by


class WeeklyRequestSummary(models.Model):
    """The week's summary of requests and suggestions (RQ-4), due before the end of work
    on the week's Friday (the last working day up to Friday when Friday is a holiday)."""

    week_start = models.DateField(_("week starting"), unique=True, help_text=_("The Monday of the week."))
    due_at = models.DateTimeField(_("due by"), db_index=True)
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed off by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    note = models.TextField(_("analysis"), blank=True)

    class Meta:
        verbose_name = _("weekly summary of requests")
        verbose_name_plural = _("weekly summaries of requests")
        ordering = ["-week_start"]

    def __str__(self) -> str:
        return gettext("Requests and suggestions, week of %(monday)s") % {"monday": self.week_start.isoformat()}
