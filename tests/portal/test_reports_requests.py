"""The weekly request and suggestion summary (RQ-4) on a small week whose answers are known."""

from datetime import date, datetime, timedelta

import pytest
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
def service_requests():
    from portal.servicerequests.models import ServiceRequest

    def request(n, received, **fields):
        return ServiceRequest.objects.create(
            reference=f"XQ{n:04d}", contact_name="李女士", content="需求内容", received_at=received,
            forward_by=received + timedelta(minutes=10), reply_by=received + timedelta(days=1), **fields
        )

    request(1, at(10), kind="request", channel="phone", department="engineering", forwarded_at=at(10, 9, 5),
            replied_at=at(10, 20), state="closed", closed_at=at(11))
    request(2, at(11), kind="suggestion", channel="online", serious=True, department="engineering",
            forwarded_at=at(11, 9, 30), replied_at=at(13), state="replied")
    request(3, at(12), kind="request", channel="visit", state="received")
    request(4, at(16), kind="request", channel="phone", state="received")  # the next week


def test_the_weekly_request_summary_rq4(service_requests):
    result = build("requests", WEEK)

    assert [figure(result, label) for label in ("Received", "Requests", "Suggestions", "Serious or urgent")] \
        == [3, 2, 1, 1]
    assert figure(result, "Forwarded within 10 minutes") == "33.3%"
    assert figure(result, "Replied on time") == "33.3%"
    assert figure(result, "Still waiting for a reply") == 1
    assert figure(result, "Reply overdue") == 1
    assert rows(result, "By department") == [["Engineering", "2", "1"]]
    assert rows(result, "By channel") == [["Online", "1"], ["Phone call", "1"], ["At the desk", "1"]]


def test_the_weekly_summary_says_when_it_is_due_rq4(service_requests):
    result = build("requests", WEEK)

    assert any("2026-11-13 17:30" in str(note) for note in result.notes)
