"""The service centre's case for one move-in handover (办理入伙, MI-1…MI-10).

One :class:`MoveInCase` per ``move-in`` submission. It holds what staff establish at the
desk, step by step: the documents seen (MI-1), the fees worked out by ``move_in.fees``
and paid at the cashier's (MI-2, MI-3) with the 《入伙缴费通知》 issued, the owner file
(MI-4, MI-5), the keys handed against the key receipt (MI-6, MI-7), the joint inspection
with its rectification items and, for a unit not accepted, the reason (MI-8, MI-9), and
the decision of ``move_in.handover`` the handover was completed on (MI-10). The case
changes only through :mod:`portal.moveins.services`.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.casework.models import Submission
from portal.documents.models import IssuedDocument
from portal.estate.models import OccupancyStatus


class CaseState(models.TextChoices):
    OPENED = "opened", _("Opened")
    IDENTITY_CHECKED = "identity_checked", _("Identity checked")
    FEES_PAID = "fees_paid", _("Fees paid")
    FILE_COMPLETED = "file_completed", _("Owner file complete")
    KEYS_HANDED = "keys_handed", _("Keys handed over")
    INSPECTED = "inspected", _("Jointly inspected")
    COMPLETED = "completed", _("Handover completed")
    REFUSED = "refused", _("Refused")


OPEN_STATES = (
    CaseState.OPENED,
    CaseState.IDENTITY_CHECKED,
    CaseState.FEES_PAID,
    CaseState.FILE_COMPLETED,
    CaseState.KEYS_HANDED,
    CaseState.INSPECTED,
)

# The statuses a unit may take when it is handed over (MI-10): vacant, or lived or worked in at once.
HANDOVER_STATUSES = (
    OccupancyStatus.VACANT,
    OccupancyStatus.OWNER_OCCUPIED,
    OccupancyStatus.OFFICE_OCCUPIED,
)


class MoveInCase(models.Model):
    """A move-in handover as the service centre works it.

    Money is what ``move_in.fees`` computed when the identity was checked (``fees``, its
    snapshot), so a later change of fee standard never rewrites what the owner was asked
    to pay. ``handover_decision`` is the ``move_in.handover`` snapshot of the completion.
    """

    submission = models.OneToOneField(
        Submission, verbose_name=_("application"), on_delete=models.PROTECT, related_name="move_in_case"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.OPENED, db_index=True
    )
    # MI-1: the originals shown at the desk.
    has_id_document = models.BooleanField(_("ID document shown"), default=False)
    has_purchase_contract = models.BooleanField(_("purchase contract shown"), default=False)
    has_move_in_notice = models.BooleanField(_("move-in notice shown"), default=False)
    # MI-2, MI-3: what is due, and what the cashier took.
    fees = models.JSONField(_("fees due"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    total_due = models.DecimalField(_("total due (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    fee_notice = models.OneToOneField(
        IssuedDocument, verbose_name=_("move-in fee notice"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="move_in_case",
    )
    amount_paid = models.DecimalField(_("amount paid (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=50, blank=True)
    # MI-4, MI-5: the owner file.
    copies_kept = models.BooleanField(_("copies of ID and bank card kept"), default=False)
    family_register = models.BooleanField(_("《业主家庭成员登记表》 filed"), default=False)
    bank_agreement = models.BooleanField(_("《银行托收协议》 signed"), default=False)
    document_receipt = models.BooleanField(_("《文件签收表》 signed"), default=False)
    fire_safety_agreement = models.BooleanField(_("《消防责任协议书》 signed"), default=False)
    emergency_mobile = models.CharField(_("emergency mobile"), max_length=11, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    # MI-6, MI-7: keys against the key receipt.
    key_receipt_signed = models.BooleanField(_("《钥匙签收表》 signed"), default=False)
    keys_handed = models.CharField(_("keys handed over"), max_length=200, blank=True)
    guide_given = models.BooleanField(_("owner service guide given"), default=False)
    keys_handed_at = models.DateTimeField(_("keys handed over at"), null=True, blank=True)
    # MI-8, MI-9: the joint inspection (《房屋验收记录表》).
    inspected_at = models.DateTimeField(_("inspected at"), null=True, blank=True)
    inspection_accepted = models.BooleanField(_("accepted at inspection"), null=True, blank=True)
    rectification_items = models.TextField(_("rectification items"), blank=True)
    not_accepted_reason = models.TextField(_("reason the unit was not accepted"), blank=True)
    inspector = models.CharField(_("engineering staff at the inspection"), max_length=50, blank=True)
    # MI-10: the register.
    unit_status = models.CharField(
        _("unit status after the handover"), max_length=20, choices=OccupancyStatus.choices, blank=True
    )
    handover_decision = models.JSONField(
        _("decision at completion"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last handled by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("move-in handover")
        verbose_name_plural = _("move-in handovers")
        ordering = ["-opened_at", "-id"]
        permissions = [
            ("handle_moveincase", "Can handle move-in handovers"),
            ("record_moveinfees", "Can record move-in fees paid"),
            ("record_moveininspection", "Can record the joint inspection at move-in"),
        ]

    def __str__(self) -> str:
        return self.submission.reference

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
