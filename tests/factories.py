"""factory_boy factories for the estate register and for logins.

Every value is valid by default (ID numbers with their check digit and a birthday that
agrees, mainland mobiles, real plate formats), so a test only states what matters to
it::

    rental = ParkingRentalFactory()                 # an active rental, household and car included
    owner = HouseholdMemberFactory(household=rental.household).person
    cashier = StaffUserFactory(groups=[groups.CASHIER])
"""

import random
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory, Password

from portal.demo import fakes
from portal.demo.identity import make_id_number
from portal.estate.models import (
    Building,
    Estate,
    Household,
    HouseholdMember,
    LedgerCategory,
    LedgerEntry,
    LedgerKind,
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

DEFAULT_PASSWORD = "demo12345"


class EstateFactory(DjangoModelFactory):
    class Meta:
        model = Estate
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"锦绣花园{n}期")
    address = "广东省深圳市南山区锦绣路88号"
    hotline = "0755-8888 6666"


class BuildingFactory(DjangoModelFactory):
    class Meta:
        model = Building

    estate = factory.SubFactory(EstateFactory)
    name = factory.Sequence(lambda n: f"{n + 1}栋")
    floors = 30


class UnitFactory(DjangoModelFactory):
    """A home of 89.72 m² at 2.80 yuan/m² (251.22 yuan a month), lived in by its owner."""

    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    floor = factory.Sequence(lambda n: n // 4 + 1)
    number = factory.Sequence(lambda n: f"{n // 4 + 1}{n % 4 + 1:02d}")
    property_type = PropertyType.RESIDENTIAL
    building_area = Decimal("89.72")
    fee_per_m2 = Decimal("2.80")
    status = OccupancyStatus.OWNER_OCCUPIED

    class Params:
        business_apartment = factory.Trait(
            property_type=PropertyType.BUSINESS_APARTMENT,
            building_area=Decimal("42.36"),
            fee_per_m2=Decimal("4.50"),
            status=OccupancyStatus.TENANT_OCCUPIED,
        )
        office = factory.Trait(
            property_type=PropertyType.OFFICE,
            building_area=Decimal("212.60"),
            fee_per_m2=Decimal("8.00"),
            status=OccupancyStatus.OFFICE_OCCUPIED,
        )


def _birthday(n: int) -> date:
    # Spread over 1960–1998; 97 is coprime with the span, so birthdays repeat rarely.
    return date(1960, 1, 1) + timedelta(days=(n * 97) % 14_000)


class PersonFactory(DjangoModelFactory):
    """A person whose ID number is valid and agrees with the birthday and sex."""

    class Meta:
        model = Person

    class Params:
        male = factory.Sequence(lambda n: n % 2 == 0)
        region = "440305"

    birthday = factory.Sequence(_birthday)
    name = factory.LazyAttributeSequence(lambda o, n: fakes.person_name(random.Random(n), male=o.male))
    id_number = factory.LazyAttributeSequence(
        lambda o, n: make_id_number(o.region, o.birthday, 2 * (n % 499) + (1 if o.male else 2))
    )
    mobile = factory.Sequence(lambda n: f"138{n % 10**8:08d}")
    emergency_mobile = factory.Sequence(lambda n: f"186{n % 10**8:08d}")


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    unit = factory.SubFactory(UnitFactory)
    started_on = date(2022, 1, 8)
    ended_on = None


class HouseholdMemberFactory(DjangoModelFactory):
    """An owner by default; ``tenant=True`` gives a tenant with a two-year lease."""

    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory)
    role = MemberRole.OWNER

    class Params:
        tenant = factory.Trait(
            role=MemberRole.TENANT,
            relation="租户",
            lease_start=date(2025, 3, 1),
            lease_end=date(2027, 2, 28),
        )
        family = factory.Trait(role=MemberRole.FAMILY, relation="配偶")


class VehicleFactory(DjangoModelFactory):
    class Meta:
        model = Vehicle

    plate = factory.Sequence(lambda n: f"粤B{n % 100_000:05d}")
    licence_number = factory.Sequence(lambda n: f"4403{n % 10**8:08d}")
    model = "比亚迪汉EV"
    owner = factory.SubFactory(PersonFactory)
    household = None


class ParkingSpaceFactory(DjangoModelFactory):
    class Meta:
        model = ParkingSpace

    estate = factory.SubFactory(EstateFactory)
    number = factory.Sequence(lambda n: f"{n + 1:03d}")
    level = "B1"
    monthly_rent = Decimal("600.00")


class ParkingRentalFactory(DjangoModelFactory):
    """An active one-year rental of a space on the household's estate, for its car."""

    class Meta:
        model = ParkingRental

    household = factory.SubFactory(HouseholdFactory)
    space = factory.SubFactory(
        ParkingSpaceFactory, estate=factory.SelfAttribute("..household.unit.building.estate")
    )
    vehicle = factory.SubFactory(VehicleFactory, household=factory.SelfAttribute("..household"))
    start = date(2025, 7, 1)
    end = factory.LazyAttribute(lambda o: o.start.replace(year=o.start.year + 1) - timedelta(days=1))
    ic_card_number = factory.Sequence(lambda n: f"{3_000_000_000 + n:010d}")
    status = RentalStatus.ACTIVE


class LedgerEntryFactory(DjangoModelFactory):
    """A management-fee charge of 251.22 yuan for March 2025, due at the month's end.

    ``payment=True`` / ``refund=True`` change the kind; a payment or refund has no due date.
    """

    class Meta:
        model = LedgerEntry

    unit = factory.SubFactory(UnitFactory)
    kind = LedgerKind.CHARGE
    category = LedgerCategory.MANAGEMENT_FEE
    amount = Decimal("251.22")
    entry_date = date(2025, 3, 1)
    due_on = factory.LazyAttribute(
        lambda o: date(o.entry_date.year, o.entry_date.month, 28) if o.kind == LedgerKind.CHARGE else None
    )
    description = "物业管理费"

    class Params:
        payment = factory.Trait(kind=LedgerKind.PAYMENT)
        refund = factory.Trait(kind=LedgerKind.REFUND)


class UserFactory(DjangoModelFactory):
    """A login with the password ``demo12345``."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = factory.Sequence(lambda n: fakes.SURNAMES[n % len(fakes.SURNAMES)])
    first_name = "晓明"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = Password(DEFAULT_PASSWORD)


class StaffUserFactory(UserFactory):
    """A member of staff; ``groups`` takes group names (the constants of
    :mod:`portal.organisation.groups`) or Group objects."""

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        self.groups.set(
            group if isinstance(group, Group) else Group.objects.get_or_create(name=group)[0]
            for group in extracted
        )
