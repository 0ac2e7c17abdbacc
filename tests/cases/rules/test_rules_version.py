"""ENGINE_VERSION stands for one set of rules and one shipped catalogue.

``cases.rules.fingerprint()`` hashes the rule sets (ids, kinds, checks, citations,
confidence, grounds, the actions each rule opens, the duties) and the bytes of the shipped
CSVs. It is pinned here next to the version it belongs to: change the rules or the data and
this test fails until ENGINE_VERSION is bumped and the new fingerprint pinned beside it.
Decisions and training answers record ``engine_version``, so an unbumped change would make
two different rule books look the same in the audit trail.
"""

from __future__ import annotations

import dataclasses
import re

from cases.rules import ENGINE_VERSION, RULE_SETS, evaluate, fingerprint
from cases.rules import version as fingerprint_module
from tests.cases.rules.helpers import scenario

# ENGINE_VERSION -> fingerprint of the rules and data it shipped with. Add a line; never
# edit an old one.
PINNED = {
    "2.0.0": "ec6d4e1c37d9f8c72486898a3eb76825de0104d19825b9180ed8c2fa1f667441",
}


def test_engine_version_is_pinned_to_the_rules_and_data():
    assert ENGINE_VERSION in PINNED, f"pin the fingerprint of {ENGINE_VERSION}: {fingerprint()}"
    assert fingerprint() == PINNED[ENGINE_VERSION], (
        "The rule sets or the shipped catalogue changed: bump ENGINE_VERSION (cases/rules/engine.py) "
        f"and pin {fingerprint()} beside it here."
    )


def test_engine_version_is_the_latest_pinned_and_semantic():
    assert re.fullmatch(r"\d+\.\d+\.\d+", ENGINE_VERSION)
    latest = max(PINNED, key=lambda v: tuple(int(p) for p in v.split(".")))
    assert latest == ENGINE_VERSION
    assert len(set(PINNED.values())) == len(PINNED)


def test_results_record_the_version():
    assert evaluate(scenario("ct-2019"))["engine_version"] == ENGINE_VERSION


def _changed_rule_set(monkeypatch, **changes):
    rule_set = RULE_SETS["ct-2019"]
    rule = rule_set.rules[1]
    rules = (rule_set.rules[0], dataclasses.replace(rule, **changes), *rule_set.rules[2:])
    monkeypatch.setitem(fingerprint_module.RULE_SETS, "ct-2019", dataclasses.replace(rule_set, rules=rules))


def test_a_changed_citation_or_confidence_changes_the_fingerprint(monkeypatch):
    before = fingerprint()
    _changed_rule_set(monkeypatch, citation="C.G.S. § 54-192h(b)(1)(A)(iv)")
    assert fingerprint() != before
    _changed_rule_set(monkeypatch, confidence="summary")
    assert fingerprint() != before
    _changed_rule_set(monkeypatch, opens=("detain",))
    assert fingerprint() != before


def test_rewording_a_sentence_does_not(monkeypatch):
    before = fingerprint()
    _changed_rule_set(monkeypatch, sentence="Reworded, same rule.")
    assert fingerprint() == before


def test_changed_data_changes_the_fingerprint(monkeypatch, tmp_path):
    before = fingerprint()
    copy = tmp_path / "ct_offenses.csv"
    copy.write_bytes(fingerprint_module.OFFENSES_CSV.read_bytes().replace(b"53a-55,,,B", b"53a-55,,,C"))
    monkeypatch.setattr(fingerprint_module, "OFFENSES_CSV", copy)
    assert fingerprint() != before


def test_line_endings_do_not_change_the_fingerprint(monkeypatch, tmp_path):
    before = fingerprint()
    copy = tmp_path / "ct_offenses.csv"
    lf = fingerprint_module.OFFENSES_CSV.read_bytes().replace(b"\r\n", b"\n")
    for ending in (b"\n", b"\r\n"):
        copy.write_bytes(lf.replace(b"\n", ending))
        monkeypatch.setattr(fingerprint_module, "OFFENSES_CSV", copy)
        assert fingerprint() == before
