"""柜台代办: staff open a case at the desk for an owner who comes in person, with the
procedure's own wizard; the case is the owner's, the member of staff its author."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.casework.models import Channel, Draft, Submission
from portal.organisation import groups
from tests.factories import PersonFactory, StaffUserFactory

from .conftest import in_days, jpeg, messages_of, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


class DeskWizard:
    """Drives the desk's wizard for ``person`` as the browser does."""

    def __init__(self, client, procedure: str, person):
        self.client = client
        self.url = reverse("casework_desk:wizard", args=(procedure, person.pk))
        self.prefix = f"desk-{procedure}-{person.pk}"

    def start(self):
        return self.client.get(self.url)

    def post(self, step: str, *, extra: dict | None = None, **fields):
        data = {f"{self.prefix}-current_step": step, **{f"{step}-{name}": value for name, value in fields.items()}}
        data.update(extra or {})
        return self.client.post(self.url, data)


@pytest.fixture
def assistant(client):
    user = StaffUserFactory(groups=[groups.ASSISTANT], username="lizhuli", last_name="李", first_name="助理")
    client.force_login(user)
    client.user = user
    return client


def run_repair(desk, owner):
    unit = owner.memberships.get().household.unit
    first = desk.start()
    assert first.status_code == 200
    assert first.context["form"]["phone"].value() == owner.mobile  # the owner's, from the register
    assert step_of(desk.post("place", unit=unit.pk, phone=owner.mobile)) == "fault"
    desk.post("fault", category="burst_pipe", description="厨房天花板漏水")
    desk.post("photos", photo_1=jpeg())
    assert step_of(desk.post("appointment", appointment_at=in_days(1))) == "confirm"
    return desk.post("confirm", confirm="on")


def test_the_desk_finds_the_owner_in_the_register_by_name_mobile_or_unit(assistant, owner, neighbour):
    start = reverse("casework_desk:start")

    for query in ("王建国", owner.mobile, "1203"):
        response = assistant.get(start, {"procedure": "repair", "q": query})
        assert response.status_code == 200
        assert [row["person"] for row in response.context["results"]] == [owner]
    row = response.context["results"][0]
    assert row["url"] == reverse("casework_desk:wizard", args=("repair", owner.pk))
    assert "3栋 1203" in row["homes"][0]


def test_staff_open_a_repair_for_an_owner_at_the_desk(assistant, owner):
    done = run_repair(DeskWizard(assistant, "repair", owner), owner)

    submission = Submission.objects.get()
    assert done.status_code == 302
    assert done.url == reverse("casework_submission:inspect", args=(submission.pk,))
    assert (submission.applicant, submission.author, submission.channel) == (owner, assistant.user, Channel.DESK)
    assert submission.answers["category"] == "burst_pipe"
    assert submission.decision["values"] == {"priority": "emergency"}  # RP-3, as online
    assert [file.original_name for file in submission.files.all()] == ["leak.jpg"]
    event = AuditEvent.objects.for_object(submission).get()
    assert (event.action, event.actor, event.data["channel"]) == ("submitted", assistant.user, "desk")
    assert not Draft.objects.exists()  # nothing left on the owner's account half-done
    assert mail.outbox[0].to == [owner.email]

    case_page = assistant.get(done.url)
    assert submission.reference in " ".join(messages_of(case_page))


def test_the_owner_sees_the_case_entered_for_them_on_my_account(assistant, owner, client):
    run_repair(DeskWizard(assistant, "repair", owner), owner)
    client.force_login(owner.user)
    client.cookies["django_language"] = "en"

    page = client.get("/my/").content.decode()

    assert Submission.objects.get().reference in page
    assert "At the service centre&#x27;s desk" in page or "At the service centre's desk" in page


def test_two_owners_at_the_desk_have_runs_of_their_own(assistant, owner, neighbour):
    first, second = DeskWizard(assistant, "repair", owner), DeskWizard(assistant, "repair", neighbour)
    first.start()
    first.post("place", unit=owner.memberships.get().household.unit_id, phone=owner.mobile)

    assert step_of(second.start()) == "place"
    assert step_of(first.start()) == "fault"


def test_a_person_without_a_unit_is_turned_away_with_the_reason(assistant):
    nobody = PersonFactory(name="赵无房")

    response = DeskWizard(assistant, "repair", nobody).start()

    assert response.status_code == 403
    assert "赵无房" in response.context["reason"]


@pytest.mark.parametrize("group_name", [groups.ENGINEERING, groups.SECURITY, groups.CASHIER, groups.ARCHIVIST])
def test_groups_outside_the_desk_cannot_open_cases(client, owner, group_name):
    client.force_login(StaffUserFactory(groups=[group_name]))

    assert client.get(reverse("casework_desk:start")).status_code == 403
    assert DeskWizard(client, "repair", owner).start().status_code == 403
    assert not Submission.objects.exists()


@pytest.mark.parametrize("group_name", [groups.ASSISTANT, groups.SUPERVISOR, groups.PROJECT_MANAGER])
def test_the_desk_groups_find_the_entry_in_the_review_queue(client, group_name):
    client.force_login(StaffUserFactory(groups=[group_name]))

    queue = client.get(reverse("casework_submission:index")).content.decode()

    assert reverse("casework_desk:start") in queue


def test_an_owner_cannot_reach_the_desk(owner_client, owner):
    response = owner_client.get(reverse("casework_desk:wizard", args=("repair", owner.pk)))

    assert response.status_code in (302, 403)
    assert not Submission.objects.exists()
