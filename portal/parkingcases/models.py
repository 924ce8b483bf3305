"""The case record of a parking space rental, one per ``parking`` submission.

It holds what staff establish along the way (the vehicle proven by its licence, the
space, the rent paid and its receipt, the IC card) and what the procedure produced (the
rental in the register, the issued agreement). It changes only through
:mod:`portal.parkingcases.services`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.casework.models import Submission
from portal.documents.models import IssuedDocument
from portal.estate.models import ParkingRental, ParkingSpace, Vehicle


class CaseState(models.TextChoices):
    OPENED = "opened", _("Opened")
    ELIGIBILITY_CHECKED = "eligibility_checked", _("Eligibility checked")
    SPACE_ASSIGNED = "space_assigned", _("Space assigned")
    PAID = "paid", _("Rent paid")
    ACTIVE = "active", _("Active")
    REFUSED = "refused", _("Refused")


OPEN_STATES = (CaseState.OPENED, CaseState.ELIGIBILITY_CHECKED, CaseState.SPACE_ASSIGNED, CaseState.PAID)


class ParkingCase(models.Model):
    submission = models.OneToOneField(
        Submission, verbose_name=_("application"), on_delete=models.PROTECT, related_name="parking_case"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.OPENED, db_index=True
    )
    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("vehicle"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    space = models.ForeignKey(
        ParkingSpace,
        verbose_name=_("parking space"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parking_cases",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    months = models.PositiveSmallIntegerField(_("months"))
    monthly_rent = models.DecimalField(
        _("monthly rent (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    amount_paid = models.DecimalField(
        _("amount paid (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    receipt_number = models.CharField(_("receipt number"), max_length=30, blank=True)
    ic_card_number = models.CharField(_("IC card number"), max_length=30, blank=True)
    card_authorised_at = models.DateTimeField(_("owner card authorised at"), null=True, blank=True)
    agreement_number = models.CharField(_("agreement number"), max_length=30, blank=True)
    rental = models.ForeignKey(
        ParkingRental, verbose_name=_("parking rental"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    agreement = models.ForeignKey(
        IssuedDocument, verbose_name=_("parking agreement"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    eligibility = models.JSONField(
        _("eligibility decision"), default=dict, blank=True, encoder=DjangoJSONEncoder,
        help_text=_("The facts and the decision of the eligibility check."),
    )
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    refund_due = models.DecimalField(
        _("rent to pay back (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("The rent paid for an application refused afterwards: the cashier pays it back."),
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("parking application")
        verbose_name_plural = _("parking applications")
        ordering = ["-opened_at", "-id"]
        # The lifecycle's permissions (portal.parkingcases.services); groups in portal.organisation.groups.
        permissions = [
            ("handle_parkingcase", "Can work parking applications"),
            ("record_parking_payment", "Can record the rent paid for a parking space (CS-3)"),
        ]

    def __str__(self) -> str:
        return f"{self.submission.reference} {self.get_state_display()}"

    @property
    def amount_due(self) -> Decimal | None:
        """The rent for the whole period, collected in full before the card opens the car park (CS-3)."""
        if self.monthly_rent is None:
            return None
        return (self.monthly_rent * self.months).quantize(Decimal("0.01"))

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
