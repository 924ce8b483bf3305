"""A parking application refused after the rent was paid (CS-3): the case says the rent is
to be paid back, and the applicant is told so, with the reason, by email and on /my/."""

from decimal import Decimal

import pytest
from django.core import mail

from portal.audit.models import AuditEvent
from portal.casework.models import Submission, SubmissionStatus
from portal.parkingcases import services
from portal.parkingcases.models import CaseState

from .test_parkingcases_lifecycle import (  # noqa: F401  (fixtures)
    assistant,
    car,
    case,
    cashier,
    household,
    membership,
    owner,
    paid,
    space,
    staff_read_english,
)

pytestmark = pytest.mark.django_db


def test_a_rental_refused_after_payment_owes_the_rent_back(
    case, space, assistant, cashier, owner, django_capture_on_commit_callbacks  # noqa: F811
):
    paid(case, assistant, cashier, space)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        case = services.refuse(case, by=assistant, reason="车位需改作消防通道")

    assert (case.state, case.refund_due) == (CaseState.REFUSED, Decimal("1800.00"))
    event = AuditEvent.objects.for_object(case).last()
    assert (event.action, event.data) == ("refused", {"refund_due": "1800.00", "receipt": "SJ0012345"})
    submission = Submission.objects.get(pk=case.submission_id)
    assert submission.status == SubmissionStatus.REJECTED
    assert submission.status_note.startswith("车位需改作消防通道")
    assert "SJ0012345" in submission.status_note and "1800.00" in submission.status_note
    assert mail.outbox[-1].to == [owner.email]
    assert "车位需改作消防通道" in mail.outbox[-1].body and "SJ0012345" in mail.outbox[-1].body


def test_a_rental_refused_before_payment_owes_nothing(case, assistant):  # noqa: F811
    case = services.refuse(case, by=assistant, reason="车位不足")

    assert (case.state, case.refund_due) == (CaseState.REFUSED, None)
    assert Submission.objects.get(pk=case.submission_id).status_note == "车位不足"
