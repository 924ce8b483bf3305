"""Opening a case: one Submission, with its files, decision, reference and audit event.

:func:`create_submission` is the only way an application becomes a Submission, whether
an owner completes a form online or staff enter it at the desk; :func:`resubmit` is the
only way an applicant asked for more information amends it.
"""

import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record

from . import notifications
from .models import Channel, Draft, Submission, SubmissionFile, SubmissionStatus
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
    channel: str = Channel.ONLINE,
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
    outcome, values, reasons and params_version). ``author`` is the login that entered
    the application: the applicant's own online, a member of staff at the desk
    (``channel`` :attr:`Channel.DESK`).
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
                channel=channel,
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
                data={"procedure": procedure, "files": len(written), "channel": channel},
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


# --- Amending after a request for more information ------------------------------------


class ResubmissionRefused(Exception):
    """The case cannot be amended now; ``str()`` says why, in words for the applicant."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def may_amend(user, submission: Submission) -> bool:
    """May ``user`` amend ``submission``? Only its applicant's own login, and only while
    the service centre waits for more information from them."""
    return (
        getattr(user, "is_authenticated", False)
        and submission.applicant.user_id == user.pk
        and submission.status == SubmissionStatus.INFO_REQUESTED
    )


def resubmit(
    submission: Submission,
    *,
    by,
    answers: Mapping[str, Any],
    attachments: Iterable[Attachment] = (),
    decision: Mapping[str, Any] | None = None,
    due_at: datetime | None = None,
    unit=None,
    household=None,
) -> Submission:
    """Send the amended application back to the service centre: the same case, under the
    same reference, ``submitted`` again.

    ``answers``, ``attachments`` and ``decision`` are the application as it now stands,
    as for :func:`create_submission` (the decision asked again on the amended answers).
    A file whose content is unchanged is kept as it is; a file replaced or removed is
    deleted once the change has committed. The answers and files replaced are kept in
    the audit event ``resubmitted`` (``data``: ``changes`` ``{field: {"from", "to"}}``,
    ``previous_answers``, ``previous_outcome``, ``files_added``, ``files_removed``),
    which also takes the place of the note asking for information (the question stays
    in the history). The staff who asked, or the assignee, are emailed after the commit.

    Only the applicant's own login may resubmit (else :class:`PermissionDenied`), and
    only while the case is ``info_requested`` (else :class:`ResubmissionRefused`).
    All or nothing, like :func:`create_submission`.
    """
    if not getattr(by, "is_authenticated", False) or submission.applicant.user_id != by.pk:
        raise PermissionDenied(f"{by} may not amend {submission.reference}")
    written: list[tuple[Any, str]] = []
    try:
        with transaction.atomic():
            case = Submission.objects.select_for_update(of=("self",)).get(pk=submission.pk)
            if case.status != SubmissionStatus.INFO_REQUESTED:
                raise ResubmissionRefused(
                    _("Application %(reference)s can no longer be amended: it is “%(status)s”.")
                    % {"reference": case.reference, "status": case.get_status_display()}
                )
            previous_answers, previous_outcome = case.answers or {}, (case.decision or {}).get("outcome", "")
            added, removed, obsolete = _replace_files(case, attachments, written)
            answers = dict(answers)
            case.answers = answers
            case.decision = dict(decision or {})
            case.due_at = due_at
            case.unit = unit
            case.household = household
            case.status = SubmissionStatus.SUBMITTED
            case.status_note = ""
            case.save(update_fields=["answers", "decision", "due_at", "unit", "household", "status", "status_note"])
            record(
                case,
                "resubmitted",
                actor=by,
                from_state=SubmissionStatus.INFO_REQUESTED,
                to_state=SubmissionStatus.SUBMITTED,
                data={
                    "changes": answer_changes(previous_answers, answers),
                    "previous_answers": previous_answers,
                    "previous_outcome": previous_outcome,
                    "outcome": case.decision.get("outcome", ""),
                    "files_added": added,
                    "files_removed": removed,
                },
            )
            transaction.on_commit(lambda: _delete(obsolete))
            transaction.on_commit(lambda: notifications.notify_staff_of_resubmission(case))
    except BaseException:
        _delete(written)
        raise
    for field in ("answers", "decision", "due_at", "unit", "household", "status", "status_note"):
        setattr(submission, field, getattr(case, field))
    return case


def answer_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """``{field: {"from": old, "to": new}}`` for every answer that differs."""
    return {
        key: {"from": before.get(key), "to": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _replace_files(case: Submission, attachments: Iterable[Attachment], written: list) -> tuple[list, list, list]:
    """Make ``attachments`` the case's files: keep those whose content is unchanged, add
    the others and drop the files they replace. Returns the names added and removed, and
    the stored files to delete once committed."""
    current = {stored.code: stored for stored in case.files.all()}
    added, removed, obsolete, kept = [], [], [], set()
    for attachment in attachments:
        stored = current.get(attachment.code)
        digest, _size = _sha256_and_size(attachment.file)
        if stored is not None and stored.sha256 == digest:
            kept.add(attachment.code)
            continue
        new = _attach(case, attachment)
        written.append((new.file.storage, new.file.name))
        added.append(new.original_name)
    for code, stored in current.items():
        if code not in kept:
            removed.append(stored.original_name)
            obsolete.append((stored.file.storage, stored.file.name))
            stored.delete()
    return added, removed, obsolete
