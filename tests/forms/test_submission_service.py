"""``portal.casework.services.create_submission``: all or nothing, once per run."""

import hashlib

import pytest
from django.core.files.base import ContentFile

from portal.casework import services
from portal.casework.models import Draft, Submission, SubmissionFile
from portal.casework.services import Attachment, create_submission

from .conftest import files_under

pytestmark = pytest.mark.django_db


def attachment(content=b"%PDF-1.4 scan", name="scan.pdf"):
    return Attachment(code="floor_plan", file=ContentFile(content, name=name), name=name,
                      content_type="application/pdf")


def test_a_submission_keeps_its_files_privately_with_their_digest(owner, private_media):
    submission, created = create_submission(
        procedure="repair", applicant=owner, answers={"a": 1}, attachments=[attachment()],
    )

    assert created
    stored = submission.files.get()
    assert stored.sha256 == hashlib.sha256(b"%PDF-1.4 scan").hexdigest()
    assert stored.size == 13
    assert stored.original_name == "scan.pdf"
    assert stored.file.name.startswith("submissions/")
    assert files_under(private_media) == [stored.file.name]


def test_the_same_run_is_submitted_once(owner):
    first, created = create_submission(procedure="repair", applicant=owner, answers={}, client_token="run-1")
    again, created_again = create_submission(procedure="repair", applicant=owner, answers={}, client_token="run-1")

    assert created and not created_again
    assert again == first
    assert Submission.objects.count() == 1


def test_submitting_a_run_deletes_its_draft(owner):
    Draft.objects.create(person=owner, procedure="repair", run_token="run-2", step="confirm", path="/x/")
    create_submission(procedure="repair", applicant=owner, answers={}, client_token="run-2")
    assert not Draft.objects.exists()


def test_a_failure_takes_back_the_files_already_written(owner, private_media, monkeypatch):
    monkeypatch.setattr(services, "record", lambda *args, **kwargs: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        create_submission(procedure="repair", applicant=owner, answers={},
                          attachments=[attachment(), attachment(b"\x89PNG\r\n\x1a\n...", "b.png")])

    assert not Submission.objects.exists()
    assert not SubmissionFile.objects.exists()
    assert files_under(private_media) == []


def test_references_count_up_per_year(owner):
    first, _ = create_submission(procedure="repair", applicant=owner, answers={})
    second, _ = create_submission(procedure="complaint", applicant=owner, answers={})
    year = first.submitted_at.year
    assert (first.reference, second.reference) == (f"ZX-{year}-000001", f"ZX-{year}-000002")


def test_a_long_file_name_is_shortened_keeping_its_extension(owner):
    name = "很长的文件名" * 60 + ".pdf"
    submission, _ = create_submission(procedure="repair", applicant=owner, answers={},
                                      attachments=[attachment(name=name)])
    stored = submission.files.get().original_name
    assert len(stored) == 200
    assert stored.endswith(".pdf")
