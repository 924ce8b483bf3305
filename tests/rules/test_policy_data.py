"""The policy files: literal data, policy IDs from the catalogue, every procedure of the contract."""

from __future__ import annotations

import json

import pytest

from rules import PROCEDURES
from rules.policies import COMPILED, POLICY_MODULES

# Policy IDs of POLICIES.md.
CATALOGUE = (
    {f"MI-{n}" for n in range(1, 11)} | {f"RN-{n}" for n in range(1, 21)} | {f"OC-{n}" for n in range(1, 8)}
    | {f"GR-{n}" for n in range(1, 8)} | {f"RC-{n}" for n in range(1, 5)} | {f"RQ-{n}" for n in range(1, 5)}
    | {f"CP-{n}" for n in range(1, 11)} | {f"FU-{n}" for n in range(1, 3)} | {f"VS-{n}" for n in range(1, 4)}
    | {f"IN-{n}" for n in range(1, 5)} | {f"SV-{n}" for n in range(1, 5)} | {f"AR-{n}" for n in range(1, 6)}
    | {f"RP-{n}" for n in range(1, 7)} | {f"PK-{n}" for n in range(1, 5)} | {f"MO-{n}" for n in range(1, 5)}
    | {f"ST-{n}" for n in range(1, 3)} | {f"CS-{n}" for n in range(1, 5)}
)

# The policies DECISIONS.md names for each procedure (its table's last column).
CONTRACT = {
    "move_in.fees": {"MI-2", "MI-3"},
    "move_in.handover": {"MI-1", "MI-2", "MI-5", "MI-7", "MI-9"},
    "renovation.documents": {"RN-2", "RN-3", "RN-4", "RN-5", "RN-6", "RN-7"},
    "renovation.fees": {"RN-9"},
    "renovation.approval_due": {"RN-10"},
    "renovation.refund": {"RN-17", "RN-19", "RN-20"},
    "release.pass": {"GR-3", "GR-4", "GR-5", "GR-6"},
    "occupancy.register": {"OC-1", "OC-6"},
    "tenant.move_out": {"MO-1", "MO-2", "MO-3"},
    "parking.rental": {"PK-1", "PK-2", "CS-2"},
    "complaint.grade": {"CP-1", "CP-2", "CP-3", "CP-4", "CP-5", "CP-6"},
    "request.deadlines": {"RQ-1", "RQ-3"},
    "repair.classify": {"RP-3"},
    "inspection.issue_deadlines": {"IN-3"},
    "survey.window": {"SV-1"},
    "survey.rates": {"SV-2"},
    "visits.quota": {"VS-2"},
    "archive.access": {"AR-5"},
    "status.census_due": {"ST-2"},
}


def test_every_procedure_of_the_contract_and_no_other():
    assert list(PROCEDURES) == list(CONTRACT)


@pytest.mark.parametrize("module", POLICY_MODULES, ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_policy_files_are_literal_data(module):
    json.dumps({"facts": module.FACTS, "rules": module.RULES})
    assert module.__name__.rsplit(".", 1)[-1] == module.PROCEDURE.replace(".", "_")


@pytest.mark.parametrize("procedure", list(CONTRACT))
def test_rules_name_catalogue_policies_covering_the_contract(procedure):
    rules = COMPILED[procedure].rules.values()
    named = {meta.policy_id for meta in rules if meta.effect != "catch_all"}
    assert named <= CATALOGUE
    assert CONTRACT[procedure] <= named
    for meta in rules:
        if meta.effect != "catch_all":
            assert any("\u4e00" <= char <= "\u9fff" for char in meta.reason), meta.name


@pytest.mark.parametrize("procedure", list(CONTRACT))
def test_priorities_are_distinct_and_denials_come_first(procedure):
    rules = list(COMPILED[procedure].rules.values())
    assert len({meta.priority for meta in rules}) == len(rules)
    denials = [meta.priority for meta in rules if meta.effect == "deny"]
    others = [meta.priority for meta in rules if meta.effect == "note"]
    assert not denials or not others or max(denials) < min(others)
