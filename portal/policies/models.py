"""The policy parameters in force, as a schedule of dated parameter sets."""

from datetime import date

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class ParameterSetQuerySet(models.QuerySet):
    def in_force_on(self, day: date):
        """The set in force on ``day``: the latest one effective on or before it (or ``None``)."""
        return self.filter(effective_from__lte=day).order_by("-effective_from").first()

    def before(self, day: date):
        """The set that was in force on the eve of ``day`` (or ``None``)."""
        return self.filter(effective_from__lt=day).order_by("-effective_from").first()


class ParameterSet(models.Model):
    """The policy parameters in force from ``effective_from`` until the next set takes over.

    ``values`` holds every parameter whose value differs from the library's default,
    keyed by the library's parameter name, in stored JSON form (see
    :mod:`portal.policies.values`). A set is complete on its own: inserting or
    withdrawing another set never changes what this one says.

    A set that is in force, or was, is history and is never changed: only sets that
    take effect after today may be edited or withdrawn, and no set starts in the past.
    """

    effective_from = models.DateField(
        _("effective from"),
        unique=True,
        error_messages={"unique": _("A parameter set already takes effect on this date: edit that one instead.")},
    )
    values = models.JSONField(_("values"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    note = models.CharField(
        _("reason for the change"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the fee standard approved by the pricing bureau on 1 March."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ParameterSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy parameter set")
        verbose_name_plural = _("policy parameter sets")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return str(_("Parameters from %(date)s") % {"date": date_format(self.effective_from, "Y-m-d")})

    def is_scheduled(self, today: date) -> bool:
        """Not yet in force on ``today``: it may still be edited or withdrawn."""
        return self.effective_from > today
