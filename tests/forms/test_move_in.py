"""入伙办理预约: the owner of a unit not yet handed over uploads the three documents,
fills in the owner file, books the handover and sees what it will cost."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from cms.demo import ensure_home_page
from cms.models import ServiceIndexPage, ServicePage
from forms.wizards.move_in import is_working_day
from portal.casework.models import Submission
from portal.estate.models import OccupancyStatus
from tests.factories import HouseholdMemberFactory, UnitFactory, UserFactory

from .conftest import Wizard, jpeg, make_resident, pdf, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


@pytest.fixture(autouse=True)
def in_english(client):
    """The owner reads the English pages, so that what is asserted does not depend on the translations."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def next_working_day(after: date | None = None) -> date:
    day = (after or timezone.localdate()) + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def next_day_off() -> date:
    day = timezone.localdate() + timedelta(days=1)
    while is_working_day(day):
        day += timedelta(days=1)
    return day


def first_of_this_month() -> date:
    return timezone.localdate().replace(day=1)


def new_owner(building, number="2601", username="zhaoli", **unit):
    """An owner whose unit ``number`` of ``building`` is not handed over yet."""
    member = HouseholdMemberFactory(
        household__unit=UnitFactory(
            building=building, number=number, floor=int(number[:-2]), status=OccupancyStatus.NOT_HANDED_OVER, **unit
        ),
        person__name="赵丽",
        person__mobile="13700137000",
        person__emergency_mobile="",
        person__birthday=date(1988, 6, 12),
        person__user=UserFactory(username=username),
    )
    return member.person


@pytest.fixture
def buyer(building):
    return new_owner(building)


@pytest.fixture
def move_in(client, buyer):
    client.force_login(buyer.user)
    return Wizard(client, "move-in")


def unit_of(person):
    return person.memberships.get().household.unit


def documents(person, **overrides):
    fields = {
        "unit": overrides.pop("unit", None) or unit_of(person).pk,
        "notice_move_in_date": first_of_this_month().isoformat(),
        "id_card": jpeg("id.jpg"),
        "purchase_contract": pdf("contract.pdf"),
        "move_in_notice": pdf("notice.pdf"),
    }
    return {**fields, **overrides}


def up_to_confirm(move_in, person, **document_overrides):
    move_in.start()
    move_in.post("documents", **documents(person, **document_overrides))
    move_in.post("family", family_0="赵明", family_1="配偶", family_2="13900139000")
    move_in.post("contact", emergency_mobile="13900139000", birthday="1988-06-12")
    move_in.post("bank", bank="中国工商银行深圳南山支行", account_name="赵丽", account_number="6222 0212 3456 7890 123")
    return move_in.post("appointment", appointment_date=next_working_day().isoformat(), time_slot="09:00")


def test_an_owner_books_the_handover_of_a_new_home_and_sees_the_fees(move_in, buyer):
    first = move_in.start()
    assert first.status_code == 200
    assert first.context["form"]["unit"].value() == unit_of(buyer).pk  # the one unit awaiting handover

    assert step_of(move_in.post("documents", **documents(buyer))) == "family"
    assert step_of(move_in.post("family", family_0="赵明", family_1="配偶", family_2="13900139000",
                                family_3="赵小雨", family_4="女儿")) == "contact"
    contact = move_in.post("contact", emergency_mobile="139 0013 9000", birthday="1988-06-12")
    assert step_of(contact) == "bank"
    bank = contact
    assert bank.context["form"]["account_name"].value() == "赵丽"  # from the register
    move_in.post("bank", bank="中国工商银行深圳南山支行", account_name="赵丽", account_number="6222 0212 3456 7890 123")
    day = next_working_day()
    confirm = move_in.post("appointment", appointment_date=day.isoformat(), time_slot="14:00")

    assert step_of(confirm) == "confirm"
    preview = dict(confirm.context["preview_rows"])
    start = first_of_this_month()
    end = (date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1) - timedelta(days=1))
    # MI-2: 89.72 m² × ¥2.80 = ¥251.22 a month, three months from the notice date.
    fee = str(preview["Prepaid management fee"])
    assert fee.startswith("¥753.66")
    assert start.isoformat() in fee and end.isoformat() in fee
    assert preview["Utility float"] == "None for a home"  # MI-3
    assert preview["Total to pay at the handover"] == "¥753.66"
    page = confirm.content.decode()
    assert "赵小雨（女儿）" in page
    assert "contract.pdf" in page

    move_in.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert submission.procedure == "move-in"
    assert submission.unit == unit_of(buyer)
    assert submission.answers["family"] == [
        {"name": "赵明", "relation": "配偶", "mobile": "13900139000"},
        {"name": "赵小雨", "relation": "女儿", "mobile": ""},
    ]
    assert submission.answers["emergency_mobile"] == "13900139000"
    assert submission.answers["birthday"] == "1988-06-12"
    assert submission.answers["account_number"] == "6222021234567890123"
    assert submission.answers["appointment_date"] == day.isoformat()
    assert submission.answers["time_slot"] == "14:00"
    assert submission.answers["notice_move_in_date"] == start.isoformat()
    assert submission.decision["outcome"] == "info"
    assert submission.decision["values"]["prepaid_management_fee"] == "753.66"
    assert submission.decision["values"]["prepaid_from"] == start.isoformat()
    assert {file.code for file in submission.files.all()} == {"id_card", "purchase_contract", "move_in_notice"}


@pytest.mark.parametrize(
    ("unit", "float_label", "float_amount", "total"),
    [
        # 212.60 m² × ¥8.00 × 3 + ¥1,000 electricity float
        ({"office": True}, "Electricity float (电费流转金)", "¥1,000.00", "¥6,102.40"),
        # 42.36 m² × ¥4.50 × 3 + ¥200 water float
        ({"business_apartment": True}, "Water float (水费流转金)", "¥200.00", "¥771.86"),
    ],
)
def test_offices_and_business_apartments_pay_their_utility_float(client, building, unit, float_label, float_amount,
                                                                 total):
    owner = new_owner(building, "3001", "qianfeng", **unit)
    client.force_login(owner.user)
    confirm = up_to_confirm(Wizard(client, "move-in"), owner)

    preview = dict(confirm.context["preview_rows"])
    assert preview[float_label] == float_amount
    assert preview["Total to pay at the handover"] == total


def test_an_owner_whose_units_are_all_handed_over_is_told_so(owner_client):
    response = owner_client.get("/apply/move-in/")

    assert response.status_code == 403
    assert "None of your units is waiting to be handed over" in response.content.decode()
    assert owner_client.post("/apply/move-in/", {"move-in-current_step": "documents"}).status_code == 403
    assert not Submission.objects.exists()


def test_a_unit_handed_over_already_cannot_be_booked(move_in, buyer):
    new_unit = unit_of(buyer)
    handed_over = UnitFactory(building=new_unit.building, number="2602", floor=26)
    HouseholdMemberFactory(household__unit=handed_over, person=buyer)
    move_in.start()

    response = move_in.post("documents", **documents(buyer, unit=handed_over.pk))

    assert step_of(response) == "documents"
    assert "has been handed over already" in str(response.context["form"].errors["unit"])


def test_another_owners_unit_is_refused(move_in, buyer, building):
    stranger = make_resident(building, "0801", "孙九", "sun9", mobile="13600136000")
    unit = unit_of(stranger)
    unit.change_status(OccupancyStatus.NOT_HANDED_OVER)
    move_in.start()

    response = move_in.post("documents", **documents(buyer, unit=unit.pk))

    assert step_of(response) == "documents"
    assert "not registered to you" in str(response.context["form"].errors["unit"])
    assert not Submission.objects.exists()


def test_all_three_documents_are_required(move_in, buyer):
    move_in.start()
    fields = documents(buyer)
    for name in ("id_card", "purchase_contract", "move_in_notice"):
        del fields[name]

    response = move_in.post("documents", **fields)

    assert step_of(response) == "documents"
    assert set(response.context["form"].errors) == {"id_card", "purchase_contract", "move_in_notice"}  # MI-1


def test_a_program_renamed_pdf_is_refused(move_in, buyer):
    move_in.start()
    program = SimpleUploadedFile("contract.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")

    response = move_in.post("documents", **documents(buyer, purchase_contract=program))

    assert step_of(response) == "documents"
    assert "contract.pdf" in str(response.context["form"].errors["purchase_contract"])


def test_an_emergency_mobile_and_a_birthday_are_required(move_in, buyer):
    move_in.start()
    move_in.post("documents", **documents(buyer))
    move_in.post("family")

    response = move_in.post("contact", emergency_mobile="", birthday="")

    assert step_of(response) == "contact"
    assert set(response.context["form"].errors) == {"emergency_mobile", "birthday"}  # MI-5
    bad = move_in.post("contact", emergency_mobile="12345", birthday="2999-01-01")
    assert set(bad.context["form"].errors) == {"emergency_mobile", "birthday"}


def test_a_family_member_needs_a_name_and_a_relation(move_in, buyer):
    move_in.start()
    move_in.post("documents", **documents(buyer))

    response = move_in.post("family", family_0="赵明", family_2="13900139000")

    assert step_of(response) == "family"
    assert "Row 1" in str(response.context["form"].errors["family"])


def test_the_handover_is_booked_on_a_future_working_day(move_in, buyer):
    move_in.start()
    move_in.post("documents", **documents(buyer))
    move_in.post("family")
    move_in.post("contact", emergency_mobile="13900139000", birthday="1988-06-12")
    move_in.post("bank", bank="招商银行", account_name="赵丽", account_number="6225880123456789")

    day_off = move_in.post("appointment", appointment_date=next_day_off().isoformat(), time_slot="09:00")
    assert "Choose a working day" in str(day_off.context["form"].errors["appointment_date"])
    today = move_in.post("appointment", appointment_date=timezone.localdate().isoformat(), time_slot="09:00")
    assert today.context["form"].errors["appointment_date"]
    assert step_of(today) == "appointment"
    assert not Submission.objects.exists()


def test_a_step_that_does_not_exist_is_answered_with_a_message(move_in, buyer):
    move_in.start()
    response = move_in.post("keys", whatever="x")

    assert response.status_code == 400
    assert step_of(response) == "documents"
    assert not Submission.objects.exists()


def test_an_owner_books_the_handover_from_its_service_page(client, buyer):
    services = ensure_home_page().add_child(instance=ServiceIndexPage(title="在线办事", slug="services"))
    services.add_child(instance=ServicePage(title="入伙办理预约", slug="move-in", procedure="move-in",
                                            intro="<p>预约办理入伙。</p>"))
    client.force_login(buyer.user)
    url = "/services/move-in/apply/"
    move_in = Wizard(client, "move-in")
    move_in.url = url

    assert step_of(up_to_confirm(move_in, buyer)) == "confirm"
    done = move_in.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert done.url == f"{url}?receipt={submission.reference}"
    assert submission.reference in client.get(done.url).content.decode()
    assert submission.decision["values"]["total_due"] == str(Decimal("753.66"))
