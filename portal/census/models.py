"""The monthly property-status census (房屋动态管理, ST-1/ST-2).

One :class:`MonthlyCensus` per month: its due dates (``status.census_due``), the counts
of units by occupancy state in each building when it was taken (:class:`CensusCount`),
the units whose state changed since the month began (:class:`CensusChange`), and the
project manager's signature. A signed census never changes: it is the
《月度物业动态信息表》 copied to security and the cashier.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Building, OccupancyStatus, Unit


class MonthlyCensus(models.Model):
    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    census_due = models.DateField(_("census due"))
    report_due = models.DateField(_("report due"))
    # The same deadlines as instants (the end of the due day in Asia/Shanghai), for the clocks.
    census_due_at = models.DateTimeField(_("census due by"), db_index=True)
    report_due_at = models.DateTimeField(_("report due by"), db_index=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    units_counted = models.PositiveIntegerField(_("units counted"), default=0)

    class Meta:
        verbose_name = _("monthly status census")
        verbose_name_plural = _("monthly status censuses")
        ordering = ["-month"]
        permissions = [("sign_monthlycensus", "Can sign the monthly status report")]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="census_month_is_first_day"),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | Q(taken_at__isnull=False), name="census_signed_after_taken"
            ),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True, signed_by__isnull=True)
                | Q(signed_at__isnull=False, signed_by__isnull=False),
                name="census_signature_has_signer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def is_taken(self) -> bool:
        return self.taken_at is not None

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class CensusCount(models.Model):
    """How many units of one building were in one occupancy state when the census was taken."""

    census = models.ForeignKey(MonthlyCensus, on_delete=models.CASCADE, related_name="counts")
    building = models.ForeignKey(Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("occupancy status"), max_length=20, choices=OccupancyStatus.choices)
    units = models.PositiveIntegerField(_("units"))

    class Meta:
        verbose_name = _("census count")
        verbose_name_plural = _("census counts")
        ordering = ["building", "status"]
        constraints = [
            models.UniqueConstraint(fields=["census", "building", "status"], name="censuscount_once_per_state"),
        ]


class CensusChange(models.Model):
    """A unit whose occupancy state at the census differs from the state it had when the month began."""

    census = models.ForeignKey(MonthlyCensus, on_delete=models.CASCADE, related_name="changes")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(_("at the start of the month"), max_length=20, choices=OccupancyStatus.choices)
    to_status = models.CharField(_("at the census"), max_length=20, choices=OccupancyStatus.choices)
    changed_at = models.DateTimeField(_("last changed at"))

    class Meta:
        verbose_name = _("census change")
        verbose_name_plural = _("census changes")
        ordering = ["unit__building__name", "unit__floor", "unit__number"]
        constraints = [models.UniqueConstraint(fields=["census", "unit"], name="censuschange_once_per_unit")]
