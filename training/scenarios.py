"""Scenario questions: the detainer facts a trainer writes, and the answer the rule engine gives.

A scenario is stored exactly as contracts/SCENARIOS.md defines it, so a question is judged by
the same ``evaluate`` as the decision screen, with the database's offense catalogue
(``cases.catalogue.provider.current_catalogue``). The trainer never types the answer.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.rules import NEEDS_REVIEW, PERMITTED, PROHIBITED, ScenarioError, evaluate, parse_scenario
from cases.rules.rulesets import RULE_SETS, rule_set_in_force

VERDICT_WORDS = {PERMITTED: "Permitted", PROHIBITED: "Prohibited", NEEDS_REVIEW: "Needs review"}
VERDICT_OPTIONS = [{"key": key, "text": text} for key, text in VERDICT_WORDS.items()]
FLAGS = {
    "tsdb_possible_match": "Possible Terrorist Screening Database match",
    "outstanding_ct_warrant": "Outstanding Connecticut arrest warrant",
    "gang_database_match": "Gang database match (NCIC or similar) or DOC security risk group",
    "final_order_of_removal": "Subject to a final order of removal",
    "public_safety_risk": "Officer judged an unacceptable risk to public safety (2013 factor)",
    "interview_court_order": "Subject of a court order under 8 U.S.C. § 1225(d)(4)(B) (interview)",
}
PARTICIPATION_WORDS = {
    "principal": "Principal",
    "attempt": "Attempt (§ 53a-51)",
    "conspiracy": "Conspiracy (§ 53a-51)",
    "accessory": "Accessory (§ 53a-8)",
}
ACTION_QUESTIONS = {
    "detain": "May the agency hold this person for ICE on the detainer?",
    "notify_release": "May the agency tell ICE when this person will be released?",
    "transfer": "May the agency transfer this person to ICE custody?",
    "interview": "May ICE interview this person?",
}
HOLD_QUESTION = "If the hold is permitted: until when at the latest may the person be held?"

# Words for the parts of a scenario field path, so an error reads "Conviction 1, statute: …".
_FIELD_WORDS = {
    "decided_at": "Decided at",
    "rule_set": "Rule set",
    "releasable_at": "Would otherwise be released at",
    "interview_consent": "Interview consent",
    "detainer": "Detainer",
    "form": "form",
    "kind": "kind",
    "documents": "Document",
    "subject": "",
    "convictions": "Conviction",
    "pending_charges": "Pending charge",
    "statute": "statute",
    "subdivision": "subdivision",
    "victim_age": "victim's age",
    "felony_class": "class",
    "jurisdiction": "jurisdiction",
    "juvenile": "juvenile",
    "bond_posted": "bond posted",
    "participation": "participation",
    "offense_date": "offense date",
    "requests_notification": "requests notification",
    "agency_policy": "Agency policy",
    "interview_requires_consent": "interview requires consent",
}
_PART_RE = re.compile(r"^(\w+)(?:\[(\d+)\])?$")


def field_words(path: str) -> str:
    """``subject.convictions[0].statute`` -> ``Conviction 1, statute``."""
    words = []
    for part in path.split("."):
        match = _PART_RE.match(part)
        if match is None:
            words.append(part)
            continue
        name, index = match.groups()
        word = _FIELD_WORDS.get(name, name.replace("_", " ") if name in FLAGS or name != "scenario" else "")
        if index is not None:
            word = f"{word} {int(index) + 1}"
        if word:
            words.append(word)
    text = ", ".join(words) or "The scenario"
    return text[:1].upper() + text[1:]


def scenario_error_message(exc: ScenarioError) -> str:
    return f"{field_words(exc.field)}: {exc.message}."


def check_scenario(scenario: dict) -> None:
    """Raise ValidationError in plain words when the scenario does not follow SCENARIOS.md."""
    try:
        parse_scenario(scenario)
    except ScenarioError as exc:
        raise ValidationError(scenario_error_message(exc)) from None


# --- building and reading scenario dicts ---------------------------------------------------


def iso_local(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def parse_iso(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def build_scenario(*, facts: dict, documents: list, convictions: list, charges: list) -> dict:
    """The scenario dict (SCENARIOS.md) from the cleaned data of the trainer's forms."""
    return {
        "decided_at": iso_local(facts["decided_at"]),
        "rule_set": facts.get("rule_set") or None,
        "releasable_at": iso_local(facts.get("releasable_at")),
        "interview_consent": bool(facts.get("interview_consent")),
        "agency_policy": {"interview_requires_consent": bool(facts.get("interview_requires_consent"))},
        "detainer": {
            "form": facts["detainer_form"],
            "requests_notification": bool(facts.get("requests_notification", True)),
            "documents": [{"kind": d["kind"], "form": d.get("form") or ""} for d in documents],
        },
        "subject": {
            "convictions": [_conviction(c) for c in convictions],
            "pending_charges": [
                {
                    "statute": c["statute"],
                    "subdivision": c.get("subdivision") or None,
                    "bond_posted": c["bond_posted"],
                }
                for c in charges
            ],
            **{flag: bool(facts.get(flag)) for flag in FLAGS},
        },
    }


def _conviction(c: dict) -> dict:
    offense_date = c.get("offense_date")
    return {
        "statute": c["statute"],
        "subdivision": c.get("subdivision") or None,
        "victim_age": c.get("victim_age"),
        "felony_class": c.get("felony_class") or None,
        "jurisdiction": c.get("jurisdiction") or "CT",
        "juvenile": bool(c.get("juvenile")),
        "participation": c.get("participation") or "principal",
        "offense_date": offense_date.isoformat()
        if isinstance(offense_date, dt.date)
        else offense_date or None,
    }


def form_initial(scenario: dict) -> dict:
    """Initial values for the trainer's forms from a stored scenario (the inverse of build)."""
    subject = scenario.get("subject") or {}
    detainer = scenario.get("detainer") or {}
    facts = {
        "decided_at": timezone.localtime(parse_iso(scenario["decided_at"])),
        "rule_set": scenario.get("rule_set") or "",
        "releasable_at": timezone.localtime(parse_iso(r)) if (r := scenario.get("releasable_at")) else None,
        "interview_consent": bool(scenario.get("interview_consent")),
        "detainer_form": detainer.get("form", "I-247A"),
        "requests_notification": detainer.get("requests_notification", True) is not False,
        "interview_requires_consent": bool(
            (scenario.get("agency_policy") or {}).get("interview_requires_consent")
        ),
        **{flag: bool(subject.get(flag)) for flag in FLAGS},
    }
    convictions = [
        {k: ("" if v is None else v) for k, v in c.items() if k != "victim_age"}
        | {"victim_age": c.get("victim_age"), "participation": c.get("participation") or "principal"}
        for c in subject.get("convictions") or []
    ]
    charges = [
        {
            "statute": c["statute"],
            "subdivision": c.get("subdivision") or "",
            "bond_posted": _bond_key(c.get("bond_posted")),
        }
        for c in subject.get("pending_charges") or []
    ]
    documents = [
        {"kind": d.get("kind", "unclear"), "form": d.get("form", "")} for d in detainer.get("documents") or []
    ]
    return {"facts": facts, "documents": documents, "convictions": convictions, "charges": charges}


def _bond_key(value):
    return {True: "yes", False: "no"}.get(value, "unknown")


# --- the engine's answer ----------------------------------------------------------------------


def compute_answer(*, scenario: dict, action: str, ask_hold_until: bool, catalogue) -> dict:
    """The question version fields the engine decides: correct verdict, hold deadline, trace.

    Raises ValidationError (plain words) for a scenario that cannot be read, or when the
    trainer asks for a hold deadline that these facts do not have.
    """
    try:
        result = evaluate(scenario, catalogue)
    except ScenarioError as exc:
        raise ValidationError(scenario_error_message(exc)) from None
    answer = result["actions"][action]
    hold_until = parse_iso(answer.get("hold_until")) if action == "detain" else None
    if ask_hold_until and hold_until is None:
        raise ValidationError(
            {
                "ask_hold_until": "The rule engine does not permit a hold with a deadline on these facts "
                "(or no release time is given), so there is no deadline to ask about. Untick "
                "'also ask for the hold deadline' or change the facts."
            }
        )
    return {
        "options": VERDICT_OPTIONS,
        "correct": [answer["verdict"]],
        "correct_hold_until": hold_until if ask_hold_until else None,
        "engine_result": result,
        "engine_version": result["engine_version"],
        "catalogue_version": result["catalogue_version"],
    }


def answer_changed(version, catalogue) -> str:
    """'' when the engine still gives ``version``'s answer; else what it says now, in words."""
    fresh = compute_answer(
        scenario=version.scenario, action=version.action, ask_hold_until=False, catalogue=catalogue
    )
    verdict = fresh["correct"][0]
    old = version.correct[0] if version.correct else ""
    notes = []
    if verdict != old:
        notes.append(f"the answer is now {VERDICT_WORDS[verdict]} (it was {VERDICT_WORDS.get(old, old)})")
    if version.ask_hold_until:
        new_hold = parse_iso(fresh["engine_result"]["actions"]["detain"]["hold_until"])
        if new_hold != version.correct_hold_until:
            when = f"{timezone.localtime(new_hold):%d %b %Y %H:%M}" if new_hold else "no deadline"
            notes.append(f"the hold deadline is now {when}")
    return "; ".join(notes)


def rules_tested(engine_result: dict) -> list[str]:
    """The exception rules that decided the answer: those that hold or are unsettled."""
    rule_set = RULE_SETS[engine_result["rule_set"]]
    exceptions = {rule.id for rule in rule_set.rules if rule.kind == "exception"}
    return [
        e["rule"]
        for e in engine_result.get("trace", [])
        if e["rule"] in exceptions and e["holds"] is not False
    ]


# --- showing the facts -------------------------------------------------------------------------


def describe_facts(scenario: dict) -> dict:
    """The facts for display on the take page: never the answer, never a felony class lookup."""
    decided_at = dt.datetime.fromisoformat(scenario["decided_at"])  # required (SCENARIOS.md)
    subject = scenario.get("subject") or {}
    detainer = scenario.get("detainer") or {}
    forced = scenario.get("rule_set")
    return {
        "decided_at": decided_at,
        "rule_set": forced or rule_set_in_force(decided_at),
        "rule_set_forced": bool(forced),
        "releasable_at": parse_iso(scenario.get("releasable_at")),
        "interview_consent": bool(scenario.get("interview_consent")),
        "interview_requires_consent": bool(
            (scenario.get("agency_policy") or {}).get("interview_requires_consent")
        ),
        "requests_notification": detainer.get("requests_notification", True) is not False,
        "detainer_form": detainer.get("form", ""),
        "documents": detainer.get("documents") or [],
        "convictions": subject.get("convictions") or [],
        "charges": subject.get("pending_charges") or [],
        "flags": [label for flag, label in FLAGS.items() if subject.get(flag)],
    }
