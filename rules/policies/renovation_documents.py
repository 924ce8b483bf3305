"""renovation.documents — 装修管理：申请资料、签署文件和政府报批 (§2: RN-2 … RN-7)."""

from rules.policies.common import CATCH_ALL_PRIORITY, PROPERTY_TYPES

PROCEDURE = "renovation.documents"
OUTCOME = "info"

FACTS = {
    "property_type": {"kind": "choice", "choices": PROPERTY_TYPES},
    "applicant": {"kind": "choice", "choices": ("owner", "owner_agent", "tenant")},
    "self_renovation": {"kind": "bool"},
    "tenant_is_company": {"kind": "bool", "optional": True},
    "commercial_or_key_site": {"kind": "bool", "optional": True},
    "fire_filing": {"kind": "bool", "optional": True},
    "structural_change": {"kind": "bool", "optional": True},
    "gas_change": {"kind": "bool", "optional": True},
}

# Lists are returned in these orders (DECISIONS.md, "Codes").
DOCUMENT_CODES = (
    "floor_plan", "ceiling_plan", "water_electric_plan", "wall_plan",
    "facade_rendering", "ac_modification_drawing", "fire_design_review_receipt",
    "contractor_id", "contractor_authorisation", "business_licence",
    "construction_qualification", "tax_registration",
    "design_qualification",
    "owner_power_of_attorney", "lease_contract",
    "tenant_business_licence", "legal_representative_certificate",
    "legal_representative_authorisation",
)
PLEDGE_CODES = (
    "application_form", "management_agreement", "non_load_bearing_wall_pledge",
    "fire_safety_responsibility", "fire_facilities_pledge", "self_renovation_pledge",
)
APPROVAL_CODES = ("fire_filing", "structural_change", "gas_change")

RULES = {
    # RN-2: drawings for every property type.
    "standard_drawings": {
        "policy": "RN-2",
        "reason": "装修施工图纸：平面图、天花图、水电图、拆建墙图",
        "add": {"required_documents": ["floor_plan", "ceiling_plan", "water_electric_plan", "wall_plan"]},
        "all": [{"m": {"procedure": "renovation.documents"}}],
        "pri": 50,
        "run": "note",
    },
    # RN-2: an office adds three documents.
    "office_drawings": {
        "policy": "RN-2",
        "reason": "写字楼另需提供外立面效果图、空调改造图（加盖装修公司鲜章）、建设工程消防设计审核申请受理凭证",
        "add": {"required_documents": ["facade_rendering", "ac_modification_drawing",
                                       "fire_design_review_receipt"]},
        "all": [{"m": {"property_type": "office"}}],
        "pri": 51,
        "run": "note",
    },
    # RN-3: contractor documents, unless the owner renovates without a contractor.
    "contractor_documents": {
        "policy": "RN-3",
        "reason": "装修公司负责人身份证、装修公司委托书、营业执照、施工资质证、税务登记证明复印件各一份，"
                  "加盖鲜章，并核实证书有效",
        "add": {"required_documents": ["contractor_id", "contractor_authorisation", "business_licence",
                                       "construction_qualification", "tax_registration"]},
        "all": [{"m": {"self_renovation": False}}],
        "pri": 52,
        "run": "note",
    },
    # RN-4: commercial premises or key renovation places.
    "design_qualification": {
        "policy": "RN-4",
        "reason": "涉及商业性质或重点装修场所，还须提供设计资质证书",
        "add": {"required_documents": ["design_qualification"]},
        "all": [{"m": {"commercial_or_key_site": True}}],
        "pri": 53,
        "run": "note",
    },
    # RN-5: the owner does not come in person.
    "owner_agent_power_of_attorney": {
        "policy": "RN-5",
        "reason": "业主不能亲自来办理，须出示委托书",
        "add": {"required_documents": ["owner_power_of_attorney"]},
        "all": [{"m": {"applicant": "owner_agent"}}],
        "pri": 54,
        "run": "note",
    },
    # RN-5: the owner delegates a tenant.
    "tenant_lease_and_power_of_attorney": {
        "policy": "RN-5",
        "reason": "业主委托租户办理装修申请，须出示租赁合同复印件和委托书",
        "add": {"required_documents": ["lease_contract", "owner_power_of_attorney"]},
        "all": [{"m": {"applicant": "tenant"}}],
        "pri": 55,
        "run": "note",
    },
    # RN-5: the tenant is a company.
    "company_tenant_documents": {
        "policy": "RN-5",
        "reason": "租户是公司的，还需提交公司营业执照、法人证明、法人委托证明",
        "add": {"required_documents": ["tenant_business_licence", "legal_representative_certificate",
                                       "legal_representative_authorisation"]},
        "all": [{"m": {"$and": [{"applicant": "tenant"}, {"tenant_is_company": True}]}}],
        "pri": 56,
        "run": "note",
    },
    # RN-6: documents signed by every applicant.
    "standard_pledges": {
        "policy": "RN-6",
        "reason": "签署《装修申请表》《装修管理协议》《拆除非承重墙承诺书》《施工防火安全责任书》《消防设施承诺书》",
        "add": {"required_pledges": ["application_form", "management_agreement",
                                     "non_load_bearing_wall_pledge", "fire_safety_responsibility",
                                     "fire_facilities_pledge"]},
        "all": [{"m": {"procedure": "renovation.documents"}}],
        "pri": 57,
        "run": "note",
    },
    # RN-6: self-renovation adds its pledge.
    "self_renovation_pledge": {
        "policy": "RN-6",
        "reason": "自装须另签《自装承诺书》",
        "add": {"required_pledges": ["self_renovation_pledge"]},
        "all": [{"m": {"self_renovation": True}}],
        "pri": 58,
        "run": "note",
    },
    # RN-7: government approval first.
    "fire_filing_approval": {
        "policy": "RN-7",
        "reason": "涉及消防报建，须请业主先向有关政府部门报批（客服提供办事指南及主管部门电话、地址）",
        "add": {"government_approvals": ["fire_filing"]},
        "all": [{"m": {"fire_filing": True}}],
        "pri": 59,
        "run": "note",
    },
    "structural_change_approval": {
        "policy": "RN-7",
        "reason": "涉及结构改动，须请业主先向有关政府部门报批（客服提供办事指南及主管部门电话、地址）",
        "add": {"government_approvals": ["structural_change"]},
        "all": [{"m": {"structural_change": True}}],
        "pri": 60,
        "run": "note",
    },
    "gas_change_approval": {
        "policy": "RN-7",
        "reason": "涉及煤气改动，须请业主先向有关政府部门报批（客服提供办事指南及主管部门电话、地址）",
        "add": {"government_approvals": ["gas_change"]},
        "all": [{"m": {"gas_change": True}}],
        "pri": 61,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "renovation.documents"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
