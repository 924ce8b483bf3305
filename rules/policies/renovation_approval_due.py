"""renovation.approval_due — 装修管理：审批时限 (§2: RN-10)."""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "renovation.approval_due"
OUTCOME = "info"

FACTS = {
    "complete_at": {"kind": "datetime"},
}

RULES = {
    # RN-10: approved within 3 working days of a complete application (that day not counted).
    "approval_within_working_days": {
        "policy": "RN-10",
        "reason": "申请资料齐全之日（{complete_date}）起{renovation_approval_working_days}个工作日内审批完毕并通知客户，"
                  "最迟{due}（当日不计，法定节假日不计，调休上班日计入）",
        "all": [{"m": {"procedure": "renovation.approval_due"}}],
        "pri": 50,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "renovation.approval_due"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
