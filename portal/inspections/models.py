"""The daily inspection (日常巡查, IN-1…IN-4) as the 《楼层巡检表》 records it.

- :class:`Inspection`: one assistant's round of one day — the areas covered, the IN-2
  checklist and the floors the system chose; at most one per assistant per day (IN-1).
- :class:`InspectionFloor`: a floor of a building chosen for the round, ticked once walked.
- :class:`Finding`: a problem seen on the round, fixed on the spot or forwarded within
  ``forward_by`` and checked on site by ``verify_by`` (IN-3); both deadlines are stored.
- :class:`FindingPhoto`: a photo of a finding, kept in private storage.

Records change only through :mod:`portal.inspections.services`, which keeps the audit trail.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.casework.models import private_storage
from portal.estate.models import Building, Estate
from portal.policies.adapter import SHANGHAI


class Area(models.TextChoices):
    """The areas every round covers (IN-1)."""

    SITE_PLAN = "site_plan", _("Site plan (roads and open spaces)")
    GREENERY = "greenery", _("Greenery")
    LOBBY = "lobby", _("Lobbies")
    CAR_PARK = "car_park", _("Car park")


class CheckItem(models.TextChoices):
    """What the round looks at (IN-2)."""

    HYGIENE = "hygiene", _("Hygiene")
    FACILITIES = "facilities", _("Condition of shared facilities")
    TIDINESS = "tidiness", _("Tidiness")
    STAFF_IMAGE = "staff_image", _("Image of the property staff")
    CUSTOMER_OPINIONS = "customer_opinions", _("Customers' opinions")
    POSTS_MANNED = "posts_manned", _("Posts manned")


# The model field that records each area and each checklist item as done.
AREA_FIELDS = {area: f"area_{area.value}" for area in Area}
CHECK_FIELDS = {item: f"check_{item.value}" for item in CheckItem}


class InspectionQuerySet(models.QuerySet):
    def in_week(self, week_start):
        """Rounds of the week (Monday to Sunday) that starts on ``week_start``."""
        return self.filter(day__gte=week_start, day__lt=week_start + timedelta(days=7))

    def visible_to(self, user):
        """Every round for those who oversee the desk; an assistant's own rounds otherwise."""
        if user.has_perm("inspections.oversee_inspection"):
            return self
        if user.has_perm("inspections.view_inspection"):
            return self.filter(inspector=user)
        return self.none()


class Inspection(models.Model):
    """《楼层巡检表》: one assistant's inspection round of one day (IN-1, IN-2, IN-4)."""

    estate = models.ForeignKey(Estate, verbose_name=_("estate"), on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inspected by"), on_delete=models.PROTECT,
        related_name="inspections",
    )
    day = models.DateField(_("day"), db_index=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    area_site_plan = models.BooleanField(Area.SITE_PLAN.label, default=False)
    area_greenery = models.BooleanField(Area.GREENERY.label, default=False)
    area_lobby = models.BooleanField(Area.LOBBY.label, default=False)
    area_car_park = models.BooleanField(Area.CAR_PARK.label, default=False)

    check_hygiene = models.BooleanField(CheckItem.HYGIENE.label, default=False)
    check_facilities = models.BooleanField(CheckItem.FACILITIES.label, default=False)
    check_tidiness = models.BooleanField(CheckItem.TIDINESS.label, default=False)
    check_staff_image = models.BooleanField(CheckItem.STAFF_IMAGE.label, default=False)
    check_customer_opinions = models.BooleanField(CheckItem.CUSTOMER_OPINIONS.label, default=False)
    check_posts_manned = models.BooleanField(CheckItem.POSTS_MANNED.label, default=False)

    occupancy_note = models.TextField(
        _("occupancy changes seen"), blank=True,
        help_text=_("Move-ins, renovations, vacant homes noticed on the round (IN-2)."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily inspection")
        verbose_name_plural = _("daily inspections")
        ordering = ["-day", "inspector_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspector", "day"],
                name="inspection_one_per_assistant_per_day",
                violation_error_message=_("This assistant already has an inspection record for that day."),
            ),
        ]
        permissions = [
            ("record_inspection", "Can record daily inspections"),
            ("oversee_inspection", "Can see every assistant's inspections"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.inspector.get_full_name() or self.inspector.get_username()}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    def areas_done(self) -> list[str]:
        return [area for area, field in AREA_FIELDS.items() if getattr(self, field)]

    def checks_done(self) -> list[str]:
        return [item for item, field in CHECK_FIELDS.items() if getattr(self, field)]


class InspectionFloor(models.Model):
    """A floor the system chose for a round (IN-1); ``checked`` once the assistant walked it."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="floors"
    )
    building = models.ForeignKey(Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="+")
    floor = models.SmallIntegerField(_("floor"))
    checked = models.BooleanField(_("walked"), default=False)

    class Meta:
        verbose_name = _("floor inspected")
        verbose_name_plural = _("floors inspected")
        ordering = ["inspection", "building__name", "floor"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "building", "floor"], name="inspection_floor_once"),
        ]

    def __str__(self) -> str:
        return f"{self.building.name} {self.floor}F"


class FindingState(models.TextChoices):
    OPEN = "open", _("To be handled")
    FIXED = "fixed", _("Fixed on the spot")
    FORWARDED = "forwarded", _("Forwarded")
    VERIFIED = "verified", _("Checked on site")


class FindingQuerySet(models.QuerySet):
    def awaiting_forward(self):
        """Findings neither fixed nor forwarded yet: the 30-minute clock runs (IN-3)."""
        return self.filter(state=FindingState.OPEN)

    def awaiting_verification(self):
        """Findings forwarded and not yet checked on site: the next-day clock runs (IN-3)."""
        return self.filter(state__in=(FindingState.OPEN, FindingState.FORWARDED))


class Finding(models.Model):
    """A problem seen on a round (IN-2) and how it was handled (IN-3).

    ``forward_by`` and ``verify_by`` come from ``inspection.issue_deadlines`` when the
    finding is recorded. ``verify_by`` is the end of the day it must be checked by
    (midnight Asia/Shanghai), so "overdue" is ``verify_by < now``. A finding fixed on
    the spot is done at once and has no deadlines.
    """

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    location = models.CharField(_("where"), max_length=200)
    item = models.CharField(_("checklist item"), max_length=20, choices=CheckItem.choices)
    description = models.TextField(_("what was found"))
    state = models.CharField(
        _("state"), max_length=20, choices=FindingState.choices, default=FindingState.OPEN, db_index=True
    )

    fixed_at = models.DateTimeField(_("fixed at"), null=True, blank=True)
    fix_note = models.TextField(_("how it was fixed"), blank=True)

    forward_by = models.DateTimeField(_("forward by"), null=True, blank=True, db_index=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    forwarded_to = models.CharField(
        _("forwarded to"), max_length=100, blank=True, help_text=_("The person or department responsible.")
    )

    verify_by = models.DateTimeField(_("check on site by"), null=True, blank=True, db_index=True)
    verified_at = models.DateTimeField(_("checked on site at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked on site by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    verification_note = models.TextField(_("what the check found"), blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["inspection", "found_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="fixed") | Q(fixed_at__isnull=False), name="finding_fixed_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(state="verified") | Q(verified_at__isnull=False), name="finding_verified_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location}: {self.description[:30]}"

    @property
    def verify_on(self):
        """The last day the finding may be checked on site (IN-3), in Asia/Shanghai."""
        if self.verify_by is None:
            return None
        return timezone.localtime(self.verify_by - timedelta(microseconds=1), SHANGHAI).date()


def finding_photo_path(instance, filename: str) -> str:
    """Stored under a random name; the original name is kept on the record."""
    return f"inspections/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class FindingPhoto(models.Model):
    """A photo of a finding, checked by content and kept private (served to staff only)."""

    finding = models.ForeignKey(Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to=finding_photo_path, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("finding photo")
        verbose_name_plural = _("finding photos")
        ordering = ["finding", "id"]

    def __str__(self) -> str:
        return self.original_name
