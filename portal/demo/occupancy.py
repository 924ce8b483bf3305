"""Who lives and works in the demo estate: people, households and their vehicles.

Every handed-over unit has a household that started on its handover day. Owners live
with their families (spouse, children, sometimes a parent); let units add a tenant
with the lease dates, sometimes after a former tenant who has left; offices are
occupied by their owner or let to a company whose contact person is the tenant. A few
investors own several business apartments or offices. Owners and tenants carry an
emergency mobile and a birthday (MI-5); every ID number is valid and agrees with the
person's birthday and sex.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from portal.estate.models import MemberRole, OccupancyStatus, PropertyType

from . import fakes
from .cast import LOGIN_UNITS, OWNER1_UNIT, TENANT1_UNIT
from .identity import is_male
from .months import add_months

_S = OccupancyStatus
LET = frozenset({_S.TENANT_OCCUPIED})


@dataclass
class PersonPlan:
    id_number: str
    name: str
    birthday: date
    mobile: str = ""
    emergency_mobile: str = ""
    email: str = ""

    def row(self) -> dict:
        return {
            "id_number": self.id_number,
            "name": self.name,
            "birthday": self.birthday,
            "mobile": self.mobile,
            "emergency_mobile": self.emergency_mobile,
            "email": self.email,
        }


@dataclass
class MemberPlan:
    person: PersonPlan
    role: str
    relation: str = ""
    lease_start: date | None = None
    lease_end: date | None = None
    ended_on: date | None = None

    def row(self, household_id: int, person_ids: dict[str, int]) -> dict:
        return {
            "household_id": household_id,
            "person_id": person_ids[self.person.id_number],
            "role": self.role,
            "relation": self.relation,
            "lease_start": self.lease_start,
            "lease_end": self.lease_end,
            "ended_on": self.ended_on,
        }


@dataclass
class VehiclePlan:
    plate: str
    model: str
    licence_number: str
    owner: PersonPlan

    def row(self, household_id: int, person_ids: dict[str, int]) -> dict:
        return {
            "plate": self.plate,
            "model": self.model,
            "licence_number": self.licence_number,
            "owner_id": person_ids[self.owner.id_number],
            "household_id": household_id,
        }


@dataclass(eq=False)
class HouseholdPlan:
    unit: object  # estate.UnitPlan
    started_on: date
    members: list[MemberPlan] = field(default_factory=list)
    vehicles: list[VehiclePlan] = field(default_factory=list)

    def current(self, role: str) -> PersonPlan | None:
        """The first current member with ``role``."""
        return next((m.person for m in self.members if m.role == role and m.ended_on is None), None)


class Census:
    """Makes people with unique ID numbers and mobiles, all from one random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.people: dict[str, PersonPlan] = {}
        self._ids: set[str] = set()
        self._mobiles: set[str] = set()
        self._plates: set[str] = set()

    def person(self, first_year: int, last_year: int, *, male: bool | None = None,
               surname: str | None = None, with_mobile: bool = True) -> PersonPlan:
        rng = self.rng
        male = rng.random() < 0.5 if male is None else male
        born = fakes.birthday(rng, first_year, last_year)
        person = PersonPlan(
            id_number=fakes.id_number(rng, born, male=male, taken=self._ids),
            name=fakes.person_name(rng, male=male, surname=surname),
            birthday=born,
            mobile=fakes.mobile(rng, taken=self._mobiles) if with_mobile else "",
        )
        self.people[person.id_number] = person
        return person

    def mobile(self) -> str:
        return fakes.mobile(self.rng, taken=self._mobiles)

    def vehicle(self, owner: PersonPlan) -> VehiclePlan:
        plate, model = fakes.vehicle(self.rng, taken=self._plates)
        return VehiclePlan(plate, model, fakes.licence_number(self.rng, plate), owner)


def plan(units, anchor: date, rng: random.Random) -> tuple[list[HouseholdPlan], dict[str, PersonPlan]]:
    """The households of the handed-over ``units`` and everybody in them."""
    census = Census(rng)
    investors = [_owner(census) for _ in range(6)]
    households = []
    for unit in units:
        if not unit.handed_over:
            continue
        household = HouseholdPlan(unit=unit, started_on=unit.handed_over_on)
        investor_owned = (
            unit.key not in LOGIN_UNITS
            and unit.property_type != PropertyType.RESIDENTIAL
            and unit.status in {_S.VACANT, _S.TENANT_OCCUPIED}
            and rng.random() < 0.25
        )
        owner = rng.choice(investors) if investor_owned else _owner(census)
        household.members.append(MemberPlan(owner, MemberRole.OWNER))
        if unit.status == _S.OWNER_OCCUPIED or (unit.status == _S.RENOVATING and rng.random() < 0.5):
            _add_family(census, household, owner)
        if unit.status in LET:
            _add_tenancy(census, household, anchor)
        _add_vehicles(census, household)
        households.append(household)
    return households, census.people


def _owner(census: Census) -> PersonPlan:
    owner = census.person(1958, 1992)
    owner.emergency_mobile = census.mobile()
    if census.rng.random() < 0.3:
        owner.email = f"{owner.mobile}@example.com"
    return owner


def _add_family(census: Census, household: HouseholdPlan, owner: PersonPlan) -> None:
    rng = census.rng
    owner_male = is_male(owner.id_number)
    year = owner.birthday.year
    if rng.random() < 0.85:
        spouse = census.person(year - 3, min(year + 3, 1995), male=not owner_male)
        spouse.emergency_mobile = owner.mobile
        owner.emergency_mobile = spouse.mobile
        household.members.append(MemberPlan(spouse, MemberRole.FAMILY, "配偶"))
    father_surname = fakes.surname_of(owner.name) if owner_male else None
    for _ in range(rng.choice((0, 1, 1, 2, 2))):
        born_from = year + 24
        if born_from > 2022:
            break
        male = rng.random() < 0.5
        child = census.person(born_from, min(year + 38, 2022), male=male, surname=father_surname,
                              with_mobile=False)
        if child.birthday.year <= 2008:
            child.mobile = census.mobile()
        household.members.append(MemberPlan(child, MemberRole.FAMILY, "儿子" if male else "女儿"))
    if year >= 1968 and rng.random() < 0.3:
        male = rng.random() < 0.5
        parent = census.person(year - 32, year - 24, male=male,
                               surname=fakes.surname_of(owner.name) if male else None)
        parent.emergency_mobile = owner.mobile
        household.members.append(MemberPlan(parent, MemberRole.FAMILY, "父亲" if male else "母亲"))


def _add_tenancy(census: Census, household: HouseholdPlan, anchor: date) -> None:
    rng = census.rng
    start = add_months(anchor, -rng.randrange(1, 12)) + timedelta(days=rng.randrange(0, 27))
    if rng.random() < 0.25:
        former = census.person(1970, 2000)
        former_start = add_months(start, -rng.choice((12, 24)))
        left_on = start - timedelta(days=rng.randrange(1, 30))
        household.members.append(MemberPlan(
            former, MemberRole.TENANT, "租户", lease_start=former_start, lease_end=left_on, ended_on=left_on,
        ))
    tenant = census.person(1970, 2000)
    tenant.emergency_mobile = census.mobile()
    months = 24 if household.unit.property_type == PropertyType.OFFICE else rng.choice((12, 12, 24))
    lease_end = add_months(start, months) - timedelta(days=1)
    household.members.append(
        MemberPlan(tenant, MemberRole.TENANT, "租户", lease_start=start, lease_end=lease_end)
    )
    if household.unit.property_type == PropertyType.RESIDENTIAL and rng.random() < 0.4:
        partner = census.person(tenant.birthday.year - 3, min(tenant.birthday.year + 3, 2000),
                                male=not is_male(tenant.id_number))
        partner.emergency_mobile = tenant.mobile
        household.members.append(MemberPlan(partner, MemberRole.FAMILY, "租户家属"))


def _add_vehicles(census: Census, household: HouseholdPlan) -> None:
    unit = household.unit
    if unit.status not in {_S.OWNER_OCCUPIED, _S.OFFICE_OCCUPIED, _S.TENANT_OCCUPIED}:
        return
    driver = household.current(MemberRole.TENANT) or household.current(MemberRole.OWNER)
    rng = census.rng
    count = rng.choices((0, 1, 2), (58, 34, 8))[0]
    if unit.key in (OWNER1_UNIT, TENANT1_UNIT):
        count = max(count, 1)
    for index in range(count):
        owner = driver
        if index == 1:
            owner = next((m.person for m in household.members
                          if m.role == MemberRole.FAMILY and m.relation in {"配偶", "租户家属"}), driver)
        household.vehicles.append(census.vehicle(owner))
