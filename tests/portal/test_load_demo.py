"""``python manage.py load_demo`` builds the demo estate 锦绣花园, its logins and home page.

It can be run again the same day without changing anything (each day's run adds that day's
cases: the demo's calls, repairs and inspections are dated relative to today).
"""

import io
import re
from datetime import date, datetime, time
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from portal.demo import estate
from portal.demo.identity import birthday_of
from portal.demo.users import DEMO_PASSWORD, RESIDENTS, STAFF
from portal.estate.ledger import annotate_arrears
from portal.estate.models import (
    Household,
    HouseholdMember,
    LedgerCategory,
    LedgerEntry,
    MemberRole,
    OccupancyStatus,
    ParkingRental,
    ParkingSpace,
    Person,
    PropertyType,
    RentalStatus,
    Unit,
    Vehicle,
)
from portal.estate.validators import validate_id_number, validate_mobile, validate_plate
from portal.policies.adapter import SHANGHAI

HOME_TITLE = f"{settings.ESTATE_NAME}物业客服中心"


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module's tests and rolled back after them.

    The clock stands still at 11:00 today (Shanghai) meanwhile, so that a second run sees
    the same day as the first however long the tests in between take.
    """
    today = timezone.localdate(timezone=SHANGHAI)
    with time_machine.travel(datetime.combine(today, time(11), tzinfo=SHANGHAI), tick=False), \
            django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo_output(loaded_once, db):
    """What load_demo printed; each test's changes to the demo are rolled back."""
    return loaded_once


def snapshot() -> dict[str, tuple[list[str], dict]]:
    """Every table's field names and rows (by primary key)."""
    tables = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [field.attname for field in model._meta.concrete_fields]
        rows = model._base_manager.order_by().values_list("pk", *fields)
        tables[model._meta.label] = (fields, {row[0]: row[1:] for row in rows})
    return tables


def differences(before, after) -> list[str]:
    """What changed between two snapshots: rows added or removed, fields changed."""
    found = []
    for label, (fields, rows) in before.items():
        new_rows = after[label][1]
        if rows == new_rows:
            continue
        changed = {
            pk: [name for name, old, new in zip(fields, rows[pk], new_rows[pk]) if old != new]
            for pk in rows.keys() & new_rows.keys()
            if rows[pk] != new_rows[pk]
        }
        found.append(
            f"{label}: {len(rows)} -> {len(new_rows)} rows, "
            f"{len(changed)} changed (e.g. {dict(list(changed.items())[:3])})"
        )
    return found


# The plan.


def test_the_demo_is_planned_the_same_way_every_time():
    def described(anchor):
        demo = estate.plan(anchor)
        return (
            [(u.key, u.status, u.building_area, u.history()) for u in demo.units],
            [person.row() for person in demo.people.values()],
            [
                (h.unit.key, [(m.person.id_number, m.role, m.lease_end) for m in h.members],
                 [v.plate for v in h.vehicles])
                for h in demo.households
            ],
            [(r.space.number, r.household.unit.key, r.start, r.status) for r in demo.rentals],
            [(e.unit.key, e.kind, e.category, e.amount, e.entry_date, e.description) for e in demo.entries],
        )

    assert described(date(2026, 3, 1)) == described(date(2026, 3, 1))


# The estate.


def test_the_estate_has_two_buildings_and_over_200_units_in_every_state(demo_output):
    units = Unit.objects.with_building()

    assert {unit.building.name for unit in units} == {"1栋 住宅/商务公寓楼", "2栋 写字楼"}
    assert {unit.building.estate.name for unit in units} == {settings.ESTATE_NAME}
    assert units.count() >= 200
    statuses = {unit.status for unit in units}
    assert statuses == set(OccupancyStatus.values)
    occupied = units.filter(
        status__in=[
            OccupancyStatus.OWNER_OCCUPIED, OccupancyStatus.OFFICE_OCCUPIED, OccupancyStatus.TENANT_OCCUPIED
        ]
    )
    assert occupied.count() > units.count() / 2


def test_business_apartments_are_on_floors_1_to_3_under_the_homes(demo_output):
    tower = Unit.objects.filter(building__name="1栋 住宅/商务公寓楼")

    assert set(tower.filter(floor__lte=3).values_list("property_type", flat=True)) == {
        PropertyType.BUSINESS_APARTMENT
    }
    homes = tower.filter(floor__gt=3)
    assert set(homes.values_list("property_type", flat=True)) == {PropertyType.RESIDENTIAL}
    assert set(Unit.objects.filter(building__name="2栋 写字楼").values_list("property_type", flat=True)) == {
        PropertyType.OFFICE
    }


@pytest.mark.parametrize(
    ("property_type", "fee", "smallest", "largest"),
    [
        (PropertyType.RESIDENTIAL, "2.80", 60, 160),
        (PropertyType.BUSINESS_APARTMENT, "4.50", 30, 70),
        (PropertyType.OFFICE, "8.00", 80, 400),
    ],
)
def test_areas_and_fees_are_those_of_the_property_type(demo_output, property_type, fee, smallest, largest):
    units = Unit.objects.filter(property_type=property_type)

    assert set(units.values_list("fee_per_m2", flat=True)) == {Decimal(fee)}
    assert all(smallest <= area <= largest for area in units.values_list("building_area", flat=True))


def test_every_handed_over_unit_has_a_current_household_with_an_owner(demo_output):
    handed_over = Unit.objects.exclude(status=OccupancyStatus.NOT_HANDED_OVER)
    households = Household.objects.current()

    assert households.count() == handed_over.count()
    assert not households.filter(unit__status=OccupancyStatus.NOT_HANDED_OVER).exists()
    assert not households.exclude(members__role=MemberRole.OWNER).exists()
    tenant_units = Unit.objects.filter(status=OccupancyStatus.TENANT_OCCUPIED)
    assert households.filter(
        unit__in=tenant_units, members__role=MemberRole.TENANT, members__ended_on__isnull=True
    ).distinct().count() == tenant_units.count()


def test_the_status_history_leads_to_each_units_status(demo_output):
    handed_over = Unit.objects.exclude(status=OccupancyStatus.NOT_HANDED_OVER)
    for unit in handed_over.prefetch_related("status_changes"):
        latest = unit.status_changes.all()[0]
        assert latest.to_status == unit.status
        assert latest.changed_at == unit.status_changed_at


def test_people_have_valid_id_numbers_matching_their_birthdays_and_valid_mobiles(demo_output):
    people = list(Person.objects.all())

    assert len(people) > 400
    for person in people:
        validate_id_number(person.id_number)
        assert birthday_of(person.id_number) == person.birthday
        for number in filter(None, (person.mobile, person.emergency_mobile)):
            validate_mobile(number)
    owners = Person.objects.filter(memberships__role=MemberRole.OWNER).distinct()
    assert not owners.filter(emergency_mobile="").exists()
    assert not owners.filter(birthday__isnull=True).exists()


def test_tenants_hold_current_leases_and_former_tenants_have_left(demo_output):
    today = timezone.localdate()
    tenants = HouseholdMember.objects.filter(role=MemberRole.TENANT)

    current = tenants.filter(ended_on__isnull=True)
    assert current.exists()
    assert all(m.lease_start <= today <= m.lease_end for m in current)
    assert all(m.ended_on <= today for m in tenants.filter(ended_on__isnull=False))


def test_vehicles_carry_valid_plates_some_of_them_new_energy(demo_output):
    plates = list(Vehicle.objects.values_list("plate", flat=True))

    for plate in plates:
        validate_plate(plate)
    assert any(plate[2] in "DF" and len(plate) == 8 for plate in plates)
    assert all(len(number) == 12 for number in Vehicle.objects.values_list("licence_number", flat=True))


def test_forty_parking_spaces_some_let_one_per_household(demo_output):
    spaces = ParkingSpace.objects.with_rented_flag()
    active = ParkingRental.objects.filter(status=RentalStatus.ACTIVE)
    today = timezone.localdate()

    assert spaces.count() == 40
    assert set(spaces.values_list("level", flat=True)) == {"B1", "B2"}
    assert 0 < spaces.filter(is_rented=True).count() < 40
    assert ParkingSpace.objects.free().exists()
    assert ParkingRental.objects.filter(status=RentalStatus.ENDED).exists()
    for rental in active.select_related("vehicle"):
        assert rental.vehicle.household_id == rental.household_id
        assert rental.start <= today <= rental.end


def test_the_ledger_holds_monthly_fees_utilities_and_deposits_with_some_units_in_arrears(demo_output):
    today = timezone.localdate()
    categories = set(LedgerEntry.objects.values_list("category", flat=True))
    balances = [
        unit.arrears_balance.quantize(Decimal("0.01"))
        for unit in annotate_arrears(Unit.objects.all(), today)
    ]

    assert {LedgerCategory.MANAGEMENT_FEE, LedgerCategory.WATER, LedgerCategory.ELECTRICITY,
            LedgerCategory.GAS, LedgerCategory.DEPOSIT, LedgerCategory.PARKING} <= categories
    months = LedgerEntry.objects.filter(category=LedgerCategory.MANAGEMENT_FEE).dates("period_start", "month")
    assert len(months) >= 6
    in_arrears = sum(balance > 0 for balance in balances)
    assert 0 < in_arrears < len(balances) / 4
    assert any(balance < 0 for balance in balances), "somebody paid in advance"
    assert not LedgerEntry.objects.filter(entry_date__gt=today).exists()


# The logins.


@pytest.mark.parametrize("login", STAFF, ids=lambda login: login.username)
def test_every_member_of_staff_logs_in_with_the_demo_password_into_their_group(demo_output, login):
    user = authenticate(username=login.username, password=DEMO_PASSWORD)

    assert user is not None
    assert [group.name for group in user.groups.all()] == [login.group]
    assert not user.is_superuser
    assert user.last_name and user.first_name


@pytest.mark.parametrize("login", RESIDENTS, ids=lambda login: login.username)
def test_owners_and_the_tenant_log_in_as_their_person_in_the_register(demo_output, login):
    user = authenticate(username=login.username, password=DEMO_PASSWORD)

    assert user is not None
    assert not user.is_staff and not user.is_superuser
    membership = user.person.memberships.get(household__ended_on__isnull=True, role=login.role, ended_on=None)
    assert (membership.household.unit.building.name, membership.household.unit.number) == login.unit
    assert user.last_name + user.first_name == user.person.name


def test_owner1_and_owner2_own_different_units(demo_output):
    def units_of(username):
        return set(
            Unit.objects.filter(
                households__members__person__user__username=username,
                households__members__role=MemberRole.OWNER,
                households__ended_on__isnull=True,
            )
        )

    assert units_of("owner1") and units_of("owner2")
    assert units_of("owner1").isdisjoint(units_of("owner2"))


def test_the_command_prints_a_summary_and_the_logins_table(demo_output):
    assert "Units: " in demo_output
    for login in STAFF + RESIDENTS:
        assert re.search(rf"^{login.username} +{DEMO_PASSWORD} +\S", demo_output, re.MULTILINE)


def test_nobody_is_a_superuser(demo_output):
    assert not apps.get_model(settings.AUTH_USER_MODEL).objects.filter(is_superuser=True).exists()


# The home page.


def test_the_home_page_shows_the_service_centre_in_chinese(demo_output, client):
    response = client.get("/")

    assert response.status_code == 200
    assert HOME_TITLE in response.content.decode()


# Running it again.


def test_a_second_run_changes_nothing(demo_output):
    before = snapshot()

    load_demo()

    assert differences(before, snapshot()) == []
    for login in STAFF + RESIDENTS:
        assert authenticate(username=login.username, password=DEMO_PASSWORD) is not None

