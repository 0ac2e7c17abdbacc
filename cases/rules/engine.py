"""Evaluate a detainer scenario under a rule set: verdicts, grounds, reasons and a trace.

``evaluate(scenario)`` follows the contract in SCENARIOS.md ("Result (output)"):

1. pick the rule set: the one the scenario forces, else the one in force at ``decided_at``;
2. run every *exception* rule of that set (judicial warrant, A/B felony, ...). Each says
   ``holds``: true (a ground), false, or null (unsettled: needs review);
3. derive the four action verdicts from them, and the end of a permitted hold.

Review reasons
--------------
Each unsettled exception rule gives the officer one sentence saying what to verify. They
are listed when they could change a verdict, that is when no ground definitely holds; once
a ground holds (say a judicial warrant), an unknown felony class elsewhere is moot, so the
trace still shows it as null but no review is asked for. A permitted hold with no
``releasable_at`` also yields a reason: the 48-hour limit cannot be set without it.

Besides the contract's fields, each result records ``engine_version`` and
``catalogue_version`` (a hash of the offense rows used), for the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from .catalogue import Catalogue, ClassFinding, default_catalogue
from .clock import hold_until, to_local_iso
from .rulesets import RULE_SETS, Rule, RuleSet, rule_set_in_force
from .scenario import FELONY_CLASSES, Conviction, Scenario, parse_scenario

ENGINE_VERSION = "1.0.0"

PERMITTED = "permitted"
PROHIBITED = "prohibited"
NEEDS_REVIEW = "needs_review"
ACTIONS = ("detain", "notify_release", "transfer", "interview")

_AB = frozenset(("A", "B"))
_FELONY = frozenset(FELONY_CLASSES)
_US_COURTS = ("CT", "other_state", "federal")
_JURISDICTION_WORDS = {
    "CT": "Connecticut",
    "other_state": "other-state",
    "federal": "federal",
    "foreign": "foreign",
}


class Finding(NamedTuple):
    """What one rule found: ``holds`` true, false or None (unsettled)."""

    holds: bool | None
    explanation: str
    reasons: tuple[str, ...] = ()


class Context(NamedTuple):
    """What every check may look at."""

    scenario: Scenario
    catalogue: Catalogue
    rule_set: RuleSet


# --------------------------------------------------------------------------- wording


def _offense(statute: str, subdivision: str | None) -> str:
    return f"§ {statute}" + (f"({subdivision})" if subdivision else "")


def _conviction_label(conv: Conviction) -> str:
    label = _offense(conv.statute, conv.subdivision)
    qualifiers = []
    if conv.jurisdiction != "CT":
        qualifiers.append(_JURISDICTION_WORDS[conv.jurisdiction])
    if conv.juvenile:
        qualifiers.append("juvenile adjudication")
    return label + (f" ({', '.join(qualifiers)})" if qualifiers else "")


def _class_of(ctx: Context, conv: Conviction) -> ClassFinding:
    return ctx.catalogue.felony_class(conv.statute, conv.subdivision, conv.victim_age, conv.felony_class)


def _class_reason(label: str, found: ClassFinding) -> str:
    if found.needs_victim_age:
        return f"Record the victim's age for the conviction under {label}: {found.basis}."
    return f"Verify the felony class of the conviction under {label}: {found.basis}."


def _combine(parts: list[Finding], none_text: str, extra: str = "") -> Finding:
    """A rule over several items: holds if any item holds, else unsettled if any is."""
    if not parts:
        return Finding(False, none_text + extra)
    explanation = " ".join(p.explanation for p in parts) + extra
    if any(p.holds for p in parts):
        return Finding(True, explanation)
    reasons = tuple(r for p in parts for r in p.reasons)
    if any(p.holds is None for p in parts):
        return Finding(None, explanation, reasons)
    return Finding(False, explanation)


def _flag(value: bool, yes: str, no: str) -> Finding:
    return Finding(True, yes) if value else Finding(False, no)


# --------------------------------------------------------------------------- exceptions


def check_judicial_warrant(ctx: Context) -> Finding:
    """Every rule set: a warrant issued or signed by a judge naming the person."""
    documents = ctx.scenario.detainer.documents
    if not documents:
        return Finding(False, "No document came with the detainer.")
    parts = []
    for number, doc in enumerate(documents, start=1):
        if doc.kind == "judicial_warrant":
            parts.append(Finding(True, f"Document {number} is a judicial warrant."))
        elif doc.kind == "unclear":
            parts.append(
                Finding(
                    None,
                    f"Document {number} is of unclear kind.",
                    (
                        f"Check document {number}: is it a warrant issued or signed by a judge "
                        "naming the person? An ICE or CBP warrant does not count.",
                    ),
                )
            )
        else:
            parts.append(
                Finding(False, f"Document {number} is an administrative warrant, which does not count.")
            )
    return _combine(parts, "")


def _ab_felony_part(ctx: Context, conv: Conviction) -> Finding:
    """One conviction against the 2019 class A/B exception."""
    label = _conviction_label(conv)
    offense = _offense(conv.statute, conv.subdivision)
    found = _class_of(ctx, conv)
    if found.classes is None:
        return Finding(None, f"{label}: {found.basis}.", (_class_reason(label, found),))
    if not found.classes & _AB:
        return Finding(False, f"{label}: {found.describe()}, not A or B ({found.basis}).")
    if found.classes - _AB:
        return Finding(None, f"{label}: {found.basis}.", (_class_reason(label, found),))
    if conv.jurisdiction != "CT":
        where = _JURISDICTION_WORDS[conv.jurisdiction]
        return Finding(
            None,
            f"{label}: would be {found.describe()} in Connecticut.",
            (
                f"Legal review: does the {where} conviction under {offense} count as a class A "
                "or B felony conviction? The 2019 act deleted the wording that covered "
                "convictions outside Connecticut.",
            ),
        )
    if conv.juvenile:
        return Finding(
            None,
            f"{label}: would be {found.describe()}.",
            (
                f"Legal review: the juvenile adjudication under {offense} is not a conviction; "
                "does it count as a class A or B felony?",
            ),
        )
    return Finding(True, f"Convicted under {label}: {found.basis}.")


def check_ab_felony(ctx: Context) -> Finding:
    """2019 and 2025: convicted of a class A or B felony; pending charges never count."""
    subject = ctx.scenario.subject
    parts = [_ab_felony_part(ctx, conv) for conv in subject.convictions]
    extra = ""
    if subject.pending_charges:
        charges = ", ".join(_offense(c.statute, c.subdivision) for c in subject.pending_charges)
        extra = f" Pending charges ({charges}) do not count."
    return _combine(parts, "No conviction recorded.", extra)


def check_tsdb(ctx: Context) -> Finding:
    return _flag(
        ctx.scenario.subject.tsdb_possible_match,
        "Possible match in the Terrorist Screening Database.",
        "No Terrorist Screening Database match recorded.",
    )


def _candidate_part(ctx: Context, conv: Conviction) -> Finding | None:
    matches = ctx.catalogue.candidate_matches(conv.statute, conv.subdivision)
    if not matches:
        return None
    label = _conviction_label(conv)
    found = _class_of(ctx, conv)
    if found.classes is not None and found.classes <= _AB and conv.jurisdiction == "CT" and not conv.juvenile:
        return Finding(
            False,
            f"{label} is on the 2025 candidate list but is "
            f"{found.describe()} and so is covered by the A/B exception.",
        )
    entry = matches[0]
    maybe = "" if entry.subdivision is None or conv.subdivision else " (subdivision not recorded)"
    return Finding(
        None,
        f"{label} is on the 2025 candidate list{maybe}: {entry.title}, {entry.status}.",
        (
            f"Legal review: the conviction under {label} ({entry.title}) may qualify under the "
            f"2025 act; the candidate list is {entry.status}.",
        ),
    )


def check_candidate_offense(ctx: Context) -> Finding:
    """2025: a conviction on the unconfirmed candidate list is never a ground, only review."""
    parts = [p for conv in ctx.scenario.subject.convictions if (p := _candidate_part(ctx, conv)) is not None]
    return _combine(parts, "No conviction on the 2025 candidate list.")


def _felony_part(ctx: Context, conv: Conviction) -> Finding:
    """One conviction against the 2013 felony factor (any class, any US court)."""
    label = _conviction_label(conv)
    offense = _offense(conv.statute, conv.subdivision)
    found = _class_of(ctx, conv)
    if found.classes is None:
        return Finding(None, f"{label}: {found.basis}.", (_class_reason(label, found),))
    if not found.classes & _FELONY:
        return Finding(False, f"{label}: a misdemeanor, not a felony.")
    if found.classes - _FELONY:
        return Finding(None, f"{label}: may be a felony or a misdemeanor.", (_class_reason(label, found),))
    if conv.jurisdiction not in _US_COURTS:
        return Finding(
            None,
            f"{label}: a felony, but from a court outside the United States.",
            (
                "Legal review: the 2013 act covers convictions in courts within the United "
                f"States; does the foreign conviction under {offense} count?",
            ),
        )
    if conv.juvenile:
        return Finding(
            None,
            f"{label}: a juvenile adjudication, not a conviction.",
            (f"Legal review: does the juvenile adjudication under {offense} count as a felony conviction?",),
        )
    return Finding(True, f"Convicted of a felony under {label} ({found.describe()}).")


def check_felony_conviction(ctx: Context) -> Finding:
    parts = [_felony_part(ctx, conv) for conv in ctx.scenario.subject.convictions]
    return _combine(parts, "No conviction recorded.")


def check_pending_charge(ctx: Context) -> Finding:
    """2013: a pending Connecticut charge on which bond has not been posted."""
    parts = []
    for charge in ctx.scenario.subject.pending_charges:
        label = _offense(charge.statute, charge.subdivision)
        if charge.bond_posted is False:
            parts.append(Finding(True, f"Pending charge under {label}, bond not posted."))
        elif charge.bond_posted is None:
            parts.append(
                Finding(
                    None,
                    f"Pending charge under {label}, bond not recorded.",
                    (f"Verify whether bond has been posted on the pending charge under {label}.",),
                )
            )
        else:
            parts.append(Finding(False, f"Pending charge under {label}, bond posted."))
    return _combine(parts, "No pending Connecticut charge.")


def check_ct_warrant(ctx: Context) -> Finding:
    return _flag(
        ctx.scenario.subject.outstanding_ct_warrant,
        "Outstanding Connecticut arrest warrant.",
        "No outstanding Connecticut arrest warrant recorded.",
    )


def check_gang_member(ctx: Context) -> Finding:
    return _flag(
        ctx.scenario.subject.gang_database_match,
        "Known gang member in NCIC or a similar database.",
        "No gang database match recorded.",
    )


def check_final_order(ctx: Context) -> Finding:
    return _flag(
        ctx.scenario.subject.final_order_of_removal,
        "Subject to a final order of removal.",
        "No final order of removal recorded.",
    )


def check_public_safety(ctx: Context) -> Finding:
    if ctx.scenario.subject.public_safety_risk:
        return Finding(
            None,
            "The officer judged the person an unacceptable risk to public safety.",
            (
                "A supervisor must review the officer's finding that "
                "the person presents an unacceptable risk to public "
                "safety.",
            ),
        )
    return Finding(False, "No public-safety risk determination recorded.")


CHECKS: Mapping[str, Callable[[Context], Finding]] = {
    "judicial_warrant": check_judicial_warrant,
    "ab_felony": check_ab_felony,
    "tsdb": check_tsdb,
    "candidate_offense": check_candidate_offense,
    "felony_conviction": check_felony_conviction,
    "pending_charge": check_pending_charge,
    "ct_warrant": check_ct_warrant,
    "gang_member": check_gang_member,
    "final_order": check_final_order,
    "public_safety": check_public_safety,
}


# --------------------------------------------------------------------------- actions


def _exceptions_verdict(ground: bool, unsettled: bool) -> str:
    if ground:
        return PERMITTED
    return NEEDS_REVIEW if unsettled else PROHIBITED


def action_verdict(check: str, ground: bool, unsettled: bool, consent: bool) -> str:
    """The verdict for one action, given what the exception rules found."""
    if check == "exceptions_decide":
        return _exceptions_verdict(ground, unsettled)
    if check == "always_permitted":
        return PERMITTED
    if check == "consent_decides":
        return PERMITTED if consent else PROHIBITED
    if check == "exception_and_consent":
        if not consent:
            return PROHIBITED
        return _exceptions_verdict(ground, unsettled)
    raise ValueError(f"unknown action check {check!r}")


_ACTION_WORDS = {
    "detain": "Detention",
    "notify_release": "Notifying ICE of release",
    "transfer": "Transfer to ICE",
    "interview": "An ICE interview",
}
_VERDICT_WORDS = {PERMITTED: "is permitted", PROHIBITED: "is prohibited", NEEDS_REVIEW: "needs review"}
_HOLDS = {PERMITTED: True, PROHIBITED: False, NEEDS_REVIEW: None}
GROUND_WORDS = {
    "judicial_warrant": "a judicial warrant",
    "ab_felony_conviction": "a class A or B felony conviction",
    "tsdb_match": "a Terrorist Screening Database match",
    "felony_conviction": "a felony conviction",
    "pending_charge_no_bond": "a pending charge without bond posted",
    "ct_warrant": "an outstanding Connecticut warrant",
    "gang_member": "a gang database match",
    "final_order": "a final order of removal",
}


def _action_explanation(rule: Rule, verdict: str, grounds: list[str], consent: bool) -> str:
    text = f"{_ACTION_WORDS[rule.action]} {_VERDICT_WORDS[verdict]}"
    if rule.check == "always_permitted":
        return text + "."
    if rule.check in ("consent_decides", "exception_and_consent") and not consent:
        return text + ": the person has not given written consent."
    if rule.check == "consent_decides":
        return text + ": the person gave written consent."
    if grounds:
        return text + f": {', '.join(GROUND_WORDS[g] for g in grounds)}."
    if verdict == NEEDS_REVIEW:
        return text + ": no ground definitely holds and some are unsettled."
    return text + ": no ground holds."


def _hold_limit(rule_set: RuleSet, scenario: Scenario) -> tuple[Finding, str | None]:
    """The end of a permitted hold, or an unsettled finding when no release time is known."""
    if scenario.releasable_at is None:
        return Finding(
            None,
            "No release time recorded, so the end of the hold cannot be set.",
            ("Record when the person would otherwise be released: the 48-hour limit runs from then.",),
        ), None
    until = to_local_iso(hold_until(scenario.releasable_at, rule_set.hold_clock))
    counted = (
        "hours excluding Saturdays, Sundays and federal holidays"
        if rule_set.hold_clock == "business"
        else "consecutive hours"
    )
    start = to_local_iso(scenario.releasable_at)
    return Finding(True, f"Hold until {until} at the latest: 48 {counted} after {start}."), until


# --------------------------------------------------------------------------- evaluate


def _trace_entry(rule: Rule, finding: Finding) -> dict[str, Any]:
    return {
        "rule": rule.id,
        "citation": rule.citation,
        "holds": finding.holds,
        "explanation": finding.explanation,
        "confidence": rule.confidence,
        "sentence": rule.sentence,
    }


def choose_rule_set(scenario: Scenario) -> RuleSet:
    """The rule set the scenario forces, else the one in force at ``decided_at``."""
    return RULE_SETS[scenario.rule_set or rule_set_in_force(scenario.decided_at)]


def evaluate(scenario: Scenario | Mapping[str, Any], catalogue: Catalogue | None = None) -> dict:
    """Evaluate one scenario (a dict as in SCENARIOS.md, or a parsed :class:`Scenario`).

    Raises :class:`ScenarioError` if a dict cannot be read.
    """
    if not isinstance(scenario, Scenario):
        scenario = parse_scenario(scenario)
    if catalogue is None:
        catalogue = default_catalogue()
    ctx = Context(scenario, catalogue, choose_rule_set(scenario))
    trace: list[dict[str, Any]] = []
    grounds: list[str] = []
    pending_reasons: list[str] = []
    unsettled = False
    for rule in ctx.rule_set.rules:
        if rule.kind != "exception":
            continue
        finding = CHECKS[rule.check](ctx)
        trace.append(_trace_entry(rule, finding))
        if finding.holds and rule.ground:
            grounds.append(rule.ground)
        elif finding.holds is None:
            unsettled = True
            pending_reasons.extend(finding.reasons)
    reasons = [] if grounds else pending_reasons
    actions = _decide_actions(ctx, grounds, unsettled, trace, reasons)
    return {
        "rule_set": ctx.rule_set.id,
        "actions": actions,
        "grounds": grounds,
        "review_reasons": list(dict.fromkeys(reasons)),
        "trace": trace,
        "engine_version": ENGINE_VERSION,
        "catalogue_version": ctx.catalogue.version,
    }


@lru_cache(maxsize=4096)
def _action_plan(
    rule_set_id: str, grounds: tuple[str, ...], unsettled: bool, consent: bool
) -> tuple[tuple[Rule, str | None, dict[str, Any] | None], ...]:
    """Each action rule with its verdict and trace entry (the limit rule: ``None``).

    Depends only on the rule set, the grounds, whether anything is unsettled and consent,
    so it is computed once per combination.
    """
    plan = []
    for rule in RULE_SETS[rule_set_id].rules:
        if rule.kind == "action":
            verdict = action_verdict(rule.check, bool(grounds), unsettled, consent)
            explanation = _action_explanation(rule, verdict, list(grounds), consent)
            plan.append((rule, verdict, _trace_entry(rule, Finding(_HOLDS[verdict], explanation))))
        elif rule.kind == "limit":
            plan.append((rule, None, None))
    return tuple(plan)


def _decide_actions(
    ctx: Context, grounds: list[str], unsettled: bool, trace: list, reasons: list[str]
) -> dict[str, dict[str, Any]]:
    """Verdicts for the four actions, plus the hold limit when detention is permitted."""
    actions: dict[str, dict[str, Any]] = {}
    detain_permitted = False
    plan = _action_plan(ctx.rule_set.id, tuple(grounds), unsettled, ctx.scenario.interview_consent)
    for rule, verdict, entry in plan:
        if entry is not None:
            trace.append(dict(entry))
            if rule.action == "detain":
                actions["detain"] = {"verdict": verdict, "hold_until": None}
                detain_permitted = verdict == PERMITTED
            else:
                actions[rule.action] = {"verdict": verdict}
        elif detain_permitted:
            finding, until = _hold_limit(ctx.rule_set, ctx.scenario)
            trace.append(_trace_entry(rule, finding))
            actions["detain"]["hold_until"] = until
            reasons.extend(finding.reasons)
    return {name: actions[name] for name in ACTIONS}
