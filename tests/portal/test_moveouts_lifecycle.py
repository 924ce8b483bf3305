"""A tenant moving out (房屋退租管理, MO-1…MO-4): the owner asked, the meters read and the
fees settled, the goods release pass for moving out, and the register updated once
``tenant.move_out`` allows."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from portal.audit.models import AuditEvent
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.documents import records
from portal.estate.models import (
    HouseholdMember,
    LedgerCategory,
    LedgerEntry,
    LedgerKind,
    OccupancyStatus,
    UnitStatusChange,
)
from portal.moveouts import services
from portal.moveouts.models import CaseState, MoveOutCase
from portal.moveouts.services import CaseError, GateDenied, IllegalTransition
from portal.organisation.groups import ASSISTANT, CASHIER, ENGINEERING, SECURITY
from portal.policies.adapter import today
from portal.releases import services as releases
from tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    LedgerEntryFactory,
    PersonFactory,
    StaffUserFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stub_pdf(monkeypatch):
    monkeypatch.setattr(records, "render_pdf", lambda template, context: b"%PDF-1.7 stub")


@pytest.fixture
def unit():
    return UnitFactory(business_apartment=True)  # tenant-occupied


@pytest.fixture
def household(unit):
    household = HouseholdFactory(unit=unit)
    HouseholdMemberFactory(household=household, person=PersonFactory(name="周业主"))
    return household


@pytest.fixture
def tenant(household):
    person = PersonFactory(name="刘租客", email="liuzuke@example.cn", user=UserFactory(username="liuzuke"))
    return HouseholdMemberFactory(household=household, person=person, tenant=True)


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="lizhuli", last_name="李", first_name="助理")


@pytest.fixture
def cashier():
    return StaffUserFactory(groups=[CASHIER], username="chenshouyin")


_references = iter(range(1, 10_000))


def notice(unit, tenant) -> Submission:
    """A move-out notice as the wizard stores it: moving out today."""
    return Submission.objects.create(
        reference=f"TZ-2026-{next(_references):06d}", procedure=Procedure.MOVE_OUT, applicant=tenant.person,
        unit=unit, household=tenant.household,
        answers={"unit": {"id": unit.pk, "text": str(unit)}, "move_out_date": today().isoformat(),
                 "take_away": [{"item": "衣柜", "quantity": 1}]},
    )


def issued_move_out_pass(unit, tenant, assistant):
    """The tenant's goods release pass for moving out, issued (MO-1, through portal.releases)."""
    submission = Submission.objects.create(
        reference=f"FX-2026-{next(_references):06d}", procedure=Procedure.RELEASE_PASS, applicant=tenant.person,
        unit=unit, household=tenant.household,
        answers={"unit": {"id": unit.pk, "text": str(unit)}, "carrier": "tenant", "carrier_name": tenant.person.name,
                 "items": [{"item": "衣柜", "quantity": 1}], "purpose": "move_out", "pass_date": today().isoformat()},
    )
    case = releases.open_case(submission)
    releases.record_consent(case, by=assistant, answer="given")
    releases.record_signatures(case, by=assistant, owner_signed=True)
    return releases.issue(case, by=assistant)


def audit_trail(case) -> list[tuple[str, str, str]]:
    return [(event.action, event.from_state, event.to_state) for event in AuditEvent.objects.for_object(case)]


def to_meters_read(case, *, assistant, cashier, agrees=True):
    services.record_owner_answer(case, by=assistant, agrees=agrees, items_to_stay="空调2台、冰箱")
    services.record_meters(case, by=cashier, water=Decimal("1234.50"), electricity=Decimal("8765.00"))
    return case


def test_the_tenant_moves_out_once_every_policy_is_met(
    stub_pdf, unit, tenant, assistant, cashier, django_capture_on_commit_callbacks
):
    release = issued_move_out_pass(unit, tenant, assistant)
    case = services.open_case(notice(unit, tenant))

    with django_capture_on_commit_callbacks(execute=True):
        services.record_owner_answer(case, by=assistant, agrees=True, items_to_stay="空调2台、冰箱", note="业主同意")
        services.record_meters(case, by=cashier, water=Decimal("1234.50"), electricity=Decimal("8765.00"),
                               gas=Decimal("321.00"), receipt_number="SK-0099",
                               charges={"water": Decimal("45.60"), "electricity": Decimal("128.30")})
        services.complete(case, by=assistant, moved_out_on=today(), unit_status=OccupancyStatus.VACANT)

    case.refresh_from_db()
    assert (case.state, case.release_case, case.moved_out_on) == (CaseState.COMPLETED, release, today())
    assert case.decision["outcome"] == "allow"
    assert audit_trail(case) == [
        ("opened", "", CaseState.OPENED),
        ("owner_answer_recorded", CaseState.OPENED, CaseState.OWNER_CONSULTED),
        ("meters_recorded", CaseState.OWNER_CONSULTED, CaseState.METERS_READ),
        ("completed", CaseState.METERS_READ, CaseState.COMPLETED),
    ]
    # MO-3: the owner's answer as recorded.
    assert (case.owner_agrees, case.items_to_stay, case.owner_note) == (True, "空调2台、冰箱", "业主同意")
    assert case.owner_called_at is not None
    # MO-2: the final usage charged and paid under the receipt.
    usage = LedgerEntry.objects.filter(unit=unit).values_list("kind", "category", "amount")
    assert sorted(usage) == sorted([
        (LedgerKind.CHARGE, LedgerCategory.ELECTRICITY, Decimal("128.30")),
        (LedgerKind.PAYMENT, LedgerCategory.ELECTRICITY, Decimal("128.30")),
        (LedgerKind.CHARGE, LedgerCategory.WATER, Decimal("45.60")),
        (LedgerKind.PAYMENT, LedgerCategory.WATER, Decimal("45.60")),
    ])
    # MO-4: the tenant left the household, the unit is vacant, the day is in the day's report.
    tenant.refresh_from_db()
    assert tenant.ended_on == today()
    unit.refresh_from_db()
    assert unit.status == OccupancyStatus.VACANT
    change = UnitStatusChange.objects.get(unit=unit)
    assert (change.from_status, change.to_status, change.changed_by) == (
        OccupancyStatus.TENANT_OCCUPIED, OccupancyStatus.VACANT, assistant)
    assert list(services.moved_out_on(today())) == [case]
    submission = case.submission
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.COMPLETED
    assert [event.action for event in AuditEvent.objects.for_object(submission)] == ["approved", "completed"]
    assert [message.to for message in mail.outbox] == [["liuzuke@example.cn"]] * 2
    assert "空调2台" in mail.outbox[0].body


def test_a_case_opens_for_every_move_out_notice(unit, tenant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = notice(unit, tenant)

    assert MoveOutCase.objects.get(submission=submission).state == CaseState.OPENED


# --- The gate: tenant.move_out -------------------------------------------------------------------


def test_mo_1_no_move_out_without_an_issued_release_pass(unit, tenant, assistant, cashier):
    case = to_meters_read(services.open_case(notice(unit, tenant)), assistant=assistant, cashier=cashier)

    with pytest.raises(GateDenied) as denied:
        services.complete(case, by=assistant, moved_out_on=today(), unit_status=OccupancyStatus.VACANT)

    assert denied.value.missing == ["MO-1"]
    tenant.refresh_from_db()
    assert tenant.ended_on is None
    assert MoveOutCase.objects.get(pk=case.pk).state == CaseState.METERS_READ


def test_mo_2_fees_owed_up_to_the_day_hold_the_move_out(stub_pdf, unit, tenant, assistant, cashier):
    issued_move_out_pass(unit, tenant, assistant)
    case = to_meters_read(services.open_case(notice(unit, tenant)), assistant=assistant, cashier=cashier)
    LedgerEntryFactory(unit=unit, amount=Decimal("190.62"), entry_date=today(), due_on=today())

    with pytest.raises(GateDenied) as denied:
        services.complete(case, by=assistant, moved_out_on=today(), unit_status=OccupancyStatus.VACANT)

    assert denied.value.missing == ["MO-2"]
    assert "190.62" in str(denied.value)
    LedgerEntryFactory(unit=unit, amount=Decimal("190.62"), entry_date=today(), payment=True)
    services.complete(case, by=assistant, moved_out_on=today(), unit_status=OccupancyStatus.VACANT)
    assert case.state == CaseState.COMPLETED


def test_mo_3_an_owner_who_does_not_agree_holds_the_move_out_until_they_do(
    stub_pdf, unit, tenant, assistant, cashier, django_capture_on_commit_callbacks
):
    issued_move_out_pass(unit, tenant, assistant)
    with django_capture_on_commit_callbacks(execute=True):
        case = to_meters_read(services.open_case(notice(unit, tenant)), assistant=assistant, cashier=cashier,
                              agrees=False)
    assert "MO-3" in mail.outbox[0].body

    with pytest.raises(GateDenied) as denied:
        services.complete(case, by=assistant, moved_out_on=today(), unit_status=OccupancyStatus.VACANT)
    assert denied.value.missing == ["MO-3"]
    assert services.gate_decision(case).values["missing"] == ["MO-3"]

    services.record_owner_answer(case, by=assistant, agrees=True, note="双方协商一致")
    assert case.state == CaseState.METERS_READ
    services.complete(case, by=assistant, moved_out_on=today(), unit_status=OccupancyStatus.OWNER_OCCUPIED)
    unit.refresh_from_db()
    assert unit.status == OccupancyStatus.OWNER_OCCUPIED


def test_the_gate_lists_every_policy_not_met_before_any_step(unit, tenant):
    case = services.open_case(notice(unit, tenant))

    assert services.gate_decision(case).values["missing"] == ["MO-2", "MO-3", "MO-1"]


def test_a_pass_for_carrying_out_temporarily_is_not_a_move_out_pass(stub_pdf, unit, tenant, assistant):
    release = issued_move_out_pass(unit, tenant, assistant)
    Submission.objects.filter(pk=release.submission_id).update(
        answers={**release.submission.answers, "purpose": "temporary"})

    assert services.move_out_release(services.open_case(notice(unit, tenant))) is None


# --- Refusals ---------------------------------------------------------------------------------------


def test_steps_out_of_order_are_refused(unit, tenant, assistant, cashier):
    case = services.open_case(notice(unit, tenant))

    with translation.override("en"), pytest.raises(IllegalTransition, match="not possible for a move-out"):
        services.complete(case, by=assistant, moved_out_on=today(), unit_status=OccupancyStatus.VACANT)
    with pytest.raises(IllegalTransition):
        services.record_meters(case, by=cashier, water=Decimal("1"), electricity=Decimal("1"))

    assert audit_trail(case) == [("opened", "", CaseState.OPENED)]


def test_the_cashier_reads_the_meters_and_the_desk_talks_to_the_owner(unit, tenant, assistant, cashier):
    case = services.open_case(notice(unit, tenant))

    with pytest.raises(PermissionDenied):
        services.record_owner_answer(case, by=cashier, agrees=True)
    services.record_owner_answer(case, by=assistant, agrees=True)
    with pytest.raises(PermissionDenied):
        services.record_meters(case, by=assistant, water=Decimal("1"), electricity=Decimal("1"))
    assert services.available_actions(cashier, case) == ["record_meters"]
    assert services.available_actions(StaffUserFactory(groups=[SECURITY]), case) == []
    with pytest.raises(CaseError):
        services.record_meters(case, by=cashier, water=Decimal("1"), electricity=Decimal("2"),
                               charges={"gas": Decimal("12.00")})  # no receipt number
    assert MoveOutCase.objects.get(pk=case.pk).state == CaseState.OWNER_CONSULTED


def test_refusing_needs_a_reason_and_rejects_the_notice(unit, tenant, assistant):
    case = services.open_case(notice(unit, tenant))

    with pytest.raises(CaseError):
        services.refuse(case, by=assistant, reason="")
    services.refuse(case, by=assistant, reason="租户与业主未能协商一致")

    case.submission.refresh_from_db()
    assert (case.state, case.submission.status) == (CaseState.REFUSED, SubmissionStatus.REJECTED)
    assert services.available_actions(assistant, case) == []


# --- The admin --------------------------------------------------------------------------------------


def admin_url(view="index", *args):
    return reverse(f"moveouts_case:{view}", args=args)


def test_the_desk_lists_move_outs_and_sees_the_gate_and_the_pass(stub_pdf, client, unit, tenant, assistant):
    release = issued_move_out_pass(unit, tenant, assistant)
    case = services.open_case(notice(unit, tenant))
    client.force_login(assistant)

    listing = client.get(admin_url(), {"building": unit.building_id})
    assert listing.status_code == 200
    assert case.submission.reference in listing.content.decode()

    html = client.get(admin_url("inspect", case.pk)).content.decode()
    assert 'data-gate-missing="MO-3"' in html
    assert 'data-gate-missing="MO-1"' not in html
    assert release.document.number in html
    assert 'data-step="record_owner_answer"' in html

    client.post(admin_url("record_owner_answer", case.pk), {
        "called_at": "2026-03-01T10:00", "agrees": "yes", "items_to_stay": "空调"})
    assert MoveOutCase.objects.get(pk=case.pk).owner_agrees is True


def test_staff_without_the_permission_get_403(client, unit, tenant):
    case = services.open_case(notice(unit, tenant))
    client.force_login(StaffUserFactory(groups=[ENGINEERING]))

    assert client.get(admin_url()).status_code == 403
    assert client.get(admin_url("inspect", case.pk)).status_code == 403
    assert client.post(admin_url("record_owner_answer", case.pk), {"agrees": "yes"}).status_code == 403


# --- The demo ---------------------------------------------------------------------------------------


def test_the_demo_cases_load_in_different_states_and_again_change_nothing(tenant):
    from portal.moveouts import demo_cases

    StaffUserFactory(username="assistant", groups=[ASSISTANT])
    StaffUserFactory(username="cashier", groups=[CASHIER])
    for _ in range(2):
        HouseholdMemberFactory(household=HouseholdFactory(unit=UnitFactory(business_apartment=True)), tenant=True)

    demo_cases.load()
    events = AuditEvent.objects.count()
    demo_cases.load()

    assert sorted(MoveOutCase.objects.values_list("state", flat=True)) == sorted(
        [CaseState.OPENED, CaseState.OWNER_CONSULTED, CaseState.METERS_READ])
    assert AuditEvent.objects.count() == events
    assert not HouseholdMember.objects.filter(ended_on__isnull=False).exists()
