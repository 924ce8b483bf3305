"""The printed records, one plain-data class and one ``render_*`` function each.

The casework lifecycles map their models onto these classes; nothing here reads the
database. Text fields hold what is printed (names, the unit as "1栋 1201"); money is
Decimal; dates are dates, moments are aware datetimes.

Passes (the construction permit and the goods release pass) print a QR code of their
``verify_url`` when one is given; :func:`portal.documents.services.issue_record` gives it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import ClassVar

from django.utils import timezone

from .formatting import chinese_date
from .models import DocumentKind
from .rendering import render_pdf

ZERO = Decimal("0.00")


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in the site's time zone (a pass is valid all that day)."""
    next_midnight = datetime.combine(day + timedelta(days=1), time.min)
    return timezone.make_aware(next_midnight, timezone.get_default_timezone()) - timedelta(microseconds=1)


class Record:
    """What every record offers to :func:`render_record` and to issuing."""

    kind: ClassVar[DocumentKind]
    template_name: ClassVar[str]
    number: str
    unit: str

    def summary(self) -> dict:
        """What the gate sees when it scans the pass (keys of ``models.SUMMARY_LABELS``)."""
        return {}

    def valid_until(self) -> datetime | None:
        return None


@dataclass(frozen=True)
class ConstructionPermit(Record):
    """《施工许可证》(RN-12): posted outside the door for the whole renovation."""

    kind: ClassVar = DocumentKind.CONSTRUCTION_PERMIT
    template_name: ClassVar = "documents/construction_permit.html"

    unit: str
    owner: str
    contractor: str
    responsible_person: str
    responsible_phone: str
    start: date
    end: date
    number: str = ""
    working_hours: str = ""
    approved_by: str = ""
    issued_on: date | None = None

    def summary(self) -> dict:
        return {
            "contractor": self.contractor,
            "responsible_person": self.responsible_person,
            "responsible_phone": self.responsible_phone,
            "period": f"{chinese_date(self.start)} – {chinese_date(self.end)}",
        }

    def valid_until(self) -> datetime:
        return end_of_day(self.end)


@dataclass(frozen=True)
class ReleaseItem:
    name: str
    quantity: int
    measure: str = ""


@dataclass(frozen=True)
class ReleasePass(Record):
    """《物品放行条》(GR-1..7): two parts on one sheet — the archive part (存根联) kept by the
    archivist, the customer part (客户联, with the QR code) handed to security at the gate.

    ``consent_contact`` is who was phoned for consent (GR-5), ``consent_called_at`` when and
    ``consent_answer`` what they said. Without the owner's signature the pass names the phone
    recording (``recording_reference``, GR-6). The pass is valid until the end of ``date``.
    """

    kind: ClassVar = DocumentKind.RELEASE_PASS
    template_name: ClassVar = "documents/release_pass.html"

    unit: str
    carrier: str
    carrier_relation: str
    items: Sequence[ReleaseItem]
    purpose: str
    date: date
    number: str = ""
    consent_contact: str = ""
    consent_called_at: datetime | None = None
    consent_answer: str = ""
    handler: str = ""
    recording_reference: str = ""

    # The goods fit on each part in up to two columns of five rows; a longer list goes on an
    # attached page that both parts refer to.
    ROWS_PER_COLUMN: ClassVar = 5
    ITEMS_ON_PASS: ClassVar = 2 * ROWS_PER_COLUMN

    @property
    def has_attached_list(self) -> bool:
        return len(self.items) > self.ITEMS_ON_PASS

    @property
    def item_rows(self) -> list[list[tuple[int, ReleaseItem] | None]]:
        """The goods as table rows of ``(number, item)`` cells: one column up to five items,
        two columns (numbered down the first, then the second) up to ten; blank cells ``None``."""
        numbered = list(enumerate(self.items, start=1))
        if len(numbered) <= self.ROWS_PER_COLUMN:
            return [[cell] for cell in numbered]
        height = -(-len(numbered) // 2)
        left, right = numbered[:height], numbered[height:]
        return [[left[row], right[row] if row < len(right) else None] for row in range(height)]

    def summary(self) -> dict:
        return {
            "carrier": self.carrier,
            "relation": self.carrier_relation,
            "purpose": self.purpose,
            "date": chinese_date(self.date),
            "items": [
                {"name": item.name, "quantity": f"{item.quantity}{item.measure}"} for item in self.items
            ],
        }

    def valid_until(self) -> datetime:
        return end_of_day(self.date)


@dataclass(frozen=True)
class Deduction:
    description: str
    amount: Decimal


@dataclass(frozen=True)
class DepositRefundMemo(Record):
    """《押金退还备忘表》(RN-17..20): the renovation deposit less fines and fees owed.

    ``refund`` and ``owed`` are what is paid back and what is still owed; left out, they
    follow from RN-20 (never a negative refund: a shortfall is owed). Given, they must add up.
    """

    kind: ClassVar = DocumentKind.DEPOSIT_REFUND_MEMO
    template_name: ClassVar = "documents/deposit_refund_memo.html"

    unit: str
    owner: str
    contractor: str
    deposit: Decimal
    deductions: Sequence[Deduction] = ()
    acceptance_date: date | None = None
    requested_by: str = ""
    inspection_notes: str = ""
    number: str = ""
    refund: Decimal | None = None
    owed: Decimal | None = None
    issued_on: date | None = None

    def __post_init__(self):
        balance = self.deposit - self.total_deductions
        if self.refund is None:
            object.__setattr__(self, "refund", max(balance, ZERO))
        if self.owed is None:
            object.__setattr__(self, "owed", max(-balance, ZERO))
        if self.refund - self.owed != balance:
            raise ValueError(
                f"Refund {self.refund} less owed {self.owed} must equal "
                f"the deposit less deductions ({balance})."
            )

    @property
    def total_deductions(self) -> Decimal:
        return sum((deduction.amount for deduction in self.deductions), ZERO)


@dataclass(frozen=True)
class MoveInFeeNotice(Record):
    """The move-in fee notice (MI-2, MI-3): prepaid management fee and the utility float.

    ``utility_float_kind`` is ``"electricity"`` (offices), ``"water"`` (business apartments)
    or ``""`` (no float).
    """

    kind: ClassVar = DocumentKind.MOVE_IN_FEE_NOTICE
    template_name: ClassVar = "documents/move_in_fee_notice.html"

    unit: str
    owner: str
    property_type: str
    building_area: Decimal
    fee_per_m2: Decimal
    monthly_fee: Decimal
    prepaid_months: int
    period_start: date
    period_end: date
    utility_float: Decimal = ZERO
    utility_float_kind: str = ""
    number: str = ""
    issued_on: date | None = None

    @property
    def prepaid_fee(self) -> Decimal:
        return self.monthly_fee * self.prepaid_months

    @property
    def total(self) -> Decimal:
        return self.prepaid_fee + self.utility_float


@dataclass(frozen=True)
class ParkingAgreementSummary(Record):
    """The summary page of a 《车位使用协议》(PK-3, PK-4, CS-1..4): who rents which space for
    which vehicle, for how long, at what rent, on which IC card."""

    kind: ClassVar = DocumentKind.PARKING_AGREEMENT
    template_name: ClassVar = "documents/parking_agreement.html"

    household: str
    unit: str
    phone: str
    space: str
    plate: str
    start: date
    end: date
    monthly_rent: Decimal
    ic_card_number: str
    car_model: str = ""
    rent_paid: Decimal | None = None
    representative: str = ""
    number: str = ""
    issued_on: date | None = None


def render_record(record: Record, *, verify_url: str = "") -> bytes:
    """The PDF of ``record``; a pass prints a QR code of ``verify_url`` when given."""
    return render_pdf(
        record.template_name,
        {"record": record, "verify_url": verify_url},
    )


def render_construction_permit(permit: ConstructionPermit, *, verify_url: str = "") -> bytes:
    return render_record(permit, verify_url=verify_url)


def render_release_pass(release_pass: ReleasePass, *, verify_url: str = "") -> bytes:
    return render_record(release_pass, verify_url=verify_url)


def render_deposit_refund_memo(memo: DepositRefundMemo) -> bytes:
    return render_record(memo)


def render_move_in_fee_notice(notice: MoveInFeeNotice) -> bytes:
    return render_record(notice)


def render_parking_agreement_summary(agreement: ParkingAgreementSummary) -> bytes:
    return render_record(agreement)


@dataclass(frozen=True)
class WorkerPassLine:
    """One worker's pass as logged on the permit (RN-12)."""

    name: str
    id_number: str
    phone: str = ""


@dataclass(frozen=True)
class ConstructionPermitWithWorkers(ConstructionPermit):
    """《施工许可证》 with the worker passes issued with it (《装修工人出入证办理表》, RN-12)."""

    template_name: ClassVar = "documents/construction_permit_workers.html"

    workers: Sequence[WorkerPassLine] = ()
