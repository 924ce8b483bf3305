"""survey.rates — 书面意见调查的发放率和回收率 (§11: SV-2).

Rates travel to the engine in basis points (rate x 10000, an exact int), after rounding the
rate to 0.0001; the targets too.
"""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "survey.rates"
OUTCOME = "allow"

FACTS = {
    "households": {"kind": "int", "min": 1},
    # distributed <= households and returned <= distributed (a FactsError otherwise).
    "distributed": {"kind": "int"},
    "returned": {"kind": "int"},
}

RULES = {
    # SV-2: distribution rate >= 60 %.
    "distribution_below_target": {
        "policy": "SV-2",
        "reason": "发放率{distribution_rate}（发放{distributed}份 / {households}户）低于目标{survey_distribution_target}",
        "set": {"meets_distribution": False},
        "all": [{"m": {"$lt": {"distribution_bp": {"$m": "distribution_target_bp"}}}}],
        "pri": 1,
        "run": "deny",
    },
    # SV-2: return rate >= 50 %.
    "return_below_target": {
        "policy": "SV-2",
        "reason": "回收率{return_rate}（回收{returned}份 / 发放{distributed}份）低于目标{survey_return_target}",
        "set": {"meets_return": False},
        "all": [{"m": {"$lt": {"return_bp": {"$m": "return_target_bp"}}}}],
        "pri": 2,
        "run": "deny",
    },
    "distribution_target_met": {
        "policy": "SV-2",
        "reason": "发放率{distribution_rate}达到目标{survey_distribution_target}",
        "set": {"meets_distribution": True},
        "all": [{"m": {"$gte": {"distribution_bp": {"$m": "distribution_target_bp"}}}}],
        "pri": 50,
        "run": "note",
    },
    "return_target_met": {
        "policy": "SV-2",
        "reason": "回收率{return_rate}达到目标{survey_return_target}",
        "set": {"meets_return": True},
        "all": [{"m": {"$gte": {"return_bp": {"$m": "return_target_bp"}}}}],
        "pri": 51,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "survey.rates"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
