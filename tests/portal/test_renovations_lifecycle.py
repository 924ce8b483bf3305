"""A renovation from the complete application to the deposit refund (装修管理, RN-9…RN-20):
the project manager's approval, the fees in the ledger, site protection, the permit with
its worker passes, patrols, fines, hot work, completion acceptance and the refund memo."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from pypdf import PdfReader

from portal.audit.models import AuditEvent
from portal.casework.models import Submission, SubmissionFile, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.documents import records
from portal.documents.models import DocumentKind
from portal.estate.models import LedgerCategory, LedgerEntry, LedgerKind, OccupancyStatus, PropertyType
from portal.organisation.groups import ASSISTANT, CASHIER, ENGINEERING, PROJECT_MANAGER, SECURITY
from portal.policies import adapter
from portal.renovations import services
from portal.renovations.models import CaseState, Department, Patrol, RenovationCase, Violation, Worker
from portal.renovations.services import Action, GateDenied, IllegalTransition, RenovationError, WorkerDetails
from tests.factories import HouseholdMemberFactory, LedgerEntryFactory, PersonFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

STUB_PDF = b"%PDF-1.7 stub"
S = CaseState


@pytest.fixture
def stub_pdf(monkeypatch):
    """Records print instantly: what is checked here is the lifecycle, not the typesetting."""
    monkeypatch.setattr(records, "render_pdf", lambda template, context: STUB_PDF)


@pytest.fixture
def owner():
    person = PersonFactory(name="张伟", email="zhangwei@example.cn", user=UserFactory(username="zhangwei"))
    return HouseholdMemberFactory(person=person).person


@pytest.fixture
def unit(owner):
    unit = owner.memberships.get().household.unit
    unit.change_status(OccupancyStatus.OWNER_OCCUPIED)
    return unit


@pytest.fixture
def staff():
    """One member of staff per group that takes part, by their role here."""
    return {
        "assistant": StaffUserFactory(groups=[ASSISTANT], username="zhuli", last_name="陈", first_name="晓琳"),
        "manager": StaffUserFactory(groups=[PROJECT_MANAGER], username="jingli", last_name="黄", first_name="伟明"),
        "cashier": StaffUserFactory(groups=[CASHIER], username="shouyin"),
        "engineer": StaffUserFactory(groups=[ENGINEERING], username="gongcheng", last_name="刘", first_name="国强"),
        "guard": StaffUserFactory(groups=[SECURITY], username="baoan", last_name="赵", first_name="建军"),
    }


@pytest.fixture
def today(monkeypatch):
    """Move the office's calendar: ``today.move(days)``."""

    class Calendar:
        shift = timedelta(0)

        def move(self, days):
            self.shift += timedelta(days=days)

    calendar = Calendar()
    real_today = adapter.today
    monkeypatch.setattr(adapter, "today", lambda: real_today() + calendar.shift)
    return calendar


_references = iter(range(1, 10_000))


def application(unit, applicant, *, documents=True, **answers) -> Submission:
    """A renovation application as the wizard stores it, with every document the policy
    library requires handed in and every pledge signed (unless ``documents`` is False)."""
    start = timezone.localdate() + timedelta(days=7)
    answers = {
        "unit": {"id": unit.pk, "text": str(unit)},
        "role": "owner",
        "works_by": "contractor",
        "contractor": "匠心装饰工程有限公司",
        "responsible_person": "王建国",
        "responsible_phone": "13800138000",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=60)).isoformat(),
        "worker_passes": 2,
        "description": "厨房卫生间翻新",
        **answers,
    }
    submission = Submission.objects.create(
        reference=f"ZX-2026-{next(_references):06d}", procedure=Procedure.RENOVATION, applicant=applicant,
        unit=unit, answers=answers,
    )
    if documents:
        required = services.documents_decision(services.open_case(submission)).values
        for code in required["required_documents"]:
            SubmissionFile.objects.create(submission=submission, code=code, file=f"submissions/{code}.pdf",
                                          original_name=f"{code}.pdf", content_type="application/pdf", size=1,
                                          sha256="0" * 64)
        submission.answers["signed_pledges"] = {code: applicant.name for code in required["required_pledges"]}
        submission.save(update_fields=["answers"])
    return submission


def case_of(submission) -> RenovationCase:
    return services.open_case(submission)


def audit_trail(case) -> list[tuple[str, str, str]]:
    return [(event.action, event.from_state, event.to_state) for event in AuditEvent.objects.for_object(case)]


def policy_ids(denied: pytest.ExceptionInfo) -> list[str]:
    return [reason.policy_id for reason in denied.value.reasons]


def text_of(pdf: bytes) -> str:
    """The PDF's text with all spacing removed (titles are letter-spaced)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def ledger(unit) -> list[tuple[str, str, Decimal]]:
    return sorted(
        (entry.kind, entry.category, entry.amount) for entry in LedgerEntry.objects.filter(unit=unit)
    )


def approved_case(unit, owner, staff) -> RenovationCase:
    case = case_of(application(unit, owner))
    services.mark_complete(case, by=staff["assistant"])
    services.approve(case, by=staff["manager"])
    return case


def case_in_works(unit, owner, staff) -> RenovationCase:
    case = approved_case(unit, owner, staff)
    services.record_fees(case, by=staff["cashier"], receipt_number="SJ-001", amount=Decimal("2340.00"))
    services.confirm_protection(case, by=staff["engineer"], note="电梯、走廊已铺设保护")
    services.issue_permit(case, by=staff["assistant"], workers=[WorkerDetails("李四", "440305199001011234")])
    return case


# --- The walk from the application to the refund ------------------------------------------------


def test_a_renovation_walks_from_the_application_to_the_settled_refund(
    stub_pdf, owner, unit, staff, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = application(unit, owner)
    case = RenovationCase.objects.get(submission=submission)
    assert case.state == S.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        services.mark_complete(case, by=staff["assistant"])
    assert case.state == S.COMPLETE
    assert case.approval_due > timezone.localdate()  # RN-10: three working days, the day itself not counted
    submission.refresh_from_db()
    assert timezone.localdate(submission.due_at) == case.approval_due

    with django_capture_on_commit_callbacks(execute=True):
        services.approve(case, by=staff["manager"], note="同意施工")
    submission.refresh_from_db()
    assert (case.state, case.approved_by, submission.status) == (S.APPROVED, staff["manager"], SubmissionStatus.APPROVED)
    assert mail.outbox[-1].to == ["zhangwei@example.cn"]
    assert submission.reference in mail.outbox[-1].subject

    services.record_fees(case, by=staff["cashier"], receipt_number="SJ-001", amount=Decimal("2340.00"))
    assert case.deposit == Decimal("2000.00")
    assert ledger(unit) == [
        (LedgerKind.CHARGE, LedgerCategory.RENOVATION_FEE, Decimal("40.00")),
        (LedgerKind.CHARGE, LedgerCategory.RENOVATION_FEE, Decimal("300.00")),
        (LedgerKind.PAYMENT, LedgerCategory.DEPOSIT, Decimal("2000.00")),
        (LedgerKind.PAYMENT, LedgerCategory.RENOVATION_FEE, Decimal("40.00")),
        (LedgerKind.PAYMENT, LedgerCategory.RENOVATION_FEE, Decimal("300.00")),
    ]

    services.confirm_protection(case, by=staff["engineer"], note="电梯、走廊已铺设保护")
    services.issue_permit(case, by=staff["assistant"], workers=[
        WorkerDetails("李四", "440305199001011234", "13900000001"),
        WorkerDetails("王五", "440305199202022345"),
    ])
    unit.refresh_from_db()
    assert (case.state, unit.status) == (S.IN_PROGRESS, OccupancyStatus.RENOVATING)
    assert (case.permit.kind, case.permit.target) == (DocumentKind.CONSTRUCTION_PERMIT, case)
    assert [w.pass_number for w in case.workers.all()] == [f"{case.permit.number}-01", f"{case.permit.number}-02"]

    for who in ("assistant", "engineer", "guard"):
        services.record_patrol(case, by=staff[who], findings="现场整洁")
    assert services.patrols_missing_today(case) == []
    fine = services.record_fine(case, by=staff["guard"], amount=Decimal("200.00"), reason="走廊堆放建筑垃圾")
    services.sign_fine(fine, by=staff["manager"])
    services.grant_hot_work(
        case, by=staff["engineer"], work="电焊", location="阳台", fire_watch="王建国",
        starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=2),
    )

    services.accept_completion(case, by=staff["engineer"], inspectors="刘国强、赵建军")
    unit.refresh_from_db()
    assert (case.state, unit.status) == (S.ACCEPTED, OccupancyStatus.OWNER_OCCUPIED)
    assert case.refundable_from > adapter.today()  # RN-17: three months after the acceptance

    today.move((case.refundable_from - adapter.today()).days)
    assert RenovationCase.objects.get(pk=case.pk).stage == S.REFUNDABLE
    with django_capture_on_commit_callbacks(execute=True):
        services.settle_refund(case, by=staff["cashier"], owner_signature="张伟", contractor_signature="王建国",
                               lead_signature="黄伟明", inspection_notes="公共区域、邻居、渗漏均无问题")

    submission.refresh_from_db()
    assert (case.state, submission.status) == (S.SETTLED, SubmissionStatus.COMPLETED)
    assert (case.refund_amount, case.amount_owed) == (Decimal("1800.00"), Decimal("0.00"))
    assert case.deductions == [{"category": "fine", "description": "罚款：走廊堆放建筑垃圾", "amount": "200.00"}]
    assert case.refund_memo.kind == DocumentKind.DEPOSIT_REFUND_MEMO
    assert "1800.00" in mail.outbox[-1].body
    # The deposit is released: ¥200 of it pays the fine, the rest goes back to the owner.
    assert LedgerEntry.objects.get(kind=LedgerKind.REFUND, category=LedgerCategory.DEPOSIT).amount == Decimal("2000")
    assert LedgerEntry.objects.get(kind=LedgerKind.PAYMENT, category=LedgerCategory.FINE).amount == Decimal("200")

    assert audit_trail(case) == [
        ("opened", "", S.SUBMITTED),
        ("completed_application", S.SUBMITTED, S.COMPLETE),
        ("approved", S.COMPLETE, S.APPROVED),
        ("fees_recorded", S.APPROVED, S.FEES_COLLECTED),
        ("protection_confirmed", S.FEES_COLLECTED, S.PROTECTION_CONFIRMED),
        ("permit_issued", S.PROTECTION_CONFIRMED, S.IN_PROGRESS),
        ("patrol_recorded", S.IN_PROGRESS, S.IN_PROGRESS),
        ("patrol_recorded", S.IN_PROGRESS, S.IN_PROGRESS),
        ("patrol_recorded", S.IN_PROGRESS, S.IN_PROGRESS),
        ("fine_recorded", S.IN_PROGRESS, S.IN_PROGRESS),
        ("fine_signed", S.IN_PROGRESS, S.IN_PROGRESS),
        ("hot_work_granted", S.IN_PROGRESS, S.IN_PROGRESS),
        ("completion_accepted", S.IN_PROGRESS, S.ACCEPTED),
        ("refund_settled", S.ACCEPTED, S.SETTLED),
    ]
    assert [(e.action, e.to_state) for e in AuditEvent.objects.for_object(submission)][-2:] == [
        ("approved", SubmissionStatus.APPROVED), ("completed", SubmissionStatus.COMPLETED),
    ]


def test_the_application_opens_its_case_when_it_is_saved(owner, unit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = application(unit, owner, documents=False)

    assert RenovationCase.objects.get(submission=submission).state == S.SUBMITTED


def test_acceptance_and_refund_requests_are_linked_to_the_renovation_they_name(
    stub_pdf, owner, unit, staff, django_capture_on_commit_callbacks
):
    case = case_in_works(unit, owner, staff)
    with django_capture_on_commit_callbacks(execute=True):
        acceptance = Submission.objects.create(
            reference="ZX-2026-900001", procedure=Procedure.RENOVATION_ACCEPTANCE, applicant=owner, unit=unit,
            answers={"renovation": case.submission.reference},
        )
    case.refresh_from_db()
    assert case.acceptance_submission == acceptance

    services.accept_completion(case, by=staff["guard"], inspectors="刘国强、赵建军")

    acceptance.refresh_from_db()
    assert acceptance.status == SubmissionStatus.APPROVED  # the refund wizard dates the refund from it


# --- Refusals: illegal steps, missing permissions, the gates -----------------------------------


@pytest.mark.parametrize(
    "step",
    [
        lambda case, staff: services.approve(case, by=staff["manager"]),
        lambda case, staff: services.record_fees(case, by=staff["cashier"], receipt_number="1", amount=Decimal(1)),
        lambda case, staff: services.confirm_protection(case, by=staff["engineer"]),
        lambda case, staff: services.issue_permit(case, by=staff["assistant"]),
        lambda case, staff: services.record_patrol(case, by=staff["guard"]),
        lambda case, staff: services.accept_completion(case, by=staff["engineer"], inspectors="刘"),
        lambda case, staff: services.settle_refund(case, by=staff["cashier"], owner_signature="a",
                                                   contractor_signature="b", lead_signature="c"),
    ],
    ids=["approve", "fees", "protection", "permit", "patrol", "acceptance", "refund"],
)
def test_a_step_out_of_order_is_refused_and_changes_nothing(step, owner, unit, staff):
    case = case_of(application(unit, owner))

    with pytest.raises(IllegalTransition):
        step(case, staff)

    case.refresh_from_db()
    assert case.state == S.SUBMITTED
    assert [action for action, _, _ in audit_trail(case)] == ["opened"]


@pytest.mark.parametrize(
    "who, step",
    [
        ("assistant", Action.APPROVE),  # RN-10: only the project manager approves
        ("engineer", Action.APPROVE),
        ("assistant", Action.REFUSE),
        ("assistant", Action.RECORD_FEES),  # RN-9: the cashier
        ("assistant", Action.CONFIRM_PROTECTION),  # RN-11: engineering
        ("cashier", Action.RECORD_PATROL),  # RN-13: service, engineering, security
        ("assistant", Action.SIGN_FINE),  # RN-14: the project manager signs
        ("guard", Action.GRANT_HOT_WORK),  # RN-15
        ("assistant", Action.ACCEPT_COMPLETION),  # RN-16: engineering and security
        ("engineer", Action.SETTLE_REFUND),
        ("guard", Action.MARK_COMPLETE),
    ],
)
def test_each_step_belongs_to_its_groups(who, step, staff):
    assert not services.may(staff[who], step)


def test_staff_without_the_permission_are_refused_and_nothing_changes(owner, unit, staff):
    case = case_of(application(unit, owner))
    services.mark_complete(case, by=staff["assistant"])

    with pytest.raises(PermissionDenied):
        services.approve(case, by=staff["assistant"])

    case.refresh_from_db()
    assert (case.state, case.approved_by) == (S.COMPLETE, None)
    assert services.available_actions(staff["manager"], case) == [Action.APPROVE, Action.REFUSE]
    assert services.available_actions(staff["assistant"], case) == []


def test_an_application_missing_documents_is_not_complete(owner, unit, staff):
    case = case_of(application(unit, owner, documents=False))

    with pytest.raises(GateDenied) as denied:
        services.mark_complete(case, by=staff["assistant"])

    assert set(policy_ids(denied)) == {"RN-2", "RN-6"}
    case.refresh_from_db()
    assert (case.state, case.approval_due) == (S.SUBMITTED, None)


def test_fees_are_collected_in_full(owner, unit, staff):
    case = approved_case(unit, owner, staff)

    with translation.override("en"), pytest.raises(RenovationError, match="collected in full"):
        services.record_fees(case, by=staff["cashier"], receipt_number="SJ-1", amount=Decimal("2000.00"))

    assert not LedgerEntry.objects.filter(unit=unit).exists()


def test_the_manager_refuses_with_a_reason_the_owner_reads(owner, unit, staff, django_capture_on_commit_callbacks):
    case = case_of(application(unit, owner))
    services.mark_complete(case, by=staff["assistant"])

    with django_capture_on_commit_callbacks(execute=True):
        services.refuse(case, by=staff["manager"], reason="图纸与现场不符")

    case.submission.refresh_from_db()
    assert (case.state, case.submission.status) == (S.REFUSED, SubmissionStatus.REJECTED)
    assert case.submission.status_note == "图纸与现场不符"
    assert "图纸与现场不符" in mail.outbox[-1].body


def test_approving_the_works_does_not_revive_an_application_the_owner_withdrew(owner, unit, staff):
    case = case_of(application(unit, owner))
    services.mark_complete(case, by=staff["assistant"])
    Submission.objects.filter(pk=case.submission.pk).update(status=SubmissionStatus.WITHDRAWN)

    services.approve(case, by=staff["manager"])

    case.submission.refresh_from_db()
    assert case.submission.status == SubmissionStatus.WITHDRAWN


def test_the_overdue_query_finds_complete_applications_past_their_day(owner, unit, staff, today):
    case = case_of(application(unit, owner))
    services.mark_complete(case, by=staff["assistant"])
    assert not RenovationCase.objects.overdue().exists()

    today.move((case.approval_due - adapter.today()).days + 1)

    assert list(RenovationCase.objects.overdue()) == [case]
    assert RenovationCase.objects.get(pk=case.pk).is_overdue


def test_more_workers_than_passes_paid_for_are_refused(stub_pdf, owner, unit, staff):
    case = approved_case(unit, owner, staff)
    services.record_fees(case, by=staff["cashier"], receipt_number="SJ-1", amount=Decimal("2340.00"))
    services.confirm_protection(case, by=staff["engineer"])
    workers = [WorkerDetails(f"工人{n}", f"44030519900101{n:04d}") for n in range(3)]

    with pytest.raises(RenovationError):
        services.issue_permit(case, by=staff["assistant"], workers=workers)

    case.refresh_from_db()
    assert (case.state, case.permit, Worker.objects.count()) == (S.PROTECTION_CONFIRMED, None, 0)


def test_a_refund_before_its_day_is_refused_by_the_gate(stub_pdf, owner, unit, staff):
    case = case_in_works(unit, owner, staff)
    services.accept_completion(case, by=staff["engineer"], inspectors="刘国强、赵建军")

    with pytest.raises(GateDenied) as denied:
        services.settle_refund(case, by=staff["cashier"], owner_signature="张伟", contractor_signature="王建国",
                               lead_signature="黄伟明")

    assert policy_ids(denied) == ["RN-17"]
    case.refresh_from_db()
    assert (case.state, case.refund_memo) == (S.ACCEPTED, None)
    assert not LedgerEntry.objects.filter(kind=LedgerKind.REFUND).exists()


def test_a_contractors_refund_request_needs_the_owners_consent(stub_pdf, owner, unit, staff, today):
    case = case_in_works(unit, owner, staff)
    services.accept_completion(case, by=staff["engineer"], inspectors="刘国强")
    Submission.objects.create(
        reference="ZX-2026-900002", procedure=Procedure.DEPOSIT_REFUND, applicant=owner, unit=unit,
        answers={"renovation": case.submission.reference, "requested_by": "contractor", "owner_consent": False},
    )
    services.link_request(Submission.objects.get(reference="ZX-2026-900002"))
    today.move(200)

    with pytest.raises(GateDenied) as denied:
        services.settle_refund(case, by=staff["manager"], owner_signature="张伟", contractor_signature="王建国",
                               lead_signature="黄伟明")

    assert policy_ids(denied) == ["RN-19"]


def test_the_refund_needs_all_three_signatures(stub_pdf, owner, unit, staff, today):
    case = case_in_works(unit, owner, staff)
    services.accept_completion(case, by=staff["engineer"], inspectors="刘国强")
    today.move(200)

    with translation.override("en"), pytest.raises(RenovationError, match="RN-18"):
        services.settle_refund(case, by=staff["manager"], owner_signature="张伟", contractor_signature="",
                               lead_signature="黄伟明")


def test_fines_and_fees_owed_beyond_the_deposit_are_owed_after_the_refund(stub_pdf, owner, unit, staff, today):
    case = case_in_works(unit, owner, staff)
    fine = services.record_fine(case, by=staff["engineer"], amount=Decimal("1500.00"), reason="擅自改动外立面")
    services.sign_fine(fine, by=staff["manager"])
    LedgerEntryFactory(unit=unit, amount="800.00", category=LedgerCategory.WATER)
    services.accept_completion(case, by=staff["engineer"], inspectors="刘国强")
    today.move(200)

    services.settle_refund(case, by=staff["manager"], owner_signature="张伟", contractor_signature="王建国",
                           lead_signature="黄伟明")

    assert (case.refund_amount, case.amount_owed) == (Decimal("0.00"), Decimal("300.00"))  # RN-20
    assert [row["amount"] for row in case.deductions] == ["1500.00", "800.00"]
    payments = LedgerEntry.objects.filter(kind=LedgerKind.PAYMENT).exclude(
        category__in=(LedgerCategory.DEPOSIT, LedgerCategory.RENOVATION_FEE))
    assert sorted((p.category, p.amount) for p in payments) == [("fine", Decimal("1500.00")), ("water", Decimal("500.00"))]


def test_an_unsigned_fine_is_not_charged_and_is_signed_once(stub_pdf, owner, unit, staff):
    case = case_in_works(unit, owner, staff)
    fine = services.record_fine(case, by=staff["assistant"], amount=Decimal("100.00"), reason="超时施工")
    assert not LedgerEntry.objects.filter(category=LedgerCategory.FINE).exists()
    assert Action.SIGN_FINE in services.available_actions(staff["manager"], case)

    services.sign_fine(fine, by=staff["manager"])

    assert (fine.signed_by, fine.ledger_entry.category) == (staff["manager"], LedgerCategory.FINE)
    assert Action.SIGN_FINE not in services.available_actions(staff["manager"], case)
    with pytest.raises(IllegalTransition):
        services.sign_fine(fine, by=staff["manager"])


# --- RN-13: patrols and violations ------------------------------------------------------------


def test_a_serious_violation_phones_the_owner_first_then_the_contractor_and_both_sign(stub_pdf, owner, unit, staff):
    case = case_in_works(unit, owner, staff)
    now = timezone.now()
    serious = {"violation": Violation.SERIOUS, "findings": "拆除承重墙", "rectification": "立即停工恢复原状"}

    with translation.override("en"), pytest.raises(RenovationError, match="owner is phoned before"):
        services.record_patrol(case, by=staff["engineer"], owner_called_at=now, contractor_called_at=now - timedelta(
            minutes=5), owner_signed=True, contractor_signed=True, **serious)
    with translation.override("en"), pytest.raises(RenovationError, match="both sign"):
        services.record_patrol(case, by=staff["engineer"], owner_called_at=now - timedelta(minutes=5),
                               contractor_called_at=now, owner_signed=True, **serious)

    patrol = services.record_patrol(case, by=staff["engineer"], owner_called_at=now - timedelta(minutes=5),
                                    contractor_called_at=now, owner_signed=True, contractor_signed=True, **serious)

    assert (patrol.department, patrol.violation) == (Department.ENGINEERING, Violation.SERIOUS)
    assert services.patrols_missing_today(case) == [Department.SERVICE, Department.SECURITY]


def test_the_database_refuses_a_serious_violation_without_the_calls(stub_pdf, owner, unit, staff):
    case = case_in_works(unit, owner, staff)

    with pytest.raises(IntegrityError), transaction.atomic():
        Patrol.objects.create(case=case, department=Department.SECURITY, violation=Violation.SERIOUS)


def test_a_minor_violation_is_a_warning_with_its_findings(stub_pdf, owner, unit, staff):
    case = case_in_works(unit, owner, staff)

    patrol = services.record_patrol(case, by=staff["guard"], violation=Violation.MINOR, findings="未佩戴出入证，已口头警告")

    assert (patrol.department, patrol.violation, patrol.owner_called_at) == (
        Department.SECURITY, Violation.MINOR, None)


# --- RN-16: an office's fire acceptance receipt -----------------------------------------------


def test_an_offices_completion_needs_the_fire_acceptance_receipt(stub_pdf, owner, unit, staff):
    unit.property_type = PropertyType.OFFICE
    unit.save(update_fields=["property_type"])
    unit.refresh_from_db()
    case = approved_case(unit, owner, staff)
    total = services.fees_decision(case).values["total"]
    services.record_fees(case, by=staff["cashier"], receipt_number="SJ-9", amount=total)
    services.confirm_protection(case, by=staff["engineer"])
    services.issue_permit(case, by=staff["assistant"])

    with pytest.raises(GateDenied) as denied:
        services.accept_completion(case, by=staff["engineer"], inspectors="刘国强")
    assert policy_ids(denied) == ["RN-16"]

    services.accept_completion(case, by=staff["engineer"], inspectors="刘国强", fire_receipt_seen=True)
    assert (case.refundable_from - case.acceptance_date).days == 15  # RN-17: offices 15 days


# --- The printed records ------------------------------------------------------------------------


def test_the_permit_and_the_refund_memo_print_in_chinese(owner, unit, staff, today):
    case = case_in_works(unit, owner, staff)
    services.accept_completion(case, by=staff["engineer"], inspectors="刘国强")
    today.move(200)
    services.settle_refund(case, by=staff["manager"], owner_signature="张伟", contractor_signature="王建国",
                           lead_signature="黄伟明")

    permit = text_of(case.permit.pdf.read())
    assert "施工许可证" in permit
    assert "王建国" in permit and "13800138000" in permit and "匠心装饰工程有限公司" in permit
    assert "李四" in permit and f"{case.permit.number}-01" in permit
    memo = text_of(case.refund_memo.pdf.read())
    assert "押金退还备忘表" in memo
    assert "2,000.00" in memo or "2000.00" in memo
