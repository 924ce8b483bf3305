"""Follow-up calls after a case is closed (客户回访, FU-1, FU-2, CP-8).

Every completed repair, complaint, request or suggestion gets one :class:`FollowUp` (FU-1;
the database refuses a second for the same case), due within a day of closing (CP-8,
stored in ``due_by`` and watched by the clock ``followups.due_by``). A customer-service
assistant phones and records FU-2's three answers: is it fixed, is the customer satisfied,
is there anything else. Follow-ups change only through :mod:`portal.followups.services`.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FollowUpKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    REPAIR = "repair", _("Repair")
    REQUEST = "request", _("Service request")
    SUGGESTION = "suggestion", _("Opinion or suggestion")
    OTHER = "other", _("Other (rescue, community event)")


class Outcome(models.TextChoices):
    FIXED_AND_SATISFIED = "fixed_and_satisfied", _("Fixed, customer satisfied")
    NOT_SATISFIED = "not_satisfied", _("Not fixed or not satisfied")
    UNREACHABLE = "unreachable", _("Could not be reached")


class FollowUpQuerySet(models.QuerySet):
    def for_source(self, source):
        """The follow-up of the case ``source`` (zero or one row)."""
        return self.filter(source_type=ContentType.objects.get_for_model(source), source_id=source.pk)

    def open(self):
        return self.filter(done_at__isnull=True)

    def done(self):
        return self.filter(done_at__isnull=False)

    def overdue(self, now=None):
        return self.open().filter(due_by__lt=now or timezone.now())

    def due_today(self, now=None):
        """Open follow-ups due by the end of today (local time) or already overdue, soonest first."""
        end_of_today = timezone.localtime(now or timezone.now()).replace(hour=23, minute=59, second=59)
        return self.open().filter(due_by__lte=end_of_today).order_by("due_by", "pk")


class FollowUp(models.Model):
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("type of case"), on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(_("case"))
    source = GenericForeignKey("source_type", "source_id")
    kind = models.CharField(_("kind"), max_length=20, choices=FollowUpKind.choices, db_index=True)
    unit = models.ForeignKey(
        "estate.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    closed_at = models.DateTimeField(_("case closed at"))
    due_by = models.DateTimeField(_("call due by"), db_index=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    done_at = models.DateTimeField(_("called at"), null=True, blank=True, db_index=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("called by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    fixed = models.BooleanField(_("fixed?"), null=True, blank=True)
    satisfied = models.BooleanField(_("satisfied?"), null=True, blank=True)
    other_needs = models.TextField(_("anything else?"), blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up call")
        verbose_name_plural = _("follow-up calls")
        ordering = ["due_by", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source_type", "source_id"], name="followups_one_per_case"),
        ]
        permissions = [("record_followup", "Can record follow-up calls")]

    def __str__(self) -> str:
        unit = f" {self.unit}" if self.unit_id else ""
        return f"{self.get_kind_display()}{unit} {self.contact_name}".strip()

    @property
    def case_reference(self) -> str:
        """How staff name the case followed up: its reference, or its text when it has none."""
        source = self.source
        if source is None:
            return ""
        return getattr(source, "reference", "") or str(source)

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, now=None) -> bool:
        return self.done_at is None and self.due_by < (now or timezone.now())

    @property
    def on_time(self) -> bool:
        return self.done_at is not None and self.done_at <= self.due_by
