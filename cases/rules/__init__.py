"""The Trust Act rule engine: pure Python, no Django.

    >>> from cases.rules import evaluate
    >>> evaluate({"decided_at": "2024-04-24T09:00:00-04:00",
    ...           "detainer": {"form": "I-247A"}})["actions"]["detain"]["verdict"]
    'prohibited'

Modules: ``scenario`` (reading input), ``catalogue`` (felony classes), ``clock`` (the
48-hour limit), ``rulesets`` (the law as data, with citations), ``engine`` (verdicts).
"""

from .catalogue import Catalogue, ClassFinding, default_catalogue
from .engine import ACTIONS, ENGINE_VERSION, NEEDS_REVIEW, PERMITTED, PROHIBITED, evaluate
from .rulesets import RULE_SETS, Rule, RuleSet, rule_set_in_force
from .scenario import Scenario, ScenarioError, parse_scenario

__all__ = [
    "ACTIONS",
    "Catalogue",
    "ClassFinding",
    "ENGINE_VERSION",
    "NEEDS_REVIEW",
    "PERMITTED",
    "PROHIBITED",
    "RULE_SETS",
    "Rule",
    "RuleSet",
    "Scenario",
    "ScenarioError",
    "default_catalogue",
    "evaluate",
    "parse_scenario",
    "rule_set_in_force",
]
