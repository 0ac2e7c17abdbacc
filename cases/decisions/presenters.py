"""The rule engine's result in plain words, for the decision screen and the printable record.

Functions here only format: they take the engine's scenario and result dicts (and, for the
screen, links to correct each fact) and return plain dicts and strings for templates. They
run no query, so the screen, its htmx panel and the record all say the same thing the same
way.
"""

import datetime as dt

from django.utils import timezone

from cases.decisions.services import departures
from cases.models import CustodyCase, DecisionAction, DetainerForm, DocumentKind, Jurisdiction
from cases.rules import ACTIONS, NEEDS_REVIEW, PERMITTED, PROHIBITED, RULE_SETS, evaluate
from trustportal.common.views import local_datetime_text

RULE_SET_ORDER = ("ct-2013", "ct-2019", "ct-2025", "none")  # the what-if columns
LATEST_FIRST = ("ct-2025", "ct-2019", "ct-2013", "none")  # lists of rule sets
OFFICER_FACTS = (
    "tsdb_possible_match",
    "outstanding_ct_warrant",
    "gang_database_match",
    "final_order_of_removal",
    "public_safety_risk",
)
ACTION_TITLES = {
    "detain": "Hold for ICE",
    "notify_release": "Tell ICE the release date and time",
    "transfer": "Transfer to ICE custody",
    "interview": "ICE interview",
}
VERDICT_WORDS = {PERMITTED: "Permitted", PROHIBITED: "Prohibited", NEEDS_REVIEW: "Needs review"}
VERDICT_BADGES = {PERMITTED: "text-bg-success", PROHIBITED: "text-bg-danger", NEEDS_REVIEW: "text-bg-warning"}
MARKS = {
    True: {"symbol": "✓", "words": "holds", "css": "text-success"},
    False: {"symbol": "✗", "words": "does not hold", "css": "text-danger"},
    None: {"symbol": "?", "words": "unsettled", "css": "text-warning-emphasis"},
}
CONFIDENCE = {
    "text": {
        "words": "statute text",
        "css": "text-bg-success",
        "title": "Read from the statute's own words.",
    },
    "summary": {
        "words": "official summary",
        "css": "text-bg-info",
        "title": "From official summaries; exact wording not read.",
    },
    "unconfirmed": {
        "words": "unconfirmed",
        "css": "text-bg-warning",
        "title": "Reported or inferred, not confirmed: treated as needing legal review.",
    },
    "policy": {
        "words": "agency policy, not law",
        "css": "text-bg-secondary",
        "title": "A choice this agency (or TrustPortal) makes; the statute does not require it.",
    },
}
SIGN_OFF_NOTE = "Agency counsel must sign off this rule set before officers rely on it."

_PERMITTED_WORDS = {
    "notify_release": "You may tell ICE when this person will be released.",
    "transfer": "You may transfer this person to ICE custody.",
    "interview": "ICE may interview this person: § 54-192h(b)(1)(D) permits it.",
}
_INTERVIEW_LAW = (
    "§ 54-192h(b)(1)(D) permits an ICE interview only after a class A or B felony conviction, a "
    "Terrorist Screening Database match or a court order under 8 U.S.C. § 1225(d)(4)(B); a judicial "
    "warrant alone does not open one."
)
_PROHIBITED_WORDS = {
    "detain": "You may not hold this person for ICE. Release them when they would otherwise be released.",
    "notify_release": "You may not tell ICE the release date or time, nor spend resources telling them.",
    "transfer": "You may not transfer this person to ICE custody.",
    "interview": "ICE may not interview this person.",
}


# --------------------------------------------------------------------------- times


def local_time(value) -> dt.datetime | None:
    """An ISO 8601 string (or aware datetime) as an aware datetime in local time."""
    if not value:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return timezone.localtime(value)


def format_local(value) -> str:
    moment = local_time(value)
    return local_datetime_text(moment) if moment else ""


# --------------------------------------------------------------------------- verdicts


def _detain_permitted(hold_until) -> str:
    if hold_until:
        return (
            f"You may hold this person until {format_local(hold_until)}. "
            "Release them then if ICE has not taken custody."
        )
    return (
        "You may hold this person for ICE, but first record when they would otherwise be "
        "released: the 48-hour limit runs from then."
    )


def _interview_sentence(verdict: str, *, consent: bool, requires_consent, law_permits: bool) -> str:
    """The interview verdict, saying plainly when it comes from agency policy, not the statute."""
    if verdict == PERMITTED:
        if requires_consent:
            return (
                "ICE may interview this person: § 54-192h(b)(1)(D) permits it, and they gave the written "
                "consent the agency's own policy (agency policy, not law) requires."
            )
        return _PERMITTED_WORDS["interview"] + " The statute asks for no consent."
    if requires_consent and not consent and law_permits:
        return (
            "ICE may not interview this person — by agency policy, not law: the agency requires the "
            "person's written consent and none is recorded. The statute alone would permit it."
        )
    return f"{_PROHIBITED_WORDS['interview']} {_INTERVIEW_LAW}"


def verdict_sentence(
    action: str, verdict: str, *, hold_until=None, review_reasons=(), consent=False, result=None, policy=None
) -> str:
    """One action's verdict as an officer would say it (``policy``: the agency policy the
    engine was given; ``result``: the engine's result, to tell policy from law)."""
    if verdict == NEEDS_REVIEW:
        verify = " ".join(review_reasons) or "the unsettled conditions in the trace below."
        return f"Needs review: a supervisor must decide. Verify: {verify}"
    if action == "interview":
        requires = (policy or {}).get("interview_requires_consent", False)
        return _interview_sentence(
            verdict, consent=consent, requires_consent=requires, law_permits=_law_permits_interview(result)
        )
    if verdict == PERMITTED:
        return _detain_permitted(hold_until) if action == "detain" else _PERMITTED_WORDS[action]
    return _PROHIBITED_WORDS[action]


def _law_permits_interview(result) -> bool:
    """Whether the statute's own interview rule held (the agency-policy rule aside)."""
    for entry in (result or {}).get("trace", []):
        if entry["rule"].endswith(".interview") and entry.get("confidence") != "policy":
            return entry["holds"] is True
    return False


def verdicts(result: dict, *, consent: bool, policy: dict | None = None) -> list[dict]:
    """The four actions with their verdict, badge, exact deadline and plain sentence."""
    rows = []
    for action in ACTIONS:  # a stored result (jsonb) does not keep the engine's key order
        outcome = result["actions"][action]
        verdict, hold_until = outcome["verdict"], outcome.get("hold_until")
        rows.append(
            {
                "action": action,
                "title": ACTION_TITLES[action],
                "verdict": verdict,
                "verdict_words": VERDICT_WORDS[verdict],
                "badge": VERDICT_BADGES[verdict],
                "hold_until": local_time(hold_until),
                "sentence": verdict_sentence(
                    action,
                    verdict,
                    hold_until=hold_until,
                    review_reasons=result["review_reasons"],
                    consent=consent,
                    result=result,
                    policy=policy,
                ),
            }
        )
    return rows


def verdict_badges(actions: dict) -> list[dict]:
    """Each action's verdict as a title and a badge, from a result's ``actions`` alone (the
    review queue's column: no sentence, so no trace needed)."""
    return [
        {
            "title": ACTION_TITLES[action],
            "verdict_words": VERDICT_WORDS[verdict],
            "badge": VERDICT_BADGES[verdict],
        }
        for action in ACTIONS
        for verdict in (actions[action]["verdict"],)
    ]


def has_needs_review(actions: dict) -> bool:
    """Whether the guidance said "needs review" for any action (a result's ``actions``)."""
    return any(a["verdict"] == NEEDS_REVIEW for a in actions.values())


def choice_departures(result: dict) -> list[dict]:
    """For each action the officer may choose, why choosing it would depart from the guidance."""
    rows = []
    for choice in DecisionAction:
        reasons = departures(result, [choice.value])
        if reasons:
            rows.append({"choice": choice.value, "label": choice.label, "reasons": reasons})
    return rows


# --------------------------------------------------------------------------- trace and rule sets


def confidence_mark(confidence: str) -> dict:
    return CONFIDENCE.get(confidence, CONFIDENCE["unconfirmed"])


def trace_rows(trace: list[dict]) -> list[dict]:
    """Every rule the engine evaluated, with its ✓ / ✗ / ? mark and confidence mark."""
    return [
        {**entry, "mark": MARKS[entry["holds"]], "confidence_mark": confidence_mark(entry["confidence"])}
        for entry in trace
    ]


def confidence_summary(rule_set) -> str:
    counts = dict.fromkeys(CONFIDENCE, 0)
    for rule in rule_set.rules:
        counts[rule.confidence if rule.confidence in counts else "unconfirmed"] += 1
    parts = [f"{counts['text']} from the statute's text", f"{counts['summary']} from official summaries"]
    if counts["unconfirmed"]:
        parts.append(f"{counts['unconfirmed']} unconfirmed (treated as needing legal review)")
    if counts["policy"]:
        parts.append(f"{counts['policy']} agency policy, not law")
    return f"{len(rule_set.rules)} rules: " + ", ".join(parts) + "."


def rule_set_view(rule_set_id: str) -> dict:
    rule_set = RULE_SETS[rule_set_id]
    return {
        "id": rule_set.id,
        "title": rule_set.title,
        "enacted_by": rule_set.enacted_by,
        "in_force_from": rule_set.in_force_from,
        "in_force_to": rule_set.in_force_to,
        "hold_clock": rule_set.hold_clock,
        "confidence_summary": confidence_summary(rule_set),
        "rules": [
            {
                "id": r.id,
                "citation": r.citation,
                "sentence": r.sentence,
                "mark": confidence_mark(r.confidence),
            }
            for r in rule_set.rules
        ],
        "duties": rule_set.duties,
        "sign_off_note": SIGN_OFF_NOTE,
    }


def what_if(scenario: dict, catalogue, in_force: str) -> dict:
    """The same facts under each rule set (forced), side by side: columns and one row per action."""
    results = {rs: evaluate({**scenario, "rule_set": rs}, catalogue) for rs in RULE_SET_ORDER}
    columns = [{"id": rs, "title": RULE_SETS[rs].title, "in_force": rs == in_force} for rs in RULE_SET_ORDER]
    rows = []
    for action, title in ACTION_TITLES.items():
        cells = []
        for rs in RULE_SET_ORDER:
            outcome = results[rs]["actions"][action]
            cells.append(
                {
                    "rule_set": rs,
                    "verdict": outcome["verdict"],
                    "verdict_words": VERDICT_WORDS[outcome["verdict"]],
                    "badge": VERDICT_BADGES[outcome["verdict"]],
                    "hold_until": local_time(outcome.get("hold_until")),
                    "in_force": rs == in_force,
                }
            )
        rows.append({"action": action, "title": title, "cells": cells})
    return {"columns": columns, "rows": rows}


# --------------------------------------------------------------------------- facts


def _label(model, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


def _offense(statute: str, subdivision: str | None) -> str:
    return f"§ {statute}" + (f"({subdivision})" if subdivision else "")


def _class(conv: dict, catalogue) -> dict:
    """The conviction's class from ``catalogue``; without one (a recorded decision's
    snapshot), only the class entered by hand: the trace says what the catalogue gave then."""
    if catalogue is None:
        given = conv["felony_class"]
        basis = "entered by hand" if given else "from the offense catalogue at the time (see the trace)"
        return {"class_words": f"class {given}" if given else "", "class_basis": basis, "class_known": True}
    offense_date = conv.get("offense_date")
    found = catalogue.felony_class(
        conv["statute"],
        conv["subdivision"],
        conv["victim_age"],
        conv["felony_class"],
        offense_date=dt.date.fromisoformat(offense_date) if offense_date else None,
        participation=conv.get("participation") or "principal",
    )
    return {"class_words": found.describe(), "class_basis": found.basis, "class_known": found.known}


PARTICIPATION_WORDS = {
    "principal": "",
    "attempt": "attempt (§ 53a-51)",
    "conspiracy": "conspiracy (§ 53a-51)",
    "accessory": "accessory (§ 53a-8)",
}


def _conviction(conv: dict, catalogue) -> dict:
    return {
        "offense": _offense(conv["statute"], conv["subdivision"]),
        "victim_age": conv["victim_age"],
        "jurisdiction": Jurisdiction(conv["jurisdiction"]).label,
        "juvenile": conv["juvenile"],
        "participation": conv.get("participation") or "principal",
        "participation_words": PARTICIPATION_WORDS.get(conv.get("participation") or "principal", ""),
        "offense_date": dt.date.fromisoformat(conv["offense_date"]) if conv.get("offense_date") else None,
        "serious_physical_injury": conv.get("serious_physical_injury"),
        "class_given": conv["felony_class"],
        **_class(conv, catalogue),
    }


def _with_links(rows: list[dict], links: list[str] | None) -> list[dict]:
    links = links or [""] * len(rows)
    return [{**row, "fix_url": link} for row, link in zip(rows, links, strict=True)]


def _documents(detainer: dict, links: list[str] | None) -> list[dict]:
    rows = [
        {
            "kind": DocumentKind(d["kind"]).label,
            "form": d.get("form", ""),
            "signed_by": d.get("signed_by", ""),
        }
        for d in detainer["documents"]
    ]
    return _with_links(rows, links)


def _charges(subject: dict, links: list[str] | None) -> list[dict]:
    rows = [
        {"offense": _offense(c["statute"], c["subdivision"]), "bond_posted": c["bond_posted"]}
        for c in subject["pending_charges"]
    ]
    return _with_links(rows, links)


def officer_fact_label(name: str) -> str:
    return _label(CustodyCase, name)


def _officer_facts(subject: dict) -> list[dict]:
    return [
        {"name": name, "label": _label(CustodyCase, name), "value": subject[name]} for name in OFFICER_FACTS
    ]


def facts_view(scenario: dict, catalogue=None, links: dict | None = None) -> dict:
    """The facts the engine used, each with the class resolved and a link to correct it.

    ``links`` (screen only) holds ``case`` and ``detainer`` URLs and lists of URLs in the
    scenario's order for ``convictions``, ``charges`` and ``documents``.
    """
    links = links or {}
    subject, detainer = scenario["subject"], scenario["detainer"]
    convictions = [_conviction(c, catalogue) for c in subject["convictions"]]
    return {
        "decided_at": local_time(scenario["decided_at"]),
        "releasable_at": local_time(scenario.get("releasable_at")),
        "detainer_form": DetainerForm(detainer["form"]).label,
        "documents": _documents(detainer, links.get("documents")),
        "convictions": _with_links(convictions, links.get("convictions")),
        "charges": _charges(subject, links.get("charges")),
        "officer_facts": _officer_facts(subject),
        "interview_consent": scenario["interview_consent"],
        "interview_court_order": subject.get("interview_court_order", False),
        "requests_notification": detainer.get("requests_notification", True),
        "interview_requires_consent": scenario.get("agency_policy", {}).get(
            "interview_requires_consent", False
        ),
        "policy_url": links.get("policy", ""),
        "documents_url": links.get("documents_add", ""),
        "case_url": links.get("case", ""),
        "detainer_url": links.get("detainer", ""),
    }
