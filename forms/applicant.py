"""Who is applying, as the estate register knows them: the person behind the login,
the units they currently live or work in, and their vehicles."""

from functools import cached_property

from django.db.models import Q

from portal.estate.models import Estate, Household, HouseholdMember, Person, Unit, Vehicle


class Applicant:
    """The register's view of one logged-in owner or tenant.

    Units and households count only while both the household and the person's
    membership of it are current.
    """

    def __init__(self, person: Person, user=None):
        self.person = person
        self.user = user

    @classmethod
    def for_user(cls, user) -> "Applicant | None":
        """The applicant behind ``user``, or None for a login with no person in the register."""
        person = Person.objects.filter(user=user).first() if getattr(user, "is_authenticated", False) else None
        return cls(person, user) if person is not None else None

    @cached_property
    def households(self):
        return Household.objects.current().filter(
            members__person=self.person, members__ended_on__isnull=True
        ).distinct()

    @cached_property
    def units(self):
        return Unit.objects.with_building().filter(
            households__ended_on__isnull=True,
            households__members__person=self.person,
            households__members__ended_on__isnull=True,
        ).distinct()

    @cached_property
    def estates(self):
        return Estate.objects.filter(buildings__units__in=self.units).distinct()

    @cached_property
    def vehicles(self):
        return Vehicle.objects.filter(Q(owner=self.person) | Q(household__in=self.households)).distinct()

    def household_of(self, unit) -> Household | None:
        """The current household of ``unit`` that the applicant belongs to."""
        if unit is None:
            return None
        return self.households.filter(unit=unit).first()

    def role_in(self, unit) -> str | None:
        """The applicant's role (:class:`~portal.estate.models.MemberRole`) in the current
        household of ``unit``, or None when they are not a current member of it."""
        if unit is None:
            return None
        return (
            HouseholdMember.objects.filter(
                household__unit=unit, household__ended_on__isnull=True, person=self.person, ended_on__isnull=True
            )
            .values_list("role", flat=True)
            .first()
        )

    def units_as(self, role: str):
        """The applicant's current units in which they are a current member with ``role``."""
        return self.units.filter(
            households__ended_on__isnull=True,
            households__members__person=self.person,
            households__members__ended_on__isnull=True,
            households__members__role=role,
        ).distinct()
