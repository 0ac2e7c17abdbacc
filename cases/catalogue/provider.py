"""The offense catalogue as the rule engine reads it, from the database.

Part of cases' public API: with ``cases.rules`` (the engine) and ``cases.decisions.gates``,
this is the only ``cases`` module other apps may import (training answers its scenario
questions with it; an import-linter contract in pyproject.toml enforces that). It returns
the engine's own ``Catalogue``, so callers need no ``cases`` model.

The database's rows, not the shipped CSVs: an agency admin's correction of an offense or a
2025 candidate takes effect at once for the decision screen and for training alike.
"""

from cases.models import Candidate2025, Offense
from cases.rules import Catalogue

OFFENSE_FIELDS = ("statute", "subdivision", "condition", "felony_class", "title", "confidence")
CANDIDATE_FIELDS = ("statute", "subdivision", "title", "status")


def current_catalogue() -> Catalogue:
    """The engine's catalogue built from the offense rows and the 2025 candidates: two queries."""
    return Catalogue(Offense.objects.values(*OFFENSE_FIELDS), Candidate2025.objects.values(*CANDIDATE_FIELDS))
