"""Boundary tests for each point of contract version 2 (LAW.md v2, SCENARIOS.md v2).

* a conviction's class as a *set*: every effective-date split of the shipped catalogue (the
  day before and the day of each bound), subdivisions, victim-age and named conditions,
  low confidence, each participation kind against each class, capital;
* the class A/B rule and the 2013 felony rule over class sets;
* the interview rule of (b)(1)(D) with and without each exception, consent and the
  agency's consent policy;
* duties for each rule set; confidence and exact subsections of the 2019 rules;
* reading the v2 fields, and the catalogue built from rows without the v2 columns.

Pure Python: no database.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

from cases.rules import RULE_SETS, Catalogue, ScenarioError, default_catalogue, evaluate, parse_scenario
from cases.rules.catalogue import (
    OFFENSES_CSV,
    STATUTE_PATTERN,
    normalise_statute,
    normalise_subdivision,
    statute_number,
)
from tests.cases.rules.helpers import (
    ADMIN,
    JUDICIAL,
    UNCLEAR,
    P,
    R,
    X,
    conviction,
    scenario,
    trace_entry,
    verdicts,
)

TRUST_2019_SETS = ("ct-2019", "ct-2025")


def run(rule_set: str = "ct-2019", **kwargs) -> dict:
    return evaluate(scenario(rule_set, **kwargs))


def classes_of(statute, subdivision=None, age=None, given=None, *, on=None, participation="principal"):
    found = default_catalogue().felony_class(
        statute,
        subdivision,
        age,
        given,
        offense_date=None if on is None else date.fromisoformat(on),
        participation=participation,
    )
    return None if found.classes is None else set(found.classes)


# --------------------------------------------------------------------------- effective dates

# Every bound in the shipped catalogue: (statute, subdivision, the day before or after the
# bound, classes then, the first day on the other side, classes then).
DATE_SPLITS = [
    # capital felony before 2012-04-25 (§ 53a-25(b)(7)), murder with special circumstances after
    ("53a-54b", None, "2012-04-24", {"capital"}, "2012-04-25", {"A"}),
    # assault 2 causing serious physical injury: class C variant from 2015-10-01
    ("53a-60", None, "2015-09-30", {"D"}, "2015-10-01", {"C", "D"}),
    # spousal sexual assault, repealed effective 2019-10-01: no row after
    ("53a-70b", None, "2019-09-30", {"B"}, "2019-10-01", None),
    # trafficking in persons: low-confidence class B before P.A. 17-32, class A from 2017-10-01
    ("53a-192a", None, "2017-09-30", None, "2017-10-01", {"A"}),
    # risk of injury (a)(2): low-confidence class C before P.A. 02-138, class B from 2002-10-01
    ("53-21", "a2", "2002-09-30", None, "2002-10-01", {"B"}),
]


@pytest.mark.parametrize(
    "statute,subdivision,before,classes_before,after,classes_after",
    DATE_SPLITS,
    ids=[f"{s[0]}{s[1] or ''}@{s[4]}" for s in DATE_SPLITS],
)
def test_each_date_split_on_the_day_before_and_the_day_of(
    statute, subdivision, before, classes_before, after, classes_after
):
    assert date.fromisoformat(after) - date.fromisoformat(before) == timedelta(days=1)
    assert classes_of(statute, subdivision, on=before) == classes_before
    assert classes_of(statute, subdivision, on=after) == classes_after


def test_every_bound_in_the_shipped_catalogue_has_a_split_test():
    """A new dated row in the data must come with a boundary test above."""
    tested = {(s[0], s[1] or "", s[4]) for s in DATE_SPLITS}
    with open(OFFENSES_CSV, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["statute"], row["subdivision"])
            if row["effective_from"]:
                assert (*key, row["effective_from"]) in tested, row
            if row["effective_to"]:
                first_day_after = date.fromisoformat(row["effective_to"]) + timedelta(days=1)
                assert (*key, first_day_after.isoformat()) in tested, row


def test_bounds_are_inclusive_and_empty_bounds_open():
    def dated(statute, felony_class, start="", end=""):
        bounds = {"effective_from": start, "effective_to": end}
        return _row(felony_class=felony_class) | {"statute": statute} | bounds

    rows = [
        dated("1-1", "C", end="2010-12-31"),
        dated("1-1", "B", start="2011-01-01"),
        dated("1-2", "D", start="2000-01-01", end="2000-01-01"),
    ]
    catalogue = Catalogue(rows)

    def on(statute, day):
        found = catalogue.felony_class(statute, offense_date=date.fromisoformat(day))
        return None if found.classes is None else set(found.classes)

    assert on("1-1", "1900-01-01") == {"C"}
    assert on("1-1", "2010-12-31") == {"C"}
    assert on("1-1", "2011-01-01") == {"B"}
    assert on("1-1", "2199-12-31") == {"B"}
    assert set(catalogue.felony_class("1-1").classes) == {"B", "C"}  # no date: every row
    assert on("1-2", "1999-12-31") is None
    assert on("1-2", "2000-01-01") == {"D"}
    assert on("1-2", "2000-01-02") is None


# (statute, subdivision, offense date, ct-2019 detain verdict)
DATE_VERDICTS = [
    ("53a-54b", None, "2012-04-24", R),  # capital: unsettled for A/B
    ("53a-54b", None, "2012-04-25", P),
    ("53a-54b", None, None, R),  # capital or A: record the date
    ("53a-70b", None, "2019-09-30", P),
    ("53a-70b", None, "2019-10-01", R),  # no row in force: class unknown
    ("53a-192a", None, "2017-09-30", R),  # low confidence
    ("53a-192a", None, "2017-10-01", P),
    ("53-21", "a2", "2002-09-30", R),
    ("53-21", "a2", "2002-10-01", P),
    ("53a-60", None, "2015-09-30", X),
    ("53a-60", None, "2015-10-01", X),  # C or D: not A/B either way
]


@pytest.mark.parametrize("statute,subdivision,on,expected", DATE_VERDICTS)
def test_the_class_on_the_offense_date_decides_the_ab_rule(statute, subdivision, on, expected):
    result = run("ct-2019", convictions=[conviction(statute, subdivision, offense_date=on)])
    assert verdicts(result)[:3] == (expected,) * 3


def test_a_missing_offense_date_names_the_fact_to_record():
    result = run("ct-2019", convictions=[conviction("53-21", "a2")])
    assert verdicts(result) == (R, R, R, R)
    assert any(
        reason.startswith("Record the offense date: § 53-21(a)(2) was class C before 2002-10-01")
        for reason in result["review_reasons"]
    ), result["review_reasons"]
    capital = run("ct-2019", convictions=[conviction("53a-54b")])
    assert any(
        "Record the offense date: § 53a-54b was a capital felony before 2012-04-25" in reason
        for reason in capital["review_reasons"]
    )


def test_an_offense_date_after_the_decision_is_still_read():
    # not an input error (the contract does not say so); the class is looked up as given
    result = run("ct-2019", convictions=[conviction("53a-55", offense_date="2030-01-01")])
    assert result["grounds"] == ["ab_felony_conviction"]


# --------------------------------------------------------------------------- subdivisions


@pytest.mark.parametrize(
    "statute,subdivision,expected",
    [
        ("53a-70", "a2", {"A"}),  # rows of that subdivision
        ("53a-71", "a1", {"B"}),  # a subdivision row wins over the rows without one
        ("53a-71", "a9", {"B", "C"}),  # no such subdivision: rows without one (age unknown)
        ("53a-70", "a9", None),  # no such subdivision, no plain row: no row
        ("53a-70", None, {"A", "B"}),  # no subdivision given: every row may apply
        ("29-35", None, {"D", "misdemeanor"}),
        ("29-35", "a1", {"D"}),
    ],
)
def test_subdivision_matching(statute, subdivision, expected):
    assert classes_of(statute, subdivision) == expected


def test_a_missing_subdivision_names_the_fact_to_record():
    result = run("ct-2013", convictions=[conviction("29-35")])
    assert verdicts(result)[0] == R  # felony or misdemeanor
    assert any(
        "Record the subdivision of the conviction under § 29-35" in r for r in result["review_reasons"]
    )


# --------------------------------------------------------------------------- conditions


@pytest.mark.parametrize(
    "age,expected",
    [(None, {"A", "B"}), (0, {"A"}), (15, {"A"}), (16, {"B"}), (90, {"B"})],
)
def test_victim_age_condition_applies_may_apply_or_not(age, expected):
    assert classes_of("53a-70", "a1", age) == expected


SECOND = "Record whether the conviction was the person's second"
SUBSEQUENT = "Record whether the conviction was a third or subsequent"
UNDER_18 = "Record whether the person was under 18"
# (statute, condition, offense date, class set, ct-2019 detain, ct-2013 detain, fact to record)
NAMED_CONDITIONS = [
    ("53a-60", "serious_physical_injury", "2016-01-01", {"C", "D"}, X, P, None),
    ("53a-60a", "serious_physical_injury", None, {"C", "D"}, X, P, None),
    ("53a-54d", "actor_under_18", None, {"A", "unclassified"}, R, P, UNDER_18),
    ("53a-90a", "second_offense", None, {"B", "C", "D"}, R, P, SECOND),
    ("53a-90a", "subsequent_offense", None, {"B", "C", "D"}, R, P, SUBSEQUENT),
    ("53a-223", "restraint_threat_harassment_or_assault", None, {"C", "D"}, X, P, None),
    ("14-227a", "second_offense", None, {"E", "misdemeanor"}, X, R, SECOND),
]


@pytest.mark.parametrize(
    "statute,condition,on,expected,v2019,v2013,fact",
    NAMED_CONDITIONS,
    ids=[f"{c[0]}:{c[1]}" for c in NAMED_CONDITIONS],
)
def test_each_named_condition_may_apply(statute, condition, on, expected, v2019, v2013, fact):
    # the scenario cannot record the named fact, so the conditioned row may apply
    assert classes_of(statute, on=on, age=14) == expected
    conv = conviction(statute, victim_age=14, offense_date=on)
    r2019, r2013 = run("ct-2019", convictions=[conv]), run("ct-2013", convictions=[conv])
    assert verdicts(r2019)[0] == v2019
    assert verdicts(r2013)[0] == v2013
    if fact:
        unsettled = r2019 if v2019 == R else r2013
        assert any(reason.startswith(fact) for reason in unsettled["review_reasons"]), unsettled[
            "review_reasons"
        ]


def _row(condition="", felony_class="B", subdivision="", confidence="high"):
    return {
        "statute": "1-1",
        "subdivision": subdivision,
        "condition": condition,
        "felony_class": felony_class,
        "title": "Test offense",
        "confidence": confidence,
    }


def test_a_named_condition_that_separates_b_from_d_asks_for_the_fact():
    catalogue = Catalogue([_row("serious_physical_injury", "B"), _row("", "D")])
    result = evaluate(scenario("ct-2019", convictions=[conviction("1-1")]), catalogue)
    assert verdicts(result)[:3] == (R, R, R)
    assert any(
        reason.startswith("Record whether the offense caused serious physical injury: § 1-1 is class B if so")
        for reason in result["review_reasons"]
    ), result["review_reasons"]


@pytest.mark.parametrize(
    "rows,age,expected",
    [
        ([_row("victim_age<16", "A"), _row("serious_physical_injury", "C"), _row("", "D")], 10, {"A"}),
        ([_row("victim_age<16", "A"), _row("serious_physical_injury", "C"), _row("", "D")], 20, {"C", "D"}),
        (
            [_row("victim_age<16", "A"), _row("serious_physical_injury", "C"), _row("", "D")],
            None,
            {"A", "C", "D"},
        ),
        # every row left depends on a condition: if it fails no row is left (cautious: unknown)
        ([_row("serious_physical_injury", "B")], None, None),
        # a condition that is neither victim_age nor a name cannot be read
        ([_row("victim is a minor", "A"), _row("", "C")], 10, None),
        # low confidence among the rows that may apply: unknown
        ([_row("serious_physical_injury", "A", confidence="low"), _row("", "C")], None, None),
        # low confidence on a row that does not apply is no bar
        ([_row("victim_age<16", "A", confidence="low"), _row("", "C")], 30, {"C"}),
    ],
)
def test_condition_steps_on_injected_rows(rows, age, expected):
    found = Catalogue(rows).felony_class("1-1", None, age)
    assert (None if found.classes is None else set(found.classes)) == expected


# --------------------------------------------------------------------------- participation

CLASSES = ("capital", "A", "B", "C", "D", "E", "unclassified", "misdemeanor")
# § 53a-51: attempt or conspiracy to commit a class A felony is class B; § 53a-8: accessory
# has the principal's class. Nothing else changes (capital stays capital: SCENARIOS.md step 5).
AFTER = {
    "principal": {c: c for c in CLASSES},
    "attempt": {c: ("B" if c == "A" else c) for c in CLASSES},
    "conspiracy": {c: ("B" if c == "A" else c) for c in CLASSES},
    "accessory": {c: c for c in CLASSES},
}


@pytest.mark.parametrize("participation", sorted(AFTER))
@pytest.mark.parametrize("felony_class", CLASSES)
def test_each_participation_against_each_catalogue_class(participation, felony_class):
    catalogue = Catalogue([_row("", felony_class)])
    found = catalogue.felony_class("1-1", participation=participation)
    assert set(found.classes) == {AFTER[participation][felony_class]}
    result = evaluate(
        scenario("ct-2019", convictions=[conviction("1-1", participation=participation)]), catalogue
    )
    expected = {"A": P, "B": P, "capital": R}.get(AFTER[participation][felony_class], X)
    assert verdicts(result)[0] == expected


@pytest.mark.parametrize("participation", sorted(AFTER))
@pytest.mark.parametrize("felony_class", CLASSES)
def test_a_given_class_is_as_adjudicated_whatever_the_participation(participation, felony_class):
    found = default_catalogue().felony_class("53a-54a", given=felony_class, participation=participation)
    assert set(found.classes) == {felony_class}


def test_attempt_turns_an_a_or_b_set_into_b():
    assert classes_of("53a-70", "a1", participation="attempt") == {"B"}
    assert classes_of("53a-54d", participation="conspiracy") == {"B", "unclassified"}
    assert classes_of("53a-54b", participation="attempt") == {"capital", "B"}


def test_attempted_murder_explains_section_53a_51():
    result = run("ct-2019", convictions=[conviction("53a-54a", participation="attempt")])
    entry = trace_entry(result, "ct-2019.ab-felony")
    assert entry["holds"] is True
    assert "53a-51" in entry["explanation"] and "class B" in entry["explanation"]


def test_accessory_explains_section_53a_8():
    result = run("ct-2019", convictions=[conviction("53a-55", participation="accessory")])
    assert "53a-8" in trace_entry(result, "ct-2019.ab-felony")["explanation"]
    assert result["grounds"] == ["ab_felony_conviction"]


# --------------------------------------------------------------------------- A/B and felony rules


# (conviction, ct-2019 detain verdict, ct-2013 detain verdict)
CLASS_SET_RULES = [
    (conviction("53a-999", felony_class="capital"), R, P),  # capital: unsettled for A/B, a felony
    (conviction("53a-999", felony_class="capital", jurisdiction="foreign"), R, R),
    (conviction("53a-70", None), P, P),  # {A, B}: within A/B
    (conviction("53a-71"), R, P),  # {B, C}: mixes B with C
    (conviction("53a-54d"), R, P),  # {A, unclassified}
    (conviction("53a-73a"), X, R),  # {D, misdemeanor}: not A/B; felony or misdemeanor
    (conviction("53a-70", None, jurisdiction="other_state"), R, P),
    (conviction("53a-70", None, juvenile=True), R, R),
]


@pytest.mark.parametrize("conv,v2019,v2013", CLASS_SET_RULES)
def test_class_sets_against_the_ab_and_felony_rules(conv, v2019, v2013):
    assert verdicts(run("ct-2019", convictions=[conv]))[0] == v2019
    assert verdicts(run("ct-2013", convictions=[conv]))[0] == v2013


def test_capital_asks_counsel():
    result = run("ct-2019", convictions=[conviction("53a-54b", offense_date="2009-03-14")])
    assert verdicts(result) == (R, R, R, R)
    assert any("capital felony" in r and "53a-25(b)(7)" in r for r in result["review_reasons"])


# --------------------------------------------------------------------------- interview (b)(1)(D)

UNKNOWN_CLASS = conviction("53a-999")
# (what opens it, scenario kwargs, the interview verdict the law gives in 2019 and 2025)
INTERVIEW_EXCEPTIONS = [
    ("nothing", {}, X),
    ("judicial warrant", {"documents": [JUDICIAL]}, X),
    ("unclear document", {"documents": [UNCLEAR]}, X),
    ("class A/B conviction", {"convictions": [conviction("53a-55")]}, P),
    ("TSDB match", {"tsdb_possible_match": True}, P),
    ("court order", {"interview_court_order": True}, P),
    ("court order beside a judicial warrant", {"interview_court_order": True, "documents": [JUDICIAL]}, P),
    ("A/B unsettled", {"convictions": [conviction("53a-999")]}, R),
    ("A/B unsettled beside a judicial warrant", {"convictions": [UNKNOWN_CLASS], "documents": [JUDICIAL]}, R),
    ("A/B unsettled, court order", {"convictions": [UNKNOWN_CLASS], "interview_court_order": True}, P),
    ("pending class A charge", {"charges": [{"statute": "53a-54a", "bond_posted": False}]}, X),
]  # fmt: skip


def _with_policy(legal: str, policy: bool | None, consent: bool) -> str:
    return X if policy and not consent and legal != X else legal


@pytest.mark.parametrize("rule_set", TRUST_2019_SETS)
@pytest.mark.parametrize("policy", [None, False, True], ids=["no-policy", "policy-off", "policy-on"])
@pytest.mark.parametrize("consent", [False, True], ids=["no-consent", "consent"])
@pytest.mark.parametrize("what,kwargs,legal", INTERVIEW_EXCEPTIONS, ids=[c[0] for c in INTERVIEW_EXCEPTIONS])
def test_interview_rule_with_each_exception_consent_and_policy(
    rule_set, policy, consent, what, kwargs, legal
):
    result = run(rule_set, consent=consent, policy=policy, **kwargs)
    assert result["actions"]["interview"]["verdict"] == _with_policy(legal, policy, consent)
    if "interview_court_order" in kwargs:
        assert "interview_court_order" in result["grounds"]


@pytest.mark.parametrize("rule_set", ["ct-2013", "none"])
@pytest.mark.parametrize("policy", [None, False, True], ids=["no-policy", "policy-off", "policy-on"])
@pytest.mark.parametrize("consent", [False, True], ids=["no-consent", "consent"])
def test_interview_not_restricted_by_2013_or_none_but_by_policy(rule_set, policy, consent):
    result = run(rule_set, consent=consent, policy=policy)
    assert result["actions"]["interview"]["verdict"] == _with_policy(P, policy, consent)


def test_a_court_order_opens_only_the_interview():
    result = run("ct-2019", interview_court_order=True)
    assert verdicts(result) == (X, X, X, P)
    assert result["grounds"] == ["interview_court_order"]
    assert (
        trace_entry(result, "ct-2019.interview-court-order")["citation"] == "C.G.S. § 54-192h(b)(1)(D)(iii)"
    )
    assert verdicts(run("ct-2013", interview_court_order=True)) == (X, P, X, P)  # not a 2013 factor


def test_the_interview_trace_says_a_judicial_warrant_does_not_open_it():
    result = run("ct-2019", documents=[JUDICIAL], consent=True)
    assert verdicts(result) == (P, P, P, X)
    assert "judicial warrant does not open" in trace_entry(result, "ct-2019.interview")["explanation"]


@pytest.mark.parametrize("rule_set", ["ct-2013", "ct-2019", "ct-2025", "none"])
def test_the_consent_policy_is_a_rule_of_confidence_policy_in_the_trace(rule_set):
    kwargs = {"convictions": [conviction("53a-55")]}
    result = run(rule_set, policy=True, consent=False, **kwargs)
    assert result["actions"]["interview"]["verdict"] == X
    entry = trace_entry(result, f"{rule_set}.interview-consent-policy")
    assert entry["confidence"] == "policy"
    assert entry["holds"] is False
    assert "agency policy" in entry["explanation"].lower()
    assert "not law" in entry["sentence"]
    # the law's own verdict stays visible just before it
    ids = [e["rule"] for e in result["trace"]]
    assert ids.index(f"{rule_set}.interview-consent-policy") == ids.index(f"{rule_set}.interview") + 1
    assert trace_entry(result, f"{rule_set}.interview")["holds"] is True
    assert run(rule_set, policy=True, consent=True, **kwargs)["actions"]["interview"]["verdict"] == P


def test_policy_turns_needs_review_into_prohibited_and_drops_the_moot_reason():
    kwargs = {"documents": [JUDICIAL], "convictions": [conviction("53a-999")]}
    plain = run("ct-2019", **kwargs)
    assert verdicts(plain) == (P, P, P, R)
    assert any("53a-999" in r for r in plain["review_reasons"])  # asked for the interview
    strict = run("ct-2019", policy=True, **kwargs)
    assert verdicts(strict) == (P, P, P, X)
    assert strict["review_reasons"] == []  # nothing left for review


# --------------------------------------------------------------------------- duties

ALWAYS_2019 = {"give_detainer_copy", "record_ice_access"}


@pytest.mark.parametrize("rule_set", TRUST_2019_SETS)
@pytest.mark.parametrize("requests", [None, True, False], ids=["default", "requested", "not-requested"])
@pytest.mark.parametrize(
    "kwargs,notify",
    [({"documents": [JUDICIAL]}, P), ({"documents": [UNCLEAR]}, R), ({"documents": [ADMIN]}, X)],
    ids=["notify-permitted", "notify-needs-review", "notify-prohibited"],
)
def test_duties_2019_and_2025(rule_set, requests, kwargs, notify):
    result = run(rule_set, requests_notification=requests, **kwargs)
    assert result["actions"]["notify_release"]["verdict"] == notify
    expected = set(ALWAYS_2019)
    if requests is not False:  # default: the detainer asks to be notified
        expected.add("forward_notification_request_to_agency_head")
    if notify != X:
        expected.add("copy_notification_to_person_and_attorney")
    assert set(result["duties"]) == expected


@pytest.mark.parametrize("requests", [None, False])
@pytest.mark.parametrize("kwargs", [{}, {"documents": [JUDICIAL]}])
def test_duties_2013_and_none(requests, kwargs):
    assert run("ct-2013", requests_notification=requests, **kwargs)["duties"] == ["notify_ice_of_decision"]
    assert run("none", requests_notification=requests, **kwargs)["duties"] == []


def test_every_duty_has_a_citation_and_a_sentence():
    for rule_set in RULE_SETS.values():
        for duty in rule_set.duties:
            assert duty.citation.startswith("C.G.S. § 54-192h")
            assert duty.sentence.endswith(".")
            assert duty.when in ("always", "notification_requested", "notify_not_prohibited")


# --------------------------------------------------------------------------- ct-2019 confidence

CT_2019_CITATIONS = {
    "ct-2019.judicial-warrant": ("C.G.S. § 54-192h(b)(1)(A)(i)", "text"),
    "ct-2019.ab-felony": ("C.G.S. § 54-192h(b)(1)(A)(ii)", "text"),
    "ct-2019.tsdb": ("C.G.S. § 54-192h(b)(1)(A)(iii)", "text"),
    "ct-2019.interview-court-order": ("C.G.S. § 54-192h(b)(1)(D)(iii)", "text"),
    "ct-2019.detain": ("C.G.S. § 54-192h(b)(1)(A)", "text"),
    "ct-2019.hold-limit": ("8 C.F.R. § 287.7(d)", "policy"),  # LAW.md §2: 48 clock hours is policy
    "ct-2019.notify-release": ("C.G.S. § 54-192h(b)(1)(B), (e)(1)", "unconfirmed"),
    "ct-2019.transfer": ("C.G.S. § 54-192h(a)(2)(B), (b)(1)(A)", "unconfirmed"),
    "ct-2019.interview": ("C.G.S. § 54-192h(b)(1)(D)", "text"),
    "ct-2019.interview-consent-policy": ("Agency policy (not law)", "policy"),
}


def test_ct_2019_rules_cite_their_exact_subsection_with_their_confidence():
    rules = {rule.id: (rule.citation, rule.confidence) for rule in RULE_SETS["ct-2019"].rules}
    assert rules == CT_2019_CITATIONS
    for duty in RULE_SETS["ct-2019"].duties:
        assert duty.confidence == "text"


def test_the_unconfirmed_readings_carry_a_note_for_counsel_but_keep_their_verdicts():
    result = run("ct-2019", convictions=[conviction("53a-55")])
    assert verdicts(result) == (P, P, P, P)  # verdicts as SCENARIOS.md specifies
    for rule_id in ("ct-2019.notify-release", "ct-2019.transfer"):
        entry = trace_entry(result, rule_id)
        assert entry["confidence"] == "unconfirmed"
        assert "counsel" in entry["sentence"] and "counsel" in entry["explanation"]
    assert result["review_reasons"] == []


def test_ct_2025_keeps_summary_confidence():
    confidences = {rule.id: rule.confidence for rule in RULE_SETS["ct-2025"].rules}
    assert confidences["ct-2025.ab-felony"] == "summary"
    assert confidences["ct-2025.candidate-offense"] == "unconfirmed"
    assert confidences["ct-2025.interview-consent-policy"] == "policy"


# --------------------------------------------------------------------------- reading v2 input


def test_v2_defaults():
    parsed = parse_scenario(scenario("ct-2019", convictions=[conviction("53a-55")]))
    conv = parsed.subject.convictions[0]
    assert conv.participation == "principal" and conv.offense_date is None
    assert parsed.detainer.requests_notification is True
    assert parsed.agency_policy.interview_requires_consent is False
    assert parsed.subject.interview_court_order is False


def test_v2_fields_are_read():
    data = scenario(
        "ct-2019",
        convictions=[
            conviction("53a-54a", felony_class="Capital", participation="Attempt", offense_date="2011-06-30")
        ],
        policy=True,
        requests_notification=False,
        interview_court_order=True,
    )
    parsed = parse_scenario(data)
    conv = parsed.subject.convictions[0]
    assert (conv.felony_class, conv.participation, conv.offense_date) == (
        "capital",
        "attempt",
        date(2011, 6, 30),
    )
    assert parsed.detainer.requests_notification is False
    assert parsed.agency_policy.interview_requires_consent is True
    assert parsed.subject.interview_court_order is True


def _set_conviction(**fields):
    return lambda d: d["subject"].update(convictions=[dict(conviction("53a-55"), **fields)])


def _set(where: str, **fields):
    return lambda d: (d[where] if where else d).update(fields)


CONV = "subject.convictions[0]"
BAD_V2_INPUTS = [
    (f"{CONV}.participation", _set_conviction(participation="solicitation"), "unknown value"),
    (f"{CONV}.participation", _set_conviction(participation=["attempt"]), "string"),
    (f"{CONV}.offense_date", _set_conviction(offense_date="2009-3-14"), "YYYY-MM-DD"),
    (f"{CONV}.offense_date", _set_conviction(offense_date="20090314"), "YYYY-MM-DD"),
    (f"{CONV}.offense_date", _set_conviction(offense_date="2009-13-01"), "YYYY-MM-DD"),
    (f"{CONV}.offense_date", _set_conviction(offense_date="2009-03-14T00:00:00"), "YYYY-MM-DD"),
    (f"{CONV}.offense_date", _set_conviction(offense_date="0001-01-01"), "range"),
    (f"{CONV}.offense_date", _set_conviction(offense_date=20090314), "string"),
    (f"{CONV}.felony_class", _set_conviction(felony_class="capital felony"), "unknown value"),
    ("subject.interview_court_order", _set("subject", interview_court_order="true"), "true or false"),
    ("detainer.requests_notification", _set("detainer", requests_notification="no"), "true or false"),
    ("agency_policy", _set("", agency_policy="required"), "object"),
    (
        "agency_policy.interview_requires_consent",
        _set("", agency_policy={"interview_requires_consent": 1}),
        "true or false",
    ),
]


@pytest.mark.parametrize("field,mutate,words", BAD_V2_INPUTS, ids=[f"{b[0]}:{b[2]}" for b in BAD_V2_INPUTS])
def test_bad_v2_input_names_the_field(field, mutate, words):
    data = scenario("ct-2019")
    mutate(data)
    with pytest.raises(ScenarioError) as caught:
        evaluate(data)
    assert caught.value.field == field
    assert words.lower() in caught.value.message.lower()


def test_a_version_1_scenario_is_still_valid_and_gets_duties():
    v1 = {
        "decided_at": "2024-04-24T09:00:00-04:00",
        "detainer": {"form": "I-247A", "documents": [ADMIN]},
        "subject": {"convictions": [{"statute": "53a-55"}]},
    }
    result = evaluate(v1)
    assert verdicts(result) == (P, P, P, P)
    assert set(result["duties"]) == ALWAYS_2019 | {
        "forward_notification_request_to_agency_head",
        "copy_notification_to_person_and_attorney",
    }


# --------------------------------------------------------------------------- catalogue rows


def test_rows_without_the_v2_columns_read_with_open_dates():
    """The web app builds a Catalogue from database rows that lack effective dates/source."""
    columns = ("statute", "subdivision", "condition", "felony_class", "title", "confidence")
    db_rows = [dict(zip(columns, ("53a-56b", "", "", "C", "x", "high"), strict=True))]
    catalogue = Catalogue(db_rows)
    row = catalogue.offenses[0]
    assert (row.effective_from, row.effective_to, row.source) == (None, None, "")
    found = catalogue.felony_class("53a-56b", offense_date=date(1990, 1, 1))
    assert set(found.classes) == {"C"}


def test_rows_with_date_objects_are_read():
    rows = [_row() | {"effective_from": date(2001, 1, 1), "effective_to": None, "source": "text: x"}]
    row = Catalogue(rows).offenses[0]
    assert (row.effective_from, row.effective_to, row.source) == (date(2001, 1, 1), None, "text: x")


def test_a_malformed_date_in_the_catalogue_is_refused_loudly():
    with pytest.raises(ValueError, match="effective_from"):
        Catalogue([_row() | {"effective_from": "2001-02-30"}])


def test_shipped_catalogue_is_version_2():
    catalogue = default_catalogue()
    assert len(catalogue.offenses) == 107
    assert all(row.source for row in catalogue.offenses)
    assert all(cand.evidence for cand in catalogue.candidates)
    assert any(row.felony_class == "capital" for row in catalogue.offenses)


def test_candidate_reasons_cite_the_evidence():
    result = run("ct-2025", convictions=[conviction("53a-135")])
    assert any("one low-reliability secondary list only" in r for r in result["review_reasons"])


# --------------------------------------------------------------------------- statute syntax


@pytest.mark.parametrize(
    "written,number",
    [
        ("53a-55", "53a-55"),
        ("53A-55", "53a-55"),
        ("§ 53a-55", "53a-55"),
        (" § 53a - 55 ", "53a-55"),
        ("sec. 53-21", "53-21"),
        ("21a-278", "21a-278"),
        ("53a-64aa", "53a-64aa"),
        ("54-192h", "54-192h"),
        ("53ab-55", None),  # titles carry at most one letter
        ("53a_55", None),
        ("manslaughter", None),
        ("", None),
        ("٥٣-٢١", None),  # non-ASCII digits
    ],
)
def test_statute_syntax(written, number):
    assert statute_number(written) == number
    assert normalise_statute(written) == (number or written.strip().lower())


def test_subdivision_normalising():
    assert normalise_subdivision("(a)(2)") == "a2"
    assert normalise_subdivision(" A 2 ") == "a2"
    assert normalise_subdivision("[b](1)") == "b1"
    assert normalise_subdivision("") is None
    assert normalise_subdivision(None) is None


def test_the_models_use_the_one_statute_syntax():
    from cases import models

    assert models.STATUTE_VALIDATOR.regex.pattern == STATUTE_PATTERN
