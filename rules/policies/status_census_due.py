"""status.census_due — 房屋动态管理：月度普查和月报时限 (§16: ST-2)."""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "status.census_due"
OUTCOME = "info"

FACTS = {
    "month": {"kind": "month"},
}

RULES = {
    # ST-2: a census floor by floor by the 30th (the last day in a shorter month).
    "monthly_census": {
        "policy": "ST-2",
        "reason": "每月{status_census_day}日前（本月为{census_due}，该月没有这一天时取月末）按单元、栋落实责任人上楼普查一次",
        "all": [{"m": {"procedure": "status.census_due"}}],
        "pri": 50,
        "run": "note",
    },
    # ST-2: the monthly status report by the 3rd of the next month.
    "monthly_report": {
        "policy": "ST-2",
        "reason": "楼栋管家于次月{status_report_day}日前（{report_due}）形成《月度物业动态信息表》，"
                  "项目经理签阅后抄报保安部和收费员",
        "all": [{"m": {"procedure": "status.census_due"}}],
        "pri": 51,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "status.census_due"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
