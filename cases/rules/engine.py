"""Evaluate a detainer scenario under a rule set: verdicts, grounds, duties, reasons, trace.

``evaluate(scenario)`` follows the contract in SCENARIOS.md version 2 ("Result (output)"):

1. pick the rule set: the one the scenario forces, else the one in force at ``decided_at``;
2. run every *exception* rule of that set (judicial warrant, A/B felony, ...). Each says
   ``holds``: true (a ground), false, or null (unsettled: needs review);
3. derive each action's verdict from the exceptions that *open* it (a judicial warrant
   opens detention, notification and transfer, not an interview), then apply the agency's
   interview-consent policy, then list the duties and the end of a permitted hold.

Review reasons
--------------
Each unsettled exception rule gives one sentence per fact to record or question for
counsel. They are listed when they could change a verdict, that is when an action the
exception bears on is left *needs review*; once a ground holds for every such action (say
a judicial warrant for detention, with the interview prohibited anyway) an unknown felony
class elsewhere is moot, so the trace still shows it as null but no review is asked for. A
permitted hold with no ``releasable_at`` also yields a reason: the 48-hour limit cannot be
set without it.

Besides the contract's fields, each result records ``engine_version`` and
``catalogue_version`` (a hash of the offense rows used), for the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from .catalogue import Catalogue, ClassFinding, default_catalogue, offense_words
from .clock import hold_until, to_local_iso
from .rulesets import RULE_SETS, Rule, RuleSet, rule_set_in_force
from .scenario import FELONY_CLASSES, Conviction, Scenario, parse_scenario

# Bump with any change to the rule sets or the shipped data (see tests: fingerprint).
ENGINE_VERSION = "2.0.0"

PERMITTED = "permitted"
PROHIBITED = "prohibited"
NEEDS_REVIEW = "needs_review"

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
    """What every check may look at: the facts and the catalogue, never the rule set. A check
    finds the same under every rule set that runs it, so ``verdicts_by_rule_set`` runs each
    check once for all of them."""

    scenario: Scenario
    catalogue: Catalogue


# --------------------------------------------------------------------------- wording


def _conviction_label(conv: Conviction) -> str:
    label = offense_words(conv.statute, conv.subdivision)
    qualifiers = []
    if conv.participation != "principal":
        qualifiers.append(conv.participation)
    if conv.jurisdiction != "CT":
        qualifiers.append(_JURISDICTION_WORDS[conv.jurisdiction])
    if conv.juvenile:
        qualifiers.append("juvenile adjudication")
    return label + (f" ({', '.join(qualifiers)})" if qualifiers else "")


def _class_of(ctx: Context, conv: Conviction) -> ClassFinding:
    return ctx.catalogue.felony_class(
        conv.statute,
        conv.subdivision,
        conv.victim_age,
        conv.felony_class,
        offense_date=conv.offense_date,
        participation=conv.participation,
    )


def _class_reasons(label: str, found: ClassFinding) -> tuple[str, ...]:
    """The facts to record that would settle the class, else a request to verify it."""
    if found.to_record:
        return found.to_record
    return (f"Verify the felony class of the conviction under {label}: {found.basis}.",)


def _capital_reason(label: str) -> str:
    return (
        f"Legal review: the conviction under {label} is of a capital felony (§ 53a-54b as in "
        "effect before 2012-04-25), its own class under § 53a-25(b)(7) and neither A nor B in "
        "words; does it count as a class A or B felony conviction?"
    )


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
                        "naming the person? An ICE or CBP warrant, or an immigration judge's "
                        "order, does not count.",
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
    found = _class_of(ctx, conv)
    classes = found.classes
    if classes is None:
        return Finding(None, f"{label}: {found.basis}.", _class_reasons(label, found))
    if "capital" in classes:
        return Finding(
            None,
            f"{label}: {found.describe()} ({found.basis}).",
            found.to_record + (_capital_reason(label),),
        )
    if not classes & _AB:
        return Finding(False, f"{label}: {found.describe()}, not A or B ({found.basis}).")
    if classes - _AB:
        return Finding(None, f"{label}: {found.basis}.", _class_reasons(label, found))
    if conv.jurisdiction != "CT":
        where = _JURISDICTION_WORDS[conv.jurisdiction]
        return Finding(
            None,
            f"{label}: would be {found.describe()} in Connecticut.",
            (
                f"Legal review: does the {where} conviction under {label} count as a class A "
                "or B felony conviction? The 2019 act deleted the wording that covered "
                "convictions outside Connecticut.",
            ),
        )
    if conv.juvenile:
        return Finding(
            None,
            f"{label}: would be {found.describe()}.",
            (
                f"Legal review: the juvenile adjudication under {label} is not a conviction; "
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
        charges = ", ".join(offense_words(c.statute, c.subdivision) for c in subject.pending_charges)
        extra = f" Pending charges ({charges}) do not count."
    return _combine(parts, "No conviction recorded.", extra)


def check_tsdb(ctx: Context) -> Finding:
    return _flag(
        ctx.scenario.subject.tsdb_possible_match,
        "Possible match in the Terrorist Screening Database.",
        "No Terrorist Screening Database match recorded.",
    )


def check_interview_court_order(ctx: Context) -> Finding:
    return _flag(
        ctx.scenario.subject.interview_court_order,
        "The person is the subject of a court order under 8 U.S.C. § 1225(d)(4)(B).",
        "No court order under 8 U.S.C. § 1225(d)(4)(B) recorded.",
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
    evidence = f" (reported by {entry.evidence})" if entry.evidence else ""
    return Finding(
        None,
        f"{label} is on the 2025 candidate list{maybe}: {entry.title}, {entry.status}.",
        (
            f"Legal review: the conviction under {label} ({entry.title}) may qualify under the "
            f"2025 act{evidence}; the candidate list is {entry.status}.",
        ),
    )


def check_candidate_offense(ctx: Context) -> Finding:
    """2025: a conviction on the unconfirmed candidate list is never a ground, only review."""
    parts = [p for conv in ctx.scenario.subject.convictions if (p := _candidate_part(ctx, conv)) is not None]
    return _combine(parts, "No conviction on the 2025 candidate list.")


def _felony_part(ctx: Context, conv: Conviction) -> Finding:
    """One conviction against the 2013 felony factor (any class, any US court)."""
    label = _conviction_label(conv)
    found = _class_of(ctx, conv)
    if found.classes is None:
        return Finding(None, f"{label}: {found.basis}.", _class_reasons(label, found))
    if not found.classes & _FELONY:
        return Finding(False, f"{label}: a misdemeanor, not a felony.")
    if found.classes - _FELONY:
        return Finding(
            None, f"{label}: may be a felony or a misdemeanor ({found.basis}).", _class_reasons(label, found)
        )
    if conv.jurisdiction not in _US_COURTS:
        return Finding(
            None,
            f"{label}: a felony, but from a court outside the United States.",
            (
                "Legal review: the 2013 act covers convictions in courts within the United "
                f"States; does the foreign conviction under {label} count?",
            ),
        )
    if conv.juvenile:
        return Finding(
            None,
            f"{label}: a juvenile adjudication, not a conviction.",
            (f"Legal review: does the juvenile adjudication under {label} count as a felony conviction?",),
        )
    return Finding(True, f"Convicted of a felony under {label} ({found.describe()}).")


def check_felony_conviction(ctx: Context) -> Finding:
    parts = [_felony_part(ctx, conv) for conv in ctx.scenario.subject.convictions]
    return _combine(parts, "No conviction recorded.")


def check_pending_charge(ctx: Context) -> Finding:
    """2013: a pending Connecticut charge on which bond has not been posted."""
    parts = []
    for charge in ctx.scenario.subject.pending_charges:
        label = offense_words(charge.statute, charge.subdivision)
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
    "interview_court_order": check_interview_court_order,
    "candidate_offense": check_candidate_offense,
    "felony_conviction": check_felony_conviction,
    "pending_charge": check_pending_charge,
    "ct_warrant": check_ct_warrant,
    "gang_member": check_gang_member,
    "final_order": check_final_order,
    "public_safety": check_public_safety,
}


# --------------------------------------------------------------------------- actions


def action_verdict(check: str, ground: bool, unsettled: bool) -> str:
    """The verdict the law gives one action, from the exceptions that open it."""
    if check == "always_permitted":
        return PERMITTED
    if check == "exceptions_decide":
        if ground:
            return PERMITTED
        return NEEDS_REVIEW if unsettled else PROHIBITED
    raise ValueError(f"unknown action check {check!r}")


def policy_verdict(verdict: str, requires_consent: bool, consent: bool) -> str:
    """The agency's consent policy: no interview without written consent (never widens)."""
    if requires_consent and not consent and verdict != PROHIBITED:
        return PROHIBITED
    return verdict


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
    "interview_court_order": "a court order under 8 U.S.C. § 1225(d)(4)(B)",
    "felony_conviction": "a felony conviction",
    "pending_charge_no_bond": "a pending charge without bond posted",
    "ct_warrant": "an outstanding Connecticut warrant",
    "gang_member": "a gang database match",
    "final_order": "a final order of removal",
}
DUTY_WHEN = ("always", "notification_requested", "notify_not_prohibited")


def _action_of(rule: Rule) -> str:
    """The action an action or policy rule decides (each names one)."""
    if rule.action is None:
        raise ValueError(f"rule {rule.id} ({rule.kind}) names no action")
    return rule.action


def _action_explanation(rule: Rule, verdict: str, grounds: list[str], warrant_only: bool) -> str:
    text = f"{_ACTION_WORDS[_action_of(rule)]} {_VERDICT_WORDS[verdict]}"
    if rule.check == "always_permitted":
        text += ": the law does not restrict it."
    elif grounds:
        text += f": {', '.join(GROUND_WORDS[g] for g in grounds)}."
    elif verdict == NEEDS_REVIEW:
        text += ": no exception that opens it definitely holds and some are unsettled."
    else:
        text += ": no exception that opens it holds."
        if warrant_only:
            text += " A judicial warrant does not open an ICE interview (§ 54-192h(b)(1)(D))."
    if rule.confidence == "unconfirmed":
        text += " This reading of the statute is unconfirmed: counsel confirms it."
    return text


def _policy_explanation(legal: str, requires_consent: bool, consent: bool) -> tuple[bool, str]:
    if not requires_consent:
        return True, "The agency has no policy requiring written consent to an ICE interview."
    if consent:
        return True, "The agency requires written consent to an ICE interview; the person gave it."
    if legal == PROHIBITED:
        return False, (
            "The agency requires written consent to an ICE interview and none is recorded; "
            "the law already prohibits the interview."
        )
    return False, (
        "The agency requires written consent to an ICE interview and none is recorded: the "
        f"interview is prohibited by agency policy (the law alone: {legal.replace('_', ' ')})."
    )


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


def _trace_entry(rule: Rule, holds: bool | None, explanation: str) -> dict[str, Any]:
    return {
        "rule": rule.id,
        "citation": rule.citation,
        "holds": holds,
        "explanation": explanation,
        "confidence": rule.confidence,
        "sentence": rule.sentence,
    }


def choose_rule_set(scenario: Scenario) -> RuleSet:
    """The rule set the scenario forces, else the one in force at ``decided_at``."""
    return RULE_SETS[scenario.rule_set or rule_set_in_force(scenario.decided_at)]


_EXCEPTIONS = {rule_set_id: rule_set.exceptions for rule_set_id, rule_set in RULE_SETS.items()}


def evaluate(scenario: Scenario | Mapping[str, Any], catalogue: Catalogue | None = None) -> dict[str, Any]:
    """Evaluate one scenario (a dict as in SCENARIOS.md, or a parsed :class:`Scenario`).

    Raises :class:`ScenarioError` if a dict cannot be read.
    """
    if not isinstance(scenario, Scenario):
        scenario = parse_scenario(scenario)
    if catalogue is None:
        catalogue = default_catalogue()
    rule_set = choose_rule_set(scenario)
    ctx = Context(scenario, catalogue)
    trace: list[dict[str, Any]] = []
    grounds: list[str] = []
    findings: list[Finding] = []
    holds: list[bool | None] = []
    for rule in _EXCEPTIONS[rule_set.id]:
        finding = CHECKS[rule.check](ctx)
        findings.append(finding)
        holds.append(finding.holds)
        trace.append(_trace_entry(rule, finding.holds, finding.explanation))
        if finding.holds and rule.ground:
            grounds.append(rule.ground)
    plan = _plan_for(rule_set, scenario, tuple(holds))
    reasons = [reason for index in plan.reasons_from for reason in findings[index].reasons]
    # the action rules' entries are shared by every result of the same plan: copy them
    trace.extend([entry.copy() for entry in plan.before_limit])
    hold = None
    if plan.limit is not None and plan.verdicts["detain"] == PERMITTED:
        finding, hold = _hold_limit(rule_set, scenario)
        trace.append(_trace_entry(plan.limit, finding.holds, finding.explanation))
        reasons.extend(finding.reasons)
    trace.extend([entry.copy() for entry in plan.after_limit])
    verdicts = plan.verdicts
    return {
        "rule_set": rule_set.id,
        "actions": {
            "detain": {"verdict": verdicts["detain"], "hold_until": hold},
            "notify_release": {"verdict": verdicts["notify_release"]},
            "transfer": {"verdict": verdicts["transfer"]},
            "interview": {"verdict": verdicts["interview"]},
        },
        "grounds": grounds,
        "duties": list(plan.duties),
        "review_reasons": list(dict.fromkeys(reasons)),
        "trace": trace,
        "engine_version": ENGINE_VERSION,
        "catalogue_version": catalogue.version,
    }


def verdicts_by_rule_set(scenario: Scenario, catalogue: Catalogue) -> dict[str, dict[str, str]]:
    """The four actions' verdicts for a parsed scenario under each rule set, by rule set id:
    ``evaluate(...)["actions"][action]["verdict"]`` with that rule set forced, without the
    trace, the reasons and the hold limit's time (what a verdict is explained with, not decided
    by). Each exception check runs once however many rule sets run it (a check never looks at
    the rule set: ``Context``). For re-evaluating stored decisions under every rule set (the
    policy-impact recompute)."""
    ctx = Context(scenario, catalogue)
    found: dict[str, bool | None] = {}
    verdicts = {}
    for rule_set_id, exceptions in _EXCEPTIONS.items():
        holds = []
        for rule in exceptions:
            if rule.check not in found:
                found[rule.check] = CHECKS[rule.check](ctx).holds
            holds.append(found[rule.check])
        verdicts[rule_set_id] = _plan_for(RULE_SETS[rule_set_id], scenario, tuple(holds)).verdicts
    return verdicts


def _plan_for(rule_set: RuleSet, scenario: Scenario, holds: tuple[bool | None, ...]) -> Plan:
    return _action_plan(
        rule_set.id,
        holds,
        scenario.agency_policy.interview_requires_consent,
        scenario.interview_consent,
        scenario.detainer.requests_notification,
    )


class Plan(NamedTuple):
    """What follows from the exceptions' findings, the policy and the request."""

    verdicts: dict[str, str]
    before_limit: tuple[dict[str, Any], ...]  # trace entries of the rules before the limit
    limit: Rule | None  # the hold-limit rule (its entry depends on the times)
    after_limit: tuple[dict[str, Any], ...]
    duties: tuple[str, ...]
    reasons_from: tuple[int, ...]  # exceptions whose review reasons bear on a verdict


@lru_cache(maxsize=4096)
def _action_plan(
    rule_set_id: str,
    holds: tuple[bool | None, ...],
    requires_consent: bool,
    consent: bool,
    requests_notification: bool,
) -> Plan:
    """Verdicts, action trace entries, duties and relevant reasons for one combination.

    Depends only on the rule set, what each exception found, the consent policy and
    consent, and whether the detainer asks to be notified, so it is computed once per
    combination. The hold limit's entry is left to the caller (it depends on the times).
    """
    rule_set = RULE_SETS[rule_set_id]
    exceptions = _EXCEPTIONS[rule_set_id]
    legal: dict[str, str] = {}
    verdicts: dict[str, str] = {}
    before: list[dict[str, Any]] = []
    after: list[dict[str, Any]] = []
    entries = before
    limit = None
    for rule in rule_set.rules:
        if rule.kind == "action":
            action = _action_of(rule)
            opening = [(r, h) for r, h in zip(exceptions, holds, strict=True) if action in r.opens]
            grounds = [r.ground for r, h in opening if h and r.ground]
            unsettled = any(h is None for _, h in opening)
            verdict = action_verdict(rule.check, bool(grounds), unsettled)
            legal[action] = verdicts[action] = verdict
            warrant_only = action == "interview" and any(
                h and r.ground == "judicial_warrant" for r, h in zip(exceptions, holds, strict=True)
            )
            explanation = _action_explanation(rule, verdict, grounds, warrant_only)
            entries.append(_trace_entry(rule, _HOLDS[verdict], explanation))
        elif rule.kind == "policy":
            action = _action_of(rule)
            law_says = legal[action]
            verdicts[action] = policy_verdict(law_says, requires_consent, consent)
            holds_, explanation = _policy_explanation(law_says, requires_consent, consent)
            entries.append(_trace_entry(rule, holds_, explanation))
        elif rule.kind == "limit":
            limit, entries = rule, after
    duties = tuple(
        duty.id
        for duty in rule_set.duties
        if duty.when == "always"
        or (duty.when == "notification_requested" and requests_notification)
        or (duty.when == "notify_not_prohibited" and verdicts["notify_release"] != PROHIBITED)
    )
    reasons_from = tuple(
        index
        for index, (rule, h) in enumerate(zip(exceptions, holds, strict=True))
        if h is None and any(verdicts[action] == NEEDS_REVIEW for action in rule.opens)
    )
    return Plan(verdicts, tuple(before), limit, tuple(after), duties, reasons_from)
