"""archive.access — 档案资料管理：查阅业主档案和对外提供业主信息 (§12: AR-5)."""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "archive.access"
OUTCOME = "allow"

FACTS = {
    "requester_role": {"kind": "choice", "choices": ("project_manager", "staff", "outsider")},
    "pm_approved": {"kind": "bool"},
    "leadership_approved": {"kind": "bool"},
}

RULES = {
    # AR-5: viewing an owner file needs the project manager's approval.
    "staff_without_pm_approval": {
        "policy": "AR-5",
        "reason": "查阅业主档案需经项目经理批准",
        "all": [{"m": {"$and": [{"requester_role": "staff"}, {"pm_approved": False}]}}],
        "pri": 1,
        "run": "deny",
    },
    # AR-5: never to outsiders without company leadership approval.
    "outsider_without_leadership_approval": {
        "policy": "AR-5",
        "reason": "未经公司领导批准，禁止将业主信息提供给外界",
        "all": [{"m": {"$and": [{"requester_role": "outsider"}, {"leadership_approved": False}]}}],
        "pri": 2,
        "run": "deny",
    },
    "project_manager_access": {
        "policy": "AR-5",
        "reason": "项目经理可查阅业主档案",
        "all": [{"m": {"requester_role": "project_manager"}}],
        "pri": 50,
        "run": "note",
    },
    "staff_with_pm_approval": {
        "policy": "AR-5",
        "reason": "已经项目经理批准，可查阅业主档案",
        "all": [{"m": {"$and": [{"requester_role": "staff"}, {"pm_approved": True}]}}],
        "pri": 51,
        "run": "note",
    },
    "outsider_with_leadership_approval": {
        "policy": "AR-5",
        "reason": "已经公司领导批准，可向外界提供业主信息",
        "all": [{"m": {"$and": [{"requester_role": "outsider"}, {"leadership_approved": True}]}}],
        "pri": 52,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "archive.access"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
