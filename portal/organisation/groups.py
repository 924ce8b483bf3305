"""The staff groups of the customer-service department and the permissions each holds.

The table below is the single source of truth; migrations call
:func:`apply_group_permissions` whenever an app adds models or permissions, so a new
database and an upgraded one end in the same state.
"""

from django.contrib.auth.management import create_permissions

ASSISTANT = "客服助理"
SUPERVISOR = "客服主管"
PROJECT_MANAGER = "项目经理"
ENGINEERING = "工程部"
SECURITY = "保安部"
CASHIER = "收银员"
ARCHIVIST = "档案管理员"
CONTENT_EDITOR = "内容编辑"

STAFF_GROUPS = (
    ASSISTANT,
    SUPERVISOR,
    PROJECT_MANAGER,
    ENGINEERING,
    SECURITY,
    CASHIER,
    ARCHIVIST,
    CONTENT_EDITOR,
)

_REGISTER_MODELS = (
    "estate",
    "building",
    "unit",
    "unitstatuschange",
    "person",
    "household",
    "householdmember",
    "vehicle",
    "parkingspace",
    "parkingrental",
    "ledgerentry",
)


def _perms(app_label: str, actions: tuple[str, ...], models: tuple[str, ...]) -> set[str]:
    return {f"{app_label}.{action}_{model}" for action in actions for model in models}


_VIEW_REGISTER = _perms("estate", ("view",), _REGISTER_MODELS)
_EDIT_OCCUPANCY = _perms(
    "estate",
    ("add", "change"),
    ("unit", "person", "household", "householdmember", "vehicle", "parkingrental"),
)
_ADMIN = {"wagtailadmin.access_admin"}

# The review queue (portal.casework.review). Every desk group sees it; engineering and
# security see only the procedures they take part in (review.PROCEDURE_SCOPES).
_VIEW_CASES = {"casework.view_submission"}
_REVIEW_CASES = {
    "casework.approve_submission",
    "casework.reject_submission",
    "casework.request_information",
    "casework.assign_submission",
}
# Renovations and the refund of their deposit are approved by the project manager (RN-10, RN-20).
_APPROVE_RENOVATION = {"casework.approve_renovation"}

# Issued records (permits, passes, memos): the desk, the cashier and the archive read them;
# security marks a release pass used at the gate, as may the supervisor and the manager.
_VIEW_RECORDS = {"documents.view_issueddocument"}
_MARK_PASS_USED = {"documents.mark_used_issueddocument"}

# Parking applications (portal.parkingcases): the desk works them, the cashier records the rent (CS-3).
_HANDLE_PARKING = {
    "parkingcases.view_parkingcase",
    "parkingcases.add_parkingcase",
    "parkingcases.handle_parkingcase",
}
_RECORD_PARKING_PAYMENT = {"parkingcases.view_parkingcase", "parkingcases.record_parking_payment"}
# Goods release passes (portal.releases): the desk records the consent call and the
# signatures and issues the pass (GR-5…GR-7).
_HANDLE_RELEASES = {"releases.view_releasecase", "releases.handle_releasecase"}

# Permissions per group ("app_label.codename"). Later rooms (casework, reports) extend this
# table and add a migration that calls apply_group_permissions again.
GROUP_PERMISSIONS: dict[str, set[str]] = {
    ASSISTANT: _ADMIN | _VIEW_REGISTER | _EDIT_OCCUPANCY | _VIEW_CASES | _VIEW_RECORDS | _HANDLE_RELEASES
    | _HANDLE_PARKING,
    SUPERVISOR: _ADMIN
    | _HANDLE_PARKING
    | _VIEW_REGISTER
    | _EDIT_OCCUPANCY
    | _VIEW_CASES
    | _REVIEW_CASES
    | _VIEW_RECORDS
    | _MARK_PASS_USED
    | _HANDLE_RELEASES,
    PROJECT_MANAGER: _ADMIN
    | _HANDLE_PARKING
    | _VIEW_REGISTER
    | _EDIT_OCCUPANCY
    | _VIEW_CASES
    | _REVIEW_CASES
    | _APPROVE_RENOVATION
    | _VIEW_RECORDS
    | _MARK_PASS_USED
    | _HANDLE_RELEASES
    | _perms("estate", ("add", "change"), ("estate", "building", "parkingspace"))
    | _perms("estate", ("delete",), ("householdmember", "vehicle"))
    # The policy parameters in force (fee standard, windows, thresholds): the manager's alone.
    | _perms("policies", ("add", "change", "delete", "view"), ("parameterset",)),
    ENGINEERING: _ADMIN
    | _VIEW_CASES
    | _perms("estate", ("view",), ("estate", "building", "unit", "unitstatuschange")),
    SECURITY: _ADMIN
    | _VIEW_CASES
    | _MARK_PASS_USED
    | _perms(
        "estate", ("view",), ("estate", "building", "unit", "vehicle", "parkingspace", "parkingrental")
    ),
    CASHIER: _ADMIN
    | _RECORD_PARKING_PAYMENT
    | _VIEW_REGISTER
    | _VIEW_RECORDS
    | _perms("estate", ("add", "change"), ("ledgerentry",))
    | _perms("estate", ("change",), ("parkingrental",)),
    ARCHIVIST: _ADMIN | _VIEW_REGISTER | _VIEW_CASES | _VIEW_RECORDS,
    CONTENT_EDITOR: _ADMIN
    | {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    },
}


def apply_group_permissions(apps, schema_editor=None) -> None:
    """Create the staff groups and grant each exactly the permissions of the table
    that exist so far (a permission of a model not yet migrated is skipped)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    for name in STAFF_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for dotted in sorted(GROUP_PERMISSIONS[name]):
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)
