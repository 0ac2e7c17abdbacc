"""A fingerprint of everything that decides a verdict: the rule sets and the shipped data.

``fingerprint()`` is a sha256 over each rule set's id, dates and clock, each rule's id,
kind, check, citation, confidence, ground, action and the actions it opens, each duty's id,
citation, confidence and trigger, and the bytes of the shipped catalogue and candidate
CSVs (line endings normalised). Plain-English sentences are left out: rewording one does
not change a verdict.

A test pins the fingerprint next to the ``ENGINE_VERSION`` it belongs to, so that changing
the rules or the data without bumping the version fails the build.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .catalogue import CANDIDATES_CSV, OFFENSES_CSV
from .rulesets import RULE_SETS


def _data_bytes(path: Path) -> bytes:
    return path.read_bytes().replace(b"\r\n", b"\n")


def fingerprint() -> str:
    digest = hashlib.sha256()

    def line(*parts: object) -> None:
        digest.update(("|".join("" if p is None else str(p) for p in parts) + "\n").encode())

    for rule_set_id in sorted(RULE_SETS):
        rs = RULE_SETS[rule_set_id]
        line("S", rs.id, rs.in_force_from, rs.in_force_to, rs.hold_clock)
        for rule in rs.rules:
            line(
                "R", rule.id, rule.kind, rule.check, rule.citation, rule.confidence,
                rule.ground, rule.action, ",".join(rule.opens),
            )  # fmt: skip
        for duty in rs.duties:
            line("D", duty.id, duty.citation, duty.confidence, duty.when)
    for path in (OFFENSES_CSV, CANDIDATES_CSV):
        line("F", path.name)
        digest.update(_data_bytes(path))
    return digest.hexdigest()
