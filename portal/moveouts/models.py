"""The service centre's case for one tenant moving out (房屋退租, MO-1…MO-4).

One :class:`MoveOutCase` per ``move-out`` submission: the owner's answer (MO-3: when they
were asked, whether they agree, which items must stay), the meters read and the fees
settled up to the move-out day (MO-2), the tenant's goods release pass (MO-1), and the
``tenant.move_out`` decision the move-out was completed on, with the day it is reported
(MO-4). The case changes only through :mod:`portal.moveouts.services`.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.casework.models import Submission
from portal.estate.models import OccupancyStatus
from portal.releases.models import ReleaseCase


class CaseState(models.TextChoices):
    OPENED = "opened", _("Opened")
    OWNER_CONSULTED = "owner_consulted", _("Owner consulted")
    METERS_READ = "meters_read", _("Meters read")
    COMPLETED = "completed", _("Moved out")
    REFUSED = "refused", _("Refused")


OPEN_STATES = (CaseState.OPENED, CaseState.OWNER_CONSULTED, CaseState.METERS_READ)


class MoveOutCase(models.Model):
    """A tenant's move-out as the service centre works it."""

    submission = models.OneToOneField(
        Submission, verbose_name=_("application"), on_delete=models.PROTECT, related_name="move_out_case"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.OPENED, db_index=True
    )
    # MO-3: the owner told and asked.
    owner_called_at = models.DateTimeField(_("owner asked at"), null=True, blank=True)
    owner_agrees = models.BooleanField(_("owner agrees"), null=True, blank=True)
    items_to_stay = models.TextField(_("items that must stay"), blank=True)
    owner_note = models.TextField(_("note on the owner's answer"), blank=True)
    # MO-2: the meters and the settlement.
    water_reading = models.DecimalField(_("water meter"), max_digits=10, decimal_places=2, null=True, blank=True)
    electricity_reading = models.DecimalField(
        _("electricity meter"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    gas_reading = models.DecimalField(_("gas meter"), max_digits=10, decimal_places=2, null=True, blank=True)
    meters_read_at = models.DateTimeField(_("meters read at"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number of the settlement"), max_length=50, blank=True)
    # MO-1: the goods release pass for moving out.
    release_case = models.ForeignKey(
        ReleaseCase, verbose_name=_("goods release pass"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    # MO-4: the register and the day's report.
    unit_status = models.CharField(_("unit status after the move-out"), max_length=20,
                                   choices=OccupancyStatus.choices, blank=True)
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True, db_index=True)
    decision = models.JSONField(_("decision at completion"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last handled by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("tenant move-out")
        verbose_name_plural = _("tenant move-outs")
        ordering = ["-opened_at", "-id"]
        permissions = [
            ("handle_moveoutcase", "Can handle tenant move-outs"),
            ("record_moveoutmeters", "Can record the meters read at a tenant's move-out"),
        ]

    def __str__(self) -> str:
        return self.submission.reference

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def meters_read(self) -> bool:
        return self.meters_read_at is not None
