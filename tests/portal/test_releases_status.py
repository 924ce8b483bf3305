"""A release pass application reads as its case stands: completed once the pass is issued
(GR-7), rejected with the reason once it is refused; and only issued passes count as the
unit's recent passes (GR-3)."""

import pytest
from django.utils import timezone

from forms.wizards.release_pass import recent_passes
from portal.audit.models import AuditEvent
from portal.casework.models import Submission, SubmissionStatus
from portal.releases import services

from .test_releases_lifecycle import application, assistant, case_of, owner, stub_pdf, unit  # noqa: F401

pytestmark = pytest.mark.django_db


def issue(case, by):
    services.record_consent(case, by=by, answer="given")
    services.record_signatures(case, by=by, owner_signed=True)
    return services.issue(case, by=by)


def application_events(submission) -> list[tuple[str, str, str]]:
    return [(event.action, event.from_state, event.to_state) for event in AuditEvent.objects.for_object(submission)]


def test_issuing_the_pass_completes_the_application(stub_pdf, owner, unit, assistant):  # noqa: F811
    submission = application(unit, owner)

    issue(case_of(submission), assistant)

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.COMPLETED
    assert application_events(submission)[-1] == ("completed", SubmissionStatus.SUBMITTED, SubmissionStatus.COMPLETED)
    assert not Submission.objects.open().filter(pk=submission.pk).exists()


def test_refusing_the_pass_rejects_the_application_with_the_reason(owner, unit, assistant):  # noqa: F811
    submission = application(unit, owner)

    services.refuse(case_of(submission), by=assistant, reason="业主电话表示不同意搬出")

    submission.refresh_from_db()
    assert (submission.status, submission.status_note) == (SubmissionStatus.REJECTED, "业主电话表示不同意搬出")
    event = AuditEvent.objects.for_object(submission).last()
    assert (event.action, event.actor, event.note) == ("rejected", assistant, "业主电话表示不同意搬出")


def test_a_refused_application_is_not_a_recent_pass_and_an_issued_one_is(stub_pdf, owner, unit, assistant):  # noqa: F811
    services.refuse(case_of(application(unit, owner)), by=assistant, reason="物品清单不符")
    waiting = application(unit, owner)
    case_of(waiting)

    assert recent_passes(unit, before=timezone.now()) == 0  # GR-3

    issue(case_of(waiting), assistant)

    assert recent_passes(unit, before=timezone.now()) == 1
