"""renovation.refund — 装修管理：装修押金退还 (§2: RN-17, RN-19, RN-20)."""

from rules.policies.common import CATCH_ALL_PRIORITY, PROPERTY_TYPES

PROCEDURE = "renovation.refund"
OUTCOME = "allow"

FACTS = {
    "property_type": {"kind": "choice", "choices": PROPERTY_TYPES},
    "acceptance_date": {"kind": "date"},
    "on_date": {"kind": "date"},
    "deposit": {"kind": "money"},
    "fines": {"kind": "money"},
    "unpaid_fees": {"kind": "money"},
    "requested_by": {"kind": "choice", "choices": ("owner", "contractor")},
    "owner_consent": {"kind": "bool", "optional": True},
}

RULES = {
    # RN-17: 3 months after the acceptance date (residential, business apartment).
    "refund_window_not_reached": {
        "policy": "RN-17",
        "reason": "自竣工验收之日（{acceptance_date}）起{renovation_refund_months}个月以后方可退还装修押金，"
                  "最早{refundable_from}",
        "all": [{"m": {"$and": [{"$neq": {"property_type": "office"}},
                                {"$lt": {"on_date": {"$m": "refundable_from"}}}]}}],
        "pri": 1,
        "run": "deny",
    },
    # RN-17: offices 15 days.
    "office_refund_window_not_reached": {
        "policy": "RN-17",
        "reason": "写字楼自竣工验收之日（{acceptance_date}）起{renovation_office_refund_days}日以后方可退还装修押金，"
                  "最早{refundable_from}",
        "all": [{"m": {"$and": [{"property_type": "office"},
                                {"$lt": {"on_date": {"$m": "refundable_from"}}}]}}],
        "pri": 2,
        "run": "deny",
    },
    # RN-19: a contractor's request needs the owner's consent.
    "contractor_without_owner_consent": {
        "policy": "RN-19",
        "reason": "装修公司提出退还押金的，须通知业主并经业主同意",
        "all": [{"m": {"$and": [{"requested_by": "contractor"}, {"owner_consent": False}]}}],
        "pri": 3,
        "run": "deny",
    },
    "refund_window_reached": {
        "policy": "RN-17",
        "reason": "已过押金退还等待期（{refundable_from}起可退），通知业主或装修负责人办理退还，"
                  "由业主、装修公司、项目中心负责人三方签字",
        "all": [{"m": {"$gte": {"on_date": {"$m": "refundable_from"}}}}],
        "pri": 50,
        "run": "note",
    },
    "owner_consented": {
        "policy": "RN-19",
        "reason": "装修公司提出退还押金，已经业主同意",
        "all": [{"m": {"$and": [{"requested_by": "contractor"}, {"owner_consent": True}]}}],
        "pri": 51,
        "run": "note",
    },
    # RN-20: deposit - fines - unpaid fees, never negative.
    "refund_amount": {
        "policy": "RN-20",
        "reason": "应退押金{refund_amount}元：押金{deposit}元扣除违章违约金{fines}元及应付水电费等费用{unpaid_fees}元"
                  "（不为负数）",
        "all": [{"m": {"procedure": "renovation.refund"}}],
        "pri": 52,
        "run": "note",
    },
    # RN-20, Decision: a shortfall becomes an amount owed.
    "shortfall_owed": {
        "policy": "RN-20",
        "reason": "押金不足以抵扣，差额{amount_owed}元仍须补交（本项目认定：押金不足部分计为欠款）",
        "all": [{"m": {"has_shortfall": True}}],
        "pri": 53,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "renovation.refund"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
