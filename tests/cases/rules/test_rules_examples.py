"""Every public example of the contract (``examples/NAME.json`` with
``NAME.expected.json``): rule set, each action's verdict and hold_until (as instants), and
the grounds as a set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cases.rules import evaluate
from tests.cases.rules.helpers import instant

EXAMPLES = Path(__file__).resolve().parent / "examples"
NAMES = sorted(
    path.name.removesuffix(".json")
    for path in EXAMPLES.glob("*.json")
    if not path.name.endswith(".expected.json")
)


def load(name: str) -> tuple[dict, dict]:
    scenario = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    expected = json.loads((EXAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return scenario, expected


def assert_matches(result: dict, expected: dict) -> None:
    assert result["rule_set"] == expected["rule_set"]
    for action, want in expected["actions"].items():
        got = result["actions"][action]
        assert got["verdict"] == want["verdict"], action
        if "hold_until" in want:
            assert instant(got["hold_until"]) == instant(want["hold_until"]), action
    assert set(result["grounds"]) == set(expected["grounds"])


def test_there_are_examples():
    assert len(NAMES) >= 5


@pytest.mark.parametrize("name", NAMES)
def test_public_example(name):
    scenario, expected = load(name)
    assert_matches(evaluate(scenario), expected)


@pytest.mark.parametrize("name", NAMES)
def test_public_example_inside_an_array_keeps_its_result(name):
    # Same scenario evaluated after others: no state leaks between evaluations.
    for other in NAMES:
        evaluate(load(other)[0])
    scenario, expected = load(name)
    assert_matches(evaluate(scenario), expected)
