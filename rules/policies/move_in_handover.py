"""move_in.handover — 办理入伙：交钥匙前的资料、费用、签收和验房 (§1: MI-1, MI-2, MI-5, MI-7, MI-9)."""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "move_in.handover"
OUTCOME = "allow"

FACTS = {
    "has_id_document": {"kind": "bool"},
    "has_purchase_contract": {"kind": "bool"},
    "has_move_in_notice": {"kind": "bool"},
    "fees_paid": {"kind": "bool"},
    "key_receipt_signed": {"kind": "bool"},
    "inspection_accepted": {"kind": "bool"},
    "emergency_mobile": {"kind": "text", "optional": True},
    # Owners are mostly born before 2000: a birthday may be any year from 1900.
    "birthday": {"kind": "date", "optional": True, "min_year": 1900},
    # Required when inspection_accepted is False (MI-9).
    "not_accepted_reason": {"kind": "text", "optional": True},
}

RULES = {
    # MI-1: ID, purchase contract and move-in notice are all required.
    "no_id_document": {
        "policy": "MI-1",
        "reason": "业主未出示身份证件，无法核实身份",
        "all": [{"m": {"has_id_document": False}}],
        "pri": 1,
        "run": "deny",
    },
    "no_purchase_contract": {
        "policy": "MI-1",
        "reason": "业主未出示买卖合同",
        "all": [{"m": {"has_purchase_contract": False}}],
        "pri": 2,
        "run": "deny",
    },
    "no_move_in_notice": {
        "policy": "MI-1",
        "reason": "业主未出示入伙通知书",
        "all": [{"m": {"has_move_in_notice": False}}],
        "pri": 3,
        "run": "deny",
    },
    # MI-2: the prepaid management fee (and MI-3 float) is paid before handover.
    "fees_not_paid": {
        "policy": "MI-2",
        "reason": "未交清预收的{move_in_prepaid_months}个月物业管理费（及流转金）",
        "all": [{"m": {"fees_paid": False}}],
        "pri": 4,
        "run": "deny",
    },
    # MI-5: an emergency mobile number and the birthday are required in the owner file.
    "no_emergency_mobile": {
        "policy": "MI-5",
        "reason": "《业主档案》须留下紧急情况联系的移动电话",
        "all": [{"m": {"has_emergency_mobile": False}}],
        "pri": 5,
        "run": "deny",
    },
    "no_birthday": {
        "policy": "MI-5",
        "reason": "《业主档案》须登记业主生日",
        "all": [{"m": {"has_birthday": False}}],
        "pri": 6,
        "run": "deny",
    },
    # MI-7: the owner signs the key receipt before keys leave.
    "key_receipt_not_signed": {
        "policy": "MI-7",
        "reason": "业主须先在《钥匙签收表》上签字，方可发放钥匙",
        "all": [{"m": {"key_receipt_signed": False}}],
        "pri": 7,
        "run": "deny",
    },
    # MI-8/MI-9: a unit not accepted at inspection is registered with its reason.
    "inspection_not_accepted": {
        "policy": "MI-9",
        "reason": "验房未通过，在《房屋交接汇总表》上作未接房登记，原因：{not_accepted_reason}",
        "all": [{"m": {"inspection_accepted": False}}],
        "pri": 8,
        "run": "deny",
    },
    # MI-9: every unit accepted is registered.
    "handover_registered": {
        "policy": "MI-9",
        "reason": "资料齐全、费用已交、钥匙已签收、验房合格，在《房屋交接汇总表》上登记接房",
        "all": [{"m": {"$and": [
            {"has_id_document": True},
            {"has_purchase_contract": True},
            {"has_move_in_notice": True},
            {"fees_paid": True},
            {"has_emergency_mobile": True},
            {"has_birthday": True},
            {"key_receipt_signed": True},
            {"inspection_accepted": True},
        ]}}],
        "pri": 50,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "move_in.handover"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
