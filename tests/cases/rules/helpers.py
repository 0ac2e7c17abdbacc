"""Builders for rule-engine test scenarios (plain dicts, as the contract's JSON)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# The contract's public examples: ../shared beside the repository (as in CI).
EXAMPLES = ROOT.parent / "shared" / "contracts" / "examples"

# A decision time well inside each rule set's period (New York local time).
DECIDED = {
    "none": "2013-06-04T09:00:00-04:00",
    "ct-2013": "2018-06-05T09:00:00-04:00",  # a Tuesday
    "ct-2019": "2024-04-23T09:00:00-04:00",  # a Tuesday
    "ct-2025": "2025-11-04T09:00:00-05:00",  # a Tuesday
}
# Release an hour after the decision, on the same working day.
RELEASABLE = {
    "none": "2013-06-04T10:00:00-04:00",
    "ct-2013": "2018-06-05T10:00:00-04:00",
    "ct-2019": "2024-04-23T10:00:00-04:00",
    "ct-2025": "2025-11-04T10:00:00-05:00",
}

ADMIN = {"kind": "administrative_warrant", "form": "I-205"}
JUDICIAL = {"kind": "judicial_warrant", "signed_by": "United States Magistrate Judge"}
UNCLEAR = {"kind": "unclear"}

ACTIONS = ("detain", "notify_release", "transfer", "interview")
P, X, R = "permitted", "prohibited", "needs_review"


def conviction(
    statute: str,
    subdivision: str | None = None,
    victim_age: int | None = None,
    felony_class: str | None = None,
    jurisdiction: str = "CT",
    juvenile: bool = False,
    participation: str | None = None,
    offense_date: str | None = None,
) -> dict:
    """A conviction; the v2 fields appear only when given, so v1 shapes stay v1."""
    data = {
        "statute": statute,
        "subdivision": subdivision,
        "victim_age": victim_age,
        "felony_class": felony_class,
        "jurisdiction": jurisdiction,
        "juvenile": juvenile,
    }
    if participation is not None:
        data["participation"] = participation
    if offense_date is not None:
        data["offense_date"] = offense_date
    return data


def charge(statute: str, subdivision: str | None = None, bond_posted: bool | None = False) -> dict:
    return {"statute": statute, "subdivision": subdivision, "bond_posted": bond_posted}


def scenario(
    rule_set: str = "ct-2019",
    *,
    forced: bool = False,
    decided_at: str | None = None,
    releasable_at: str | None = "default",
    consent: bool = False,
    documents: list | None = None,
    convictions: list | None = None,
    charges: list | None = None,
    policy: bool | None = None,
    requests_notification: bool | None = None,
    **flags: bool,
) -> dict:
    """A scenario decided during ``rule_set``'s period (or forcing it, with ``forced``).

    ``policy`` sets ``agency_policy.interview_requires_consent`` and
    ``requests_notification`` the detainer's field; left ``None`` they are absent (v1 shape).
    """
    data = {
        "decided_at": decided_at or DECIDED[rule_set],
        "rule_set": rule_set if forced else None,
        "releasable_at": RELEASABLE[rule_set] if releasable_at == "default" else releasable_at,
        "interview_consent": consent,
        "detainer": {"form": "I-247A", "documents": [ADMIN] if documents is None else documents},
        "subject": {
            "convictions": convictions or [],
            "pending_charges": charges or [],
            **flags,
        },
    }
    if policy is not None:
        data["agency_policy"] = {"interview_requires_consent": policy}
    if requests_notification is not None:
        data["detainer"]["requests_notification"] = requests_notification
    return data


def verdicts(result: dict) -> tuple[str, str, str, str]:
    """The four verdicts in the order detain, notify_release, transfer, interview."""
    return tuple(result["actions"][name]["verdict"] for name in ACTIONS)


def instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def trace_entry(result: dict, rule_id: str) -> dict:
    matches = [entry for entry in result["trace"] if entry["rule"] == rule_id]
    assert len(matches) == 1, f"{rule_id} appears {len(matches)} times in the trace"
    return matches[0]


def example_names() -> list[str]:
    return sorted(
        path.name.removesuffix(".json")
        for path in EXAMPLES.glob("*.json")
        if not path.name.endswith(".expected.json")
    )


def load_example(name: str) -> tuple[dict, dict]:
    """``(scenario, expected)`` for one public example."""
    scenario = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    expected = json.loads((EXAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return scenario, expected


def assert_matches_example(result: dict, expected: dict) -> None:
    """The fields the contract fixes: rule set, each action's verdict and hold_until (as
    instants), and grounds and duties as sets."""
    assert result["rule_set"] == expected["rule_set"]
    for action, want in expected["actions"].items():
        got = result["actions"][action]
        assert got["verdict"] == want["verdict"], action
        if "hold_until" in want:
            assert instant(got["hold_until"]) == instant(want["hold_until"]), action
    assert set(result["grounds"]) == set(expected["grounds"])
    if "duties" in expected:
        assert set(result["duties"]) == set(expected["duties"])
