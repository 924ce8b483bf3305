"""repair.classify — 报修服务：界定维修性质 (§13: RP-3)."""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "repair.classify"
OUTCOME = "info"

FACTS = {
    "category": {"kind": "choice", "choices": ("burst_pipe", "appliance_smoking", "water_outage",
                                               "power_outage", "other")},
    "customer_marked_urgent": {"kind": "bool"},
}

RULES = {
    # RP-3: burst pipe, smoking appliance, sudden water or power cut -> emergency.
    "emergency_category": {
        "policy": "RP-3",
        "reason": "爆管、电器冒烟、突然停水停电属紧急维修，第一时间通知工程部并重点强调",
        "set": {"priority": "emergency"},
        "all": [{"m": {"$or": [{"category": "burst_pipe"}, {"category": "appliance_smoking"},
                               {"category": "water_outage"}, {"category": "power_outage"}]}}],
        "pri": 50,
        "run": "note",
    },
    # RP-3: the customer calls it especially urgent -> emergency.
    "customer_marked_urgent": {
        "policy": "RP-3",
        "reason": "客户要求特别紧急的，按紧急维修处理，第一时间通知工程部并重点强调",
        "set": {"priority": "emergency"},
        "all": [{"m": {"customer_marked_urgent": True}}],
        "pri": 51,
        "run": "note",
    },
    # RP-3: everything else is general.
    "general_repair": {
        "policy": "RP-3",
        "reason": "一般维修：通知工程部领取《维修服务单》，不急时通知部门领班或主管",
        "set": {"priority": "general"},
        "all": [{"m": {"$and": [{"category": "other"}, {"customer_marked_urgent": False}]}}],
        "pri": 52,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "repair.classify"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
