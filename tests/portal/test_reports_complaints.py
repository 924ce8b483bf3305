"""The weekly complaint statistics (CP-9) on a small week whose answers are known."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from portal.policies.adapter import SHANGHAI
from portal.reports import registry
from portal.reports.periods import Period


pytestmark = pytest.mark.django_db

WEEK = Period.week_of(date(2026, 11, 9))  # Monday 9 to Sunday 15 November 2026, long past its deadlines


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(day, hour=9, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def rows(result, title):
    return [[str(value) for value in row] for row in result.table(title).rows]


def figure(result, label):
    return result.figure(label).value


def build(slug, period):
    return registry.get(slug).build(period)


@pytest.fixture
def complaints():
    from portal.complaints.models import ComplaintCase
    from portal.followups.models import FollowUp

    def complaint(n, received, **fields):
        return ComplaintCase.objects.create(
            reference=f"TS{n:04d}", complainant_name="王先生", received_at=received, **fields
        )

    major = complaint(
        1, at(9), subject="电梯故障", category="facilities", valid=True, grade="major",
        reply_by=at(11), replied_at=at(10), resolve_by=at(24), resolved_at=at(29),
    )
    complaint(
        2, at(10), subject="电梯故障", category="facilities", valid=True, grade="minor",
        reply_by=at(10, 21), replied_at=at(10, 22), resolve_by=at(10, 21), resolved_at=at(10, 19),
    )
    complaint(3, at(11), subject="物业费", category="fees", valid=False, grade="invalid")
    complaint(4, at(12), subject="垃圾清运", category="environment", reply_by=at(12, 21), resolve_by=at(12, 21))
    complaint(5, at(2), subject="上周的投诉", category="other")  # the week before
    source = ContentType.objects.get_for_model(major)
    for n, (kind, due, done) in enumerate(
        [("complaint", at(10), at(10, 8)), ("complaint", at(11), at(13)), ("repair", at(11), None)], start=1
    ):
        FollowUp.objects.create(
            source_type=source, source_id=1000 + n, kind=kind, closed_at=due - timedelta(days=1), due_by=due,
            done_at=done,
        )


def test_complaints_by_grade_and_validity_cp9(complaints):
    result = build("complaints", WEEK)

    assert [figure(result, label) for label in ("Complaints received", "Valid", "Invalid", "Validity not yet decided")] \
        == [4, 2, 1, 1]
    assert rows(result, "Valid complaints by grade") == [
        ["Major", "1", "1", "1", "100.0%", "1", "0", "0.0%"],
        ["Important", "0", "0", "0", "—", "0", "0", "—"],
        ["Minor", "1", "1", "0", "0.0%", "1", "1", "100.0%"],
    ]


def test_complaints_replied_and_resolved_on_time_cp6(complaints):
    result = build("complaints", WEEK)

    # Three replies were due (the undecided complaint's deadline passed unanswered); one was on time.
    assert figure(result, "Replied on time") == "33.3%"
    assert figure(result, "Resolved on time") == "33.3%"
    assert result.figure("Replied on time").met is False


def test_complaints_follow_up_rate_cp8(complaints):
    result = build("complaints", WEEK)

    assert figure(result, "Follow-up rate") == "50.0%"
    assert rows(result, "Follow-up calls") == [["2", "1", "50.0%"]]


def test_complaints_top_subjects(complaints):
    result = build("complaints", WEEK)

    assert rows(result, "Most frequent subjects") == [["电梯故障", "2"], ["垃圾清运", "1"], ["物业费", "1"]]
    assert rows(result, "What the complaints were about")[0] == ["Facilities and equipment", "2"]
