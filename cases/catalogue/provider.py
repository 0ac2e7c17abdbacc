"""The offense catalogue as the rule engine reads it, from the database: the one builder and
the one cache.

Part of cases' public API: with ``cases.rules`` (the engine) and ``cases.decisions.gates``,
this is the only ``cases`` module other apps may import (training answers its scenario
questions with it; an import-linter contract in pyproject.toml enforces that). It returns
the engine's own ``Catalogue``, so callers need no ``cases`` model.

The database's rows, not the shipped CSVs: an agency admin's correction of an offense or a
2025 candidate takes effect at once for the decision screen, the person pages and training.

The catalogue's *version* is (offense rows, their last change, candidate rows, the last
candidate history record). A page that reads the version in its own query
(``with_catalogue_version``) gets the catalogue with no further query while the rows are
unchanged (``catalogue_of``); ``current_catalogue`` reads the version in one query. The
process keeps one (version, catalogue) pair, replaced whole, so a thread never sees the
rows of one version under another's.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Func, Subquery

from cases.models import Candidate2025, Offense
from cases.rules import Catalogue

OFFENSE_COLUMNS = (
    "statute", "subdivision", "condition", "felony_class", "title", "confidence",
    "effective_from", "effective_to", "source",
)  # fmt: skip
CANDIDATE_COLUMNS = ("statute", "subdivision", "title", "status", "evidence")
VERSION_FIELDS = (
    "catalogue_offenses",
    "catalogue_changed",
    "catalogue_candidates",
    "catalogue_candidate_changed",
)


def build_catalogue() -> Catalogue:
    """The engine's catalogue built from the offense rows and the 2025 candidates: two queries."""
    return Catalogue(
        Offense.objects.order_by("pk").values(*OFFENSE_COLUMNS),
        Candidate2025.objects.order_by("pk").values(*CANDIDATE_COLUMNS),
    )


def _version_subqueries() -> dict:
    def count(model):
        return Subquery(model.objects.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1])

    history = Candidate2025.history.model.objects.order_by("-history_id")
    return {
        "catalogue_offenses": count(Offense),
        "catalogue_changed": Subquery(Offense.objects.order_by("-updated_at").values("updated_at")[:1]),
        "catalogue_candidates": count(Candidate2025),
        "catalogue_candidate_changed": Subquery(history.values("history_id")[:1]),
    }


def with_catalogue_version(queryset):
    """Annotate each row of ``queryset`` with the catalogue's version, in the same query."""
    return queryset.annotate(**_version_subqueries())


def catalogue_of(obj) -> Catalogue:
    """The catalogue for an object read through ``with_catalogue_version``."""
    return catalogue_for_version(tuple(getattr(obj, name) for name in VERSION_FIELDS))


def catalogue_version() -> tuple:
    """The catalogue's version now: one query."""
    offense, candidate = Offense._meta.db_table, Candidate2025._meta.db_table
    history = Candidate2025.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {offense}), (SELECT MAX(updated_at) FROM {offense}), "  # noqa: S608
            f"(SELECT COUNT(*) FROM {candidate}), (SELECT MAX(history_id) FROM {history})"
        )
        return tuple(cursor.fetchone())


_latest: tuple | None = None  # (version, catalogue), replaced whole


def catalogue_for_version(version: tuple) -> Catalogue:
    """The catalogue for this version: rebuilt (two queries) only when the version has changed."""
    global _latest
    latest = _latest
    if latest is None or latest[0] != version:
        latest = (version, build_catalogue())
        _latest = latest
    return latest[1]


def current_catalogue() -> Catalogue:
    """The engine's catalogue as the database holds it now (one query while it is unchanged)."""
    return catalogue_for_version(catalogue_version())


__all__ = ["build_catalogue", "catalogue_of", "current_catalogue", "with_catalogue_version"]
