"""The staff groups of the customer-service department and the permissions each holds.

The table below is the single source of truth. After every ``migrate`` (and ``flush``)
:func:`sync_group_permissions` makes each staff group hold exactly its row of the table, so a
new database and an upgraded one end in the same state; a permission given to a staff group by
hand in the admin lasts until the next deployment. Groups outside the table are left alone.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

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

# The review queue (portal.casework.review). Every desk group sees it; engineering,
# security and the cashier see only the procedures they take part in (review.PROCEDURE_SCOPES).
_VIEW_CASES = {"casework.view_submission"}
# The desk opens a case for an owner or tenant who comes in person.
_ENTER_CASES = {"casework.enter_submission"}
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

# Permissions per group ("app_label.codename"): the register's and the first rooms' here;
# each later room adds its own below with _grant().
GROUP_PERMISSIONS: dict[str, set[str]] = {
    ASSISTANT: _ADMIN | _VIEW_REGISTER | _EDIT_OCCUPANCY | _VIEW_CASES | _ENTER_CASES | _VIEW_RECORDS | _HANDLE_RELEASES
    | _HANDLE_PARKING,
    SUPERVISOR: _ADMIN
    | _ENTER_CASES
    | _HANDLE_PARKING
    | _VIEW_REGISTER
    | _EDIT_OCCUPANCY
    | _VIEW_CASES
    | _REVIEW_CASES
    | _VIEW_RECORDS
    | _MARK_PASS_USED
    | _HANDLE_RELEASES,
    PROJECT_MANAGER: _ADMIN
    | _ENTER_CASES
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
    | _VIEW_CASES
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


def _grant(extra: dict[str, set[str]]) -> None:
    """Add a room's permissions to the groups that work it."""
    for group, permissions in extra.items():
        GROUP_PERMISSIONS[group] = GROUP_PERMISSIONS[group] | permissions


# Move-in handovers (portal.moveins): the desk works them and may inspect with the owner,
# the cashier takes the fees (MI-2, MI-3), engineering records the joint inspection (MI-8).
# Occupancy registrations (portal.occupancy) and tenant move-outs (portal.moveouts): the
# desk works them; the cashier reads the meters and settles the fees (MO-2); security
# sees the move-outs it lets the goods out for (MO-1).
_VIEW_MOVE_INS = {"moveins.view_moveincase"}
_DESK_LIFECYCLES = _VIEW_MOVE_INS | {
    "moveins.handle_moveincase",
    "moveins.record_moveininspection",
    "occupancy.view_occupancycase",
    "occupancy.handle_occupancycase",
    "moveouts.view_moveoutcase",
    "moveouts.handle_moveoutcase",
}
_grant({
    ASSISTANT: _DESK_LIFECYCLES,
    SUPERVISOR: _DESK_LIFECYCLES,
    PROJECT_MANAGER: _DESK_LIFECYCLES,
    CASHIER: _VIEW_MOVE_INS
    | {"moveins.record_moveinfees", "moveouts.view_moveoutcase", "moveouts.record_moveoutmeters"},
    ENGINEERING: _VIEW_MOVE_INS | {"moveins.record_moveininspection"},
    SECURITY: {"moveouts.view_moveoutcase"},
})


# Owner files (portal.archive, AR-5): staff outside the desk ask to read one, the project
# manager decides, the manager and the archivist read the log of every look. The monthly
# status census (portal.census, ST-2): the desk takes it, the project manager signs it,
# security and the cashier receive their copy. Reports (portal.reports): the desk and the manager.
_REQUEST_OWNER_FILES = {"archive.add_accessrequest", "archive.view_accessrequest"}
_TAKE_CENSUS = {"census.view_monthlycensus", "census.add_monthlycensus"}
_VIEW_REPORTS = {"reports.view_reports"}
_grant({
    ASSISTANT: _TAKE_CENSUS | _VIEW_REPORTS,
    SUPERVISOR: _TAKE_CENSUS | _VIEW_REPORTS,
    PROJECT_MANAGER: _TAKE_CENSUS
    | _VIEW_REPORTS
    | {"census.sign_monthlycensus", "archive.view_accessrequest", "archive.decide_accessrequest",
       "archive.view_fileview"},
    ARCHIVIST: _VIEW_REPORTS | {"census.view_monthlycensus", "archive.view_fileview"},
    ENGINEERING: _REQUEST_OWNER_FILES,
    SECURITY: _REQUEST_OWNER_FILES | {"census.view_monthlycensus"},
    CASHIER: _REQUEST_OWNER_FILES | {"census.view_monthlycensus"},
})


# Renovations (portal.renovations, RN-9…RN-20): the desk confirms the application complete
# and issues the permit; only the project manager approves, refuses and signs fines
# (casework.approve_renovation); the cashier records the fees; engineering confirms the site
# protection (RN-11) and grants hot work (RN-15); the desk, engineering and security patrol
# (RN-13); engineering and security accept the completion (RN-16); the project manager and
# the cashier settle the deposit refund (RN-20).
_VIEW_RENOVATIONS = {"renovations.view_renovationcase"}
_PATROL_RENOVATIONS = _VIEW_RENOVATIONS | {"renovations.record_renovation_patrol"}
_ACCEPT_RENOVATIONS = {"renovations.accept_renovation_completion"}
_grant({
    ASSISTANT: _PATROL_RENOVATIONS | {"renovations.handle_renovationcase"},
    SUPERVISOR: _PATROL_RENOVATIONS | {"renovations.handle_renovationcase"},
    PROJECT_MANAGER: _PATROL_RENOVATIONS
    | {"renovations.handle_renovationcase", "renovations.settle_deposit_refund"},
    ENGINEERING: _PATROL_RENOVATIONS
    | _ACCEPT_RENOVATIONS
    | {"renovations.confirm_site_protection", "renovations.grant_hot_work"},
    SECURITY: _PATROL_RENOVATIONS | _ACCEPT_RENOVATIONS,
    CASHIER: _VIEW_RENOVATIONS | {"renovations.record_renovation_fees", "renovations.settle_deposit_refund"},
    ARCHIVIST: _VIEW_RENOVATIONS,
})


# Complaints (portal.complaints, CP-1…CP-10): the desk records and forwards them, replies
# and closes; the supervisor decides validity and grade and agrees the result (CP-1, CP-7);
# more time needs the supervisor for a minor complaint and the management (project)
# manager for an important or major one (CP-6).
_HANDLE_COMPLAINTS = {
    "complaints.view_complaintcase",
    "complaints.add_complaintcase",
    "complaints.handle_complaintcase",
}
_ASSESS_COMPLAINTS = _HANDLE_COMPLAINTS | {"complaints.assess_complaintcase", "complaints.extend_minor_complaint"}
_grant({
    ASSISTANT: _HANDLE_COMPLAINTS,
    SUPERVISOR: _ASSESS_COMPLAINTS,
    PROJECT_MANAGER: _ASSESS_COMPLAINTS | {"complaints.extend_important_complaint"},
})


# Daily inspections, customer visits and satisfaction surveys (portal.inspections,
# portal.visits, portal.surveys; IN, VS, SV): the assistants record their own rounds and
# visits and enter paper questionnaires; the supervisor and the project manager see
# everyone's, run the survey rounds and their results; the project manager approves the
# written replies to customers (SV-4).
_RECORD_ROUNDS = {
    "inspections.view_inspection",
    "inspections.record_inspection",
    "visits.view_visit",
    "visits.add_visit",
    "visits.record_visit",
    "surveys.view_surveyround",
    "surveys.enter_surveyresponse",
    "surveys.add_surveyreply",
}
_OVERSEE_ROUNDS = _RECORD_ROUNDS | {
    "inspections.oversee_inspection",
    "visits.oversee_visit",
    "surveys.add_surveyround",
    "surveys.change_surveyround",
    "surveys.manage_surveyround",
}
_grant({
    ASSISTANT: _RECORD_ROUNDS,
    SUPERVISOR: _OVERSEE_ROUNDS,
    PROJECT_MANAGER: _OVERSEE_ROUNDS | {"surveys.approve_surveyreply"},
})


# Repairs (portal.repairs, RP-1…RP-6): the desk enters, receives, explains the charge of a
# paid repair and cancels; engineering picks up and completes the work orders; the cashier
# enters the fee of a paid repair in the ledger. Requests and suggestions
# (portal.servicerequests, RQ-1…RQ-4): the desk records, forwards, replies and closes them;
# the supervisor and the project manager sign off the weekly summary.
_VIEW_REPAIRS = {"repairs.view_repairorder"}
_HANDLE_REPAIRS = _VIEW_REPAIRS | {"repairs.add_repairorder", "repairs.handle_repairorder"}
_HANDLE_REQUESTS = {
    "servicerequests.view_servicerequest",
    "servicerequests.add_servicerequest",
    "servicerequests.handle_servicerequest",
}
_grant({
    ASSISTANT: _HANDLE_REPAIRS | _HANDLE_REQUESTS,
    SUPERVISOR: _HANDLE_REPAIRS | _HANDLE_REQUESTS | {"servicerequests.sign_weekly_summary"},
    PROJECT_MANAGER: _HANDLE_REPAIRS | _HANDLE_REQUESTS | {"servicerequests.sign_weekly_summary"},
    ENGINEERING: _VIEW_REPAIRS | {"repairs.work_repairorder"},
    CASHIER: _VIEW_REPAIRS | {"repairs.record_repair_fee"},
})


# Follow-up calls (portal.followups, FU-1, FU-2, CP-8) and the visitor and call log
# (portal.calls, RC-1…RC-4): the assistants and the supervisor record them; the project
# manager reads them all.
_RECORD_DESK_CALLS = {
    "followups.view_followup",
    "followups.record_followup",
    "calls.view_call",
    "calls.add_call",
    "calls.change_call",
}
_grant({
    ASSISTANT: _RECORD_DESK_CALLS,
    SUPERVISOR: _RECORD_DESK_CALLS,
    PROJECT_MANAGER: {"followups.view_followup", "calls.view_call"},
})


def sync_group_permissions(sender=None, *, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create the staff groups and grant each exactly the permissions of the table.

    A ``post_migrate`` receiver (connected by the organisation app): ``apps`` is the state
    the migrations left. Every app's permissions are created first, whatever order the apps'
    own ``post_migrate`` handlers run in; a permission whose model does not exist is skipped.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in apps.get_app_configs():
        # A migration state's app configs are stubs without a models module, which
        # create_permissions would skip: it only needs to know that the app has models.
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        if stub:
            app_config.models_module = None
    permissions = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for name in STAFF_GROUPS:
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(
            [permissions[dotted] for dotted in sorted(GROUP_PERMISSIONS[name]) if dotted in permissions]
        )
