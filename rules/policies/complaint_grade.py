"""complaint.grade — 投诉受理：界定投诉性质和处理时限 (§7: CP-1 … CP-6, CP-8).

Each CP-2 / CP-3 criterion is its own rule and sets the grade; the grade is the highest one
whose criteria hold (CP-4): the rule with the highest priority (lowest pri) decides, so
major (pri 20–25) beats important (30–32), and minor (40) needs every criterion to fail.
No rule uses "$or": the engine would fire it once per branch that holds, and every
branch costs a path in its network.
"""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "complaint.grade"
OUTCOME = "info"

FACTS = {
    "valid": {"kind": "bool"},
    "received_at": {"kind": "datetime"},
    "same_event_complainants": {"kind": "int", "min": 1},
    "unresolved_days": {"kind": "int"},
    "sudden_outage": {"kind": "bool"},
    "company_fault_loss_or_injury": {"kind": "bool"},
    "contracted_service_failed_repeatedly": {"kind": "bool"},
    "reasonable_need_unmet_seriously": {"kind": "bool"},
    "severe_staff_attitude": {"kind": "bool"},
    "deemed": {"kind": "choice", "choices": ("minor", "important", "major"), "optional": True},
}

# The exact negation of every CP-2 (major) and CP-3 (important) criterion: the CP-4 rule.
NO_MAJOR_OR_IMPORTANT_CRITERIA = {"$and": [
    {"$lt": {"same_event_complainants": {"$m": "major_complainants"}}},
    {"$lt": {"unresolved_days": {"$m": "major_unresolved_days"}}},
    {"sudden_outage": False},
    {"company_fault_loss_or_injury": False},
    {"contracted_service_failed_repeatedly": False},
    {"$neq": {"deemed": "major"}},
    {"reasonable_need_unmet_seriously": False},
    {"severe_staff_attitude": False},
    {"$neq": {"deemed": "important"}},
]}

# CP-5, CP-6: what each grade requires; {reply_by} and {resolve_by} are the grade's deadlines.
GRADE_DEADLINES = {
    "major": "属重大投诉：立即向上级报告；应在{reply_by}前给投诉客户明确答复，解决时间不超过{resolve_by}",
    "important": "属重要投诉：立即向上级报告；一般在{resolve_by}前处置完毕，超时需经管理部经理批准",
    "minor": "属轻微投诉：能及时解决的应立即解决或回复，或按客户要求的期限处理完毕；"
             "特殊情况限{resolve_by}前处理完毕，超时需经主管经理批准",
}

RULES = {
    # CP-1: validity is decided by the supervisor; an invalid complaint is still recorded.
    "invalid_complaint": {
        "policy": "CP-1",
        "reason": "客服主管界定为无效投诉：礼貌、耐心向客户解释清楚，消除误解，并照常记录",
        "set": {"grade": "invalid"},
        "all": [{"m": {"valid": False}}],
        "pri": 10,
        "run": "note",
    },
    # CP-2: major criteria, one rule each.
    "major_same_event_complainants": {
        "policy": "CP-2",
        "reason": "同时有{same_event_complainants}位客户就同一事件投诉（{complaint_major_complainants}位及以上），"
                  "符合重大投诉标准",
        "set": {"grade": "major", "report_immediately": True},
        "all": [{"m": {"$and": [{"valid": True},
                                {"$gte": {"same_event_complainants": {"$m": "major_complainants"}}}]}}],
        "pri": 20,
        "run": "note",
    },
    "major_unresolved_week": {
        "policy": "CP-2",
        "reason": "有效投诉已{unresolved_days}天未得到合理解决（{complaint_major_unresolved_days}天及以上），符合重大投诉标准",
        "set": {"grade": "major", "report_immediately": True},
        "all": [{"m": {"$and": [{"valid": True},
                                {"$gte": {"unresolved_days": {"$m": "major_unresolved_days"}}}]}}],
        "pri": 21,
        "run": "note",
    },
    "major_sudden_outage": {
        "policy": "CP-2",
        "reason": "涉及突然大面积停电、停水或设备设施突然停止运行，符合重大投诉标准",
        "set": {"grade": "major", "report_immediately": True},
        "all": [{"m": {"$and": [{"valid": True}, {"sudden_outage": True}]}}],
        "pri": 22,
        "run": "note",
    },
    "major_company_fault": {
        "policy": "CP-2",
        "reason": "由于公司责任给客户造成经济损失、人身伤害或恶劣心理影响，符合重大投诉标准",
        "set": {"grade": "major", "report_immediately": True},
        "all": [{"m": {"$and": [{"valid": True}, {"company_fault_loss_or_injury": True}]}}],
        "pri": 23,
        "run": "note",
    },
    "major_contracted_service_failed": {
        "policy": "CP-2",
        "reason": "公司承诺或合同规定的服务没有实施或效果有明显差距，经客户多次提出仍未解决，符合重大投诉标准",
        "set": {"grade": "major", "report_immediately": True},
        "all": [{"m": {"$and": [{"valid": True}, {"contracted_service_failed_repeatedly": True}]}}],
        "pri": 24,
        "run": "note",
    },
    "major_deemed": {
        "policy": "CP-2",
        "reason": "公司认定为重大投诉",
        "set": {"grade": "major", "report_immediately": True},
        "all": [{"m": {"$and": [{"valid": True}, {"deemed": "major"}]}}],
        "pri": 25,
        "run": "note",
    },
    # CP-3: important criteria, one rule each.
    "important_need_unmet": {
        "policy": "CP-3",
        "reason": "客户的合理需求没有得到及时解决，严重影响正常办公和房屋使用，符合重要投诉标准",
        "set": {"grade": "important", "report_immediately": True},
        "all": [{"m": {"$and": [{"valid": True}, {"reasonable_need_unmet_seriously": True}]}}],
        "pri": 30,
        "run": "note",
    },
    "important_staff_attitude": {
        "policy": "CP-3",
        "reason": "服务过失或员工服务态度恶劣，客户怨气非常大，符合重要投诉标准",
        "set": {"grade": "important", "report_immediately": True},
        "all": [{"m": {"$and": [{"valid": True}, {"severe_staff_attitude": True}]}}],
        "pri": 31,
        "run": "note",
    },
    "important_deemed": {
        "policy": "CP-3",
        "reason": "公司认定为重要投诉",
        "set": {"grade": "important", "report_immediately": True},
        "all": [{"m": {"$and": [{"valid": True}, {"deemed": "important"}]}}],
        "pri": 32,
        "run": "note",
    },
    # CP-4: none of the above -> minor.
    "minor_complaint": {
        "policy": "CP-4",
        "reason": "不符合重大、重要投诉标准，属轻微投诉",
        "set": {"grade": "minor"},
        "all": [{"m": {"$and": [{"valid": True}, NO_MAJOR_OR_IMPORTANT_CRITERIA]}}],
        "pri": 40,
        "run": "note",
    },
    # CP-5, CP-6: reporting and deadlines of the grade decided above (GRADE_DEADLINES).
    "grade_deadlines": {
        "policy": "CP-6",
        "reason": "本投诉{grade_deadlines}",
        "all": [{"m": {"valid": True}}],
        "pri": 50,
        "run": "note",
    },
    # CP-5: the first responder forwards within 10 minutes.
    "forward_within_minutes": {
        "policy": "CP-5",
        "reason": "首问责任人不能处理的，在接到投诉{complaint_forward_minutes}分钟内（{forward_by}前）转报其他部门",
        "all": [{"m": {"procedure": "complaint.grade"}}],
        "pri": 61,
        "run": "note",
    },
    # CP-8: follow-up visit after handling.
    "follow_up_visit": {
        "policy": "CP-8",
        "reason": "投诉处理完毕后{complaint_follow_up_hours}小时内安排回访，回访率100%",
        "set": {"follow_up_within_hours": {"$param": "complaint_follow_up_hours"}},
        "all": [{"m": {"valid": True}}],
        "pri": 62,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "complaint.grade"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
