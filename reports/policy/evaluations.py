"""Evaluate one decision's facts under every rule set, as ``PolicyEvaluation`` rows.

The facts are read once (``parse_scenario``) and judged under every rule set by the engine's
``verdicts_by_rule_set``: the verdicts ``evaluate`` gives with each rule set forced, each
exception checked once, without the trace and explanations the recompute does not store, with
the catalogue the caller passes.
"""

import logging

from django.db import transaction

from cases.catalogue.provider import current_catalogue
from cases.models import Decision
from cases.rules import (
    ENGINE_VERSION,
    RULE_SETS,
    Catalogue,
    ScenarioError,
    parse_scenario,
    verdicts_by_rule_set,
)
from cases.rules.catalogue import offense_words

from ..figures.build import policy_figures_refresh
from ..models import PolicyEvaluation

logger = logging.getLogger(__name__)

RULE_SET_IDS = tuple(RULE_SETS)
NO_OFFENSE = "no conviction or pending charge"


def offense_of(scenario) -> str:
    """The offense a detainer is counted under: its first conviction, else its first pending
    charge (marked "pending"), else none."""
    subject = scenario.subject
    if subject.convictions:
        first = subject.convictions[0]
        return offense_words(first.statute, first.subdivision)[:120]
    if subject.pending_charges:
        first = subject.pending_charges[0]
        return f"{offense_words(first.statute, first.subdivision)} (pending)"[:120]
    return NO_OFFENSE


COLUMNS = (
    "decision_id", "rule_set", "in_force", "detain", "notify_release", "transfer", "interview",
    "offense", "engine_version", "catalogue_version",
)  # fmt: skip


def evaluation_tuples(decision_id: int, facts: dict, in_force: str, catalogue: Catalogue) -> list[tuple]:
    """One decision's rows as tuples in ``COLUMNS`` order, one per rule set (the recompute
    copies them straight into the table); ``ScenarioError`` when the facts cannot be read."""
    scenario = parse_scenario(facts)
    offense = offense_of(scenario)
    return [
        (
            decision_id,
            rule_set,
            rule_set == in_force,
            verdicts["detain"],
            verdicts["notify_release"],
            verdicts["transfer"],
            verdicts["interview"],
            offense,
            ENGINE_VERSION,
            catalogue.version,
        )
        for rule_set, verdicts in verdicts_by_rule_set(scenario, catalogue).items()
    ]


def evaluation_rows(
    decision_id: int, facts: dict, in_force: str, catalogue: Catalogue
) -> list[PolicyEvaluation]:
    """The unsaved rows for one decision, one per rule set."""
    return [
        PolicyEvaluation(**dict(zip(COLUMNS, row, strict=True)))
        for row in evaluation_tuples(decision_id, facts, in_force, catalogue)
    ]


@transaction.atomic
def evaluations_store(decision_id: int) -> list[PolicyEvaluation]:
    """Evaluate one recorded decision under every rule set and store the rows (replacing any),
    then refresh the policy-impact figures of its day. Registered as cases' after-record hook:
    runs once the decision is committed."""
    facts, in_force, agency_id, recorded_at = Decision.objects.values_list(
        "facts", "rule_set", "agency_id", "recorded_at"
    ).get(pk=decision_id)
    try:
        rows = evaluation_rows(decision_id, facts, in_force, current_catalogue())
    except ScenarioError:
        logger.warning("Decision %s: its facts cannot be read by the engine; not evaluated.", decision_id)
        return []
    PolicyEvaluation.objects.filter(decision_id=decision_id).delete()
    stored = PolicyEvaluation.objects.bulk_create(rows)
    policy_figures_refresh(agency_id, [recorded_at])
    return stored
