"""The Trust Act rule engine: pure Python, no Django.

    >>> from cases.rules import evaluate
    >>> evaluate({"decided_at": "2024-04-24T09:00:00-04:00",
    ...           "detainer": {"form": "I-247A"}})["actions"]["detain"]["verdict"]
    'prohibited'

Modules: ``scenario`` (reading input), ``catalogue`` (felony classes, and the statute
syntax), ``clock`` (the 48-hour limit), ``rulesets`` (the law as data, with citations and
duties), ``engine`` (verdicts), ``version`` (the fingerprint ``ENGINE_VERSION`` stands for).
"""

from .catalogue import Catalogue, ClassFinding, default_catalogue, normalise_statute, normalise_subdivision
from .engine import ENGINE_VERSION, NEEDS_REVIEW, PERMITTED, PROHIBITED, evaluate, verdicts_by_rule_set
from .rulesets import ACTIONS, RULE_SETS, Duty, Rule, RuleSet, rule_set_in_force
from .scenario import Scenario, ScenarioError, parse_scenario
from .version import fingerprint

__all__ = [
    "ACTIONS",
    "Catalogue",
    "ClassFinding",
    "Duty",
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
    "fingerprint",
    "normalise_statute",
    "normalise_subdivision",
    "parse_scenario",
    "rule_set_in_force",
    "verdicts_by_rule_set",
]
