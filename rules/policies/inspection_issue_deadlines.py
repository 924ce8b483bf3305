"""inspection.issue_deadlines — 日常巡查发现问题的处理时限 (§10: IN-3)."""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "inspection.issue_deadlines"
OUTCOME = "info"

FACTS = {
    "found_at": {"kind": "datetime"},
}

RULES = {
    # IN-3: forwarded within 30 minutes.
    "forward_within_minutes": {
        "policy": "IN-3",
        "reason": "不能当场处理的问题，在{inspection_forward_minutes}分钟内（{forward_by}前）转报相关责任人和部门",
        "all": [{"m": {"procedure": "inspection.issue_deadlines"}}],
        "pri": 50,
        "run": "note",
    },
    # IN-3: checked on site no later than the next day.
    "verify_next_day": {
        "policy": "IN-3",
        "reason": "不超过{verify_by}到现场核实处理情况",
        "all": [{"m": {"procedure": "inspection.issue_deadlines"}}],
        "pri": 51,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "inspection.issue_deadlines"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
