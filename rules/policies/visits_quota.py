"""visits.quota — 客户访问频次 (§9: VS-2)."""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "visits.quota"
OUTCOME = "allow"

FACTS = {
    "visits_this_month": {"kind": "int"},
}

RULES = {
    # VS-2: at least 10 households a month.
    "below_monthly_quota": {
        "policy": "VS-2",
        "reason": "本月已访问{visits_this_month}户，少于每月{visits_monthly_quota}户，还差{shortfall}户",
        "set": {"meets": False},
        "all": [{"m": {"$lt": {"visits_this_month": {"$m": "monthly_quota"}}}}],
        "pri": 1,
        "run": "deny",
    },
    "monthly_quota_met": {
        "policy": "VS-2",
        "reason": "本月已访问{visits_this_month}户，达到每月不少于{visits_monthly_quota}户的要求",
        "set": {"meets": True},
        "all": [{"m": {"$gte": {"visits_this_month": {"$m": "monthly_quota"}}}}],
        "pri": 50,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "visits.quota"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
