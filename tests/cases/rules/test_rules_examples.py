"""Every public example of the contract (``../shared/contracts/examples``: ``NAME.json``
with ``NAME.expected.json``), in process: rule set, each action's verdict and hold_until (as
instants), and the grounds and duties as sets. The command-line run of the same examples is
in test_evaluate_detainer_command.py."""

from __future__ import annotations

import pytest

from cases.rules import evaluate
from tests.cases.rules.helpers import EXAMPLES, assert_matches_example, example_names, load_example

NAMES = example_names()


def test_there_are_examples():
    assert EXAMPLES.is_dir(), f"the shared contract is missing: {EXAMPLES}"
    assert len(NAMES) >= 10
    assert any(name.startswith("v2-") for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_public_example(name):
    scenario, expected = load_example(name)
    assert_matches_example(evaluate(scenario), expected)


@pytest.mark.parametrize("name", NAMES)
def test_public_example_inside_an_array_keeps_its_result(name):
    # Same scenario evaluated after others: no state leaks between evaluations.
    for other in NAMES:
        evaluate(load_example(other)[0])
    scenario, expected = load_example(name)
    assert_matches_example(evaluate(scenario), expected)
