"""The service centre's case for one occupancy registration (客户入住, OC-1…OC-7).

One :class:`OccupancyCase` per ``occupancy`` submission: the owner's confirmation of a
tenant moving in (OC-1), what the desk checked (the lease and its dates, the tenant's
pledge, OC-6), the vehicles registered, and the ``occupancy.register`` decision the
registration was made on. The case changes only through :mod:`portal.occupancy.services`.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.casework.models import Submission
from portal.estate.models import HouseholdMember, OccupancyStatus


class CaseState(models.TextChoices):
    OPENED = "opened", _("Opened")
    OWNER_CONFIRMED = "owner_confirmed", _("Owner confirmed")
    REGISTERED = "registered", _("Registered")
    REFUSED = "refused", _("Refused")


OPEN_STATES = (CaseState.OPENED, CaseState.OWNER_CONFIRMED)


class OccupancyCase(models.Model):
    """An occupancy registration as the service centre works it."""

    submission = models.OneToOneField(
        Submission, verbose_name=_("application"), on_delete=models.PROTECT, related_name="occupancy_case"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.OPENED, db_index=True
    )
    # OC-1: a tenant moving in needs the owner's confirmation.
    owner_confirmed = models.BooleanField(_("owner confirmed"), default=False)
    owner_confirmed_at = models.DateTimeField(_("owner confirmed at"), null=True, blank=True)
    owner_confirmation_note = models.TextField(_("note on the owner's confirmation"), blank=True)
    # OC-6: the lease and the pledge, as the desk saw them; the lease dates from the lease.
    lease_seen = models.BooleanField(_("lease seen"), default=False)
    lease_start = models.DateField(_("lease start"), null=True, blank=True)
    lease_end = models.DateField(_("lease end"), null=True, blank=True)
    pledge_signed = models.BooleanField(_("《安全责任制书》 signed"), default=False)
    vehicles = models.JSONField(_("vehicles registered"), default=list, blank=True)
    # OC-6, OC-7: the register.
    member = models.ForeignKey(
        HouseholdMember, verbose_name=_("registered as"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    unit_status = models.CharField(_("unit status after moving in"), max_length=20, choices=OccupancyStatus.choices,
                                   blank=True)
    decision = models.JSONField(_("decision at registration"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last handled by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("occupancy registration")
        verbose_name_plural = _("occupancy registrations")
        ordering = ["-opened_at", "-id"]
        permissions = [("handle_occupancycase", "Can handle occupancy registrations")]

    def __str__(self) -> str:
        return self.submission.reference

    @property
    def occupant(self) -> str:
        """``owner`` or ``tenant``, as the application says."""
        return self.submission.answers.get("occupant", "owner")

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
