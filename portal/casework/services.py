"""Opening a case: one Submission, with its files, decision, reference and audit event.

:func:`create_submission` is the only way an application becomes a Submission, whether
an owner completes a form online or staff enter it at the desk.
"""

import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.audit.services import record

from .models import Draft, Submission, SubmissionFile, SubmissionStatus
from .references import next_reference

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Attachment:
    """A file to keep with a submission. ``content_type`` is what its content was
    found to be (not what the browser claimed); ``name`` the name it was uploaded under."""

    code: str
    file: File
    name: str
    content_type: str


def create_submission(
    *,
    procedure: str,
    applicant,
    author=None,
    answers: Mapping[str, Any],
    unit=None,
    household=None,
    attachments: Iterable[Attachment] = (),
    decision: Mapping[str, Any] | None = None,
    due_at: datetime | None = None,
    client_token: str | None = None,
    submitted_at: datetime | None = None,
) -> tuple[Submission, bool]:
    """Create the submission of one completed application; return it and whether it is new.

    All or nothing: the submission, its files (copied into private storage, with size and
    SHA-256), its reference number and its audit event are saved together; if anything
    fails, the files already copied are deleted and the exception propagates. Call it
    outside any enclosing transaction, so that "saved" means committed.

    ``client_token`` identifies one run of a form: a second call with the same token
    (a double click, a replayed request) creates nothing and returns the submission the
    first call made. The draft of that run, if any, is deleted with its files.
    ``answers`` and ``decision`` must be JSON-safe (``decision``: a snapshot with
    outcome, values, reasons and params_version).
    """
    if client_token:
        existing = Submission.objects.filter(client_token=client_token).first()
        if existing is not None:
            return existing, False

    submitted_at = submitted_at or timezone.now()
    written: list[tuple[Any, str]] = []
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                reference=next_reference(timezone.localtime(submitted_at, SHANGHAI).year),
                procedure=procedure,
                status=SubmissionStatus.SUBMITTED,
                applicant=applicant,
                author=author if getattr(author, "is_authenticated", False) else None,
                unit=unit,
                household=household,
                answers=dict(answers),
                decision=dict(decision or {}),
                submitted_at=submitted_at,
                due_at=due_at,
                client_token=client_token or None,
            )
            for attachment in attachments:
                stored = _attach(submission, attachment)
                written.append((stored.file.storage, stored.file.name))
            record(
                submission,
                "submitted",
                actor=submission.author,
                to_state=SubmissionStatus.SUBMITTED,
                data={"procedure": procedure, "files": len(written)},
            )
            if client_token:
                _complete_draft(client_token)
    except IntegrityError:
        _delete(written)
        if client_token:
            existing = Submission.objects.filter(client_token=client_token).first()
            if existing is not None:
                return existing, False
        raise
    except BaseException:
        _delete(written)
        raise
    return submission, True


def _attach(submission: Submission, attachment: Attachment) -> SubmissionFile:
    digest, size = _sha256_and_size(attachment.file)
    stored = SubmissionFile(
        submission=submission,
        code=attachment.code,
        original_name=_shorten(attachment.name, SubmissionFile._meta.get_field("original_name").max_length),
        content_type=attachment.content_type,
        size=size,
        sha256=digest,
    )
    attachment.file.seek(0)
    stored.file.save(attachment.name, attachment.file, save=False)
    try:
        stored.save()
    except BaseException:
        # The caller has not seen this file yet: delete it here.
        stored.file.storage.delete(stored.file.name)
        raise
    return stored


def _sha256_and_size(file: File) -> tuple[str, int]:
    file.seek(0)
    digest, size = hashlib.sha256(), 0
    for chunk in file.chunks():
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def _shorten(name: str, limit: int) -> str:
    """``name`` cut to ``limit`` characters, keeping its extension."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        return name[:limit]
    return f"{stem[: limit - len(extension) - 1]}.{extension}"


def _complete_draft(client_token: str) -> None:
    for draft in Draft.objects.filter(run_token=client_token):
        transaction.on_commit(draft.delete_files)
        draft.delete()


def _delete(written: list[tuple[Any, str]]) -> None:
    for storage, name in written:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not delete %s after a failed submission", name)
