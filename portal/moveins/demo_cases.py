"""Demo move-in handovers (入伙办理): buyers of units not handed over yet, at different steps.

- one appointment just booked;
- one with the documents checked and the 《入伙缴费通知》 issued, waiting for the cashier;
- one with the fees paid and the owner file complete;
- one whose unit the owner did not accept at the joint inspection (MI-9), to be put right.

None is completed: the demo register keeps its units' statuses, and loading again must
change nothing. Idempotent: each application is found by its form-run token, and a case
is only taken through its steps while it is still where it opened.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from portal.casework.procedures import Procedure
from portal.casework.services import create_submission
from portal.demo.estate import current_anchor
from portal.demo.identity import make_id_number
from portal.estate.models import OccupancyStatus, Person, Unit

from . import services
from .models import CaseState

# (name, birthday, sequence, the step the case is taken to)
BUYERS = (
    ("马志远", date(1985, 4, 12), 911, CaseState.OPENED),
    ("何嘉欣", date(1990, 9, 3), 912, CaseState.IDENTITY_CHECKED),
    ("高文博", date(1978, 1, 26), 913, CaseState.FILE_COMPLETED),
    ("罗晓燕", date(1988, 11, 30), 914, CaseState.INSPECTED),
)
REGION = "440304"


def load(out=None) -> None:
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=("assistant", "cashier", "engineer"))}
    units = list(Unit.objects.with_building().filter(status=OccupancyStatus.NOT_HANDED_OVER, households__isnull=True)
                 .order_by("building__name", "floor", "number")[:len(BUYERS)])
    anchor = current_anchor()
    made = 0
    for index, ((name, birthday, sequence, state), unit) in enumerate(zip(BUYERS, units), start=1):
        buyer = _buyer(name, birthday, sequence)
        submission, created = create_submission(
            procedure=Procedure.MOVE_IN,
            applicant=buyer,
            author=users.get("assistant"),
            answers=_answers(unit, anchor, index, buyer),
            unit=unit,
            client_token=f"demo-move-in-{index}",
        )
        case = services.open_case(submission, by=users.get("assistant"))
        if case.state == CaseState.OPENED and state != CaseState.OPENED and len(users) == 3:
            _walk(case, state, users)
        made += created
    if out is not None:
        out.write(f"Move-in handovers: {len(units)} demo cases ({made} new).")


def _buyer(name: str, birthday: date, sequence: int) -> Person:
    id_number = make_id_number(REGION, birthday, sequence)
    person, _created = Person.objects.get_or_create(
        id_number=id_number,
        defaults={"name": name, "birthday": birthday, "mobile": f"135{sequence:08d}"},
    )
    return person


def _answers(unit, anchor: date, index: int, buyer: Person) -> dict:
    return {
        "unit": {"id": unit.pk, "text": str(unit)},
        "notice_move_in_date": (anchor - timedelta(days=10 * index)).isoformat(),
        "id_card": "身份证.jpg",
        "purchase_contract": "买卖合同.pdf",
        "move_in_notice": "入伙通知书.pdf",
        "family": [{"name": f"{buyer.name[0]}小宝", "relation": "子女", "mobile": ""}] if index % 2 else [],
        "emergency_mobile": f"139{index:08d}",
        "birthday": buyer.birthday.isoformat(),
        "bank": "中国工商银行深圳南山支行",
        "account_name": buyer.name,
        "account_number": f"6222020200{index:08d}",
        "appointment_date": (anchor + timedelta(days=7 + index)).isoformat(),
        "time_slot": "09:00",
    }


def _walk(case, state, users):
    assistant, cashier, engineer = users["assistant"], users["cashier"], users["engineer"]
    services.check_identity(case, by=assistant, id_document=True, purchase_contract=True, move_in_notice=True)
    if state == CaseState.IDENTITY_CHECKED:
        return
    services.record_fees(case, by=cashier, amount=Decimal(case.total_due), receipt_number=f"SK-RH-{case.pk:04d}")
    services.complete_file(case, by=assistant, copies_kept=True, family_register=True, bank_agreement=True,
                           document_receipt=True, fire_safety_agreement=True,
                           emergency_mobile=case.emergency_mobile, birthday=case.birthday)
    if state == CaseState.FILE_COMPLETED:
        return
    services.hand_keys(case, by=assistant, key_receipt_signed=True, keys="入户门钥匙3把、信箱钥匙1把",
                       guide_given=True)
    services.record_inspection(case, by=engineer, accepted=False, rectification_items="主卧墙面开裂；阳台地漏堵塞",
                               not_accepted_reason="墙面开裂，待整改后复验", inspector="刘国强")
