"""投诉: a complaint, linked to the same event when others reported it already; the owner
is told the deadlines before submitting, and never sees who else complained."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.casework.models import Submission
from portal.casework.services import create_submission
from tests.factories import BuildingFactory

from .conftest import jpeg, make_resident, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


def complaint_by(person, subject, *, same_event=None, status="submitted"):
    unit = person.memberships.get().household.unit
    answers = {"subject": subject, "description": "…"}
    if same_event:
        answers["same_event"] = same_event.reference
    submission, _ = create_submission(procedure="complaint", applicant=person, answers=answers, unit=unit)
    Submission.objects.filter(pk=submission.pk).update(status=status)
    return submission


def test_a_complaint_nobody_else_made_skips_the_same_event_question(complaint, owner):
    start = complaint.start()
    assert "1/3" in start.content.decode()  # complaint, photos, confirm
    unit = owner.memberships.get().household.unit
    response = complaint.post("details", unit=unit.pk, subject="夜间施工噪音", description="晚上十一点还在施工")
    assert step_of(response) == "photos"
    confirm = complaint.post("photos", photo_1=jpeg("noise.jpg"))
    assert step_of(confirm) == "confirm"
    labels = [label for label, _value in confirm.context["preview_rows"]]
    assert len(labels) == 2  # reply by, resolve by

    complaint.post("confirm", confirm="on")
    submission = Submission.objects.get()
    assert submission.procedure == "complaint"
    assert submission.answers["subject"] == "夜间施工噪音"
    assert "same_event" not in submission.answers
    assert submission.decision["values"]["grade"] == "minor"
    assert submission.due_at is not None
    assert submission.files.get().original_name == "noise.jpg"


def test_the_same_event_list_shows_subject_and_date_but_never_who_complained(complaint, owner, neighbour):
    lift = complaint_by(neighbour, "3栋电梯停运")
    complaint_by(neighbour, "已办结的旧投诉", status="completed")
    complaint_by(owner, "我自己的投诉")
    elsewhere = BuildingFactory(estate__name="另一个小区")
    complaint_by(make_resident(elsewhere, "101", "赵六", "zhao6"), "别的小区的事")

    complaint.start()
    unit = owner.memberships.get().household.unit
    response = complaint.post("details", unit=unit.pk, subject="电梯坏了", description="三天没修")

    assert step_of(response) == "same_event"
    html = response.content.decode()
    assert "3栋电梯停运" in html
    assert timezone.localtime(lift.submitted_at).strftime("%Y-%m-%d") in html
    assert neighbour.name not in html
    assert "已办结的旧投诉" not in html
    assert "我自己的投诉" not in html
    assert "别的小区的事" not in html
    offered = list(response.context["form"].fields["same_event"].queryset)
    assert offered == [lift]


def test_the_fifth_complainant_of_an_event_is_told_the_major_deadlines(complaint, owner, building):
    first = complaint_by(make_resident(building, "201", "张三", "zhang3"), "地下车库积水")
    for number, name, username in (("202", "李四", "li4"), ("203", "王五", "wang5"), ("204", "钱七", "qian7")):
        complaint_by(make_resident(building, number, name, username), "同上", same_event=first)

    complaint.start()
    unit = owner.memberships.get().household.unit
    complaint.post("details", unit=unit.pk, subject="车库积水", description="车被泡了")
    complaint.post("same_event", same_event=first.pk)
    confirm = complaint.post("photos")
    assert step_of(confirm) == "confirm"
    assert "地下车库积水" in confirm.content.decode()  # the link, read back by subject

    complaint.post("confirm", confirm="on")
    mine = Submission.objects.get(applicant=owner)
    assert mine.answers["same_event"] == first.reference
    # Five people complained about the same event: a major complaint (CP-2), replied
    # within two days and resolved within fifteen (CP-6).
    assert mine.decision["values"]["grade"] == "major"
    assert mine.due_at - mine.submitted_at == timedelta(hours=48)


def test_a_complaint_cannot_be_linked_to_one_that_was_not_offered(complaint, owner, neighbour):
    complaint_by(neighbour, "3栋电梯停运")
    closed = complaint_by(neighbour, "已办结", status="completed")
    complaint.start()
    complaint.post("details", unit=owner.memberships.get().household.unit_id, subject="电梯", description="坏了")

    response = complaint.post("same_event", same_event=closed.pk)

    assert step_of(response) == "same_event"
    assert response.context["form"].errors["same_event"]
