"""renovation.documents: the lists of documents, pledges and approvals (RN-2 … RN-7)."""

from __future__ import annotations

from collections.abc import Sequence

from rules.params import ParameterSet
from rules.policies import renovation_documents as data
from rules.procedures.base import Facts, Prepared, in_code_order
from rules.ruledata import RuleMeta


_FLAGS = ("self_renovation", "tenant_is_company", "commercial_or_key_site", "fire_filing",
          "structural_change", "gas_change")


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    message = {name: facts[name] for name in _FLAGS}
    message["property_type"] = facts["property_type"]
    message["applicant"] = facts["applicant"]
    values = {"required_documents": [], "required_pledges": [], "government_approvals": []}
    return Prepared(message, values)


def finish(prepared: Prepared, facts: Facts, params: ParameterSet, fired: Sequence[RuleMeta]) -> None:
    values = prepared.values
    values["required_documents"] = in_code_order(values["required_documents"], data.DOCUMENT_CODES)
    values["required_pledges"] = in_code_order(values["required_pledges"], data.PLEDGE_CODES)
    values["government_approvals"] = in_code_order(values["government_approvals"], data.APPROVAL_CODES)
