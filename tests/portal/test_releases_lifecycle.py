"""A goods release pass at the service centre (物品放行, GR-1…GR-7): the consent call, the
signatures, the pass issued as a two-part PDF when the policy allows it, used at the gate."""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from portal.audit.models import AuditEvent
from portal.casework.models import Submission
from portal.casework.procedures import Procedure
from portal.documents import records
from portal.documents.models import DocumentKind, IssuedDocument
from portal.documents.services import mark_used
from portal.organisation.groups import ASSISTANT, ENGINEERING, SECURITY, SUPERVISOR
from portal.releases import services
from portal.releases.models import CaseState, ReleaseCase
from portal.releases.services import GateDenied, IllegalTransition
from tests.factories import HouseholdMemberFactory, LedgerEntryFactory, PersonFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

STUB_PDF = b"%PDF-1.7 stub"
WORKER_ID = "440305199003078812"


@pytest.fixture
def stub_pdf(monkeypatch):
    """Passes print instantly: what is checked here is the lifecycle, not the typesetting."""
    monkeypatch.setattr(records, "render_pdf", lambda template, context: STUB_PDF)


@pytest.fixture
def owner():
    person = PersonFactory(name="张伟", email="zhangwei@example.cn", user=UserFactory(username="zhangwei"))
    return HouseholdMemberFactory(person=person).person


@pytest.fixture
def unit(owner):
    return owner.memberships.get().household.unit


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="lizhuli", last_name="李", first_name="助理")


_references = iter(range(1, 10_000))


def application(unit, applicant, *, carrier="domestic_worker", purpose="temporary", **answers) -> Submission:
    """A release-pass application as the wizard stores it, and its case."""
    answers = {
        "unit": {"id": unit.pk, "text": str(unit)},
        "carrier": carrier,
        "carrier_name": "刘阿姨",
        "carrier_id_number": WORKER_ID,
        "items": [{"item": "行李箱", "quantity": 2}, {"item": "纸箱", "quantity": 3}],
        "purpose": purpose,
        "pass_date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        **answers,
    }
    submission = Submission.objects.create(
        reference=f"ZX-2026-{next(_references):06d}",
        procedure=Procedure.RELEASE_PASS,
        applicant=applicant,
        unit=unit,
        answers=answers,
    )
    return submission


def case_of(submission) -> ReleaseCase:
    return services.open_case(submission)


def policy_ids(denied: pytest.ExceptionInfo) -> list[str]:
    return [reason.policy_id for reason in denied.value.reasons]


def audit_trail(case) -> list[tuple[str, str, str]]:
    return [(event.action, event.from_state, event.to_state) for event in AuditEvent.objects.for_object(case)]


def text_of(pdf: bytes) -> str:
    """The PDF's text with all spacing removed (titles are letter-spaced)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


# --- The walk from the application to the gate ------------------------------------------------


def test_a_domestic_workers_temporary_pass_is_issued_and_used_at_the_gate(
    stub_pdf, owner, unit, assistant, django_capture_on_commit_callbacks
):
    case = case_of(application(unit, owner))
    assert (case.state, case.consent_from) == (CaseState.OPENED, "owner")

    with django_capture_on_commit_callbacks(execute=True):
        services.record_consent(case, by=assistant, answer="given", note="业主电话同意")
        services.record_signatures(case, by=assistant, owner_signed=True)
        services.issue(case, by=assistant)

    case.refresh_from_db()
    assert case.stage == CaseState.ISSUED
    document = case.document
    assert (document.kind, document.unit, document.target) == (DocumentKind.RELEASE_PASS, unit, case)
    assert document.number.startswith("FX-")
    assert document.summary["items"] == [{"name": "行李箱", "quantity": "2"}, {"name": "纸箱", "quantity": "3"}]
    assert case.decision["outcome"] == "allow"
    assert case.decision["values"] == {"consent_from": "owner", "flagged": False}
    assert mail.outbox[-1].to == ["zhangwei@example.cn"]
    assert document.number in mail.outbox[-1].body

    guard = StaffUserFactory(groups=[SECURITY])
    mark_used(document, guard)

    case = ReleaseCase.objects.get(pk=case.pk)
    assert case.stage == CaseState.USED
    assert case.get_stage_display() == str(CaseState.USED.label)
    assert audit_trail(case) == [
        ("opened", "", CaseState.OPENED),
        ("consent_recorded", CaseState.OPENED, CaseState.CONSENT_RECORDED),
        ("signatures_recorded", CaseState.CONSENT_RECORDED, CaseState.SIGNATURES_RECORDED),
        ("issued", CaseState.SIGNATURES_RECORDED, CaseState.ISSUED),
    ]
    assert AuditEvent.objects.for_object(document).filter(action="pass_used").exists()


def test_every_step_names_who_took_it_and_the_call_is_kept(stub_pdf, owner, unit, assistant):
    case = case_of(application(unit, owner))
    called_at = timezone.now() - timedelta(minutes=10)

    services.record_consent(case, by=assistant, answer="given", called_at=called_at, note="业主同意")

    event = AuditEvent.objects.for_object(case).get(action="consent_recorded")
    assert (event.actor, event.note, event.data["answer"]) == (assistant, "业主同意", "given")
    assert (case.consent_called_at, case.consent_answer) == (called_at, "given")


def test_the_application_opens_its_case_when_it_is_saved(owner, unit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = application(unit, owner)

    assert ReleaseCase.objects.get(submission=submission).state == CaseState.OPENED


def test_an_owner_carrying_their_own_goods_needs_no_consent_call(stub_pdf, owner, unit, assistant):
    case = case_of(application(unit, owner, carrier="owner", carrier_name=owner.name))
    assert case.consent_from == ""
    assert services.available_actions(assistant, case) == [
        services.Action.RECORD_SIGNATURES,
        services.Action.REFUSE,
    ]

    with translation.override("en"), pytest.raises(IllegalTransition, match="No consent call is needed"):
        services.record_consent(case, by=assistant, answer="given")
    services.record_signatures(case, by=assistant, owner_signed=True)
    services.issue(case, by=assistant)

    assert case.state == CaseState.ISSUED
    assert [action for action, _, _ in audit_trail(case)] == ["opened", "signatures_recorded", "issued"]


def test_signatures_wait_for_the_consent_call_when_one_is_needed(owner, unit, assistant):
    case = case_of(application(unit, owner))

    with translation.override("en"), pytest.raises(IllegalTransition, match="consent call first"):
        services.record_signatures(case, by=assistant, owner_signed=True)

    assert case.state == CaseState.OPENED


# --- The gate: release.pass with the facts as they stand ------------------------------------


def test_moving_out_with_fees_owed_is_refused_by_the_gate_and_the_case_stays(stub_pdf, owner, unit, assistant):
    LedgerEntryFactory(unit=unit, amount="300.00")
    case = case_of(application(unit, owner, carrier="owner", purpose="move_out"))
    services.record_signatures(case, by=assistant, owner_signed=True)

    with pytest.raises(GateDenied) as denied:
        services.issue(case, by=assistant)

    assert policy_ids(denied) == ["GR-4"]
    assert "300.00" in str(denied.value)
    case.refresh_from_db()
    assert (case.state, case.document, case.decision) == (CaseState.SIGNATURES_RECORDED, None, {})
    assert not IssuedDocument.objects.exists()
    assert [action for action, _, _ in audit_trail(case)] == ["opened", "signatures_recorded"]


def test_an_owner_who_cannot_be_reached_means_no_pass(stub_pdf, owner, unit, assistant):
    case = case_of(application(unit, owner))
    services.record_consent(case, by=assistant, answer="unreachable")
    services.record_signatures(case, by=assistant, owner_signed=False, phone_recording_ref="REC-20261128-01")

    with pytest.raises(GateDenied) as denied:
        services.issue(case, by=assistant)

    assert policy_ids(denied) == ["GR-5"]
    assert ReleaseCase.objects.get(pk=case.pk).state == CaseState.SIGNATURES_RECORDED


def test_neither_the_owners_signature_nor_a_recording_means_no_pass(stub_pdf, owner, unit, assistant):
    case = case_of(application(unit, owner))
    services.record_consent(case, by=assistant, answer="given")
    services.record_signatures(case, by=assistant, owner_signed=False)

    with pytest.raises(GateDenied) as denied:
        services.issue(case, by=assistant)

    assert policy_ids(denied) == ["GR-6"]
    services.record_signatures(case, by=assistant, owner_signed=False, phone_recording_ref="REC-20261128-02")
    services.issue(case, by=assistant)
    assert case.state == CaseState.ISSUED


def test_passes_of_the_last_days_are_counted_from_the_passes_issued(stub_pdf, owner, unit, assistant):
    for _ in range(3):
        case = case_of(application(unit, owner, carrier="owner"))
        services.record_signatures(case, by=assistant, owner_signed=True)
        services.issue(case, by=assistant)

    assert services.gate_facts(case_of(application(unit, owner)))["passes_last_7_days"] == 3
    case = case_of(application(unit, owner, carrier="owner"))
    services.record_signatures(case, by=assistant, owner_signed=True)
    services.issue(case, by=assistant)
    assert case.decision["values"]["flagged"] is True  # GR-3: noted, not refused


# --- Refusals ---------------------------------------------------------------------------------


def test_a_pass_is_issued_once_and_its_consent_cannot_change_afterwards(stub_pdf, owner, unit, assistant):
    case = case_of(application(unit, owner))
    services.record_consent(case, by=assistant, answer="given")
    services.record_signatures(case, by=assistant, owner_signed=True)
    services.issue(case, by=assistant)

    with pytest.raises(IllegalTransition):
        services.issue(case, by=assistant)
    with pytest.raises(IllegalTransition):
        services.record_consent(case, by=assistant, answer="refused")
    with pytest.raises(IllegalTransition):
        services.refuse(case, by=assistant, reason="不再需要")

    assert IssuedDocument.objects.count() == 1
    case.refresh_from_db()
    assert (case.state, case.consent_answer) == (CaseState.ISSUED, "given")


def test_staff_refuse_an_open_case_with_a_reason_the_applicant_reads(
    owner, unit, assistant, django_capture_on_commit_callbacks
):
    case = case_of(application(unit, owner))
    services.record_consent(case, by=assistant, answer="refused")

    with pytest.raises(services.ReleaseError):
        services.refuse(case, by=assistant, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse(case, by=assistant, reason="业主不同意搬出物品")

    assert (case.state, case.refusal_reason) == (CaseState.REFUSED, "业主不同意搬出物品")
    assert "业主不同意搬出物品" in mail.outbox[-1].body
    assert audit_trail(case)[-1] == ("refused", CaseState.CONSENT_RECORDED, CaseState.REFUSED)
    assert services.available_actions(assistant, case) == []


def test_the_supervisor_handles_passes_and_engineering_does_not(owner, unit):
    case = case_of(application(unit, owner))
    engineer = StaffUserFactory(groups=[ENGINEERING])

    with pytest.raises(PermissionDenied):
        services.record_consent(case, by=engineer, answer="given")
    assert services.available_actions(engineer, case) == []
    assert ReleaseCase.objects.get(pk=case.pk).state == CaseState.OPENED

    services.record_consent(case, by=StaffUserFactory(groups=[SUPERVISOR]), answer="given")
    assert case.state == CaseState.CONSENT_RECORDED


# --- The admin ----------------------------------------------------------------------------------


def admin_url(view="index", *args):
    return reverse(f"releases_case:{view}", args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_assistant_lists_cases_and_works_one_from_its_page(stub_pdf, client, owner, unit, assistant):
    case = case_of(application(unit, owner))
    client.force_login(assistant)

    listing = client.get(admin_url()).content.decode()
    assert case.submission.reference in listing
    assert "刘阿姨" in listing
    page = client.get(admin_url("inspect", case.pk))
    assert page.status_code == 200
    assert 'data-release-step="record_consent"' in page.content.decode()
    assert "行李箱" in page.content.decode()

    client.post(admin_url("record_consent", case.pk), {"called_at": "", "answer": "given"})
    assert ReleaseCase.objects.get(pk=case.pk).state == CaseState.OPENED  # the call's time is required
    client.post(
        admin_url("record_consent", case.pk),
        {"called_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "answer": "given"},
    )
    client.post(admin_url("record_signatures", case.pk), {"owner_signed": "on"})
    response = client.post(admin_url("issue", case.pk), follow=True)

    case.refresh_from_db()
    assert case.state == CaseState.ISSUED
    download = reverse("documents:download", args=(case.document.pk,))
    assert download in response.content.decode()
    assert client.get(download).status_code == 200


def test_a_gate_denial_is_shown_with_its_policy_id(stub_pdf, client, owner, unit, assistant):
    LedgerEntryFactory(unit=unit, amount="300.00")
    case = case_of(application(unit, owner, carrier="owner", purpose="move_out"))
    services.record_signatures(case, by=assistant, owner_signed=True)
    client.force_login(assistant)

    response = client.post(admin_url("issue", case.pk), follow=True)

    assert any(message.startswith("GR-4 ") for message in messages_of(response))
    assert ReleaseCase.objects.get(pk=case.pk).state == CaseState.SIGNATURES_RECORDED


def test_engineering_gets_403_from_the_cases_and_their_steps(client, owner, unit):
    case = case_of(application(unit, owner))
    client.force_login(StaffUserFactory(groups=[ENGINEERING]))

    assert client.get(admin_url()).status_code == 403
    assert client.post(admin_url("record_consent", case.pk), {"answer": "given"}).status_code == 403
    assert ReleaseCase.objects.get(pk=case.pk).state == CaseState.OPENED


def test_the_owner_finds_the_issued_pass_on_their_page(stub_pdf, client, owner, unit, assistant):
    case = case_of(application(unit, owner, carrier="owner"))
    services.record_signatures(case, by=assistant, owner_signed=True)
    services.issue(case, by=assistant)
    client.force_login(owner.user)

    page = client.get(reverse("my_dashboard")).content.decode()

    assert case.document.number in page


# --- The printed pass ---------------------------------------------------------------------------


def test_the_pass_prints_in_chinese_with_the_unit_and_the_consent_call(owner, unit, assistant):
    case = case_of(application(unit, owner))
    services.record_consent(case, by=assistant, answer="given")
    services.record_signatures(case, by=assistant, owner_signed=True)
    services.issue(case, by=assistant)

    with case.document.pdf.open("rb") as stored:
        text = text_of(stored.read())

    assert "物品放行条" in text
    assert unit.number in text
    assert "刘阿姨" in text
    assert owner.name in text
    with translation.override(settings.LANGUAGE_CODE):
        assert str(services.CARRIER_LABELS["domestic_worker"]).replace(" ", "") in text
