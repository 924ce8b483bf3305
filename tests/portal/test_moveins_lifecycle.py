"""A move-in handover at the service centre (办理入伙, MI-1…MI-10): the documents, the fee
notice and the fees at the cashier's, the owner file, the keys against the key receipt,
the joint inspection, and the register updated once ``move_in.handover`` allows."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from portal.audit.models import AuditEvent
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.documents import records
from portal.documents.models import DocumentKind
from portal.estate.models import (
    HouseholdMember,
    LedgerCategory,
    LedgerEntry,
    LedgerKind,
    MemberRole,
    OccupancyStatus,
    UnitStatusChange,
)
from portal.moveins import services
from portal.moveins.models import CaseState, MoveInCase
from portal.moveins.services import CaseError, GateDenied, IllegalTransition
from portal.organisation.groups import ASSISTANT, CASHIER, ENGINEERING, SECURITY
from tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    PersonFactory,
    StaffUserFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STUB_PDF = b"%PDF-1.7 stub"
NOTICE_DATE = date(2026, 3, 1)


@pytest.fixture
def stub_pdf(monkeypatch):
    """Notices print instantly: what is checked here is the lifecycle, not the typesetting."""
    monkeypatch.setattr(records, "render_pdf", lambda template, context: STUB_PDF)


@pytest.fixture
def unit():
    """An office of 212.60 m² at 8.00 yuan/m²: 1,700.80 a month, 5,102.40 for three, and a 1,000 float."""
    return UnitFactory(office=True, status=OccupancyStatus.NOT_HANDED_OVER)


@pytest.fixture
def owner(unit):
    person = PersonFactory(name="王芳", email="wangfang@example.cn", user=UserFactory(username="wangfang"))
    # A new owner: the owner file is still to be made (MI-5).
    person.emergency_mobile, person.birthday = "", None
    person.save()
    HouseholdMemberFactory(household=HouseholdFactory(unit=unit), person=person)
    return person


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="lizhuli", last_name="李", first_name="助理")


@pytest.fixture
def cashier():
    return StaffUserFactory(groups=[CASHIER], username="chenshouyin", last_name="陈", first_name="收银")


@pytest.fixture
def engineer():
    return StaffUserFactory(groups=[ENGINEERING], username="zhaogong", last_name="赵", first_name="工")


_references = iter(range(1, 10_000))


def application(unit, applicant, **answers) -> Submission:
    """A move-in application as the wizard stores it."""
    answers = {
        "unit": {"id": unit.pk, "text": str(unit)},
        "notice_move_in_date": NOTICE_DATE.isoformat(),
        "id_card": "id.jpg",
        "purchase_contract": "contract.pdf",
        "move_in_notice": "notice.pdf",
        "family": [{"name": "王小明", "relation": "儿子", "mobile": ""}],
        "emergency_mobile": "13912345678",
        "birthday": "1980-05-17",
        "appointment_date": "2026-03-05",
        "time_slot": "09:00",
        **answers,
    }
    return Submission.objects.create(
        reference=f"RH-2026-{next(_references):06d}", procedure=Procedure.MOVE_IN, applicant=applicant,
        unit=unit, answers=answers,
    )


def audit_trail(case) -> list[tuple[str, str, str]]:
    return [(event.action, event.from_state, event.to_state) for event in AuditEvent.objects.for_object(case)]


def walk_to(case, state, *, assistant, cashier, engineer):
    """Take ``case`` through the steps up to ``state``."""
    steps = [
        (CaseState.IDENTITY_CHECKED, lambda: services.check_identity(
            case, by=assistant, id_document=True, purchase_contract=True, move_in_notice=True)),
        (CaseState.FEES_PAID, lambda: services.record_fees(
            case, by=cashier, amount=case.total_due, receipt_number="SK-0001")),
        (CaseState.FILE_COMPLETED, lambda: services.complete_file(
            case, by=assistant, copies_kept=True, family_register=True, bank_agreement=True, document_receipt=True,
            fire_safety_agreement=True, emergency_mobile=case.emergency_mobile, birthday=case.birthday)),
        (CaseState.KEYS_HANDED, lambda: services.hand_keys(
            case, by=assistant, key_receipt_signed=True, keys="入户门钥匙3把、信箱钥匙1把", guide_given=True)),
        (CaseState.INSPECTED, lambda: services.record_inspection(
            case, by=engineer, accepted=True, rectification_items="卫生间地漏堵塞")),
    ]
    for reached, step in steps:
        step()
        if reached == state:
            return case
    raise AssertionError(f"no step reaches {state}")


# --- The walk from the appointment to the register ------------------------------------------


def test_the_handover_walks_every_step_and_enters_the_owner_in_the_register(
    stub_pdf, unit, owner, assistant, cashier, engineer, django_capture_on_commit_callbacks
):
    case = services.open_case(application(unit, owner))
    assert case.state == CaseState.OPENED

    with django_capture_on_commit_callbacks(execute=True):
        walk_to(case, CaseState.INSPECTED, assistant=assistant, cashier=cashier, engineer=engineer)
        services.complete(case, by=assistant, unit_status=OccupancyStatus.OFFICE_OCCUPIED)

    case.refresh_from_db()
    assert case.state == CaseState.COMPLETED
    assert case.handover_decision["outcome"] == "allow"
    assert case.handover_decision["values"] == {"missing": []}
    assert audit_trail(case) == [
        ("opened", "", CaseState.OPENED),
        ("identity_checked", CaseState.OPENED, CaseState.IDENTITY_CHECKED),
        ("fees_paid", CaseState.IDENTITY_CHECKED, CaseState.FEES_PAID),
        ("file_completed", CaseState.FEES_PAID, CaseState.FILE_COMPLETED),
        ("keys_handed", CaseState.FILE_COMPLETED, CaseState.KEYS_HANDED),
        ("inspected", CaseState.KEYS_HANDED, CaseState.INSPECTED),
        ("completed", CaseState.INSPECTED, CaseState.COMPLETED),
    ]
    # MI-10: the unit's status and its history, the owner file in the register, the family added.
    unit.refresh_from_db()
    assert unit.status == OccupancyStatus.OFFICE_OCCUPIED
    change = UnitStatusChange.objects.get(unit=unit)
    assert (change.from_status, change.to_status, change.changed_by) == (
        OccupancyStatus.NOT_HANDED_OVER, OccupancyStatus.OFFICE_OCCUPIED, assistant)
    assert case.submission.reference in change.note
    owner.refresh_from_db()
    assert (owner.emergency_mobile, owner.birthday) == ("13912345678", date(1980, 5, 17))
    members = HouseholdMember.objects.filter(household__unit=unit, household__ended_on__isnull=True)
    assert sorted((member.person.name, member.role) for member in members) == [
        ("王小明", MemberRole.FAMILY), ("王芳", MemberRole.OWNER)]
    # The application reads as the case: approved when the desk took it up, then completed.
    submission = case.submission
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.COMPLETED
    assert [event.action for event in AuditEvent.objects.for_object(submission)] == ["approved", "completed"]
    # The owner heard of the fees, the keys and the completion.
    assert [message.to for message in mail.outbox] == [["wangfang@example.cn"]] * 3
    assert "¥6102.40" in mail.outbox[0].body
    assert case.fee_notice.number in mail.outbox[0].body


def test_a_case_opens_for_every_move_in_application_when_it_is_saved(
    unit, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = application(unit, owner)

    case = MoveInCase.objects.get(submission=submission)
    assert (case.state, case.emergency_mobile, case.birthday) == (
        CaseState.OPENED, "13912345678", date(1980, 5, 17))


# --- MI-1…MI-3: the documents, the notice and the fees --------------------------------------------


def test_checking_the_identity_issues_the_fee_notice_of_move_in_fees(stub_pdf, unit, owner, assistant):
    case = services.open_case(application(unit, owner))

    services.check_identity(case, by=assistant, id_document=True, purchase_contract=True, move_in_notice=True)

    # MI-2: three months from the notice's date (not today); MI-3: an office's electricity float.
    assert case.total_due == Decimal("6102.40")
    values = case.fees["values"]
    assert (values["prepaid_management_fee"], values["prepaid_from"], values["prepaid_to"]) == (
        "5102.40", "2026-03-01", "2026-05-31")
    assert (values["utility_float"], values["utility_float_kind"]) == ("1000.00", "electricity")
    notice = case.fee_notice
    assert (notice.kind, notice.unit, notice.target) == (DocumentKind.MOVE_IN_FEE_NOTICE, unit, case)
    assert notice.number.startswith("RH-")
    assert notice.pdf.read() == STUB_PDF


def test_the_fee_notice_prints_in_chinese_with_the_owner_the_unit_and_the_total(unit, owner, assistant):
    case = services.open_case(application(unit, owner))
    services.check_identity(case, by=assistant, id_document=True, purchase_contract=True, move_in_notice=True)

    with case.fee_notice.pdf.open("rb") as stored:
        text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages))

    assert "入伙缴费通知" in text
    assert "王芳" in text
    assert unit.number in text
    assert "¥6,102.40" in text  # 5,102.40 for three months and the 1,000.00 electricity float


@pytest.mark.parametrize(
    "shown",
    [
        {"id_document": False, "purchase_contract": True, "move_in_notice": True},
        {"id_document": True, "purchase_contract": False, "move_in_notice": True},
        {"id_document": True, "purchase_contract": True, "move_in_notice": False},
    ],
)
def test_mi_1_all_three_documents_are_required(stub_pdf, unit, owner, assistant, shown):
    case = services.open_case(application(unit, owner))

    with translation.override("en"), pytest.raises(CaseError, match=r"all three are required \(MI-1\)"):
        services.check_identity(case, by=assistant, **shown)

    case.refresh_from_db()
    assert (case.state, case.fee_notice) == (CaseState.OPENED, None)


def test_the_cashier_enters_the_fees_in_the_ledger_under_the_receipt(
    stub_pdf, unit, owner, assistant, cashier, engineer
):
    case = walk_to(services.open_case(application(unit, owner)), CaseState.IDENTITY_CHECKED,
                   assistant=assistant, cashier=cashier, engineer=engineer)

    with translation.override("en"), pytest.raises(CaseError, match="collected in full"):
        services.record_fees(case, by=cashier, amount=Decimal("5102.40"), receipt_number="SK-0001")
    assert not LedgerEntry.objects.exists()
    services.record_fees(case, by=cashier, amount=Decimal("6102.40"), receipt_number="SK-0001")

    entries = {(entry.kind, entry.category): entry for entry in LedgerEntry.objects.filter(unit=unit)}
    assert {key: entry.amount for key, entry in entries.items()} == {
        (LedgerKind.CHARGE, LedgerCategory.MANAGEMENT_FEE): Decimal("5102.40"),
        (LedgerKind.PAYMENT, LedgerCategory.MANAGEMENT_FEE): Decimal("5102.40"),
        (LedgerKind.CHARGE, LedgerCategory.UTILITY_FLOAT): Decimal("1000.00"),
        (LedgerKind.PAYMENT, LedgerCategory.UTILITY_FLOAT): Decimal("1000.00"),
    }
    prepaid = entries[(LedgerKind.CHARGE, LedgerCategory.MANAGEMENT_FEE)]
    assert (prepaid.period_start, prepaid.period_end, prepaid.recorded_by) == (
        date(2026, 3, 1), date(2026, 5, 31), cashier)
    assert "SK-0001" in prepaid.description
    assert (case.state, case.amount_paid, case.receipt_number) == (CaseState.FEES_PAID, Decimal("6102.40"), "SK-0001")


def test_a_home_pays_no_float(stub_pdf, owner, assistant, cashier, engineer):
    home = UnitFactory(status=OccupancyStatus.NOT_HANDED_OVER)
    case = walk_to(services.open_case(application(home, owner)), CaseState.FEES_PAID,
                   assistant=assistant, cashier=cashier, engineer=engineer)

    assert case.total_due == Decimal("753.66")  # 89.72 m² × 2.80 × 3 (MI-3: none for a home)
    assert set(LedgerEntry.objects.values_list("category", flat=True)) == {LedgerCategory.MANAGEMENT_FEE}


# --- MI-5…MI-9: the owner file, the keys, the inspection ------------------------------------------


def test_mi_5_the_owner_file_needs_its_records_an_emergency_mobile_and_a_birthday(
    stub_pdf, unit, owner, assistant, cashier, engineer
):
    case = walk_to(services.open_case(application(unit, owner)), CaseState.FEES_PAID,
                   assistant=assistant, cashier=cashier, engineer=engineer)
    complete = {"copies_kept": True, "family_register": True, "bank_agreement": True, "document_receipt": True,
                "fire_safety_agreement": True, "emergency_mobile": "13912345678", "birthday": date(1980, 5, 17)}

    with translation.override("en"):
        with pytest.raises(CaseError, match=r"MI-4, MI-5"):
            services.complete_file(case, by=assistant, **{**complete, "bank_agreement": False})
        with pytest.raises(CaseError, match=r"\(MI-5\)"):
            services.complete_file(case, by=assistant, **{**complete, "emergency_mobile": ""})
        with pytest.raises(CaseError, match=r"\(MI-5\)"):
            services.complete_file(case, by=assistant, **{**complete, "birthday": None})

    assert MoveInCase.objects.get(pk=case.pk).state == CaseState.FEES_PAID
    services.complete_file(case, by=assistant, **complete)
    assert case.state == CaseState.FILE_COMPLETED


def test_mi_7_no_keys_without_the_signed_key_receipt(stub_pdf, unit, owner, assistant, cashier, engineer):
    case = walk_to(services.open_case(application(unit, owner)), CaseState.FILE_COMPLETED,
                   assistant=assistant, cashier=cashier, engineer=engineer)

    with translation.override("en"), pytest.raises(CaseError, match=r"\(MI-7\)"):
        services.hand_keys(case, by=assistant, key_receipt_signed=False, keys="入户门钥匙3把", guide_given=True)

    assert MoveInCase.objects.get(pk=case.pk).state == CaseState.FILE_COMPLETED


def test_mi_9_a_unit_not_accepted_is_recorded_with_its_reason_and_blocks_the_handover(
    stub_pdf, unit, owner, assistant, cashier, engineer
):
    case = walk_to(services.open_case(application(unit, owner)), CaseState.KEYS_HANDED,
                   assistant=assistant, cashier=cashier, engineer=engineer)

    with translation.override("en"), pytest.raises(CaseError, match=r"\(MI-9\)"):
        services.record_inspection(case, by=engineer, accepted=False)
    services.record_inspection(case, by=engineer, accepted=False, rectification_items="客厅墙面开裂",
                               not_accepted_reason="墙面开裂，待整改后复验")

    assert (case.inspection_accepted, case.not_accepted_reason) == (False, "墙面开裂，待整改后复验")
    with pytest.raises(GateDenied) as denied:
        services.complete(case, by=assistant, unit_status=OccupancyStatus.VACANT)
    assert denied.value.missing == ["MI-9"]
    assert "墙面开裂" in str(denied.value)
    assert MoveInCase.objects.get(pk=case.pk).state == CaseState.INSPECTED
    assert UnitStatusChange.objects.count() == 0

    # Inspected again after the rectification: accepted, and the handover completes.
    services.record_inspection(case, by=engineer, accepted=True)
    services.complete(case, by=assistant, unit_status=OccupancyStatus.VACANT)
    assert case.state == CaseState.COMPLETED
    unit.refresh_from_db()
    assert unit.status == OccupancyStatus.VACANT


def test_the_gate_lists_the_policies_not_satisfied(stub_pdf, unit, owner, assistant, cashier, engineer):
    case = services.open_case(application(unit, owner, emergency_mobile="", birthday=""))

    decision = services.gate_decision(case)

    assert decision.outcome == "deny"
    assert decision.values["missing"] == ["MI-1", "MI-2", "MI-5", "MI-7", "MI-9"]


def test_the_gate_refuses_a_completion_when_the_file_was_emptied_afterwards(
    stub_pdf, unit, owner, assistant, cashier, engineer
):
    case = walk_to(services.open_case(application(unit, owner)), CaseState.INSPECTED,
                   assistant=assistant, cashier=cashier, engineer=engineer)
    MoveInCase.objects.filter(pk=case.pk).update(birthday=None)

    with pytest.raises(GateDenied) as denied:
        services.complete(case, by=assistant, unit_status=OccupancyStatus.VACANT)

    assert denied.value.missing == ["MI-5"]
    assert [reason.policy_id for reason in denied.value.reasons] == ["MI-5"]


def test_an_office_cannot_become_owner_occupied(stub_pdf, unit, owner, assistant, cashier, engineer):
    case = walk_to(services.open_case(application(unit, owner)), CaseState.INSPECTED,
                   assistant=assistant, cashier=cashier, engineer=engineer)

    with pytest.raises(CaseError):
        services.complete(case, by=assistant, unit_status=OccupancyStatus.OWNER_OCCUPIED)

    assert services.allowed_unit_statuses(unit) == (OccupancyStatus.VACANT, OccupancyStatus.OFFICE_OCCUPIED)


def test_a_unit_without_a_household_gets_one_with_the_owner(stub_pdf, owner, assistant, cashier, engineer):
    bare = UnitFactory(business_apartment=True, status=OccupancyStatus.NOT_HANDED_OVER)
    case = walk_to(services.open_case(application(bare, owner, family=[])), CaseState.INSPECTED,
                   assistant=assistant, cashier=cashier, engineer=engineer)

    services.complete(case, by=assistant, unit_status=OccupancyStatus.OWNER_OCCUPIED)

    member = HouseholdMember.objects.get(household__unit=bare)
    assert (member.person, member.role, member.household.ended_on) == (owner, MemberRole.OWNER, None)
    assert case.total_due == Decimal("771.86")  # 42.36 × 4.50 × 3 = 571.86, and a 200 water float


# --- Refusals -------------------------------------------------------------------------------------


def test_steps_out_of_order_are_refused_and_change_nothing(stub_pdf, unit, owner, assistant, cashier):
    case = services.open_case(application(unit, owner))

    with translation.override("en"), pytest.raises(IllegalTransition, match="not possible for a move-in handover"):
        services.hand_keys(case, by=assistant, key_receipt_signed=True, keys="钥匙", guide_given=True)
    with pytest.raises(IllegalTransition):
        services.record_fees(case, by=cashier, amount=Decimal("1"), receipt_number="SK-1")
    with pytest.raises(IllegalTransition):
        services.complete(case, by=assistant, unit_status=OccupancyStatus.VACANT)

    assert audit_trail(case) == [("opened", "", CaseState.OPENED)]


@pytest.mark.parametrize(
    ("group", "allowed"),
    [
        (ASSISTANT, ["check_identity", "refuse"]),
        (CASHIER, []),
        (ENGINEERING, []),
        (SECURITY, []),
    ],
)
def test_who_may_take_the_first_step(unit, owner, group, allowed):
    case = services.open_case(application(unit, owner))

    assert services.available_actions(StaffUserFactory(groups=[group]), case) == allowed


def test_each_step_needs_its_permission(stub_pdf, unit, owner, assistant, cashier, engineer):
    case = services.open_case(application(unit, owner))

    with pytest.raises(PermissionDenied):
        services.check_identity(case, by=cashier, id_document=True, purchase_contract=True, move_in_notice=True)
    services.check_identity(case, by=assistant, id_document=True, purchase_contract=True, move_in_notice=True)
    with pytest.raises(PermissionDenied):
        services.record_fees(case, by=assistant, amount=case.total_due, receipt_number="SK-1")
    assert services.available_actions(cashier, case) == ["record_fees"]
    assert services.available_actions(engineer, case) == []
    assert MoveInCase.objects.get(pk=case.pk).state == CaseState.IDENTITY_CHECKED


def test_refusing_needs_a_reason_and_rejects_the_application(
    unit, owner, assistant, django_capture_on_commit_callbacks
):
    case = services.open_case(application(unit, owner))

    with pytest.raises(CaseError):
        services.refuse(case, by=assistant, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse(case, by=assistant, reason="业主未按预约时间到场，请重新预约")

    assert (case.state, case.refusal_reason) == (CaseState.REFUSED, "业主未按预约时间到场，请重新预约")
    case.submission.refresh_from_db()
    assert case.submission.status == SubmissionStatus.REJECTED
    assert "请重新预约" in mail.outbox[-1].body
    assert services.available_actions(assistant, case) == []


# --- The admin ------------------------------------------------------------------------------------


def admin_url(view="index", *args):
    return reverse(f"moveins_case:{view}", args=args)


def test_the_desk_lists_cases_and_sees_the_gate_on_the_case_page(stub_pdf, client, unit, owner, assistant):
    case = services.open_case(application(unit, owner))
    services.check_identity(case, by=assistant, id_document=True, purchase_contract=True, move_in_notice=True)
    client.force_login(assistant)

    listing = client.get(admin_url())
    assert listing.status_code == 200
    assert case.submission.reference in listing.content.decode()
    filtered = client.get(admin_url(), {"state": CaseState.COMPLETED})
    assert case.submission.reference not in filtered.content.decode()

    page = client.get(admin_url("inspect", case.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-gate-missing="MI-2"' in html
    assert 'data-step="complete_file"' not in html  # the cashier's turn first
    assert reverse("documents:download", args=(case.fee_notice.pk,)) in html
    assert 'data-history' in html


def test_the_steps_are_posted_from_the_case_page(stub_pdf, client, unit, owner, assistant, cashier):
    case = services.open_case(application(unit, owner))
    client.force_login(assistant)

    client.post(admin_url("check_identity", case.pk), {"id_document": "on", "purchase_contract": "on",
                                                       "move_in_notice": "on"})
    case.refresh_from_db()
    assert case.state == CaseState.IDENTITY_CHECKED

    client.force_login(cashier)
    response = client.post(admin_url("record_fees", case.pk), {"amount": "6102.40", "receipt_number": "SK-7"},
                           follow=True)
    case.refresh_from_db()
    assert (case.state, case.receipt_number) == (CaseState.FEES_PAID, "SK-7")
    assert response.status_code == 200


def test_a_gate_denial_is_shown_with_its_policy_ids(stub_pdf, client, unit, owner, assistant, cashier, engineer):
    case = walk_to(services.open_case(application(unit, owner)), CaseState.KEYS_HANDED,
                   assistant=assistant, cashier=cashier, engineer=engineer)
    services.record_inspection(case, by=engineer, accepted=False, not_accepted_reason="墙面开裂")
    client.force_login(assistant)

    response = client.post(admin_url("complete", case.pk), {"unit_status": OccupancyStatus.VACANT}, follow=True)

    assert any(str(message).startswith("MI-9 ") for message in response.context["messages"])
    assert MoveInCase.objects.get(pk=case.pk).state == CaseState.INSPECTED


def test_staff_without_the_permission_get_403(client, unit, owner):
    case = services.open_case(application(unit, owner))
    client.force_login(StaffUserFactory(groups=[SECURITY]))

    assert client.get(admin_url()).status_code == 403
    assert client.get(admin_url("inspect", case.pk)).status_code == 403
    assert client.post(admin_url("check_identity", case.pk), {"id_document": "on"}).status_code == 403
    assert MoveInCase.objects.get(pk=case.pk).state == CaseState.OPENED


# --- The demo ---------------------------------------------------------------------------------------


def test_the_demo_cases_load_in_different_states_and_again_change_nothing(stub_pdf):
    from portal.moveins import demo_cases

    for username, group in (("assistant", ASSISTANT), ("cashier", CASHIER), ("engineer", ENGINEERING)):
        StaffUserFactory(username=username, groups=[group])
    for _ in range(4):
        UnitFactory(status=OccupancyStatus.NOT_HANDED_OVER)

    demo_cases.load()
    states = sorted(MoveInCase.objects.values_list("state", flat=True))
    events = AuditEvent.objects.count()
    demo_cases.load()

    assert states == sorted([CaseState.OPENED, CaseState.IDENTITY_CHECKED, CaseState.FILE_COMPLETED,
                             CaseState.INSPECTED])
    assert sorted(MoveInCase.objects.values_list("state", flat=True)) == states
    assert AuditEvent.objects.count() == events
    assert not UnitStatusChange.objects.exists()
