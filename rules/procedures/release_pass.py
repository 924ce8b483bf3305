"""release.pass: who must consent, and the frequent-temporary-pass flag (GR-3 … GR-6)."""

from __future__ import annotations

from rules.params import ParameterSet
from rules.policies import release_pass as data
from rules.procedures.base import Facts, Prepared


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    message = {
        "carrier": facts["carrier"],
        "purpose": facts["purpose"],
        "has_arrears": facts["arrears"] > 0,
        "consent": facts["consent"] or "none",
        "owner_signed": facts["owner_signed"],
        "phone_recording": facts["phone_recording"],
        "passes_last_7_days": facts["passes_last_7_days"],
        "flag_threshold": params["release_flag_threshold"],
    }
    values = {"consent_from": data.CONSENT_FROM[facts["carrier"]], "flagged": False}
    return Prepared(message, values)
