"""Issuing records, and checking passes at the gate.

- :func:`issue_record` / :func:`issue_document`: number a record, render it with the QR code
  of its verification URL, keep the PDF in private storage, audit the issue.
- :func:`verify_token`: what the gate page shows for a scanned token.
- :func:`mark_used`: security lets the goods out — once. Callers check that the user holds
  ``documents.mark_used_issueddocument``.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record as audit
from portal.casework.references import next_reference

from .models import DocumentKind, IssuedDocument
from .records import Record, render_record
from .tokens import BadToken, make_token, read_token

NUMBER_PREFIXES = {
    DocumentKind.CONSTRUCTION_PERMIT: "SG",
    DocumentKind.RELEASE_PASS: "FX",
    DocumentKind.DEPOSIT_REFUND_MEMO: "YJ",
    DocumentKind.MOVE_IN_FEE_NOTICE: "RH",
    DocumentKind.PARKING_AGREEMENT: "CW",
}


def next_number(kind: str, *, year: int | None = None) -> str:
    """The next number of ``kind`` this year, e.g. ``FX-2026-000042`` (gap-free per year)."""
    return next_reference(year or timezone.localdate().year, prefix=NUMBER_PREFIXES[kind])


def verification_token(document: IssuedDocument) -> str:
    return make_token(document.kind, document.pk, document.valid_until)


def verification_url(document: IssuedDocument) -> str:
    """The absolute URL a pass's QR code opens (``SITE_BASE_URL`` + ``/verify/<token>/``)."""
    path = reverse("documents:verify", args=[verification_token(document)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def issue_document(
    kind: str,
    *,
    unit,
    number: str,
    render: Callable[[str], bytes],
    summary: dict | None = None,
    valid_until: datetime | None = None,
    target: models.Model | None = None,
    by=None,
) -> IssuedDocument:
    """Record that document ``number`` of ``kind`` was issued for ``unit`` and store its PDF.

    ``render`` receives the document's verification URL and returns the PDF bytes (it runs
    after the row exists, since the URL names it). ``target`` is the case record the
    document was issued for. One transaction: a failed render leaves nothing behind.
    """
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    with transaction.atomic():
        document = IssuedDocument.objects.create(
            kind=kind,
            number=number,
            unit=unit,
            summary=summary or {},
            valid_until=valid_until,
            issued_by=by if getattr(by, "is_authenticated", False) else None,
            target_type=target_type,
            target_id=str(target.pk) if target is not None else "",
        )
        pdf = render(verification_url(document))
        document.pdf.save(f"{number}.pdf", ContentFile(pdf), save=True)
        audit(document, "document_issued", actor=by, to_state="issued", data={"kind": kind, "number": number})
    return document


def issue_record(record: Record, *, unit, target: models.Model | None = None, by=None) -> IssuedDocument:
    """Issue ``record`` (a :mod:`.records` class) for ``unit``, numbering it if it has no number.

    Passes print the QR code of their verification URL; other records print none. The
    number is taken in the same transaction, so a failed render gives it back.
    """
    with transaction.atomic():
        if not record.number:
            record = replace(record, number=next_number(record.kind))
        verifiable = record.valid_until() is not None
        return issue_document(
            record.kind,
            unit=unit,
            number=record.number,
            render=lambda url: render_record(record, verify_url=url if verifiable else ""),
            summary=record.summary(),
            valid_until=record.valid_until(),
            target=target,
            by=by,
        )


class Status(models.TextChoices):
    VALID = "valid", _("Genuine and valid")
    USED = "used", _("Already used")
    EXPIRED = "expired", _("Expired")
    NOT_GENUINE = "not_genuine", _("Not genuine")


@dataclass(frozen=True)
class Verification:
    status: Status
    document: IssuedDocument | None = None

    @property
    def is_genuine(self) -> bool:
        return self.status != Status.NOT_GENUINE


def verify_token(token: str, *, now: datetime | None = None) -> Verification:
    """Whether ``token`` names a document this site issued, and whether it still admits.

    A token that was forged, altered, or names a document no longer on record is not genuine.
    """
    now = now or timezone.now()
    try:
        claims = read_token(token)
    except BadToken:
        return Verification(Status.NOT_GENUINE)
    document = (
        IssuedDocument.objects.select_related("unit__building", "used_by")
        .filter(pk=claims.document_id, kind=claims.kind)
        .first()
    )
    if document is None:
        return Verification(Status.NOT_GENUINE)
    if document.used_at is not None:
        return Verification(Status.USED, document)
    if document.is_expired(now) or (claims.expires_at is not None and now > claims.expires_at):
        return Verification(Status.EXPIRED, document)
    return Verification(Status.VALID, document)


class PassRefused(Exception):
    """A pass cannot be marked used; the message says why."""


class NotSingleUse(PassRefused):
    """Only a goods release pass is used up at the gate; a permit stays valid until it expires."""


class PassExpired(PassRefused):
    pass


class AlreadyUsed(PassRefused):
    def __init__(self, document: IssuedDocument):
        self.document = document
        super().__init__(f"{document} was already used at {document.used_at:%Y-%m-%d %H:%M}.")


def mark_used(document: IssuedDocument, user, *, now: datetime | None = None) -> IssuedDocument:
    """Mark a valid single-use pass as used by ``user`` at ``now``, once.

    The check and the write are one conditional UPDATE, so two guards scanning the same
    pass at the same moment cannot both let it through. Raises :class:`AlreadyUsed` (its
    ``document`` tells when and by whom) or :class:`PassRefused`.
    """
    now = now or timezone.now()
    if not document.is_single_use:
        raise NotSingleUse(f"{document} is not used up at the gate.")
    if document.is_expired(now):
        raise PassExpired(f"{document} expired at {document.valid_until:%Y-%m-%d %H:%M}.")
    with transaction.atomic():
        updated = IssuedDocument.objects.filter(pk=document.pk, used_at__isnull=True).update(
            used_at=now, used_by=user
        )
        document.refresh_from_db(fields=["used_at", "used_by"])
        if not updated:
            raise AlreadyUsed(document)
        audit(document, "pass_used", actor=user, from_state="issued", to_state="used")
    return document
