"""Estate → Building → Unit, and the history of every unit's occupancy status (ST-1)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class PropertyType(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    BUSINESS_APARTMENT = "business_apartment", _("Business apartment")
    OFFICE = "office", _("Office")


class OccupancyStatus(models.TextChoices):
    """The property-status states of POLICIES ST-1 (房屋动态)."""

    NOT_HANDED_OVER = "not_handed_over", _("Not handed over")
    VACANT = "vacant", _("Vacant")
    RENOVATING = "renovating", _("Renovating")
    OWNER_OCCUPIED = "owner_occupied", _("Owner-occupied")
    OFFICE_OCCUPIED = "office_occupied", _("Office-occupied")
    TENANT_OCCUPIED = "tenant_occupied", _("Tenant-occupied")


class Estate(index.Indexed, models.Model):
    """A managed site (小区/项目)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    hotline = models.CharField(_("service hotline"), max_length=30, blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("estate")
        verbose_name_plural = _("estates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Building(index.Indexed, models.Model):
    """A building (楼栋) of an estate."""

    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.PROTECT, related_name="buildings"
    )
    name = models.CharField(_("name"), max_length=100)
    floors = models.PositiveSmallIntegerField(_("floors above ground"), validators=[MinValueValidator(1)])

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["estate", "name"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "name"], name="building_unique_name_per_estate"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(models.QuerySet):
    def with_building(self):
        return self.select_related("building", "building__estate")


class Unit(index.Indexed, models.Model):
    """A unit (房号): a home, a business apartment or an office.

    The occupancy ``status`` is changed through :meth:`change_status` (or any save
    that changes it), which records a :class:`UnitStatusChange` in the same transaction.
    """

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="units"
    )
    number = models.CharField(_("unit number"), max_length=20)
    floor = models.SmallIntegerField(_("floor"))
    property_type = models.CharField(_("property type"), max_length=20, choices=PropertyType.choices)
    building_area = models.DecimalField(
        _("building area (m²)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    fee_per_m2 = models.DecimalField(
        _("management fee per m² per month (yuan)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("occupancy status"),
        max_length=20,
        choices=OccupancyStatus.choices,
        default=OccupancyStatus.NOT_HANDED_OVER,
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True, editable=False)

    objects = UnitQuerySet.as_manager()

    search_fields = [
        index.SearchField("number"),
        index.AutocompleteField("number"),
        index.FilterField("status"),
        index.FilterField("property_type"),
        index.FilterField("building_id"),
        index.FilterField("floor"),
        index.RelatedFields("building", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["building", "floor", "number"]
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="unit_unique_number_per_building"),
            models.CheckConstraint(condition=models.Q(building_area__gt=0), name="unit_area_positive"),
            models.CheckConstraint(condition=models.Q(fee_per_m2__gte=0), name="unit_fee_not_negative"),
        ]
        indexes = [models.Index(fields=["status"], name="unit_status_idx")]

    def __str__(self) -> str:
        return f"{self.building.name} {self.number}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._status_in_db = instance.__dict__.get("status")
        return instance

    @property
    def monthly_management_fee(self) -> Decimal:
        """Area × unit price, to the fen."""
        return (self.building_area * self.fee_per_m2).quantize(Decimal("0.01"))

    def save(self, *args, **kwargs):
        """Save, recording a status change (who, when, from, to) when the status moved.

        Who changed it is taken from ``self.status_changed_by`` (a user, set by the
        caller), and a free-text ``self.status_change_note``.
        """
        previous = getattr(self, "_status_in_db", None)
        is_change = self.pk is not None and previous is not None and previous != self.status
        now = timezone.now()
        if is_change or self.pk is None:
            self.status_changed_at = now
        with transaction.atomic():
            super().save(*args, **kwargs)
            if is_change:
                UnitStatusChange.objects.create(
                    unit=self,
                    changed_at=now,
                    changed_by=getattr(self, "status_changed_by", None),
                    from_status=previous,
                    to_status=self.status,
                    note=getattr(self, "status_change_note", ""),
                )
        self._status_in_db = self.status

    def change_status(self, to_status: str, *, by=None, note: str = "") -> None:
        """Move the unit to ``to_status`` and record who did it and why."""
        if to_status not in OccupancyStatus.values:
            raise ValueError(f"Unknown occupancy status {to_status!r}")
        self.status = to_status
        self.status_changed_by = by
        self.status_change_note = note
        self.save(update_fields=["status", "status_changed_at"])


class UnitStatusChange(models.Model):
    """One change of a unit's occupancy status: who, when, from, to."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="status_changes"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=OccupancyStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=OccupancyStatus.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_from_status_display()} → {self.get_to_status_display()}"
