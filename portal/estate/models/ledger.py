"""The fee ledger of a unit: what was charged and what was paid, as Decimal yuan."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .property import Unit


class LedgerKind(models.TextChoices):
    CHARGE = "charge", _("Charge")
    PAYMENT = "payment", _("Payment")
    REFUND = "refund", _("Refund")


class LedgerCategory(models.TextChoices):
    MANAGEMENT_FEE = "management_fee", _("Management fee")
    WATER = "water", _("Water")
    ELECTRICITY = "electricity", _("Electricity")
    GAS = "gas", _("Gas")
    UTILITY_FLOAT = "utility_float", _("Utility float")
    DEPOSIT = "deposit", _("Deposit")
    RENOVATION_FEE = "renovation_fee", _("Renovation fee")
    PARKING = "parking", _("Parking rent")
    REPAIR = "repair", _("Paid repair")
    FINE = "fine", _("Fine")
    OTHER = "other", _("Other")


# Deposits are money held for the owner, not fees: they never count towards arrears.
HELD_CATEGORIES = frozenset({LedgerCategory.DEPOSIT})


class LedgerEntry(models.Model):
    """One charge, payment or refund on a unit's account.

    ``amount`` is always positive; ``kind`` says which way it goes. A charge counts
    from its ``due_on`` date; payments and refunds from ``entry_date``.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LedgerKind.choices)
    category = models.CharField(_("category"), max_length=20, choices=LedgerCategory.choices)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    entry_date = models.DateField(_("entry date"))
    due_on = models.DateField(_("due on"), null=True, blank=True, help_text=_("For charges."))
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-entry_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_amount_positive"),
            models.CheckConstraint(
                condition=~Q(kind="charge") | Q(due_on__isnull=False),
                name="ledger_charge_has_due_date",
                violation_error_message=_("A charge needs a due date."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "kind", "entry_date"], name="ledger_unit_kind_date_idx")]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.get_category_display()} ¥{self.amount}"
