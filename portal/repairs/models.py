"""The service centre's repair orders (报修服务, RP-1…RP-6).

One :class:`RepairOrder` per fault reported, online (a ``repair`` submission) or at the
desk (a phone call or a visit): the 《维修服务单》 engineering collects, signs and returns
with the customer's signature. The order changes only through
:mod:`portal.repairs.services`, which audits every step.

:class:`DailyRepairList` is the 17:00 list of a working day (RP-5): one row per day,
its ``due_at`` the clock ``repairs.daily_list`` sends to the department head once.

Field names are stable: monthly statistics (:mod:`portal.repairs.stats`) and the reports
read them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.casework.models import Submission
from portal.estate.models import LedgerEntry, Person, Unit


class RepairState(models.TextChoices):
    REPORTED = "reported", _("Waiting for engineering")
    PICKED_UP = "picked_up", _("Picked up by engineering")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = (RepairState.REPORTED, RepairState.PICKED_UP)


class Priority(models.TextChoices):
    """RP-3, as ``repair.classify`` decides."""

    EMERGENCY = "emergency", _("Emergency")
    GENERAL = "general", _("General")


class FaultCategory(models.TextChoices):
    """The facts ``repair.classify`` knows (RP-3)."""

    BURST_PIPE = "burst_pipe", _("Burst or leaking pipe")
    APPLIANCE_SMOKING = "appliance_smoking", _("Appliance or wiring smoking")
    WATER_OUTAGE = "water_outage", _("Water supply cut off")
    POWER_OUTAGE = "power_outage", _("Power supply cut off")
    OTHER = "other", _("Other fault")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("At the desk")


class RepairOrderQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def waiting_for_pickup(self):
        return self.filter(state=RepairState.REPORTED)

    def overdue_pickup(self, now=None):
        """Orders engineering has not collected by their ``pickup_by`` (RP-4)."""
        return self.waiting_for_pickup().filter(pickup_by__lt=now or timezone.now())

    def open_at(self, moment):
        """Orders reported by ``moment`` and neither completed nor cancelled then (RP-5).

        Read from the stored times, so the list of a past day reads as it stood."""
        return self.filter(reported_at__lte=moment).filter(
            Q(completed_at__isnull=True) | Q(completed_at__gt=moment),
            Q(cancelled_at__isnull=True) | Q(cancelled_at__gt=moment),
        )


class RepairOrder(models.Model):
    """One repair as the service centre records it (《有偿服务维修记录表》 and the
    《维修服务单》 it prints).

    RP-1: unit, fault, the time reported, the receiver, the appointment time and the
    phone are all required; an order reported online gets its receiver when a member of
    the desk takes it (``received_by``), and engineering cannot pick it up before.
    RP-2: a paid repair records the price standard and the reason explained to the
    customer, and when (``charge_explained_at``), before the work is picked up.
    RP-4: ``pickup_by`` is the stored deadline for engineering to collect the order.
    RP-6: ``fee_amount`` is what a paid repair cost; ``fee_entry`` its ledger charge.
    """

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    submission = models.OneToOneField(
        Submission, verbose_name=_("online report"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="repair_order",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=RepairState.choices, default=RepairState.REPORTED, db_index=True
    )
    channel = models.CharField(_("reported by"), max_length=10, choices=Channel.choices, default=Channel.PHONE)

    # RP-1
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="repair_orders")
    reporter = models.ForeignKey(
        Person, verbose_name=_("reported by (register)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="repair_orders",
    )
    contact_name = models.CharField(_("contact name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30)
    category = models.CharField(_("fault"), max_length=30, choices=FaultCategory.choices)
    description = models.TextField(_("content and fault description"))
    customer_marked_urgent = models.BooleanField(_("the customer calls it especially urgent"), default=False)
    reported_at = models.DateTimeField(_("time reported"), default=timezone.now, db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("receiver"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="received_repair_orders",
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    appointment_at = models.DateTimeField(_("appointment time"))

    # RP-3
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, db_index=True)
    decision = models.JSONField(_("classification"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    # RP-2
    is_paid = models.BooleanField(_("paid repair"), default=False)
    price_standard = models.TextField(_("price standard explained"), blank=True)
    charge_reason = models.TextField(_("reason for the charge explained"), blank=True)
    charge_explained_at = models.DateTimeField(_("charge explained at"), null=True, blank=True)

    # RP-4
    pickup_by = models.DateTimeField(_("to be picked up by"), db_index=True)
    picked_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("picked up by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="picked_up_repair_orders",
    )
    picked_up_at = models.DateTimeField(_("picked up at"), null=True, blank=True)

    # RP-4: done and signed for
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("completed by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="completed_repair_orders",
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, db_index=True)
    work_done = models.TextField(_("work done"), blank=True)
    customer_signature_name = models.CharField(_("signed by the customer"), max_length=100, blank=True)
    customer_signed_at = models.DateTimeField(_("customer signed at"), null=True, blank=True)

    # RP-6
    fee_amount = models.DecimalField(
        _("fee (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    fee_entry = models.OneToOneField(
        LedgerEntry, verbose_name=_("ledger charge"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="repair_order",
    )
    fee_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("fee recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    fee_recorded_at = models.DateTimeField(_("fee recorded at"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=50, blank=True)

    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RepairOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("repair order")
        verbose_name_plural = _("repair orders")
        ordering = ["-reported_at", "-id"]
        # The lifecycle's permissions (portal.repairs.services); groups in portal.organisation.groups.
        permissions = [
            ("handle_repairorder", "Can receive, explain charges and cancel repair orders"),
            ("work_repairorder", "Can pick up and complete repair orders (engineering)"),
            ("record_repair_fee", "Can record the fee of a paid repair"),
        ]
        constraints = [
            # RP-1: what the desk writes down is never blank.
            models.CheckConstraint(
                condition=~Q(phone="") & ~Q(description="") & ~Q(contact_name=""),
                name="repairorder_rp1_required",
                violation_error_message=_("Unit, fault description, contact and phone are all required (RP-1)."),
            ),
            # RP-4: picked up means someone signed for it, and so does completed.
            models.CheckConstraint(
                condition=Q(state="reported") | Q(state="cancelled")
                | Q(picked_up_by__isnull=False, picked_up_at__isnull=False),
                name="repairorder_pickup_signed",
            ),
            models.CheckConstraint(
                condition=~Q(state="completed")
                | (Q(completed_at__isnull=False, customer_signed_at__isnull=False) & ~Q(customer_signature_name="")),
                name="repairorder_customer_signed",
            ),
            # RP-2: a paid repair was explained first.
            models.CheckConstraint(
                condition=Q(is_paid=False) | Q(charge_explained_at__isnull=False),
                name="repairorder_charge_explained",
            ),
            models.CheckConstraint(
                condition=Q(fee_amount__isnull=True) | Q(fee_amount__gt=0), name="repairorder_fee_positive"
            ),
        ]
        indexes = [models.Index(fields=["state", "pickup_by"], name="repairorder_state_pickup_idx")]

    def __str__(self) -> str:
        return f"{self.reference} {self.unit}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_emergency(self) -> bool:
        return self.priority == Priority.EMERGENCY

    def is_pickup_overdue(self, now=None) -> bool:
        return self.state == RepairState.REPORTED and self.pickup_by < (now or timezone.now())


class DailyRepairList(models.Model):
    """The day's unreturned or unhandled repair orders, for the department head by 17:00
    (RP-5): one row per working day, sent once by the clock ``repairs.daily_list``.

    The list's content is a query (:func:`portal.repairs.services.daily_list_orders`):
    the orders open at ``due_at``.
    """

    day = models.DateField(_("day"), unique=True)
    due_at = models.DateTimeField(_("list due at"), db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("daily list of open repairs")
        verbose_name_plural = _("daily lists of open repairs")
        ordering = ["-day"]

    def __str__(self) -> str:
        return gettext("Open repairs at 17:00 on %(day)s") % {"day": self.day.isoformat()}
