"""The rule engine against a hand-made table: every rule true and false in each rule set,
every unsettled condition, the effective-date boundaries and the input checks.

Version 2 (LAW.md v2): under ct-2019/ct-2025 an interview is opened by an A/B conviction,
a TSDB match or a court order, never by a judicial warrant, and the statute asks for no
consent; ct-2013 and none do not restrict interviews (consent is agency policy, tested in
test_rules_v2.py).

Pure Python: no database, no Django import.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cases.rules import RULE_SETS, ScenarioError, evaluate, parse_scenario
from tests.cases.rules.helpers import (
    ACTIONS,
    ADMIN,
    JUDICIAL,
    UNCLEAR,
    P,
    R,
    X,
    charge,
    conviction,
    instant,
    scenario,
    trace_entry,
    verdicts,
)

TRUST_2019_SETS = ("ct-2019", "ct-2025")


def run(rule_set: str = "ct-2019", **kwargs) -> dict:
    return evaluate(scenario(rule_set, **kwargs))


# --------------------------------------------------------------------------- ct-2019 / ct-2025

# (what, scenario kwargs, detain/notify/transfer verdict, grounds)
TRUST_ACT_CASES = [
    ("judicial warrant", {"documents": [JUDICIAL]}, P, {"judicial_warrant"}),
    ("judicial warrant beside an I-205", {"documents": [ADMIN, JUDICIAL]}, P, {"judicial_warrant"}),
    ("administrative warrant only", {"documents": [ADMIN]}, X, set()),
    ("no document", {"documents": []}, X, set()),
    ("class B conviction", {"convictions": [conviction("53a-55")]}, P, {"ab_felony_conviction"}),
    ("class A conviction", {"convictions": [conviction("53a-54a")]}, P, {"ab_felony_conviction"}),
    ("class A by subdivision", {"convictions": [conviction("53a-70", "a2")]}, P, {"ab_felony_conviction"}),
    (
        "class A by victim age",
        {"convictions": [conviction("53a-70a", victim_age=15)]},
        P,
        {"ab_felony_conviction"},
    ),
    (
        "A or B, age unknown: either way A/B",
        {"convictions": [conviction("53a-70", "a1")]},
        P,
        {"ab_felony_conviction"},
    ),
    (
        "class B given for an uncatalogued statute",
        {"convictions": [conviction("53a-999", felony_class="B")]},
        P,
        {"ab_felony_conviction"},
    ),
    ("class C conviction", {"convictions": [conviction("53a-56b")]}, X, set()),
    ("class D conviction", {"convictions": [conviction("53a-60")]}, X, set()),
    (
        "class C given overrides catalogue B",
        {"convictions": [conviction("53a-55", felony_class="C")]},
        X,
        set(),
    ),
    ("misdemeanor given", {"convictions": [conviction("53a-55", felony_class="misdemeanor")]}, X, set()),
    ("unclassified given", {"convictions": [conviction("21a-278", felony_class="unclassified")]}, X, set()),
    (
        "victim under 16: class B",
        {"convictions": [conviction("53a-71", None, 15)]},
        P,
        {"ab_felony_conviction"},
    ),
    ("other-state class C", {"convictions": [conviction("53a-56b", jurisdiction="other_state")]}, X, set()),
    ("juvenile class C", {"convictions": [conviction("53a-56b", juvenile=True)]}, X, set()),
    ("TSDB match", {"tsdb_possible_match": True}, P, {"tsdb_match"}),
    ("no TSDB match", {"tsdb_possible_match": False}, X, set()),
    ("pending class A charge, no bond", {"charges": [charge("53a-54a", bond_posted=False)]}, X, set()),
    ("pending class A charge, bond unknown", {"charges": [charge("53a-70", "a2", None)]}, X, set()),
    (
        "2013-only factors do not count",
        {
            "outstanding_ct_warrant": True,
            "gang_database_match": True,
            "final_order_of_removal": True,
            "public_safety_risk": True,
        },
        X,
        set(),
    ),
    (
        "two grounds",
        {"documents": [JUDICIAL], "tsdb_possible_match": True},
        P,
        {"judicial_warrant", "tsdb_match"},
    ),
    (
        "a ground beats an unsettled conviction",
        {"tsdb_possible_match": True, "convictions": [conviction("53a-999")]},
        P,
        {"tsdb_match"},
    ),
]

# (what, scenario kwargs, rule whose holds is null, words the review reason must contain)
UNSETTLED_2019_CASES = [
    ("unclear document", {"documents": [UNCLEAR]}, "judicial-warrant", "document 1"),
    ("document without a kind", {"documents": [{"form": "I-205"}]}, "judicial-warrant", "document 1"),
    ("statute not in catalogue", {"convictions": [conviction("53a-999")]}, "ab-felony", "53a-999"),
    (
        "low-confidence row (v2 catalogue: trafficking before 2017-10-01)",
        {"convictions": [conviction("53a-192a", offense_date="2016-05-01")]},
        "ab-felony",
        "53a-192a",
    ),
    (
        "statute without subdivision whose rows all have one",
        {"convictions": [conviction("53-21")]},
        "ab-felony",
        "53-21",
    ),
    (
        "class B or C depends on the victim's age",
        {"convictions": [conviction("53a-71")]},
        "ab-felony",
        "victim's age",
    ),
    (
        "other-state class B",
        {"convictions": [conviction("53a-55", jurisdiction="other_state")]},
        "ab-felony",
        "other-state",
    ),
    (
        "federal class B",
        {"convictions": [conviction("53a-55", jurisdiction="federal")]},
        "ab-felony",
        "federal",
    ),
    (
        "foreign class A",
        {"convictions": [conviction("53a-54a", jurisdiction="foreign")]},
        "ab-felony",
        "foreign",
    ),
    ("juvenile class B", {"convictions": [conviction("53a-55", juvenile=True)]}, "ab-felony", "juvenile"),
    (
        "out-of-state, class unknown",
        {"convictions": [conviction("53a-999", jurisdiction="other_state")]},
        "ab-felony",
        "53a-999",
    ),
]


@pytest.mark.parametrize("rule_set", TRUST_2019_SETS)
@pytest.mark.parametrize("what,kwargs,verdict,grounds", TRUST_ACT_CASES, ids=[c[0] for c in TRUST_ACT_CASES])
def test_trust_act_exceptions(rule_set, what, kwargs, verdict, grounds):
    result = run(rule_set, **kwargs)
    assert result["rule_set"] == rule_set
    assert verdicts(result)[:3] == (verdict, verdict, verdict)
    assert set(result["grounds"]) == grounds
    # v2, (b)(1)(D): A/B or TSDB open an interview without consent; a judicial warrant does not
    opens_interview = grounds & {"ab_felony_conviction", "tsdb_match"}
    assert result["actions"]["interview"]["verdict"] == (P if opens_interview else X)
    if verdict != R:
        assert result["review_reasons"] == []


@pytest.mark.parametrize(
    "conv",
    [conviction("53a-71", None, 30), conviction("53a-72a")],
    ids=["victim adult: class C", "C or D by age: not A/B either way"],
)
def test_ct_2019_not_ab_by_victim_age(conv):
    # Both statutes are on the 2025 candidate list, so only ct-2019 prohibits outright; in
    # v2 the unsettled A/B rule leaves the interview for review too.
    assert verdicts(run("ct-2019", convictions=[conv])) == (X, X, X, X)
    assert verdicts(run("ct-2025", convictions=[conv])) == (R, R, R, R)


@pytest.mark.parametrize("rule_set", TRUST_2019_SETS)
@pytest.mark.parametrize(
    "what,kwargs,rule,words", UNSETTLED_2019_CASES, ids=[c[0] for c in UNSETTLED_2019_CASES]
)
def test_trust_act_unsettled_conditions(rule_set, what, kwargs, rule, words):
    result = run(rule_set, **kwargs)
    # v2: an unsettled A/B rule leaves the interview for review; an unclear document bears
    # only on a judicial warrant, which never opens an interview
    interview = X if rule == "judicial-warrant" else R
    assert verdicts(result) == (R, R, R, interview)
    assert result["grounds"] == []
    assert trace_entry(result, f"{rule_set}.{rule}")["holds"] is None
    assert result["review_reasons"], "an unsettled condition must say what to verify"
    assert any(words.lower() in reason.lower() for reason in result["review_reasons"])
    assert result["actions"]["detain"]["hold_until"] is None


@pytest.mark.parametrize("rule_set", TRUST_2019_SETS)
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        # v1 said P and R here (consent plus any exception); v2 (b)(1)(D): a judicial
        # warrant, settled or not, does not open an interview, and consent alone opens nothing
        ({"documents": [JUDICIAL]}, X),
        ({"documents": [UNCLEAR]}, X),
        ({"documents": [ADMIN]}, X),
        ({"documents": [ADMIN], "charges": [charge("53a-54a")]}, X),
    ],
)
def test_trust_act_interview_with_consent(rule_set, kwargs, expected):
    assert run(rule_set, consent=True, **kwargs)["actions"]["interview"]["verdict"] == expected


@pytest.mark.parametrize("rule_set", TRUST_2019_SETS)
def test_trust_act_interview_is_not_opened_by_a_judicial_warrant(rule_set):
    result = run(rule_set, documents=[JUDICIAL], consent=False)
    assert verdicts(result) == (P, P, P, X)


def test_reasons_are_not_asked_for_once_a_ground_holds():
    result = run("ct-2019", documents=[UNCLEAR], tsdb_possible_match=True)
    assert verdicts(result)[:3] == (P, P, P)
    assert trace_entry(result, "ct-2019.judicial-warrant")["holds"] is None
    assert result["review_reasons"] == []


# --------------------------------------------------------------------------- ct-2025 candidates

# (what, conviction, ct-2019 verdict, ct-2025 verdict)
CANDIDATE_CASES = [
    ("class C candidate (victim adult)", conviction("53a-71", victim_age=30), X, R),
    ("class B by age, also a candidate", conviction("53a-71", victim_age=12), P, P),
    ("candidate row names subdivision a1", conviction("53-21", "a1"), X, R),
    ("same statute, subdivision not on the list", conviction("53-21", "a3"), X, X),
    ("candidate with empty subdivision matches any", conviction("53a-135", "a9"), X, R),
    ("class C not on the list", conviction("53a-56b"), X, X),
    # v1's catalogue lacked § 53a-223 (R, R); the v2 catalogue has it, class C or D
    ("candidate, class C or D by a named condition", conviction("53a-223"), X, R),
    ("candidate, class A given", conviction("53a-72a", felony_class="A"), P, P),
    ("candidate, class D given", conviction("53a-72a", felony_class="D"), X, R),
    ("class D candidate", conviction("53a-64bb"), X, R),
]


@pytest.mark.parametrize("what,conv,v2019,v2025", CANDIDATE_CASES, ids=[c[0] for c in CANDIDATE_CASES])
def test_2025_candidate_list(what, conv, v2019, v2025):
    r2019 = run("ct-2019", convictions=[conv])
    r2025 = run("ct-2025", convictions=[conv])
    assert verdicts(r2019)[:3] == (v2019,) * 3
    assert verdicts(r2025)[:3] == (v2025,) * 3
    # ct-2025 adds nothing definite: a candidate is never a ground
    assert set(r2025["grounds"]) <= {"ab_felony_conviction"}
    if v2025 == R and v2019 == X:
        assert trace_entry(r2025, "ct-2025.candidate-offense")["holds"] is None
        assert any("candidate" in reason for reason in r2025["review_reasons"])


def test_2025_candidate_never_permits_with_consent():
    result = run("ct-2025", consent=True, convictions=[conviction("53a-196e")])
    assert verdicts(result) == (R, R, R, R)


# --------------------------------------------------------------------------- ct-2013

# (what, scenario kwargs, detain/transfer verdict, grounds)
CT_2013_CASES = [
    ("judicial warrant", {"documents": [JUDICIAL]}, P, {"judicial_warrant"}),
    ("nothing", {}, X, set()),
    ("class B felony", {"convictions": [conviction("53a-55")]}, P, {"felony_conviction"}),
    ("class C felony", {"convictions": [conviction("53a-56b")]}, P, {"felony_conviction"}),
    ("class D felony", {"convictions": [conviction("53a-60")]}, P, {"felony_conviction"}),
    ("class E given", {"convictions": [conviction("53a-999", felony_class="E")]}, P, {"felony_conviction"}),
    (
        "unclassified given",
        {"convictions": [conviction("21a-278", felony_class="unclassified")]},
        P,
        {"felony_conviction"},
    ),
    (
        "C or D, age unknown: a felony either way",
        {"convictions": [conviction("53a-72a")]},
        P,
        {"felony_conviction"},
    ),
    (
        "other-state felony",
        {"convictions": [conviction("53a-56b", jurisdiction="other_state")]},
        P,
        {"felony_conviction"},
    ),
    (
        "federal felony",
        {"convictions": [conviction("53a-56b", jurisdiction="federal")]},
        P,
        {"felony_conviction"},
    ),
    ("misdemeanor", {"convictions": [conviction("53a-999", felony_class="misdemeanor")]}, X, set()),
    (
        "pending charge, bond not posted",
        {"charges": [charge("53a-60", bond_posted=False)]},
        P,
        {"pending_charge_no_bond"},
    ),
    ("pending charge, bond posted", {"charges": [charge("53a-60", bond_posted=True)]}, X, set()),
    ("outstanding CT warrant", {"outstanding_ct_warrant": True}, P, {"ct_warrant"}),
    ("gang database", {"gang_database_match": True}, P, {"gang_member"}),
    ("TSDB", {"tsdb_possible_match": True}, P, {"tsdb_match"}),
    ("final order of removal", {"final_order_of_removal": True}, P, {"final_order"}),
    (
        "all the flags false",
        {
            "outstanding_ct_warrant": False,
            "gang_database_match": False,
            "tsdb_possible_match": False,
            "final_order_of_removal": False,
            "public_safety_risk": False,
        },
        X,
        set(),
    ),
    (
        "a ground beats public-safety review",
        {"public_safety_risk": True, "final_order_of_removal": True},
        P,
        {"final_order"},
    ),
]

CT_2013_UNSETTLED = [
    (
        "foreign felony",
        {"convictions": [conviction("53a-55", jurisdiction="foreign")]},
        "felony-conviction",
        "foreign",
    ),
    (
        "juvenile felony",
        {"convictions": [conviction("53a-55", juvenile=True)]},
        "felony-conviction",
        "juvenile",
    ),
    ("class unknown", {"convictions": [conviction("53a-999")]}, "felony-conviction", "53a-999"),
    (
        "low-confidence row (v2 catalogue)",
        {"convictions": [conviction("53a-192a", offense_date="2016-05-01")]},
        "felony-conviction",
        "53a-192a",
    ),
    ("unclear document", {"documents": [UNCLEAR]}, "judicial-warrant", "document 1"),
    ("public-safety risk", {"public_safety_risk": True}, "public-safety", "supervisor"),
    ("bond not recorded", {"charges": [charge("53a-60", bond_posted=None)]}, "pending-charge", "bond"),
]


@pytest.mark.parametrize("what,kwargs,verdict,grounds", CT_2013_CASES, ids=[c[0] for c in CT_2013_CASES])
def test_ct_2013_factors(what, kwargs, verdict, grounds):
    result = run("ct-2013", **kwargs)
    assert result["rule_set"] == "ct-2013"
    # notify_release is always permitted under 2013; v2: the act did not address interviews
    assert verdicts(result) == (verdict, P, verdict, P)
    assert set(result["grounds"]) == grounds


@pytest.mark.parametrize("what,kwargs,rule,words", CT_2013_UNSETTLED, ids=[c[0] for c in CT_2013_UNSETTLED])
def test_ct_2013_unsettled_conditions(what, kwargs, rule, words):
    result = run("ct-2013", **kwargs)
    assert verdicts(result) == (R, P, R, P)  # v2: interview not restricted by the 2013 act
    assert result["grounds"] == []
    assert trace_entry(result, f"ct-2013.{rule}")["holds"] is None
    assert any(words.lower() in reason.lower() for reason in result["review_reasons"])


def test_ct_2013_interview_is_not_restricted_by_law():
    # v1 required consent; v2 (LAW.md §1.4): the 2013 act did not address interviews
    assert run("ct-2013", consent=True)["actions"]["interview"]["verdict"] == P
    assert run("ct-2013", consent=False, documents=[JUDICIAL])["actions"]["interview"]["verdict"] == P


def test_ct_2013_pending_charge_counts_where_2019_does_not():
    kwargs = {"charges": [charge("53a-70", "a2", bond_posted=False)]}
    assert run("ct-2013", **kwargs)["grounds"] == ["pending_charge_no_bond"]
    assert verdicts(run("ct-2019", **kwargs)) == (X, X, X, X)


# --------------------------------------------------------------------------- none


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"documents": [JUDICIAL]},
        {"documents": [UNCLEAR]},
        {"convictions": [conviction("53a-999")]},
        {"public_safety_risk": True},
    ],
)
def test_none_permits_everything(kwargs):
    result = run("none", **kwargs)
    assert result["rule_set"] == "none"
    assert verdicts(result) == (P, P, P, P)  # v1: interview needed consent; v2: no restriction
    assert result["grounds"] == []
    assert result["review_reasons"] == []
    assert instant(result["actions"]["detain"]["hold_until"]) == instant("2013-06-06T10:00:00-04:00")


def test_none_interview_with_consent():
    assert verdicts(run("none", consent=True)) == (P, P, P, P)


# --------------------------------------------------------------------------- rule set choice

BOUNDARIES = [
    ("2013-12-31T23:59:00-05:00", "none"),
    ("2014-01-01T00:00:00-05:00", "ct-2013"),
    ("2014-01-01T04:59:00Z", "none"),  # still 23:59 on 31 December in New York
    ("2014-01-01T05:00:00Z", "ct-2013"),
    ("2019-09-30T23:59:00-04:00", "ct-2013"),
    ("2019-10-01T00:00:00-04:00", "ct-2019"),
    ("2019-10-01T03:59:59Z", "ct-2013"),
    ("2019-10-01T04:00:00Z", "ct-2019"),
    ("2019-10-01T05:29:00+01:30", "ct-2013"),  # 23:59 local, written with a foreign offset
    ("2025-09-30T23:59:00-04:00", "ct-2019"),
    ("2025-10-01T00:00:00-04:00", "ct-2025"),
    ("2025-10-01T03:59:00Z", "ct-2019"),
    ("2025-10-01T04:00:00Z", "ct-2025"),
    ("2030-01-01T00:00:00-05:00", "ct-2025"),
    ("1999-01-01T00:00:00-05:00", "none"),
]


@pytest.mark.parametrize("decided_at,expected", BOUNDARIES)
def test_rule_set_in_force_at_the_minute(decided_at, expected):
    result = evaluate(scenario("ct-2019", decided_at=decided_at))
    assert result["rule_set"] == expected


def test_boundary_values_agree_with_rule_set_table():
    assert RULE_SETS["ct-2013"].in_force_from.isoformat() == "2014-01-01"
    assert RULE_SETS["ct-2013"].in_force_to.isoformat() == "2019-09-30"
    assert RULE_SETS["ct-2019"].in_force_from.isoformat() == "2019-10-01"
    assert RULE_SETS["ct-2019"].in_force_to.isoformat() == "2025-09-30"
    assert RULE_SETS["ct-2025"].in_force_from.isoformat() == "2025-10-01"


@pytest.mark.parametrize("forced", ["ct-2013", "ct-2019", "ct-2025", "none"])
def test_forced_rule_set_wins_over_the_date(forced):
    data = scenario("ct-2019", charges=[charge("53a-60", bond_posted=False)])
    data["rule_set"] = forced
    result = evaluate(data)
    assert result["rule_set"] == forced
    assert result["trace"][0]["rule"].startswith(forced + ".")
    expected = {"ct-2013": P, "ct-2019": X, "ct-2025": X, "none": P}[forced]
    assert result["actions"]["detain"]["verdict"] == expected


# --------------------------------------------------------------------------- hold_until


def test_hold_until_ct_2019_is_48_elapsed_hours_in_new_york_time():
    result = run("ct-2019", documents=[JUDICIAL], releasable_at="2024-04-23T14:00:00Z")
    assert result["actions"]["detain"]["hold_until"] == "2024-04-25T10:00:00-04:00"


def test_hold_until_ct_2013_skips_the_weekend():
    result = run("ct-2013", documents=[JUDICIAL], releasable_at="2018-06-08T17:00:00-04:00")
    assert result["actions"]["detain"]["hold_until"] == "2018-06-12T17:00:00-04:00"


@pytest.mark.parametrize(
    "releasable_at,expected",
    [
        ("2024-03-09T12:00:00-05:00", "2024-03-11T13:00:00-04:00"),  # clocks go forward
        ("2024-11-02T12:00:00-04:00", "2024-11-04T11:00:00-05:00"),  # clocks go back
    ],
)
def test_hold_until_ct_2019_across_daylight_saving(releasable_at, expected):
    result = run("ct-2019", documents=[JUDICIAL], releasable_at=releasable_at)
    hold = result["actions"]["detain"]["hold_until"]
    assert hold == expected
    assert (instant(hold) - instant(releasable_at)).total_seconds() == 48 * 3600


def test_hold_until_is_null_unless_detention_is_permitted():
    assert run("ct-2019")["actions"]["detain"] == {"verdict": X, "hold_until": None}
    unsettled = run("ct-2019", documents=[UNCLEAR])["actions"]["detain"]
    assert unsettled == {"verdict": R, "hold_until": None}


def test_hold_until_is_null_without_a_release_time_and_asks_for_it():
    result = run("ct-2019", documents=[JUDICIAL], releasable_at=None)
    assert result["actions"]["detain"] == {"verdict": P, "hold_until": None}
    assert trace_entry(result, "ct-2019.hold-limit")["holds"] is None
    assert any("released" in reason for reason in result["review_reasons"])


# --------------------------------------------------------------------------- output shape


@pytest.mark.parametrize("rule_set", ["ct-2013", "ct-2019", "ct-2025", "none"])
def test_result_shape_and_trace(rule_set):
    result = run(rule_set, convictions=[conviction("53a-999")], documents=[ADMIN, UNCLEAR])
    assert set(result) >= {
        "rule_set",
        "actions",
        "grounds",
        "duties",
        "review_reasons",
        "trace",
        "engine_version",
    }
    assert tuple(result["actions"]) == ACTIONS
    assert set(result["actions"]["detain"]) == {"verdict", "hold_until"}
    for name in ACTIONS[1:]:
        assert set(result["actions"][name]) == {"verdict"}
    exception_ids = [r.id for r in RULE_SETS[rule_set].rules if r.kind == "exception"]
    traced = [entry["rule"] for entry in result["trace"]]
    assert traced[: len(exception_ids)] == exception_ids  # every exception, in order
    for entry in result["trace"]:
        assert set(entry) == {"rule", "citation", "holds", "explanation", "confidence", "sentence"}
        assert entry["rule"].startswith(rule_set + ".")
        assert entry["holds"] in (True, False, None)
        assert entry["confidence"] in ("text", "summary", "unconfirmed", "policy")
        assert entry["citation"] and entry["explanation"] and entry["sentence"]


def test_trace_explains_the_example_conviction():
    result = run("ct-2019", convictions=[conviction("53a-55")])
    entry = trace_entry(result, "ct-2019.ab-felony")
    assert entry["holds"] is True
    assert entry["citation"] == "C.G.S. § 54-192h(b)(1)(A)(ii)"
    assert "53a-55" in entry["explanation"] and "class B" in entry["explanation"]


def test_every_rule_has_citation_sentence_and_confidence():
    for rule_set in RULE_SETS.values():
        ids = [rule.id for rule in rule_set.rules]
        assert len(ids) == len(set(ids))
        for rule in rule_set.rules:
            assert rule.id.startswith(rule_set.id + ".")
            assert rule.citation and rule.sentence.endswith(".")
            assert rule.confidence in ("text", "summary", "unconfirmed", "policy")
        actions = [rule.action for rule in rule_set.rules if rule.kind == "action"]
        assert sorted(actions) == sorted(ACTIONS)


def test_evaluate_accepts_a_parsed_scenario():
    data = scenario("ct-2019", convictions=[conviction("53a-55")])
    assert evaluate(parse_scenario(data)) == evaluate(data)


def test_engine_does_not_import_django():
    import subprocess
    import sys

    code = (
        "import sys, cases.rules as r; "
        "r.evaluate({'decided_at': '2024-01-02T10:00:00-05:00', 'detainer': {'form': 'other'}}); "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    root = Path(__file__).resolve().parents[3]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0


# --------------------------------------------------------------------------- input checks

BAD_INPUTS = [
    ("decided_at", lambda d: d.pop("decided_at"), "required"),
    ("decided_at", lambda d: d.update(decided_at="2024-04-23T09:00:00"), "offset"),
    ("decided_at", lambda d: d.update(decided_at="yesterday"), "ISO 8601"),
    ("decided_at", lambda d: d.update(decided_at=20240423), "string"),
    ("releasable_at", lambda d: d.update(releasable_at="2024-04-23T10:00"), "offset"),
    ("releasable_at", lambda d: d.update(releasable_at="9999-12-31T23:00:00+00:00"), "range"),
    ("rule_set", lambda d: d.update(rule_set="ct-2020"), "unknown value"),
    ("interview_consent", lambda d: d.update(interview_consent="yes"), "true or false"),
    ("interview_consent", lambda d: d.update(interview_consent=1), "true or false"),
    ("detainer", lambda d: d.pop("detainer"), "required"),
    ("detainer", lambda d: d.update(detainer=["I-247A"]), "object"),
    ("detainer.form", lambda d: d["detainer"].pop("form"), "required"),
    ("detainer.form", lambda d: d["detainer"].update(form="I-999"), "unknown value"),
    ("detainer.documents", lambda d: d["detainer"].update(documents={"kind": "x"}), "list"),
    (
        "detainer.documents[1].kind",
        lambda d: d["detainer"].update(documents=[{"kind": "judicial_warrant"}, {"kind": "memo"}]),
        "unknown value",
    ),
    ("subject", lambda d: d.update(subject="none"), "object"),
    ("subject.convictions", lambda d: d["subject"].update(convictions="53a-55"), "list"),
    (
        "subject.convictions[0].statute",
        lambda d: d["subject"].update(convictions=[{"statute": "manslaughter"}]),
        "statute format",
    ),
    (
        "subject.convictions[0].statute",
        lambda d: d["subject"].update(convictions=[{"statute": 55}]),
        "string",
    ),
    (
        "subject.convictions[1].statute",
        lambda d: d["subject"].update(convictions=[{"statute": "53a-55"}, {"subdivision": "a1"}]),
        "required",
    ),
    (
        "subject.convictions[0].felony_class",
        lambda d: d["subject"].update(convictions=[conviction("53a-55", felony_class="F")]),
        "unknown value",
    ),
    (
        "subject.convictions[0].jurisdiction",
        lambda d: d["subject"].update(convictions=[conviction("53a-55", jurisdiction="Mars")]),
        "unknown value",
    ),
    (
        "subject.convictions[0].victim_age",
        lambda d: d["subject"].update(convictions=[conviction("53a-71", victim_age="12")]),
        "whole number",
    ),
    (
        "subject.convictions[0].victim_age",
        lambda d: d["subject"].update(convictions=[conviction("53a-71", victim_age=-1)]),
        "whole number",
    ),
    (
        "subject.convictions[0].victim_age",
        lambda d: d["subject"].update(convictions=[conviction("53a-71", victim_age=True)]),
        "whole number",
    ),
    (
        "subject.convictions[0].subdivision",
        lambda d: d["subject"].update(convictions=[conviction("53a-70", "a-1!")]),
        "subdivision",
    ),
    (
        "subject.convictions[0].juvenile",
        lambda d: d["subject"].update(convictions=[dict(conviction("53a-55"), juvenile="no")]),
        "true or false",
    ),
    (
        "subject.pending_charges[0].bond_posted",
        lambda d: d["subject"].update(pending_charges=[charge("53a-60", bond_posted="no")]),
        "true or false",
    ),
    (
        "subject.pending_charges[0].statute",
        lambda d: d["subject"].update(pending_charges=[charge("53a_60")]),
        "statute format",
    ),
    (
        "subject.tsdb_possible_match",
        lambda d: d["subject"].update(tsdb_possible_match="false"),
        "true or false",
    ),
]


@pytest.mark.parametrize("field,mutate,words", BAD_INPUTS, ids=[f"{b[0]}:{b[2]}" for b in BAD_INPUTS])
def test_bad_input_names_the_field(field, mutate, words):
    data = scenario("ct-2019")
    mutate(data)
    with pytest.raises(ScenarioError) as caught:
        evaluate(data)
    assert caught.value.field == field
    assert words.lower() in caught.value.message.lower()
    assert str(caught.value).startswith(field + ": ")


@pytest.mark.parametrize("value", [None, [], "scenario", 3])
def test_a_scenario_must_be_an_object(value):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(value)
    assert caught.value.field == "scenario"


def test_unknown_extra_fields_are_ignored():
    plain = scenario("ct-2019", convictions=[conviction("53a-55")], documents=[ADMIN])
    noisy = scenario("ct-2019", convictions=[conviction("53a-55")], documents=[ADMIN])
    noisy["officer"] = "Badge 12"
    noisy["detainer"]["event_number"] = "E-1"
    noisy["detainer"]["documents"][0] = dict(ADMIN, pages=3)
    noisy["subject"]["name"] = "Doe"
    noisy["subject"]["convictions"][0]["docket"] = "HHD-CR-1"
    assert evaluate(noisy) == evaluate(plain)


def test_optional_fields_may_be_absent():
    result = evaluate({"decided_at": "2024-04-23T09:00:00-04:00", "detainer": {"form": "other"}})
    assert result["rule_set"] == "ct-2019"
    assert verdicts(result) == (X, X, X, X)


@pytest.mark.parametrize("written", ["53A-55", "§ 53a-55", " 53a-55 ", "§53a-55"])
def test_statute_spellings_are_normalised(written):
    result = run("ct-2019", convictions=[conviction(written)])
    assert result["grounds"] == ["ab_felony_conviction"]


def test_subdivision_in_parentheses_is_normalised():
    # v2 catalogue: § 53-21(a)(2) is class B from 2002-10-01 (low-confidence C before), so
    # the offense date is given
    conv = conviction("53-21", "(a)(2)", offense_date="2010-05-01")
    assert run("ct-2019", convictions=[conv])["grounds"] == ["ab_felony_conviction"]


def test_a_well_formed_uncatalogued_statute_is_not_an_input_error():
    result = run("ct-2019", convictions=[conviction("53a-999")])
    assert result["actions"]["detain"]["verdict"] == R
