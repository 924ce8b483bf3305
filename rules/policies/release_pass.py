"""release.pass — 物品放行 (§4: GR-3, GR-4, GR-5, GR-6)."""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "release.pass"
OUTCOME = "allow"

FACTS = {
    "carrier": {"kind": "choice", "choices": ("owner", "tenant", "family", "domestic_worker",
                                              "renovation_worker", "company_employee")},
    "purpose": {"kind": "choice", "choices": ("move_out", "temporary")},
    "arrears": {"kind": "money"},
    "consent": {"kind": "choice", "choices": ("given", "refused", "unreachable"), "optional": True},
    "owner_signed": {"kind": "bool"},
    "phone_recording": {"kind": "bool"},
    "passes_last_7_days": {"kind": "int"},
}

# GR-5: whose consent a carrier needs (None: the owner carries their own goods).
CONSENT_FROM = {
    "owner": None,
    "tenant": "owner",
    "family": "owner",
    "domestic_worker": "owner",
    "company_employee": "company",
    "renovation_worker": "renovation_lead",
}

RULES = {
    # GR-4: moving out -> all arrears settled, otherwise no release.
    "move_out_with_arrears": {
        "policy": "GR-4",
        "reason": "搬家迁出须结清所欠费用（包括截止当日水电气费、物业管理费），尚欠{arrears}元，一律不得放行",
        "all": [{"m": {"$and": [{"purpose": "move_out"}, {"has_arrears": True}]}}],
        "pri": 1,
        "run": "deny",
    },
    # GR-5: tenant, relative, domestic worker -> the owner's consent by phone.
    "owner_consent_missing": {
        "policy": "GR-5",
        "reason": "租户迁出或亲属、保姆、家政等非业主本人携带物品，须电话向业主核实并征得同意；"
                  "业主不同意或联系不上的，暂不放行",
        "all": [{"m": {"$and": [
            {"$or": [{"carrier": "tenant"}, {"carrier": "family"}, {"carrier": "domestic_worker"}]},
            {"$neq": {"consent": "given"}},
        ]}}],
        "pri": 2,
        "run": "deny",
    },
    # GR-5: company employee -> that company's responsible person.
    "company_consent_missing": {
        "policy": "GR-5",
        "reason": "办公单位职员携带物品出门，须电话向该公司负责人核实并征得同意；不同意或联系不上的，暂不放行",
        "all": [{"m": {"$and": [{"carrier": "company_employee"}, {"$neq": {"consent": "given"}}]}}],
        "pri": 3,
        "run": "deny",
    },
    # GR-5: renovation worker carrying equipment or materials (工具或材料) -> the renovation lead.
    "renovation_lead_consent_missing": {
        "policy": "GR-5",
        "reason": "装修施工人员携带工具或材料出门，须电话向装修负责人核实并征得同意；不同意或联系不上的，暂不放行",
        "all": [{"m": {"$and": [{"carrier": "renovation_worker"}, {"$neq": {"consent": "given"}}]}}],
        "pri": 4,
        "run": "deny",
    },
    # GR-6: without the owner's signature a phone recording is required.
    "no_owner_signature_or_recording": {
        "policy": "GR-6",
        "reason": "《物品放行条》须经办人、携带人、业主三方签字；无业主签字的，必须有电话录音记录",
        "all": [{"m": {"$and": [{"owner_signed": False}, {"phone_recording": False}]}}],
        "pri": 5,
        "run": "deny",
    },
    # GR-3, Decision: a temporary pass that would be the 4th or more within 7 days is flagged.
    "frequent_temporary_passes": {
        "policy": "GR-3",
        "reason": "本单元近{release_flag_window_days}天内已开临时放行条{passes_last_7_days}张，属频繁临时搬运物品出门，"
                  "请引起注意（提醒不影响放行）",
        "set": {"flagged": True},
        "all": [{"m": {"$and": [{"purpose": "temporary"},
                                {"$gte": {"passes_last_7_days": {"$m": "flag_threshold"}}}]}}],
        "pri": 50,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "release.pass"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
