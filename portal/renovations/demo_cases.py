"""Demo renovations (装修管理) on the demo estate, one in each stage staff meet most:

- owner1's renovation of 1栋 1801: complete, waiting for the project manager's approval;
- two renovations of units the register shows ``renovating``: works in progress with
  their permit, patrols, a minor violation and a fine waiting for the manager's sign-off;
- a renovation just applied for, its documents not yet checked.

Each step is taken through :mod:`portal.renovations.services` by the demo login whose group
takes it, so the cases carry their audit trail and ledger entries. Idempotent: an
application is found again by its client token and a case is only moved forward.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Q

from portal.casework.procedures import Procedure
from portal.casework.services import Attachment, create_submission
from portal.demo.cast import OWNER1_UNIT
from portal.estate.models import HouseholdMember, MemberRole, OccupancyStatus, Unit
from portal.policies import adapter, facts

from . import services
from .models import CaseState, RenovationCase

S = CaseState
ORDER = [S.SUBMITTED, S.COMPLETE, S.APPROVED, S.FEES_COLLECTED, S.PROTECTION_CONFIRMED, S.IN_PROGRESS]
DEMO_PDF = b"%PDF-1.4\n% demo document\n"

CONTRACTORS = [
    ("匠心装饰工程有限公司", "王建国", "13800138001"),
    ("美居家装设计有限公司", "李志强", "13800138002"),
    ("华艺建筑装饰有限公司", "张海涛", "13800138003"),
    ("锦程装饰工程有限公司", "陈永福", "13800138004"),
]
WORKERS = [
    ("周大勇", "440305198803154419", "13922000001"),
    ("吴小军", "440305199107226637", "13922000002"),
]


def staff(username):
    return get_user_model().objects.filter(username=username).first()


def owner_of(unit):
    member = (
        HouseholdMember.objects.filter(
            household__unit=unit, household__ended_on__isnull=True, role=MemberRole.OWNER, ended_on__isnull=True
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return member.person if member else None


def answers_for(unit, contractor, *, starts_in_days: int) -> tuple[dict, list[Attachment]]:
    """Answers as the wizard stores them, with every document and pledge the policy library requires."""
    company, person, phone = contractor
    start = adapter.today() + timedelta(days=starts_in_days)
    answers = {
        "unit": {"id": unit.pk, "text": str(unit)},
        "role": "owner",
        "works_by": "contractor",
        "contractor": company,
        "responsible_person": person,
        "responsible_phone": phone,
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=75)).isoformat(),
        "worker_passes": 2,
        "description": "客厅、厨房及卫生间翻新，更换地砖，拆除一面非承重墙",
    }
    required = adapter.decide(
        services.DOCUMENTS, facts.renovation_documents_facts(unit, applicant="owner", self_renovation=False)
    ).values
    owner = owner_of(unit)
    answers["signed_pledges"] = {code: owner.name for code in required["required_pledges"]}
    attachments = [
        Attachment(code=code, file=ContentFile(DEMO_PDF, name=f"{code}.pdf"), name=f"{code}.pdf",
                   content_type="application/pdf")
        for code in required["required_documents"]
    ]
    return answers, attachments


def application(unit, contractor, token: str, *, starts_in_days: int = 10):
    answers, attachments = answers_for(unit, contractor, starts_in_days=starts_in_days)
    fees = adapter.decide(services.FEES, facts.renovation_fees_facts(unit, worker_passes=2))
    submission, _created = create_submission(
        procedure=Procedure.RENOVATION,
        applicant=owner_of(unit),
        answers=answers,
        unit=unit,
        household=unit.households.filter(ended_on__isnull=True).first(),
        attachments=attachments,
        decision=adapter.snapshot(fees),
        client_token=token,
    )
    return services.open_case(submission)


def advance(case: RenovationCase, target: str) -> RenovationCase:
    """Take ``case`` forward to ``target`` through the services, by the demo login of each step."""
    steps = {
        S.SUBMITTED: lambda: services.mark_complete(case, by=staff("assistant")),
        S.COMPLETE: lambda: services.approve(case, by=staff("manager"), note="资料齐全，同意施工"),
        S.APPROVED: lambda: services.record_fees(
            case, by=staff("cashier"), receipt_number=f"SJ-{case.submission.reference[-6:]}",
            amount=services.fees_decision(case).values["total"],
        ),
        S.FEES_COLLECTED: lambda: services.confirm_protection(
            case, by=staff("engineer"), note="电梯轿厢、走廊地面及楼梯扶手已做保护"
        ),
        S.PROTECTION_CONFIRMED: lambda: services.issue_permit(
            case, by=staff("assistant"),
            workers=[services.WorkerDetails(*worker) for worker in WORKERS],
        ),
    }
    while case.state in ORDER and ORDER.index(case.state) < ORDER.index(target):
        case = steps[case.state]()
    return case


def during_works(case: RenovationCase) -> None:
    """A day of patrols, a minor violation and a fine waiting for the manager (RN-13, RN-14)."""
    if case.patrols.exists():
        return
    services.record_patrol(case, by=staff("assistant"), findings="施工有序，出入证佩戴齐全")
    services.record_patrol(case, by=staff("engineer"), findings="水电改造按图施工")
    patrol = services.record_patrol(
        case, by=staff("security"), violation="minor", findings="走廊临时堆放水泥袋，已口头警告并当场清理"
    )
    services.record_fine(case, by=staff("security"), amount=Decimal("200.00"),
                         reason="午休时段（12:00–14:00）使用电锤施工", patrol=patrol)


def load(out=None) -> None:
    if staff("manager") is None:
        return
    building, number = OWNER1_UNIT
    owner1_unit = Unit.objects.filter(building__name=building, number=number).first()
    cases = []
    if owner1_unit is not None and owner_of(owner1_unit) is not None:
        cases.append(advance(application(owner1_unit, CONTRACTORS[0], "demo-renovation-owner1"), S.COMPLETE))

    renovating = (
        Unit.objects.filter(status=OccupancyStatus.RENOVATING, property_type="residential")
        .filter(Q(households__ended_on__isnull=True, households__members__role=MemberRole.OWNER))
        .distinct()
        .order_by("building__name", "number")
    )
    for index, unit in enumerate(renovating[:2], start=1):
        case = advance(application(unit, CONTRACTORS[index], f"demo-renovation-works-{index}", starts_in_days=0),
                       S.IN_PROGRESS)
        during_works(case)
        cases.append(case)

    vacant = (
        Unit.objects.filter(status=OccupancyStatus.VACANT, property_type="residential")
        .filter(Q(households__ended_on__isnull=True, households__members__role=MemberRole.OWNER))
        .distinct()
        .order_by("building__name", "number")
        .first()
    )
    if vacant is not None:
        cases.append(application(vacant, CONTRACTORS[3], "demo-renovation-new"))

    if out is not None:
        out.write(f"Renovations: {len(cases)} demo cases ({', '.join(c.get_stage_display() for c in cases)}).")
