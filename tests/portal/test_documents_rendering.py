"""Printed records: every record renders to one A4 page in an embedded Chinese font, and
the Chinese text, the unit, the money and the dates read back out of the PDF."""

import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader

from portal.documents import records
from portal.documents.formatting import chinese_date, chinese_datetime, yuan
from portal.documents.qr import qr_data_uri
from portal.documents.rendering import STATIC_DIR, MissingGlyphsError, local_files_only, render_pdf

A4 = (595, 842)  # points
CJK_FONT_NAMES = ("wenquanyi", "notosanscjk")
VERIFY_URL = "http://127.0.0.1:8000/verify/token/"

PERMIT = records.ConstructionPermit(
    unit="1栋 1201",
    owner="张伟",
    contractor="深圳市美家装饰工程有限公司",
    responsible_person="王建国",
    responsible_phone="13800138000",
    start=date(2026, 11, 28),
    end=date(2027, 2, 27),
    number="SG-2026-000017",
    approved_by="李经理",
)
RELEASE_PASS = records.ReleasePass(
    unit="2栋 0803",
    carrier="刘阿姨",
    carrier_relation="保姆",
    items=[records.ReleaseItem("纸箱", 3, "个"), records.ReleaseItem("旧电视机", 1, "台")],
    purpose="临时携带",
    date=date(2026, 11, 28),
    number="FX-2026-000042",
    consent_contact="业主 陈静",
    consent_called_at=timezone.make_aware(datetime(2026, 11, 28, 9, 35)),
    consent_answer="同意放行",
    handler="赵敏",
)
MEMO = records.DepositRefundMemo(
    unit="1栋 1201",
    owner="张伟",
    contractor="深圳市美家装饰工程有限公司",
    deposit=Decimal("3000.00"),
    deductions=[
        records.Deduction("违章：未经许可动火", Decimal("500.00")),
        records.Deduction("欠缴水电费", Decimal("186.40")),
    ],
    acceptance_date=date(2027, 2, 27),
    number="YJ-2027-000005",
)
NOTICE = records.MoveInFeeNotice(
    unit="3栋 1502",
    owner="黄晓明",
    property_type="写字楼",
    building_area=Decimal("120.50"),
    fee_per_m2=Decimal("6.80"),
    monthly_fee=Decimal("819.40"),
    prepaid_months=3,
    period_start=date(2026, 12, 1),
    period_end=date(2027, 2, 28),
    utility_float=Decimal("1000.00"),
    utility_float_kind="electricity",
    number="RH-2026-000110",
)
PARKING = records.ParkingAgreementSummary(
    household="张伟",
    unit="1栋 1201",
    phone="13800138000",
    space="B1-086",
    plate="粤B12345",
    start=date(2026, 12, 1),
    end=date(2027, 11, 30),
    monthly_rent=Decimal("450.00"),
    rent_paid=Decimal("5400.00"),
    ic_card_number="IC-0086-2026",
    number="CW-2026-000031",
)


@pytest.fixture(scope="module", autouse=True)
def chinese_font_installed():
    """Every test here needs a Chinese font: say which packages are missing, never skip."""
    try:
        render_pdf("documents/construction_permit.html", {"record": PERMIT})
    except MissingGlyphsError as error:
        pytest.fail(f"No Chinese font is installed, so no record can be printed. {error}", pytrace=False)


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    """The PDF's text with all spacing removed (titles are letter-spaced)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in read(pdf).pages))


def embedded_fonts(pdf: bytes) -> dict[str, str]:
    """``{BaseFont: "/FontFile2" or "/FontFile3"}`` for every font embedded in the PDF."""
    found = {}
    for page in read(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts", [font])
            for descendant in descendants:
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                for key in ("/FontFile2", "/FontFile3"):
                    if key in descriptor:
                        found[str(font["/BaseFont"])] = key
    return found


def has_cjk_font(pdf: bytes) -> bool:
    names = [re.sub(r"[^a-z]", "", name.lower()) for name in embedded_fonts(pdf)]
    return any(cjk in name for name in names for cjk in CJK_FONT_NAMES)


def one_a4_page(pdf: bytes) -> bool:
    pages = read(pdf).pages
    return len(pages) == 1 and tuple(round(value) for value in pages[0].mediabox[2:]) == A4


@pytest.fixture(scope="module")
def permit_pdf():
    return records.render_construction_permit(PERMIT, verify_url=VERIFY_URL)


@pytest.fixture(scope="module")
def release_pass_pdf():
    return records.render_release_pass(RELEASE_PASS, verify_url=VERIFY_URL)


@pytest.fixture(scope="module")
def memo_pdf():
    return records.render_deposit_refund_memo(MEMO)


@pytest.fixture(scope="module")
def notice_pdf():
    return records.render_move_in_fee_notice(NOTICE)


@pytest.fixture(scope="module")
def parking_pdf():
    return records.render_parking_agreement_summary(PARKING)


# Money and dates.


def test_money_reads_as_yuan_with_thousands_and_two_decimals():
    assert yuan(Decimal("1234.5")) == "¥1,234.50"
    assert yuan(Decimal("3000")) == "¥3,000.00"
    assert yuan(Decimal("0.005")) == "¥0.01"
    assert yuan(Decimal("-20")) == "-¥20.00"
    assert yuan(None) == ""


def test_money_is_never_a_float():
    with pytest.raises(TypeError):
        yuan(12.5)


def test_dates_read_the_chinese_way_in_shanghai_time():
    assert chinese_date(date(2026, 11, 28)) == "2026年11月28日"
    assert chinese_date(date(2027, 1, 5)) == "2027年1月5日"
    late_evening_utc = datetime(2026, 11, 27, 17, 30, tzinfo=UTC)
    assert chinese_datetime(late_evening_utc) == "2026年11月28日 01:30"


# Every record: one A4 page, Chinese font embedded, text readable.


@pytest.mark.parametrize(
    "pdf_fixture", ["permit_pdf", "release_pass_pdf", "memo_pdf", "notice_pdf", "parking_pdf"]
)
def test_every_record_is_one_a4_page_with_an_embedded_chinese_font(pdf_fixture, request):
    pdf = request.getfixturevalue(pdf_fixture)

    assert pdf.startswith(b"%PDF-")
    assert one_a4_page(pdf)
    assert has_cjk_font(pdf), f"No CJK font embedded: {embedded_fonts(pdf)}"


def test_the_permit_names_unit_contractor_responsible_person_and_period(permit_pdf):
    text = text_of(permit_pdf)

    for expected in (
        str(records.DocumentKind.CONSTRUCTION_PERMIT.label),
        "1栋1201",
        "张伟",
        "深圳市美家装饰工程有限公司",
        "王建国",
        "13800138000",
        "2026年11月28日",
        "2027年2月27日",
        "SG-2026-000017",
        "锦绣花园",
    ):
        assert re.sub(r"\s+", "", expected) in text


def test_the_release_pass_prints_archive_and_customer_parts_on_one_sheet(release_pass_pdf):
    text = text_of(release_pass_pdf)

    assert text.count("FX-2026-000042") == 2
    assert text.count("纸箱") == 2 and text.count("旧电视机") == 2
    assert text.count("刘阿姨") == 2 and text.count("保姆") == 2
    assert "2026年11月28日09:35" in text  # when the owner was called
    assert "同意放行" in text


def test_only_the_customer_part_of_a_release_pass_carries_the_qr_code():
    html = render_to_string(
        "documents/release_pass.html", {"record": RELEASE_PASS, "verify_url": VERIFY_URL}
    )
    archive, customer = html.split('class="cut-line"')

    assert qr_data_uri(VERIFY_URL) not in archive
    assert qr_data_uri(VERIFY_URL) in customer


def test_a_long_list_of_goods_goes_on_an_attached_page():
    items = [records.ReleaseItem(f"家具{number}", 1, "件") for number in range(1, 16)]

    two_columns = records.render_release_pass(replace(RELEASE_PASS, items=items[:10]))
    attached = records.render_release_pass(replace(RELEASE_PASS, items=items))

    assert one_a4_page(two_columns)
    assert "家具10" in text_of(two_columns)
    assert len(read(attached).pages) == 2
    assert "家具15" in read(attached).pages[1].extract_text()


def test_the_deposit_refund_memo_itemises_deductions_and_the_refund(memo_pdf):
    text = text_of(memo_pdf)

    deposit, fine, utilities, deducted, refund = "¥3,000.00", "¥500.00", "¥186.40", "¥686.40", "¥2,313.60"
    for expected in (deposit, fine, utilities, deducted, refund, "违章：未经许可动火", "2027年2月27日"):
        assert expected in text


def test_a_deposit_smaller_than_the_deductions_leaves_an_amount_owed_not_a_negative_refund():
    memo = replace(MEMO, deposit=Decimal("500.00"), refund=None, owed=None)

    assert memo.refund == Decimal("0.00")
    assert memo.owed == Decimal("186.40")


def test_a_memo_whose_amounts_do_not_add_up_is_refused():
    with pytest.raises(ValueError, match="must equal"):
        replace(MEMO, refund=Decimal("3000.00"), owed=Decimal("0.00"))


def test_the_move_in_notice_shows_three_months_prepaid_and_the_electricity_float(notice_pdf):
    text = text_of(notice_pdf)

    monthly, prepaid, electricity_float, total = "¥819.40", "¥2,458.20", "¥1,000.00", "¥3,458.20"
    for expected in ("黄晓明", "3栋1502", monthly, prepaid, electricity_float, total, "2026年12月1日", "2027年2月28日"):
        assert expected in text


def test_the_parking_summary_shows_space_plate_period_rent_and_card(parking_pdf):
    text = text_of(parking_pdf)

    for expected in ("B1-086", "粤B12345", "2027年11月30日", "¥450.00", "¥5,400.00", "IC-0086-2026"):
        assert expected in text


# Never a missing glyph, never a fetch from outside.


def test_a_character_no_font_can_draw_stops_the_print_instead_of_printing_a_box():
    unprintable = "\U000f0001"  # private use: no font has it

    with pytest.raises(MissingGlyphsError) as error:
        records.render_construction_permit(replace(PERMIT, owner=f"张{unprintable}"))

    assert unprintable in error.value.characters
    assert "fonts-wqy-microhei" in str(error.value)


def test_records_read_their_own_stylesheet_and_nothing_else():
    fetcher = local_files_only([STATIC_DIR])

    assert b"@page" in fetcher.fetch((STATIC_DIR / "record.css").as_uri()).read()
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.com/logo.png")
