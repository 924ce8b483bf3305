"""request.deadlines — 客户需求、建议受理的时限 (§6: RQ-1, RQ-3)."""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "request.deadlines"
OUTCOME = "info"

FACTS = {
    "received_at": {"kind": "datetime"},
    # Not before received_at (a FactsError otherwise).
    "promised_by": {"kind": "datetime", "optional": True},
}

RULES = {
    # RQ-1: not solvable on the spot -> forwarded within 10 minutes.
    "forward_within_minutes": {
        "policy": "RQ-1",
        "reason": "不能当场答复或处理完毕的，在{request_forward_minutes}分钟内（{forward_by}前）转报相关部门处理；"
                  "重大紧急、突发事件立即报告上级领导",
        "all": [{"m": {"procedure": "request.deadlines"}}],
        "pri": 50,
        "run": "note",
    },
    # RQ-3: reply by the time promised to the customer ...
    "reply_by_promise": {
        "policy": "RQ-3",
        "reason": "在事前给客户承诺的时间（{reply_by}）内做出回复",
        "all": [{"m": {"has_promise": True}}],
        "pri": 51,
        "run": "note",
    },
    # RQ-3: ... otherwise within 1 day of acceptance.
    "reply_within_days": {
        "policy": "RQ-3",
        "reason": "受理后{request_reply_days}天内（{reply_by}前）做出处理和回复",
        "all": [{"m": {"has_promise": False}}],
        "pri": 52,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "request.deadlines"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
