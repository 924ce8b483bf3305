"""Proactive visits to customers (客户访问, VS-1…VS-3) as the 《访问客户记录表》 records them.

One :class:`Visit` per household visited: how (VS-1), the opinions heard and how
satisfied the customer is, and — when an opinion was raised — where it went in the
complaint or request procedure (VS-3). Visits are recorded through
:mod:`portal.visits.services`, which keeps the audit trail.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Household, Unit


class VisitWay(models.TextChoices):
    """The ways of visiting VS-1 names."""

    FACE_TO_FACE = "face_to_face", _("Face to face")
    DOOR = "door", _("At the door")
    PHONE = "phone", _("By phone")
    PUBLIC_AREA = "public_area", _("In a public area")


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neither satisfied nor dissatisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


class RaisedAs(models.TextChoices):
    """Where an opinion heard on a visit went (VS-3)."""

    NOTHING = "", _("Nothing to follow up")
    COMPLAINT = "complaint", _("A complaint")
    REQUEST = "request", _("A request")
    SUGGESTION = "suggestion", _("A suggestion")


class VisitQuerySet(models.QuerySet):
    def in_month(self, year: int, month: int):
        """Visits made in the calendar month, by the day in Asia/Shanghai."""
        return self.filter(visited_on__year=year, visited_on__month=month)

    def visible_to(self, user):
        """Every visit for those who oversee the desk; an assistant's own visits otherwise."""
        if user.has_perm("visits.oversee_visit"):
            return self
        if user.has_perm("visits.view_visit"):
            return self.filter(visitor=user)
        return self.none()


class Visit(models.Model):
    """《访问客户记录表》: one visit to one household (VS-1, VS-3)."""

    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("visited by"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_at = models.DateTimeField(_("visited at"), default=timezone.now)
    visited_on = models.DateField(_("day"), db_index=True, editable=False)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="visits")
    household = models.ForeignKey(
        Household, verbose_name=_("household"), null=True, blank=True, on_delete=models.PROTECT, related_name="visits",
        help_text=_("The unit's household at the time of the visit."),
    )
    contact_name = models.CharField(_("customer visited"), max_length=50)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    way = models.CharField(_("way of visiting"), max_length=20, choices=VisitWay.choices)
    opinions = models.TextField(_("opinions and suggestions"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), choices=Satisfaction.choices)
    raised_as = models.CharField(_("raised as"), max_length=20, choices=RaisedAs.choices, blank=True)
    raised_reference = models.CharField(
        _("reference of the case raised"), max_length=50, blank=True,
        help_text=_("The reference of the complaint, request or suggestion the opinion was entered as."),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer visit")
        verbose_name_plural = _("customer visits")
        ordering = ["-visited_at", "-id"]
        indexes = [models.Index(fields=["visitor", "visited_on"], name="visit_visitor_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5), name="visit_satisfaction_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(raised_as="") | ~Q(opinions=""), name="visit_raised_needs_opinion",
                violation_error_message=_("Write down the opinion that was raised."),
            ),
        ]
        permissions = [
            ("record_visit", "Can record customer visits"),
            ("oversee_visit", "Can see every assistant's customer visits"),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.visited_at):%Y-%m-%d} {self.unit}"

    def save(self, *args, **kwargs):
        from portal.policies.adapter import SHANGHAI

        self.visited_on = timezone.localtime(self.visited_at, SHANGHAI).date()
        super().save(*args, **kwargs)
