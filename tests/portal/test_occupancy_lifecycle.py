"""Registering who moves in (客户入住, OC-1…OC-7): an owner on their word, a tenant with the
owner's confirmation, the lease and the pledge; the register and the unit's status updated
once ``occupancy.register`` allows."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from portal.audit.models import AuditEvent
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.demo.identity import make_id_number
from portal.estate.models import HouseholdMember, MemberRole, OccupancyStatus, UnitStatusChange, Vehicle
from portal.occupancy import services
from portal.occupancy.models import CaseState, OccupancyCase
from portal.occupancy.services import CaseError, GateDenied, IllegalTransition
from portal.organisation.groups import ASSISTANT, CASHIER
from tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    PersonFactory,
    StaffUserFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TENANT_ID = make_id_number("440305", date(1990, 3, 7), 881)


@pytest.fixture
def unit():
    return UnitFactory(status=OccupancyStatus.VACANT)


@pytest.fixture
def owner(unit):
    person = PersonFactory(name="孙业主", email="sunyezhu@example.cn", user=UserFactory(username="sunyezhu"))
    HouseholdMemberFactory(household=HouseholdFactory(unit=unit), person=person)
    return person


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="lizhuli")


_references = iter(range(1, 10_000))


def registration(unit, applicant, *, occupant="owner", **answers) -> Submission:
    """An occupancy registration as the wizard stores it."""
    answers = {"unit": {"id": unit.pk, "text": str(unit)}, "occupant": occupant, "move_in_date": "2026-03-08",
               **answers}
    if occupant == "tenant":
        answers = {"lease": "lease.pdf", "tenant_name": "钱租客", "tenant_id_number": TENANT_ID,
                   "tenant_mobile": "13700001111", "pledge": True, "signature": "钱租客",
                   "owner_confirmation": "pending", **answers}
    return Submission.objects.create(
        reference=f"RZ-2026-{next(_references):06d}", procedure=Procedure.OCCUPANCY, applicant=applicant, unit=unit,
        answers=answers,
    )


def audit_trail(case) -> list[tuple[str, str, str]]:
    return [(event.action, event.from_state, event.to_state) for event in AuditEvent.objects.for_object(case)]


def test_an_owner_moving_in_is_registered_and_the_unit_becomes_owner_occupied(
    unit, owner, assistant, django_capture_on_commit_callbacks
):
    case = services.open_case(registration(unit, owner))
    assert services.available_actions(assistant, case) == ["register", "refuse"]

    with django_capture_on_commit_callbacks(execute=True):
        services.register(case, by=assistant, vehicles=[{"plate": "粤B12345", "model": "比亚迪汉EV"}])

    assert (case.state, case.unit_status) == (CaseState.REGISTERED, OccupancyStatus.OWNER_OCCUPIED)
    assert case.decision["outcome"] == "allow"
    assert audit_trail(case) == [("opened", "", CaseState.OPENED),
                                 ("registered", CaseState.OPENED, CaseState.REGISTERED)]
    unit.refresh_from_db()
    assert unit.status == OccupancyStatus.OWNER_OCCUPIED
    change = UnitStatusChange.objects.get(unit=unit)
    assert (change.from_status, change.to_status) == (OccupancyStatus.VACANT, OccupancyStatus.OWNER_OCCUPIED)
    assert "2026-03-08" in change.note
    vehicle = Vehicle.objects.get(plate="粤B12345")
    assert (vehicle.owner, vehicle.household.unit) == (owner, unit)
    case.submission.refresh_from_db()
    assert case.submission.status == SubmissionStatus.COMPLETED
    assert mail.outbox[-1].to == ["sunyezhu@example.cn"]


def test_an_owner_moving_into_an_office_makes_it_office_occupied(owner, assistant):
    office = UnitFactory(office=True, status=OccupancyStatus.VACANT)
    HouseholdMemberFactory(household=HouseholdFactory(unit=office), person=owner)

    case = services.register(services.open_case(registration(office, owner)), by=assistant)

    office.refresh_from_db()
    assert office.status == case.unit_status == OccupancyStatus.OFFICE_OCCUPIED


def test_a_tenant_moves_in_once_the_owner_has_confirmed(unit, owner, assistant):
    tenant_login = PersonFactory(name="钱租客", id_number=TENANT_ID)
    case = services.open_case(registration(unit, tenant_login, occupant="tenant"))

    # OC-1: the owner has not confirmed yet.
    with pytest.raises(GateDenied) as denied:
        services.register(case, by=assistant, lease_start=date(2026, 3, 1), lease_end=date(2027, 2, 28))
    assert denied.value.missing == ["OC-1"]

    services.confirm_owner(case, by=assistant, note="业主电话确认")
    assert case.state == CaseState.OWNER_CONFIRMED
    with translation.override("en"), pytest.raises(CaseError, match=r"lease's start and end"):
        services.register(case, by=assistant)
    services.register(case, by=assistant, lease_start=date(2026, 3, 1), lease_end=date(2027, 2, 28))

    assert audit_trail(case) == [
        ("opened", "", CaseState.OPENED),
        ("owner_confirmed", CaseState.OPENED, CaseState.OWNER_CONFIRMED),
        ("registered", CaseState.OWNER_CONFIRMED, CaseState.REGISTERED),
    ]
    member = HouseholdMember.objects.get(household__unit=unit, role=MemberRole.TENANT)
    assert (member.person, member.lease_start, member.lease_end) == (
        tenant_login, date(2026, 3, 1), date(2027, 2, 28))
    unit.refresh_from_db()
    assert unit.status == OccupancyStatus.TENANT_OCCUPIED
    submission = case.submission
    submission.refresh_from_db()
    assert [event.action for event in AuditEvent.objects.for_object(submission)] == ["approved", "completed"]


def test_an_owner_registering_their_tenant_has_confirmed_and_the_tenant_is_entered(unit, owner, assistant):
    case = services.open_case(registration(unit, owner, occupant="tenant", owner_confirmation="given_by_applicant"))
    assert services.available_actions(assistant, case) == ["register", "refuse"]

    services.register(case, by=assistant, lease_start=date(2026, 3, 1), lease_end=date(2027, 2, 28))

    member = HouseholdMember.objects.get(household__unit=unit, role=MemberRole.TENANT)
    assert (member.person.name, member.person.id_number, member.person.mobile) == (
        "钱租客", TENANT_ID, "13700001111")


@pytest.mark.parametrize(
    ("answers", "desk", "missing"),
    [
        ({"lease": ""}, {}, ["OC-1"]),
        ({"pledge": False}, {}, ["OC-6"]),
        ({"lease": "", "pledge": False}, {}, ["OC-1", "OC-6"]),
        ({"lease": ""}, {"lease_seen": True}, []),
        ({"pledge": False}, {"pledge_signed": True}, []),
    ],
)
def test_oc_1_and_oc_6_a_tenant_needs_the_lease_and_the_pledge(unit, owner, assistant, answers, desk, missing):
    case = services.open_case(registration(unit, owner, occupant="tenant", owner_confirmation="given_by_applicant",
                                           **answers))
    lease = {"lease_start": date(2026, 3, 1), "lease_end": date(2027, 2, 28)}

    if missing:
        with pytest.raises(GateDenied) as denied:
            services.register(case, by=assistant, **desk, **lease)
        assert denied.value.missing == missing
        assert OccupancyCase.objects.get(pk=case.pk).state == CaseState.OPENED
        assert not HouseholdMember.objects.filter(role=MemberRole.TENANT).exists()
    else:
        services.register(case, by=assistant, **desk, **lease)
        assert case.state == CaseState.REGISTERED


def test_an_owner_cannot_be_confirmed_and_a_registration_happens_once(unit, owner, assistant):
    case = services.open_case(registration(unit, owner))

    with pytest.raises(IllegalTransition):
        services.confirm_owner(case, by=assistant)
    services.register(case, by=assistant)
    with translation.override("en"), pytest.raises(IllegalTransition, match="not possible for an occupancy"):
        services.register(case, by=assistant)


def test_oc_1_an_owner_moves_in_only_into_a_unit_the_register_shows_an_owner_of(owner, assistant):
    unowned = UnitFactory(status=OccupancyStatus.VACANT)
    case = services.open_case(registration(unowned, owner))

    with translation.override("en"), pytest.raises(CaseError, match=r"no owner of this unit"):
        services.register(case, by=assistant)

    assert not HouseholdMember.objects.filter(household__unit=unowned).exists()
    assert OccupancyCase.objects.get(pk=case.pk).state == CaseState.OPENED


def test_a_plate_registered_to_someone_else_is_refused_and_nothing_is_kept(unit, owner, assistant):
    other = PersonFactory()
    Vehicle.objects.create(plate="粤B54321", owner=other)
    case = services.open_case(registration(unit, owner))

    with pytest.raises(CaseError):
        services.register(case, by=assistant, vehicles=[{"plate": "粤B54321"}])

    unit.refresh_from_db()
    assert (unit.status, OccupancyCase.objects.get(pk=case.pk).state) == (OccupancyStatus.VACANT, CaseState.OPENED)


def test_the_cashier_cannot_register_and_a_refusal_needs_a_reason(unit, owner, assistant):
    case = services.open_case(registration(unit, owner))

    with pytest.raises(PermissionDenied):
        services.register(case, by=StaffUserFactory(groups=[CASHIER]))
    with pytest.raises(CaseError):
        services.refuse(case, by=assistant, reason="")
    services.refuse(case, by=assistant, reason="尚未办理入伙手续")

    case.submission.refresh_from_db()
    assert (case.state, case.submission.status) == (CaseState.REFUSED, SubmissionStatus.REJECTED)


# --- The admin ------------------------------------------------------------------------------------


def admin_url(view="index", *args):
    return reverse(f"occupancy_case:{view}", args=args)


def test_the_desk_lists_registrations_and_registers_from_the_case_page(client, unit, owner, assistant):
    case = services.open_case(registration(unit, owner, occupant="tenant", owner_confirmation="pending"))
    client.force_login(assistant)

    listing = client.get(admin_url(), {"state": CaseState.OPENED})
    assert case.submission.reference in listing.content.decode()
    html = client.get(admin_url("inspect", case.pk)).content.decode()
    assert 'data-gate-missing="OC-1"' in html
    assert 'data-step="confirm_owner"' in html

    client.post(admin_url("confirm_owner", case.pk), {"called_at": "2026-03-01T10:00"})
    client.post(admin_url("register", case.pk), {"lease_seen": "on", "pledge_signed": "on",
                                                 "lease_start": "2026-03-01", "lease_end": "2027-02-28"})

    assert OccupancyCase.objects.get(pk=case.pk).state == CaseState.REGISTERED


def test_staff_without_the_permission_get_403(client, unit, owner):
    case = services.open_case(registration(unit, owner))
    client.force_login(StaffUserFactory(groups=[CASHIER]))

    assert client.get(admin_url()).status_code == 403
    assert client.get(admin_url("inspect", case.pk)).status_code == 403
    assert client.post(admin_url("register", case.pk)).status_code == 403


# --- The demo ---------------------------------------------------------------------------------------


def test_the_demo_cases_load_in_different_states_and_again_change_nothing(owner):
    from portal.occupancy import demo_cases

    StaffUserFactory(username="assistant", groups=[ASSISTANT])
    for _ in range(3):
        HouseholdMemberFactory(household=HouseholdFactory(unit=UnitFactory(status=OccupancyStatus.VACANT)))

    demo_cases.load()
    events = AuditEvent.objects.count()
    demo_cases.load()

    assert sorted(OccupancyCase.objects.values_list("state", flat=True)) == sorted(
        [CaseState.OPENED, CaseState.OPENED, CaseState.OWNER_CONFIRMED, CaseState.REFUSED])
    assert AuditEvent.objects.count() == events
    assert not UnitStatusChange.objects.exists()
