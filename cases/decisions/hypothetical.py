"""The decision screen's what-if on the facts: the guidance for facts the officer supposes,
computed by the same engine, changing nothing (no write, no audit row)."""

from __future__ import annotations

import copy

from cases.decisions import presenters
from cases.decisions.fact_services import CORRECTABLE_FACTS, INTERVIEW_CONSENT
from cases.rules import evaluate

YES, NO = "yes", "no"


def assumptions(params) -> dict[str, bool]:
    """``{fact: value}`` from query parameters ``fact=yes|no``; anything else is ignored."""
    return {f: params[f] == YES for f in CORRECTABLE_FACTS if params.get(f) in (YES, NO)}


def suppose(scenario: dict, assumed: dict[str, bool]) -> dict:
    """A copy of the scenario with the assumed facts (the record is not touched)."""
    supposed = copy.deepcopy(scenario)
    for fact, value in assumed.items():
        if fact == INTERVIEW_CONSENT:
            supposed["interview_consent"] = value
        else:
            supposed["subject"][fact] = value
    return supposed


def hypothetical(evaluation, assumed: dict[str, bool]) -> dict:
    """What the panel shows for the supposed facts: verdicts and which facts differ."""
    scenario = suppose(evaluation.scenario, assumed)
    result = evaluate(scenario, evaluation.catalogue)
    current = presenters.facts_view(evaluation.scenario)
    recorded = {f["name"]: f["value"] for f in current["officer_facts"]}
    recorded[INTERVIEW_CONSENT] = current["interview_consent"]
    changed = [
        {"name": f, "label": fact_label(f), "recorded": recorded[f], "supposed": v}
        for f, v in assumed.items()
        if recorded[f] != v
    ]
    return {
        "changed": changed,
        "verdicts": presenters.verdicts(
            result, consent=scenario["interview_consent"], policy=scenario.get("agency_policy")
        ),
    }


def fact_choices(evaluation) -> list[dict]:
    """Each fact a what-if may suppose, with its value on the record."""
    facts = presenters.facts_view(evaluation.scenario)
    rows = [{"name": f["name"], "label": f["label"], "value": f["value"]} for f in facts["officer_facts"]]
    rows.append(
        {
            "name": INTERVIEW_CONSENT,
            "label": fact_label(INTERVIEW_CONSENT),
            "value": facts["interview_consent"],
        }
    )
    return rows


def fact_label(fact: str) -> str:
    if fact == INTERVIEW_CONSENT:
        return "written consent to an ICE interview"
    return presenters.officer_fact_label(fact)
