"""The staff groups exist after migrating, each holding what its work needs and no more."""

import pytest
from django.contrib.auth.models import Group

from portal.organisation import groups

pytestmark = pytest.mark.django_db


def holds(group_name: str, permission: str) -> bool:
    app_label, codename = permission.split(".")
    return Group.objects.get(name=group_name).permissions.filter(
        content_type__app_label=app_label, codename=codename
    ).exists()


def test_every_staff_group_is_created_by_migrate():
    assert set(groups.STAFF_GROUPS) <= set(Group.objects.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("group", "permission", "expected"),
    [
        (groups.SECURITY, "documents.mark_used_issueddocument", True),
        (groups.SUPERVISOR, "documents.mark_used_issueddocument", True),
        (groups.ASSISTANT, "documents.mark_used_issueddocument", False),
        (groups.CASHIER, "documents.view_issueddocument", True),
        (groups.ARCHIVIST, "documents.view_issueddocument", True),
        (groups.CONTENT_EDITOR, "documents.view_issueddocument", False),
        (groups.CONTENT_EDITOR, "casework.view_submission", False),
        (groups.CONTENT_EDITOR, "estate.view_unit", False),
        (groups.PROJECT_MANAGER, "casework.approve_renovation", True),
        (groups.SUPERVISOR, "casework.approve_renovation", False),
        (groups.PROJECT_MANAGER, "policies.change_parameterset", True),
        (groups.SUPERVISOR, "policies.change_parameterset", False),
        (groups.CASHIER, "estate.add_ledgerentry", True),
        (groups.ENGINEERING, "estate.add_ledgerentry", False),
    ],
)
def test_each_group_holds_what_its_work_needs(group, permission, expected):
    assert holds(group, permission) is expected


def test_every_permission_in_the_table_exists():
    """A misspelt permission would be skipped silently by the sync after migrate."""
    from django.contrib.auth.models import Permission

    for name, permissions in groups.GROUP_PERMISSIONS.items():
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            assert Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).exists(), f"{name}: {dotted}"


def test_migrate_gives_a_staff_group_back_exactly_its_row_of_the_table():
    from django.contrib.auth.models import Permission
    from django.core.management import call_command

    cashier = Group.objects.get(name=groups.CASHIER)
    cashier.permissions.remove(Permission.objects.get(codename="add_ledgerentry"))
    cashier.permissions.add(Permission.objects.get(codename="approve_renovation"))
    own = Group.objects.create(name="夜班")
    own.permissions.add(Permission.objects.get(codename="view_unit"))

    call_command("migrate", verbosity=0)

    assert holds(groups.CASHIER, "estate.add_ledgerentry")
    assert not holds(groups.CASHIER, "casework.approve_renovation")
    assert holds("夜班", "estate.view_unit")
