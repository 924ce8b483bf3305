"""Owner files (业主档案, AR-5): who reads them, who asks, who decides, and the log of every look."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from portal.archive import services
from portal.archive.models import AccessRequest, FileView, RequestState, ViewKind
from portal.audit.models import AuditEvent
from portal.organisation import groups
from tests.factories import HouseholdMemberFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return HouseholdMemberFactory()


@pytest.fixture
def manager():
    return StaffUserFactory(groups=[groups.PROJECT_MANAGER])


@pytest.fixture
def cashier():
    return StaffUserFactory(groups=[groups.CASHIER])


def person_url(person, view="inspect"):
    return reverse(f"estate_person:{view}", args=(person.pk,))


def household_url(household, view="inspect"):
    return reverse(f"estate_household:{view}", args=(household.pk,))


def approved(requester, owner_file, manager, *, hours=24):
    access_request = services.request_access(requester, owner_file, reason="核对收费联系人")
    return services.approve(access_request, by=manager, expires_at=timezone.now() + timedelta(hours=hours))


@pytest.mark.parametrize(
    ("group", "allowed"),
    [
        (groups.PROJECT_MANAGER, True),  # AR-5: the manager decides
        (groups.ASSISTANT, True),  # the desk keeps the files (AR-2, AR-4)
        (groups.SUPERVISOR, True),
        (groups.ARCHIVIST, True),
        (groups.CASHIER, False),  # AR-5: needs the manager's approval
        (groups.ENGINEERING, False),
        (groups.SECURITY, False),
        (groups.CONTENT_EDITOR, False),
    ],
)
def test_who_reads_an_owner_file_without_asking_ar5(owner, group, allowed):
    user = StaffUserFactory(groups=[group])

    assert services.can_view(user, owner.person) is allowed
    assert services.can_view(user, owner.household) is allowed


def test_an_owner_never_reads_another_owners_file_ar5(owner):
    stranger = UserFactory()

    assert services.requester_role(stranger) == "outsider"
    assert not services.can_view(stranger, owner.person)


def test_the_cashier_is_refused_and_the_attempt_is_logged_ar5(client, owner, cashier):
    client.force_login(cashier)

    response = client.get(person_url(owner.person))

    assert response.status_code == 403
    assert b"data-owner-file-refused" in response.content
    assert b"AR-5" in response.content
    request_link = reverse("archive_request:add") + f"?person={owner.person.pk}"
    assert request_link.encode() in response.content
    view = FileView.objects.get()
    assert (view.viewer, view.person, view.kind, view.allowed) == (cashier, owner.person, ViewKind.INSPECT, False)


def test_the_cashier_cannot_open_the_edit_form_or_save_it_ar5(client, owner, cashier):
    client.force_login(cashier)

    assert client.get(household_url(owner.household, "edit")).status_code in (302, 403)
    assert client.post(person_url(owner.person, "edit"), {"name": "改名"}).status_code in (302, 403)

    owner.person.refresh_from_db()
    assert owner.person.name != "改名"


def test_approved_access_opens_the_file_until_it_expires_ar5(client, owner, cashier, manager):
    access_request = approved(cashier, owner.household, manager, hours=2)
    client.force_login(cashier)

    assert client.get(household_url(owner.household)).status_code == 200
    # An approval for the household covers the people in it.
    assert client.get(person_url(owner.person)).status_code == 200
    views = FileView.objects.order_by("id")
    assert [(v.allowed, v.access_request_id) for v in views] == [(True, access_request.pk)] * 2

    later = timezone.now() + timedelta(hours=3)
    assert not services.can_view(cashier, owner.household, at=later)
    AccessRequest.objects.filter(pk=access_request.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(household_url(owner.household)).status_code == 403


def test_an_approval_for_one_person_opens_nobody_else(owner, cashier, manager):
    approved(cashier, owner.person, manager)
    neighbour = HouseholdMemberFactory()

    assert services.can_view(cashier, owner.person)
    assert not services.can_view(cashier, neighbour.person)
    assert not services.can_view(cashier, owner.household)


def test_every_look_by_the_desk_is_logged_too(client, owner):
    assistant = StaffUserFactory(groups=[groups.ASSISTANT])
    client.force_login(assistant)

    assert client.get(person_url(owner.person)).status_code == 200
    assert client.get(household_url(owner.household)).status_code == 200

    assert FileView.objects.filter(viewer=assistant, allowed=True).count() == 2


def test_export_is_refused_without_approval_ar5(client, owner, cashier):
    client.cookies["django_language"] = "en"
    client.force_login(cashier)

    response = client.get(reverse("estate_person:index") + "?export=csv", follow=True)

    assert response.redirect_chain
    assert "not exported without the project manager" in response.content.decode()
    assert not FileView.objects.filter(kind=ViewKind.EXPORT).exists()


def test_the_cashier_lists_only_the_files_the_manager_opened_ar5(client, owner, cashier, manager):
    neighbour = HouseholdMemberFactory()
    client.force_login(cashier)

    before = client.get(reverse("estate_person:index")).content.decode()
    approved(cashier, owner.person, manager)
    after = client.get(reverse("estate_person:index")).content.decode()

    assert owner.person.name not in before and owner.person.mobile not in before
    assert owner.person.name in after
    assert neighbour.person.name not in after and neighbour.person.mobile not in after


def test_export_holds_only_the_approved_files_and_logs_them_ar5(client, owner, cashier, manager):
    neighbour = HouseholdMemberFactory()
    approved(cashier, owner.person, manager)
    client.force_login(cashier)

    response = client.get(reverse("estate_person:index") + "?export=csv")

    body = b"".join(response.streaming_content).decode()
    assert owner.person.name in body
    assert neighbour.person.name not in body
    assert list(FileView.objects.filter(kind=ViewKind.EXPORT).values_list("person", flat=True)) == [owner.person.pk]


def test_the_desk_exports_every_file_and_each_is_logged(client, owner):
    HouseholdMemberFactory()
    assistant = StaffUserFactory(groups=[groups.ASSISTANT])
    client.force_login(assistant)

    response = client.get(reverse("estate_person:index") + "?export=xlsx")

    assert response.status_code == 200
    assert FileView.objects.filter(kind=ViewKind.EXPORT, viewer=assistant).count() == 2


def test_a_request_is_asked_for_decided_by_the_manager_and_audited(client, owner, cashier, manager):
    client.force_login(cashier)
    response = client.post(
        reverse("archive_request:add"), {"person": owner.person.pk, "reason": "退费需核对业主姓名"}
    )
    access_request = AccessRequest.objects.get()
    assert response.status_code == 302
    assert access_request.state == RequestState.PENDING

    client.force_login(manager)
    until = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("archive_request:approve", args=(access_request.pk,)), {"expires_at": until})

    access_request.refresh_from_db()
    assert access_request.state == RequestState.APPROVED
    assert access_request.decided_by == manager
    assert [e.action for e in AuditEvent.objects.for_object(access_request)] == ["requested", "approved"]
    assert services.can_view(cashier, owner.person)


def test_only_the_manager_decides(owner, cashier):
    access_request = services.request_access(cashier, owner.person, reason="核对")
    supervisor = StaffUserFactory(groups=[groups.SUPERVISOR])

    with pytest.raises(PermissionDenied):
        services.approve(access_request, by=supervisor)


def test_a_refused_request_opens_nothing(owner, cashier, manager):
    access_request = services.request_access(cashier, owner.person, reason="核对")

    services.refuse(access_request, by=manager, note="无需查阅")

    access_request.refresh_from_db()
    assert access_request.state == RequestState.REFUSED
    assert not services.can_view(cashier, owner.person)


def test_access_is_time_limited(owner, cashier, manager):
    access_request = services.request_access(cashier, owner.person, reason="核对")

    with pytest.raises(services.ArchiveError):
        services.approve(access_request, by=manager, expires_at=timezone.now() + timedelta(days=31))
    with pytest.raises(services.ArchiveError):
        services.approve(access_request, by=manager, expires_at=timezone.now() - timedelta(minutes=1))


def test_one_waiting_request_per_file(owner, cashier):
    services.request_access(cashier, owner.person, reason="核对")

    with pytest.raises(services.ArchiveError):
        services.request_access(cashier, owner.person, reason="再次")


def test_a_requester_sees_only_their_own_requests(client, owner, cashier):
    mine = services.request_access(cashier, owner.person, reason="核对")
    security = StaffUserFactory(groups=[groups.SECURITY])
    theirs = services.request_access(security, owner.household, reason="访客核对")
    client.force_login(cashier)

    assert client.get(reverse("archive_request:inspect", args=(mine.pk,))).status_code == 200
    assert client.get(reverse("archive_request:inspect", args=(theirs.pk,))).status_code == 404


def test_the_unit_page_hides_the_household_from_engineering(client, owner):
    engineer = StaffUserFactory(groups=[groups.ENGINEERING])
    client.force_login(engineer)

    response = client.get(reverse("estate_unit:inspect", args=(owner.household.unit.pk,)))

    assert response.status_code == 200
    assert b"data-owner-file-closed" in response.content
    assert owner.person.mobile.encode() not in response.content
