"""tenant.move_out — 房屋退租管理 (§15: MO-1, MO-2, MO-3)."""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "tenant.move_out"
OUTCOME = "allow"

FACTS = {
    "arrears": {"kind": "money"},
    "meters_read": {"kind": "bool"},
    "owner_agrees": {"kind": "bool", "optional": True},
    "release_pass_issued": {"kind": "bool"},
}

RULES = {
    # MO-2: all fees up to the move-out day settled.
    "arrears_outstanding": {
        "policy": "MO-2",
        "reason": "租户须结清搬家前的一切费用，尚欠{arrears}元",
        "all": [{"m": {"has_arrears": True}}],
        "pri": 1,
        "run": "deny",
    },
    # MO-2: meters read.
    "meters_not_read": {
        "policy": "MO-2",
        "reason": "须先通知收费员抄取水电气表",
        "all": [{"m": {"meters_read": False}}],
        "pri": 2,
        "run": "deny",
    },
    # MO-3: owner disagrees (or has not agreed yet) -> no move-out.
    "owner_not_agreed": {
        "policy": "MO-3",
        "reason": "业主未同意退租：请租户与业主协商一致后，方可退租",
        "all": [{"m": {"owner_agrees": False}}],
        "pri": 3,
        "run": "deny",
    },
    # MO-1: a release pass before moving.
    "no_release_pass": {
        "policy": "MO-1",
        "reason": "租户搬家须先办理完毕《放行条》",
        "all": [{"m": {"release_pass_issued": False}}],
        "pri": 4,
        "run": "deny",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "tenant.move_out"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
