"""survey.window — 书面意见调查的时间 (§11: SV-1).

Month-days are compared as "MM-DD" strings, which order like the days they name.
"""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "survey.window"
OUTCOME = "info"

FACTS = {
    "on_date": {"kind": "date"},
}

RULES = {
    # SV-1: 1–15 July.
    "in_summer_window": {
        "policy": "SV-1",
        "reason": "处于年中书面意见调查期（{window_start}至{window_end}），事前贴出公告",
        "set": {"in_window": True},
        "all": [{"m": {"$and": [{"$gte": {"on_month_day": {"$m": "summer_start"}}},
                                {"$lte": {"on_month_day": {"$m": "summer_end"}}}]}}],
        "pri": 50,
        "run": "note",
    },
    # SV-1: 15–30 January.
    "in_winter_window": {
        "policy": "SV-1",
        "reason": "处于年初书面意见调查期（{window_start}至{window_end}），事前贴出公告",
        "set": {"in_window": True},
        "all": [{"m": {"$and": [{"$gte": {"on_month_day": {"$m": "winter_start"}}},
                                {"$lte": {"on_month_day": {"$m": "winter_end"}}}]}}],
        "pri": 51,
        "run": "note",
    },
    # SV-1: outside both windows -> the next one.
    "outside_survey_windows": {
        "policy": "SV-1",
        "reason": "不在书面意见调查期内，下一次调查期为{window_start}至{window_end}",
        "set": {"in_window": False},
        "all": [{"m": {"$and": [
            {"$or": [{"$lt": {"on_month_day": {"$m": "summer_start"}}},
                     {"$gt": {"on_month_day": {"$m": "summer_end"}}}]},
            {"$or": [{"$lt": {"on_month_day": {"$m": "winter_start"}}},
                     {"$gt": {"on_month_day": {"$m": "winter_end"}}}]},
        ]}}],
        "pri": 52,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "survey.window"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
