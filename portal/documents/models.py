"""Issued documents: every record printed for a unit, kept as the PDF that was handed out."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Unit


class DocumentKind(models.TextChoices):
    CONSTRUCTION_PERMIT = "construction_permit", _("Construction permit")
    RELEASE_PASS = "release_pass", _("Goods release pass")
    DEPOSIT_REFUND_MEMO = "deposit_refund_memo", _("Deposit refund memo")
    MOVE_IN_FEE_NOTICE = "move_in_fee_notice", _("Move-in fee notice")
    PARKING_AGREEMENT = "parking_agreement", _("Parking agreement")


# A release pass lets goods out once (GR-7: security keeps the customer part at the gate).
SINGLE_USE_KINDS = frozenset({DocumentKind.RELEASE_PASS})

# What the gate sees of a pass, in this order: summary key → label.
SUMMARY_LABELS = {
    "carrier": _("Carrier"),
    "relation": _("Relation to the unit"),
    "purpose": _("Purpose"),
    "date": _("Date"),
    "contractor": _("Contractor"),
    "responsible_person": _("Responsible person"),
    "responsible_phone": _("Phone"),
    "period": _("Construction period"),
}


def issued_document_path(instance, filename: str) -> str:
    """Stored under a random name: the download view names the file."""
    return f"issued/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


def private_storage():
    return storages["private"]


class IssuedDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may download: everything with the view permission; otherwise the
        records of the units whose current household ``user`` currently belongs to."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("documents.view_issueddocument"):
            return self
        person = getattr(user, "person", None)
        if person is None:
            return self.none()
        return self.filter(
            unit__households__ended_on__isnull=True,
            unit__households__members__person=person,
            unit__households__members__ended_on__isnull=True,
        ).distinct()


class IssuedDocument(models.Model):
    """A record as issued: its number, the unit, the PDF handed out, and — for passes —
    what the gate needs to see (``summary``), until when it is valid and whether it was used.

    ``summary`` holds display strings under the keys of :data:`SUMMARY_LABELS`, plus
    ``items``: a list of ``{"name", "quantity"}`` for goods. Only kinds in
    :data:`SINGLE_USE_KINDS` can be marked used, and only once.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=30)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="issued_documents"
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    pdf = models.FileField(_("PDF"), upload_to=issued_document_path, storage=private_storage)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-id"]
        permissions = [("mark_used_issueddocument", _("Can mark a pass as used at the gate"))]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="issued_document_unique_number"),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(kind__in=sorted(SINGLE_USE_KINDS)),
                name="issued_document_only_passes_are_used",
                violation_error_message=_("Only a goods release pass can be marked as used."),
            ),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="issued_document_target_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_single_use(self) -> bool:
        return self.kind in SINGLE_USE_KINDS

    def is_expired(self, now=None) -> bool:
        return self.valid_until is not None and (now or timezone.now()) > self.valid_until

    def summary_rows(self) -> list[tuple[str, str]]:
        """``(label, value)`` for the summary fields present, in the gate's reading order."""
        return [(label, self.summary[key]) for key, label in SUMMARY_LABELS.items() if self.summary.get(key)]

    def summary_items(self) -> list[dict]:
        return list(self.summary.get("items", []))
