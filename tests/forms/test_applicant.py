"""What the register offers an applicant: the units they live or work in now, and their vehicles."""

from datetime import date

import pytest

from forms.applicant import Applicant
from tests.factories import HouseholdFactory, HouseholdMemberFactory, UserFactory, VehicleFactory

pytestmark = pytest.mark.django_db


def test_only_current_units_are_offered(owner):
    current = owner.memberships.get().household.unit
    HouseholdMemberFactory(person=owner, ended_on=date(2025, 6, 30))  # moved out of the household
    HouseholdMemberFactory(person=owner, household=HouseholdFactory(ended_on=date(2025, 1, 31)))  # sold

    applicant = Applicant.for_user(owner.user)

    assert list(applicant.units) == [current]
    assert applicant.household_of(current) == owner.memberships.get(household__unit=current).household


def test_vehicles_of_the_person_and_of_their_household_are_offered(owner, neighbour):
    household = owner.memberships.get().household
    own = VehicleFactory(owner=owner)
    family_car = VehicleFactory(household=household)
    VehicleFactory(owner=neighbour)

    assert set(Applicant.for_user(owner.user).vehicles) == {own, family_car}


def test_a_login_without_a_person_is_no_applicant(db):
    assert Applicant.for_user(UserFactory()) is None
