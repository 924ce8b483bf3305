"""occupancy.register — 客户入住登记 (§3: OC-1, OC-6)."""

from rules.policies.common import CATCH_ALL_PRIORITY

PROCEDURE = "occupancy.register"
OUTCOME = "allow"

FACTS = {
    "occupant": {"kind": "choice", "choices": ("owner", "tenant")},
    "owner_confirmed": {"kind": "bool", "optional": True},
    "lease_provided": {"kind": "bool", "optional": True},
    "pledge_signed": {"kind": "bool", "optional": True},
}

RULES = {
    # OC-1: a tenant moving in needs the owner's confirmation ...
    "tenant_without_owner_confirmation": {
        "policy": "OC-1",
        "reason": "租户入住，须向业主核实并取得业主确认",
        "all": [{"m": {"$and": [{"occupant": "tenant"}, {"owner_confirmed": False}]}}],
        "pri": 1,
        "run": "deny",
    },
    # OC-1: ... and the lease.
    "tenant_without_lease": {
        "policy": "OC-1",
        "reason": "租户入住，须出示房屋租赁协议",
        "all": [{"m": {"$and": [{"occupant": "tenant"}, {"lease_provided": False}]}}],
        "pri": 2,
        "run": "deny",
    },
    # OC-6: the tenant fills the tenant form and signs the safety responsibility pledge.
    "tenant_without_pledge": {
        "policy": "OC-6",
        "reason": "租户须填写《租户信息表》、提供身份证明，并签署《安全责任制书》",
        "all": [{"m": {"$and": [{"occupant": "tenant"}, {"pledge_signed": False}]}}],
        "pri": 3,
        "run": "deny",
    },
    "owner_moves_in": {
        "policy": "OC-1",
        "reason": "以业主搬家为准并确认业主身份后，在《客户入住记录表》上登记入住时间",
        "all": [{"m": {"occupant": "owner"}}],
        "pri": 50,
        "run": "note",
    },
    "tenant_moves_in": {
        "policy": "OC-6",
        "reason": "租户入住已经业主确认、提供租赁协议并签署《安全责任制书》，在《客户入住记录表》上登记入住时间",
        "all": [{"m": {"$and": [{"occupant": "tenant"}, {"owner_confirmed": True},
                                {"lease_provided": True}, {"pledge_signed": True}]}}],
        "pri": 51,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "occupancy.register"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
