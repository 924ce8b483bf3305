"""parking.rental — 办理车位租用 / 停车场停车位办理 (§14 PK-1, PK-2; §17 CS-2)."""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "parking.rental"
OUTCOME = "allow"

FACTS = {
    "applicant_role": {"kind": "choice", "choices": ("owner", "tenant", "non_resident")},
    "household_active_spaces": {"kind": "int"},
    "free_spaces": {"kind": "int"},
    "has_vehicle_licence": {"kind": "bool"},
    "licence_matches_applicant": {"kind": "bool"},
}

RULES = {
    # PK-1: only owners or tenants of this site.
    "non_resident": {
        "policy": "PK-1",
        "reason": "非本小区业主或租户，不予办理车位租用",
        "all": [{"m": {"applicant_role": "non_resident"}}],
        "pri": 1,
        "run": "deny",
    },
    # PK-1: one parking space per household.
    "household_space_limit": {
        "policy": "PK-1",
        "reason": "每户仅办理{parking_spaces_per_household}个车位租用，该户已有{household_active_spaces}个",
        "all": [{"m": {"$gte": {"household_active_spaces": {"$m": "spaces_per_household"}}}}],
        "pri": 2,
        "run": "deny",
    },
    # CS-2: finance checks one space per household ...
    "finance_household_space_check": {
        "policy": "CS-2",
        "reason": "财务按每户{parking_spaces_per_household}个车位的标准审核，该户已达上限，不予办理",
        "all": [{"m": {"$gte": {"household_active_spaces": {"$m": "spaces_per_household"}}}}],
        "pri": 3,
        "run": "deny",
    },
    # CS-2: ... and that a free space exists.
    "no_free_space": {
        "policy": "CS-2",
        "reason": "停车场已满位，没有空余车位",
        "all": [{"m": {"$lt": {"free_spaces": 1}}}],
        "pri": 4,
        "run": "deny",
    },
    # PK-2: the vehicle licence proves the vehicle and its owner.
    "no_vehicle_licence": {
        "policy": "PK-2",
        "reason": "须凭行驶证核实客户车辆合法性和车主身份",
        "all": [{"m": {"has_vehicle_licence": False}}],
        "pri": 5,
        "run": "deny",
    },
    "licence_not_matching": {
        "policy": "PK-2",
        "reason": "行驶证所载车主与申请人不符",
        "all": [{"m": {"$and": [{"has_vehicle_licence": True}, {"licence_matches_applicant": False}]}}],
        "pri": 6,
        "run": "deny",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "parking.rental"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
