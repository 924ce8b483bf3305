"""What a row of the review queue (案件审核) shows staff: each column as they read it, in the
admin's language, the case's link and its menu, and the columns they sort by."""

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from portal.casework.models import SubmissionStatus
from portal.casework.procedures import Procedure
from tests.factories import BuildingFactory, PersonFactory, UnitFactory

from .test_review_queue import SubmissionFactory, in_admin_language, manager, url  # noqa: F401

pytestmark = pytest.mark.django_db


def row_of(html: str, reference: str) -> str:
    return next(row for row in re.findall(r"<tr.*?</tr>", html, re.S) if reference in row)


def cell_texts(row: str) -> list[str]:
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def test_a_row_shows_the_case_as_staff_read_it(manager):
    unit = UnitFactory(building=BuildingFactory(name="3栋"), number="0801")
    case = SubmissionFactory(
        procedure=Procedure.COMPLAINT,
        status=SubmissionStatus.IN_PROGRESS,
        applicant=PersonFactory(name="王建国"),
        unit=unit,
        assigned_to=manager.user,
        submitted_at=datetime(2026, 3, 2, 1, 30, tzinfo=UTC),
        due_at=datetime(2099, 3, 9, 1, 30, tzinfo=UTC),
    )

    row = row_of(manager.get(url()).content.decode(), case.reference)

    assert cell_texts(row) == [
        f"{case.reference} {in_admin_language('Inspect')}",
        in_admin_language(Procedure.COMPLAINT.label),
        "王建国",
        escape(str(unit)),
        in_admin_language(SubmissionStatus.IN_PROGRESS.label),
        "2026-03-02 09:30",
        "2099-03-09 09:30",
        "王经理",
    ]
    assert '<span class="w-status w-status--primary">' in row  # an open case stands out
    assert "data-overdue" not in row
    # The reference and the row's menu both lead to the case page.
    assert row.count(f'href="{url("inspect", case.pk)}"') == 2
    with translation.override(settings.LANGUAGE_CODE):
        menu_label = translation.gettext("More options for '%(title)s'") % {"title": str(case)}
    assert f'aria-label="{escape(menu_label)}"' in row


def test_a_closed_unassigned_case_reads_plainly(manager):
    case = SubmissionFactory(status=SubmissionStatus.COMPLETED, overdue=True)

    row = row_of(manager.get(url()).content.decode(), case.reference)

    assert '<span class="w-status">' in row
    assert "data-overdue" not in row  # past its due time, but closed
    assert cell_texts(row)[-1] == ""


def test_staff_sort_by_reference_procedure_status_and_times(manager):
    SubmissionFactory()

    html = manager.get(url()).content.decode()

    for key in ("reference", "procedure", "status", "submitted_at", "due_at"):
        assert f"?ordering={key}" in html
        assert manager.get(url(), {"ordering": key}).status_code == 200
