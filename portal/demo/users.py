"""The demo logins: one member of staff per group, two owners and a tenant.

Every login's password is ``demo12345``. Staff are in exactly their group (and are not
superusers); owner1, owner2 and tenant1 are linked to their person in the register.
Staff groups are rebuilt from :data:`~portal.organisation.groups.GROUP_PERMISSIONS` if a
flushed database lost them.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group, Permission

from portal.estate.models import MemberRole, Person
from portal.organisation import groups

from .cast import OWNER1_UNIT, OWNER2_UNIT, TENANT1_UNIT

DEMO_PASSWORD = "demo12345"
EMAIL_DOMAIN = "example.com"


@dataclass(frozen=True)
class StaffLogin:
    username: str
    group: str
    last_name: str
    first_name: str


@dataclass(frozen=True)
class ResidentLogin:
    username: str
    unit: tuple[str, str]
    role: str


STAFF = (
    StaffLogin("assistant", groups.ASSISTANT, "陈", "晓琳"),
    StaffLogin("supervisor", groups.SUPERVISOR, "林", "志华"),
    StaffLogin("manager", groups.PROJECT_MANAGER, "黄", "伟明"),
    StaffLogin("engineer", groups.ENGINEERING, "刘", "国强"),
    StaffLogin("security", groups.SECURITY, "赵", "建军"),
    StaffLogin("cashier", groups.CASHIER, "周", "丽萍"),
    StaffLogin("archivist", groups.ARCHIVIST, "吴", "静"),
    StaffLogin("editor", groups.CONTENT_EDITOR, "郑", "雅文"),
)
RESIDENTS = (
    ResidentLogin("owner1", OWNER1_UNIT, MemberRole.OWNER),
    ResidentLogin("owner2", OWNER2_UNIT, MemberRole.OWNER),
    ResidentLogin("tenant1", TENANT1_UNIT, MemberRole.TENANT),
)


@dataclass(frozen=True)
class DemoLogin:
    """A row of the logins table the command prints."""

    username: str
    role: str
    password: str = DEMO_PASSWORD


def resident_person(login: ResidentLogin) -> Person:
    """The current owner or tenant of the login's unit."""
    building, number = login.unit
    return Person.objects.filter(
        memberships__household__unit__building__name=building,
        memberships__household__unit__number=number,
        memberships__household__ended_on__isnull=True,
        memberships__role=login.role,
        memberships__ended_on__isnull=True,
    ).order_by("pk").first()


def ensure_staff_groups() -> dict[str, Group]:
    """The staff groups; a group that is missing is created with its permissions."""
    found = {}
    for name in groups.STAFF_GROUPS:
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(_permissions(groups.GROUP_PERMISSIONS[name]))
        found[name] = group
    return found


def _permissions(dotted_names):
    wanted = [name.split(".", 1) for name in dotted_names]
    return [
        permission
        for permission in Permission.objects.select_related("content_type")
        if [permission.content_type.app_label, permission.codename] in wanted
    ]


def load(stdout=None) -> list[DemoLogin]:
    """Create or restore the demo logins; returns the table of logins."""
    User = get_user_model()
    staff_groups = ensure_staff_groups()
    existing = {user.username: user for user in User.objects.filter(
        username__in=[login.username for login in STAFF + RESIDENTS]
    )}
    password_hash = _PasswordHash(existing.values())
    table = []

    for login in STAFF:
        user = _ensure_user(existing, login.username, password_hash, {
            "first_name": login.first_name,
            "last_name": login.last_name,
            "email": f"{login.username}@{EMAIL_DOMAIN}",
            "is_staff": True,
        })
        group = staff_groups[login.group]
        if list(user.groups.all()) != [group]:
            user.groups.set([group])
        table.append(DemoLogin(login.username, login.group))

    for login in RESIDENTS:
        person = resident_person(login)
        if person is None:
            raise LookupError(f"No {login.role} in {' '.join(login.unit)} for the login {login.username}")
        user = _ensure_user(existing, login.username, password_hash, {
            "first_name": person.name[1:],
            "last_name": person.name[0],
            "email": person.email or f"{login.username}@{EMAIL_DOMAIN}",
            "is_staff": False,
        })
        if user.groups.exists():
            user.groups.clear()
        if person.user_id != user.pk:
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save(update_fields=["user"])
        role = "Owner" if login.role == MemberRole.OWNER else "Tenant"
        table.append(DemoLogin(login.username, f"{role} of {' '.join(login.unit)} ({person.name})"))

    if stdout is not None:
        stdout.write(f"Logins: {len(table)} demo accounts.")
    return table


class _PasswordHash:
    """One hash of the demo password, shared by the demo logins.

    Hashing is slow on purpose; hashing once (and checking each distinct stored hash
    once) keeps loading fast, and a second load keeps every hash that still matches.
    """

    def __init__(self, users):
        self._valid = {}
        self._fresh = None
        for user in users:
            if user.password not in self._valid:
                self._valid[user.password] = check_password(DEMO_PASSWORD, user.password)

    def matches(self, encoded: str) -> bool:
        if encoded not in self._valid:
            self._valid[encoded] = check_password(DEMO_PASSWORD, encoded)
        return self._valid[encoded]

    def encoded(self) -> str:
        if self._fresh is None:
            still_valid = [encoded for encoded, ok in self._valid.items() if ok]
            self._fresh = still_valid[0] if still_valid else make_password(DEMO_PASSWORD)
        return self._fresh


def _ensure_user(existing: dict, username: str, password_hash: _PasswordHash, fields: dict):
    User = get_user_model()
    fields = {**fields, "is_active": True, "is_superuser": False}
    user = existing.get(username)
    if user is None:
        user = User(username=username, password=password_hash.encoded(), **fields)
        user.save()
        return user
    changed = [name for name, value in fields.items() if getattr(user, name) != value]
    if not password_hash.matches(user.password):
        user.password = password_hash.encoded()
        changed.append("password")
    for name in changed:
        if name != "password":
            setattr(user, name, fields[name])
    if changed:
        user.save(update_fields=changed)
    return user
