"""The estate register in the Wagtail admin: what a project manager sees and changes,
what a content editor cannot reach, and the errors a clerk gets instead of a crash."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from portal.estate.models import (
    Building,
    Estate,
    Household,
    HouseholdMember,
    LedgerEntry,
    OccupancyStatus,
    ParkingRental,
    ParkingSpace,
    Person,
    Unit,
    UnitStatusChange,
    Vehicle,
)
from portal.organisation.groups import CONTENT_EDITOR, PROJECT_MANAGER

pytestmark = pytest.mark.django_db

REGISTER = (
    "estate",
    "building",
    "unit",
    "person",
    "household",
    "vehicle",
    "parkingspace",
    "parkingrental",
    "ledgerentry",
)


def url(model_name, view="index", *args):
    return reverse(f"estate_{model_name}:{view}", args=args)


def in_admin_language(message):
    """``message`` as the admin prints it (in the site's default language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return escape(str(message))


def constraint_message(model, name):
    constraint = next(c for c in model._meta.constraints if c.name == name)
    return in_admin_language(constraint.violation_error_message)


def staff_client(client, username, group_name):
    user = User.objects.create_user(username, password="x")
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def manager(client):
    return staff_client(client, "wangjingli", PROJECT_MANAGER)


@pytest.fixture
def editor(client):
    return staff_client(client, "libianji", CONTENT_EDITOR)


def make_unit(building, number, **fields):
    defaults = {
        "floor": int(number[:-2]),
        "property_type": "residential",
        "building_area": Decimal("89.50"),
        "fee_per_m2": Decimal("3.20"),
        "status": OccupancyStatus.OWNER_OCCUPIED,
    }
    return Unit.objects.create(building=building, number=number, **{**defaults, **fields})


def occupy(unit, person, role="owner"):
    household = Household.objects.create(unit=unit, started_on=date(2024, 1, 1))
    HouseholdMember.objects.create(household=household, person=person, role=role)
    return household


def charge(unit, amount, due_on):
    return LedgerEntry.objects.create(
        unit=unit,
        kind="charge",
        category="management_fee",
        amount=Decimal(amount),
        entry_date=due_on - timedelta(days=30),
        due_on=due_on,
    )


@pytest.fixture
def register():
    """One of everything: an office that owes a fee, its owner's household, car, space and rental."""
    estate = Estate.objects.create(name="锦绣花园")
    building = Building.objects.create(estate=estate, name="1栋", floors=30)
    unit = make_unit(building, "1201", property_type="office")
    owner = Person.objects.create(name="张伟", mobile="13800138000", id_number="11010519491231002X")
    household = occupy(unit, owner)
    vehicle = Vehicle.objects.create(plate="粤B12345", model="比亚迪", owner=owner, household=household)
    space = ParkingSpace.objects.create(estate=estate, number="018", level="B1", monthly_rent=Decimal("300"))
    rental = ParkingRental.objects.create(
        household=household, space=space, vehicle=vehicle, start=date(2024, 1, 1), end=date(2030, 12, 31)
    )
    entry = charge(unit, "286.40", date(2024, 1, 31))
    return {
        "estate": estate,
        "building": building,
        "unit": unit,
        "person": owner,
        "household": household,
        "vehicle": vehicle,
        "parkingspace": space,
        "parkingrental": rental,
        "ledgerentry": entry,
    }


def building_pk(register):
    return register["building"].pk


# A search and filters that each listing's sample record matches.
SEARCHES = {
    "estate": ("锦绣", {}),
    "building": ("1栋", {"estate": lambda register: register["estate"].pk}),
    "unit": ("1栋 1201", {"status": "owner_occupied", "property_type": "office", "in_arrears": "true"}),
    "person": ("张伟", {"role": "owner"}),
    "household": ("张伟", {"current": "true", "building": building_pk}),
    "vehicle": ("粤B", {"building": building_pk}),
    "parkingspace": ("018", {"level": "B1", "status": "in_service", "rented": "true"}),
    "parkingrental": ("粤B12345", {"status": "active"}),
    "ledgerentry": ("1201", {"kind": "charge", "category": "management_fee", "building": building_pk}),
}


@pytest.mark.parametrize("model_name", REGISTER)
def test_manager_finds_each_record_by_search_and_filter(manager, register, model_name):
    query, filters = SEARCHES[model_name]
    params = {name: value(register) if callable(value) else value for name, value in filters.items()}

    response = manager.get(url(model_name), {"q": query, **params})

    assert response.status_code == 200
    assert url(model_name, "inspect", register[model_name].pk) in response.content.decode()


@pytest.mark.parametrize("model_name", REGISTER)
def test_manager_inspects_each_record(manager, register, model_name):
    record = register[model_name]

    response = manager.get(url(model_name, "inspect", record.pk))

    assert response.status_code == 200
    assert escape(str(record)) in response.content.decode()


def test_a_search_for_another_building_does_not_list_the_unit(manager, register):
    response = manager.get(url("unit"), {"q": "2栋 1201"})

    assert url("unit", "inspect", register["unit"].pk) not in response.content.decode()


def test_the_arrears_filter_leaves_out_units_that_owe_nothing(manager, register):
    never_charged = make_unit(register["building"], "1202")
    settled = make_unit(register["building"], "1203")
    charge(settled, "0.10", date(2024, 1, 31))
    charge(settled, "0.20", date(2024, 2, 29))
    LedgerEntry.objects.create(
        unit=settled,
        kind="payment",
        category="management_fee",
        amount=Decimal("0.30"),
        entry_date=date(2024, 3, 1),
    )

    response = manager.get(url("unit"), {"in_arrears": "true"})

    html = response.content.decode()
    assert url("unit", "inspect", register["unit"].pk) in html
    assert url("unit", "inspect", never_charged.pk) not in html
    assert url("unit", "inspect", settled.pk) not in html


def test_the_unit_listing_shows_arrears_today(manager, register):
    response = manager.get(url("unit"))

    assert "¥286.40" in response.content.decode()


def test_the_unit_inspect_view_shows_household_and_arrears(manager, register):
    response = manager.get(url("unit", "inspect", register["unit"].pk))

    html = response.content.decode()
    assert "张伟" in html
    assert "¥286.40" in html


def test_the_register_menu_is_shown_to_the_manager(manager, register):
    response = manager.get(reverse("wagtailadmin_home"))

    assert url("unit") in response.content.decode()


def test_the_content_editor_neither_sees_nor_reaches_the_register(editor, register):
    home = editor.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert url("unit") not in home.content.decode()

    for model_name in REGISTER:
        pk = register[model_name].pk
        for view, args in (("index", ()), ("inspect", (pk,)), ("edit", (pk,))):
            response = editor.get(url(model_name, view, *args))
            assert response.status_code in (302, 403), (model_name, view)


def unit_form_data(unit, **changes):
    return {
        "building": unit.building_id,
        "number": unit.number,
        "floor": unit.floor,
        "property_type": unit.property_type,
        "building_area": unit.building_area,
        "fee_per_m2": unit.fee_per_m2,
        "status": unit.status,
        "status_change_note": "",
        **changes,
    }


def test_a_status_edit_in_the_admin_records_who_changed_it(manager, register):
    unit = register["unit"]

    response = manager.post(
        url("unit", "edit", unit.pk),
        unit_form_data(unit, status=OccupancyStatus.TENANT_OCCUPIED, status_change_note="租户入住"),
    )

    assert response.status_code == 302
    change = UnitStatusChange.objects.get(unit=unit)
    assert change.changed_by == manager.user
    assert change.from_status == OccupancyStatus.OWNER_OCCUPIED
    assert change.to_status == OccupancyStatus.TENANT_OCCUPIED
    assert change.note == "租户入住"

    history = manager.get(url("unit", "inspect", unit.pk)).content.decode()
    assert "wangjingli" in history
    assert "租户入住" in history
    assert in_admin_language(OccupancyStatus.TENANT_OCCUPIED.label) in history


def test_an_edit_that_keeps_the_status_adds_no_history(manager, register):
    unit = register["unit"]

    manager.post(url("unit", "edit", unit.pk), unit_form_data(unit, fee_per_m2="3.50"))

    unit.refresh_from_db()
    assert unit.fee_per_m2 == Decimal("3.50")
    assert not UnitStatusChange.objects.exists()


def rental_form_data(household, space, vehicle):
    return {
        "household": household.pk,
        "space": space.pk,
        "vehicle": vehicle.pk,
        "start": "2025-01-01",
        "end": "2025-12-31",
        "ic_card_number": "",
        "status": "active",
    }


def test_a_second_active_rental_for_a_household_is_a_form_error(manager, register):
    other_space = ParkingSpace.objects.create(estate=register["estate"], number="019", level="B1")

    response = manager.post(
        url("parkingrental", "add"),
        rental_form_data(register["household"], other_space, register["vehicle"]),
    )

    assert response.status_code == 200
    assert constraint_message(ParkingRental, "rental_one_active_per_household") in response.content.decode()
    assert ParkingRental.objects.count() == 1


def test_a_space_already_let_cannot_be_let_again(manager, register):
    neighbour = Person.objects.create(name="李娜")
    household = occupy(make_unit(register["building"], "1202"), neighbour)
    car = Vehicle.objects.create(plate="粤B54321", owner=neighbour, household=household)

    response = manager.post(
        url("parkingrental", "add"), rental_form_data(household, register["parkingspace"], car)
    )

    assert response.status_code == 200
    assert constraint_message(ParkingRental, "rental_one_active_per_space") in response.content.decode()
    assert ParkingRental.objects.count() == 1


def person_form_data(**fields):
    blank = dict.fromkeys(["id_number", "mobile", "emergency_mobile", "birthday", "email"], "")
    return {"name": "赵敏", **blank, **fields}


def test_identifiers_are_stored_in_canonical_form(manager, register):
    response = manager.post(
        url("person", "add"),
        person_form_data(
            mobile="+86 138 0013 8001", emergency_mobile="139-0013-9000", id_number="110105 19800101 106x"
        ),
    )

    assert response.status_code == 302
    person = Person.objects.get(name="赵敏")
    assert (person.mobile, person.emergency_mobile) == ("13800138001", "13900139000")
    assert person.id_number == "11010519800101106X"


@pytest.mark.parametrize(
    "field, value",
    [
        ("mobile", "1380013800"),
        ("emergency_mobile", "+86 238 0013 8000"),
        ("id_number", "110105194912310021"),
        ("id_number", "110105 19491231 002x"),  # already registered to 张伟
    ],
)
def test_a_bad_identifier_is_a_form_error(manager, register, field, value):
    response = manager.post(url("person", "add"), person_form_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Person.objects.filter(name="赵敏").exists()


def vehicle_form_data(owner, plate):
    return {"plate": plate, "owner": owner.pk, "household": "", "model": "", "licence_number": ""}


def test_plates_are_normalised_and_checked(manager, register):
    good = manager.post(url("vehicle", "add"), vehicle_form_data(register["person"], "粤b·d 12345"))
    bad = manager.post(url("vehicle", "add"), vehicle_form_data(register["person"], "XYZ 123"))

    assert good.status_code == 302
    assert Vehicle.objects.filter(plate="粤BD12345").exists()
    assert bad.status_code == 200
    assert bad.context["form"].errors["plate"]


def test_a_rented_vehicle_cannot_be_deleted(manager, register):
    vehicle = register["vehicle"]

    response = manager.post(url("vehicle", "delete", vehicle.pk), follow=True)

    assert response.status_code in (200, 403)
    assert Vehicle.objects.filter(pk=vehicle.pk).exists()


def member(person, role, **fields):
    blank = dict.fromkeys(["relation", "lease_start", "lease_end", "ended_on"], "")
    return {"person": person.pk, "role": role, **blank, **fields}


def test_a_household_is_registered_with_its_members_inline(manager, register):
    unit = make_unit(register["building"], "1501", status=OccupancyStatus.VACANT)
    owner = Person.objects.create(name="陈静")
    tenant = Person.objects.create(name="刘洋")
    members = [
        member(owner, "owner"),
        member(tenant, "tenant", lease_start="2025-03-01", lease_end="2026-02-28"),
    ]

    response = manager.post(
        url("household", "add"),
        nested_form_data(
            {"unit": unit.pk, "started_on": "2025-03-01", "ended_on": "", "members": inline_formset(members)}
        ),
    )

    assert response.status_code == 302
    household = Household.objects.get(unit=unit)
    assert sorted(household.members.values_list("person__name", "role")) == [
        ("刘洋", "tenant"),
        ("陈静", "owner"),
    ]


def test_a_second_current_household_for_a_unit_is_a_form_error(manager, register):
    unit = register["unit"]

    response = manager.post(
        url("household", "add"),
        nested_form_data(
            {"unit": unit.pk, "started_on": "2025-03-01", "ended_on": "", "members": inline_formset([])}
        ),
    )

    assert response.status_code == 200
    assert constraint_message(Household, "household_one_current_per_unit") in response.content.decode()
    assert Household.objects.filter(unit=unit).count() == 1


def unit_listing_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("unit"))
    assert response.status_code == 200
    return len(queries)


def test_the_unit_listing_costs_the_same_queries_for_1_and_30_units(manager, register):
    manager.get(url("unit"))  # fill the per-process caches (content types, site)
    with_one_unit = unit_listing_queries(manager)

    for n in range(2, 31):
        unit = make_unit(register["building"], f"2{n:02d}")
        charge(unit, "100.00", date(2024, 6, 30))
        occupy(unit, Person.objects.create(name=f"业主{n}"))
    assert Unit.objects.count() == 30

    assert unit_listing_queries(manager) == with_one_unit


def test_units_export_as_csv_with_arrears(manager, register):
    response = manager.get(url("unit"), {"export": "csv"})

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = body.splitlines()[:2]
    assert row.startswith("锦绣花园,1栋,1201,")
    assert row.endswith(",286.40")


def test_a_person_without_a_login_shows_a_dash_not_none(manager, register):
    response = manager.get(url("person", "inspect", register["person"].pk))

    html = response.content.decode()
    assert ">None<" not in html
    assert "—" in html


def test_the_ledger_listing_heads_the_amount_column_with_its_label(manager, register):
    manager.cookies["django_language"] = "en"

    response = manager.get(url("ledgerentry"))

    assert "Amount (yuan)" in response.content.decode()
