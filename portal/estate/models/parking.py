"""Vehicles, parking spaces and parking rentals (sections 14 and 17: PK, CS)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from ..validators import validate_plate
from .people import Household, Person
from .property import Estate


class Vehicle(index.Indexed, models.Model):
    """A vehicle proven by its licence (行驶证, PK-2)."""

    plate = models.CharField(_("plate"), max_length=10, unique=True, validators=[validate_plate])
    licence_number = models.CharField(_("vehicle licence number"), max_length=30, blank=True)
    model = models.CharField(_("car model"), max_length=50, blank=True)
    owner = models.ForeignKey(
        Person, verbose_name=_("registered owner"), on_delete=models.PROTECT, related_name="vehicles"
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vehicles",
    )

    search_fields = [index.SearchField("plate"), index.AutocompleteField("plate")]

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["plate"]

    def __str__(self) -> str:
        return self.plate


class SpaceStatus(models.TextChoices):
    """Whether a space can be let at all; whether it *is* let follows from its rentals."""

    IN_SERVICE = "in_service", _("In service")
    RESERVED = "reserved", _("Reserved")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


class ParkingSpaceQuerySet(models.QuerySet):
    def with_rented_flag(self):
        active = ParkingRental.objects.filter(space=OuterRef("pk"), status=RentalStatus.ACTIVE)
        return self.annotate(is_rented=Exists(active))

    def free(self):
        """Spaces in service without an active rental."""
        return self.with_rented_flag().filter(status=SpaceStatus.IN_SERVICE, is_rented=False)


class ParkingSpace(index.Indexed, models.Model):
    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.PROTECT, related_name="parking_spaces"
    )
    number = models.CharField(_("space number"), max_length=20)
    level = models.CharField(_("level"), max_length=10, help_text=_("e.g. B1"))
    status = models.CharField(
        _("status"), max_length=20, choices=SpaceStatus.choices, default=SpaceStatus.IN_SERVICE
    )
    monthly_rent = models.DecimalField(
        _("monthly rent (yuan)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    objects = ParkingSpaceQuerySet.as_manager()

    search_fields = [index.SearchField("number"), index.AutocompleteField("number")]

    class Meta:
        verbose_name = _("parking space")
        verbose_name_plural = _("parking spaces")
        ordering = ["level", "number"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "number"], name="space_unique_number_per_estate"),
            models.CheckConstraint(condition=Q(monthly_rent__gte=0), name="space_rent_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.level}-{self.number}"


class RentalStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class ParkingRental(models.Model):
    """A household's rental of a space for a vehicle (register of PK-4).

    The database holds PK-1 / CS-2: at most one active rental per household and at
    most one active rental per space.
    """

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="parking_rentals"
    )
    space = models.ForeignKey(
        ParkingSpace, verbose_name=_("parking space"), on_delete=models.PROTECT, related_name="rentals"
    )
    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("vehicle"), on_delete=models.PROTECT, related_name="parking_rentals"
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    ic_card_number = models.CharField(_("IC card number"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RentalStatus.choices, default=RentalStatus.ACTIVE
    )

    class Meta:
        verbose_name = _("parking rental")
        verbose_name_plural = _("parking rentals")
        ordering = ["-start", "-id"]
        constraints = [
            # PK-1: one parking space per household.
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status="active"),
                name="rental_one_active_per_household",
                violation_error_message=_(
                    "This household already rents a parking space: one space per household (PK-1)."
                ),
            ),
            # CS-2: a space is let to one household at a time.
            models.UniqueConstraint(
                fields=["space"],
                condition=Q(status="active"),
                name="rental_one_active_per_space",
                violation_error_message=_("This parking space is already let to another household (CS-2)."),
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="rental_ends_after_start",
                violation_error_message=_("A rental cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.space} · {self.vehicle}"
