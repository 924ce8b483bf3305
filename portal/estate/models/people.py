"""People, and households: the occupancy of a unit, with its owners, tenants and family.

Household-level policies ("one parking space per household", PK-1) count per
:class:`Household`, so it is a record of its own rather than a property of a unit.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.search import index

from ..validators import validate_id_number, validate_mobile
from .property import Unit


class Person(index.Indexed, models.Model):
    """An owner, tenant or family member. Owners and tenants may have a login."""

    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(
        _("resident ID number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    mobile = models.CharField(_("mobile"), max_length=11, blank=True, validators=[validate_mobile])
    emergency_mobile = models.CharField(
        _("emergency mobile"), max_length=11, blank=True, validators=[validate_mobile]
    )
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("mobile"),
        index.SearchField("id_number"),
    ]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="person_unique_id_number",
                violation_error_message=_("A person with this resident ID number is already registered."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HouseholdQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def of_person(self, person):
        """Households in which ``person`` is a current member."""
        return self.filter(members__person=person, members__ended_on__isnull=True).distinct()


class Household(ClusterableModel):
    """The occupancy of one unit from ``started_on`` until ``ended_on``.

    A unit has at most one current household (one without ``ended_on``). Its members
    are a cluster (edited inline in the admin): ``household.members.create()`` only
    stages a member until the household is saved; create a
    :class:`HouseholdMember` directly to write it at once.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="households"
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["unit", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(ended_on__isnull=True),
                name="household_one_current_per_unit",
                violation_error_message=_(
                    "This unit already has a current household: enter the day the old one ended first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="household_ends_after_start",
                violation_error_message=_("A household cannot end before it started."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    TENANT = "tenant", _("Tenant")
    FAMILY = "family", _("Family member")


class HouseholdMember(models.Model):
    """A person's place in a household. Tenants carry their lease dates."""

    household = ParentalKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    relation = models.CharField(
        _("relation to the owner"), max_length=30, blank=True, help_text=_("For family members, e.g. spouse.")
    )
    lease_start = models.DateField(_("lease start"), null=True, blank=True)
    lease_end = models.DateField(_("lease end"), null=True, blank=True)
    ended_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["household", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="member_once_per_household"),
            models.CheckConstraint(
                condition=~Q(role="tenant") | (Q(lease_start__isnull=False) & Q(lease_end__isnull=False)),
                name="member_tenant_has_lease",
                violation_error_message=_("A tenant needs the lease start and end dates."),
            ),
            models.CheckConstraint(
                condition=Q(lease_end__isnull=True)
                | Q(lease_start__isnull=True)
                | Q(lease_end__gte=models.F("lease_start")),
                name="member_lease_ends_after_start",
                violation_error_message=_("A lease cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"
