"""Properties of the rule engine over generated scenarios (hypothesis).

The 2013 clock is checked against an independent count: quarter-hour slots whose New York
calendar day is a working day, counted one by one. Scenarios include the v2 fields
(participation, offense date, capital, the interview court order, the notification request
and the agency's consent policy).
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.rules import (
    RULE_SETS,
    default_catalogue,
    evaluate,
    parse_scenario,
    rule_set_in_force,
    verdicts_by_rule_set,
)
from tests.cases.rules.helpers import ACTIONS, JUDICIAL, P, R, X, instant

NEW_YORK = ZoneInfo("America/New_York")
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
GROUNDS = {
    "ct-2013": {
        "judicial_warrant",
        "felony_conviction",
        "pending_charge_no_bond",
        "ct_warrant",
        "gang_member",
        "tsdb_match",
        "final_order",
    },
    "ct-2019": {"judicial_warrant", "ab_felony_conviction", "tsdb_match", "interview_court_order"},
    "ct-2025": {"judicial_warrant", "ab_felony_conviction", "tsdb_match", "interview_court_order"},
    "none": set(),
}

STATUTES = [
    "53a-55",
    "53a-54a",
    "53a-54c",
    "53a-56b",
    "53a-70",
    "53a-70a",
    "53a-71",
    "53a-72a",
    "53-21",
    "53a-196e",
    "53a-223",
    "21a-278",
    "53a-999",
    "14-227a",
    "53a-54b",  # capital before 2012-04-25, class A after
    "53a-60",  # serious physical injury (named condition), dated
    "53a-192a",  # class A from 2017-10-01, low-confidence B before
    "53a-54d",  # actor under 18 (named condition)
    "53a-90a",
]
OFFENSE_DATES = [
    None,
    "1999-05-01",
    "2002-09-30",
    "2002-10-01",
    "2012-04-24",
    "2012-04-25",
    "2016-01-01",
    "2020-06-01",
]

offsets = st.sampled_from([timezone(timedelta(hours=h)) for h in (-5, -4, 0, 1, 5.5)])
instants = st.datetimes(
    min_value=datetime(2012, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


@st.composite
def moment(draw) -> str:
    return draw(instants).astimezone(draw(offsets)).isoformat()


convictions = st.fixed_dictionaries(
    {"statute": st.sampled_from(STATUTES)},
    optional={
        "subdivision": st.sampled_from([None, "a1", "a2", "a3"]),
        "victim_age": st.one_of(st.none(), st.integers(0, 90)),
        "felony_class": st.sampled_from(
            [None, "capital", "A", "B", "C", "D", "E", "unclassified", "misdemeanor"]
        ),
        "jurisdiction": st.sampled_from(["CT", "other_state", "federal", "foreign"]),
        "juvenile": st.booleans(),
        "participation": st.sampled_from([None, "principal", "attempt", "conspiracy", "accessory"]),
        "offense_date": st.sampled_from(OFFENSE_DATES),
    },
)
charges = st.fixed_dictionaries(
    {"statute": st.sampled_from(STATUTES)},
    optional={
        "subdivision": st.sampled_from([None, "a1", "a2"]),
        "bond_posted": st.sampled_from([None, True, False]),
    },
)
documents = st.lists(
    st.fixed_dictionaries(
        {}, optional={"kind": st.sampled_from(["judicial_warrant", "administrative_warrant", "unclear"])}
    ),
    max_size=3,
)
flags = st.fixed_dictionaries(
    {},
    optional={
        name: st.booleans()
        for name in (
            "tsdb_possible_match",
            "outstanding_ct_warrant",
            "gang_database_match",
            "final_order_of_removal",
            "public_safety_risk",
            "interview_court_order",
        )
    },
)


@st.composite
def scenarios(draw, rule_set=None) -> dict:
    subject = {
        "convictions": draw(st.lists(convictions, max_size=3)),
        "pending_charges": draw(st.lists(charges, max_size=2)),
        **draw(flags),
    }
    data = {
        "decided_at": draw(moment()),
        "rule_set": rule_set
        if rule_set is not None
        else draw(st.sampled_from([None, "ct-2013", "ct-2019", "ct-2025", "none"])),
        "releasable_at": draw(st.one_of(st.none(), moment())),
        "interview_consent": draw(st.booleans()),
        "detainer": {
            "form": draw(st.sampled_from(["I-247A", "I-247D", "other"])),
            "documents": draw(documents),
        },
        "subject": subject,
    }
    policy = draw(st.sampled_from([None, False, True]))
    if policy is not None:
        data["agency_policy"] = {"interview_requires_consent": policy}
    notification = draw(st.sampled_from([None, False, True]))
    if notification is not None:
        data["detainer"]["requests_notification"] = notification
    return data


def _policy_blocks(data: dict) -> bool:
    """The agency requires written consent to an interview and none was given."""
    policy = data.get("agency_policy") or {}
    return bool(policy.get("interview_requires_consent")) and not data["interview_consent"]


# --------------------------------------------------------------------------- shape


@SETTINGS
@given(scenarios())
def test_every_result_has_four_actions_and_allowed_grounds(data):
    result = evaluate(data)
    assert tuple(result["actions"]) == ACTIONS
    for name in ACTIONS:
        assert result["actions"][name]["verdict"] in (P, X, R)
    expected_set = data["rule_set"] or rule_set_in_force(datetime.fromisoformat(data["decided_at"]))
    assert result["rule_set"] == expected_set
    assert set(result["grounds"]) <= GROUNDS[result["rule_set"]]
    assert len(result["grounds"]) == len(set(result["grounds"]))


@SETTINGS
@given(scenarios())
def test_the_verdicts_alone_are_evaluates_verdicts_under_each_rule_set(data):
    """The policy-impact recompute judges stored facts with ``verdicts_by_rule_set`` (no trace,
    each check once): it must give what ``evaluate`` gives with each rule set forced."""
    scenario, catalogue = parse_scenario(data), default_catalogue()
    every = verdicts_by_rule_set(scenario, catalogue)
    assert set(every) == set(RULE_SETS)
    for rule_set in RULE_SETS:
        forced = evaluate({**data, "rule_set": rule_set}, catalogue)["actions"]
        expected = {name: forced[name]["verdict"] for name in ACTIONS}
        assert every[rule_set] == expected, rule_set


_ACTION_RULES = (".detain", ".hold-limit", ".notify-release", ".transfer", ".interview", "-policy")
# Exceptions that bear only on an interview (2019 and 2025), or on every action.
_INTERVIEW_ONLY = ("interview-court-order",)


@SETTINGS
@given(scenarios())
def test_verdicts_follow_grounds_and_unsettled_rules(data):
    result = evaluate(data)
    rule_set = result["rule_set"]
    verdict = {name: result["actions"][name]["verdict"] for name in ACTIONS}
    exceptions = [e for e in result["trace"] if not e["rule"].endswith(_ACTION_RULES)]
    # detention: the exceptions other than the interview-only court order
    hold_exceptions = [e for e in exceptions if not e["rule"].endswith(_INTERVIEW_ONLY)]
    hold_grounds = set(result["grounds"]) - {"interview_court_order"}
    if rule_set == "none" or hold_grounds:
        assert verdict["detain"] == P
    elif any(e["holds"] is None for e in hold_exceptions):
        assert verdict["detain"] == R
        assert result["review_reasons"]
    else:
        assert verdict["detain"] == X
    if rule_set != "none":
        assert verdict["transfer"] == verdict["detain"]
    if rule_set in ("ct-2019", "ct-2025"):
        assert verdict["notify_release"] == verdict["detain"]
    else:
        assert verdict["notify_release"] == P
    # interview (v2): the 2013 act and none do not restrict it; 2019 and 2025 open it by
    # A/B, TSDB or a court order (not a judicial warrant); the agency policy only narrows
    if _policy_blocks(data):
        assert verdict["interview"] == X
    elif rule_set in ("ct-2013", "none") or set(result["grounds"]) & {
        "ab_felony_conviction",
        "tsdb_match",
        "interview_court_order",
    }:
        assert verdict["interview"] == P
    elif any(
        e["holds"] is None for e in exceptions if e["rule"].endswith(("ab-felony", "candidate-offense"))
    ):
        assert verdict["interview"] == R
    else:
        assert verdict["interview"] == X


@SETTINGS
@given(scenarios())
def test_duties_follow_the_rule_set_the_request_and_the_notify_verdict(data):
    result = evaluate(data)
    duties = set(result["duties"])
    assert len(duties) == len(result["duties"])
    if result["rule_set"] == "none":
        assert duties == set()
    elif result["rule_set"] == "ct-2013":
        assert duties == {"notify_ice_of_decision"}
    else:
        expected = {"give_detainer_copy", "record_ice_access"}
        if data["detainer"].get("requests_notification", True):
            expected.add("forward_notification_request_to_agency_head")
        if result["actions"]["notify_release"]["verdict"] != X:
            expected.add("copy_notification_to_person_and_attorney")
        assert duties == expected


# --------------------------------------------------------------------------- grounds


@SETTINGS
@given(scenarios(rule_set="ct-2019"), st.sampled_from(["ct-2019", "ct-2025"]))
def test_a_pending_charge_alone_never_permits(data, rule_set):
    data["rule_set"] = rule_set
    data["detainer"]["documents"] = [{"kind": "administrative_warrant"}]
    data["subject"]["convictions"] = []
    data["subject"]["tsdb_possible_match"] = False
    data["subject"]["interview_court_order"] = False
    assert data["subject"]["pending_charges"] is not None
    result = evaluate(data)
    for name in ("detain", "notify_release", "transfer", "interview"):
        assert result["actions"][name]["verdict"] == X
    assert result["grounds"] == []


@SETTINGS
@given(scenarios())
def test_adding_a_judicial_warrant_never_withdraws_a_permission(data):
    before = evaluate(data)
    with_warrant = copy.deepcopy(data)
    with_warrant["detainer"]["documents"].append(dict(JUDICIAL))
    after = evaluate(with_warrant)
    for name in ACTIONS:
        if before["actions"][name]["verdict"] == P:
            assert after["actions"][name]["verdict"] == P
    # and every rule set honours it for detention
    assert after["actions"]["detain"]["verdict"] == P
    if after["rule_set"] != "none":
        assert "judicial_warrant" in after["grounds"]


# Facts that can be added to a scenario, and, by rule set, the actions whose exceptions
# each one touches (LAW.md v2 §1.2 to §1.4; the consent only meets the agency's policy).
_HOLD = ("detain", "notify_release", "transfer")
_HOLD_2013 = ("detain", "transfer")


def _touches(ct_2013=(), ct_2019=(), none=()) -> dict:
    return {"ct-2013": ct_2013, "ct-2019": ct_2019, "ct-2025": ct_2019, "none": none}


def _flag(name):
    return lambda data, draw: data["subject"].update({name: True})


def _document(kind):
    return lambda data, draw: data["detainer"]["documents"].append({"kind": kind})


ADDED_FACTS = {
    "judicial warrant": (_document("judicial_warrant"), _touches(_HOLD_2013, _HOLD)),
    "unclear document": (_document("unclear"), _touches(_HOLD_2013, _HOLD)),
    "administrative warrant": (_document("administrative_warrant"), _touches()),
    "TSDB match": (_flag("tsdb_possible_match"), _touches(_HOLD_2013, ACTIONS)),
    "interview court order": (_flag("interview_court_order"), _touches((), ("interview",))),
    "Connecticut warrant": (_flag("outstanding_ct_warrant"), _touches(_HOLD_2013)),
    "gang database match": (_flag("gang_database_match"), _touches(_HOLD_2013)),
    "final order of removal": (_flag("final_order_of_removal"), _touches(_HOLD_2013)),
    "public-safety risk": (_flag("public_safety_risk"), _touches(_HOLD_2013)),
    "pending charge": (
        lambda data, draw: data["subject"]["pending_charges"].append(draw(charges)),
        _touches(_HOLD_2013),
    ),
    "conviction": (
        lambda data, draw: data["subject"]["convictions"].append(draw(convictions)),
        _touches(_HOLD_2013, ACTIONS),
    ),
    "interview consent": (
        lambda data, draw: data.update(interview_consent=True),
        _touches(("interview",), ("interview",), ("interview",)),
    ),
}


@SETTINGS
@given(scenarios(), st.sampled_from(sorted(ADDED_FACTS)), st.data())
def test_adding_a_fact_never_permits_an_action_whose_exceptions_it_does_not_touch(data, fact, more):
    before = evaluate(data)
    add, touches = ADDED_FACTS[fact]
    richer = copy.deepcopy(data)
    add(richer, more.draw)
    after = evaluate(richer)
    assert after["rule_set"] == before["rule_set"]
    for name in ACTIONS:
        if name in touches[before["rule_set"]]:
            continue
        if before["actions"][name]["verdict"] == X:
            assert after["actions"][name]["verdict"] != P, (fact, name)
        # stronger: an untouched action keeps its verdict
        assert after["actions"][name]["verdict"] == before["actions"][name]["verdict"], (fact, name)


@SETTINGS
@given(scenarios(), st.sampled_from(["ct-2019", "ct-2025"]), st.integers(1, 3))
def test_a_judicial_warrant_never_changes_the_interview_verdict_in_2019_or_2025(data, rule_set, count):
    data["rule_set"] = rule_set
    before = evaluate(data)["actions"]["interview"]["verdict"]
    with_warrant = copy.deepcopy(data)
    with_warrant["detainer"]["documents"].extend(dict(JUDICIAL) for _ in range(count))
    assert evaluate(with_warrant)["actions"]["interview"]["verdict"] == before
    # nor does settling an unclear document as a judicial warrant
    settled = copy.deepcopy(data)
    for document in settled["detainer"]["documents"]:
        if document.get("kind", "unclear") == "unclear":
            document["kind"] = "judicial_warrant"
    assert evaluate(settled)["actions"]["interview"]["verdict"] == before


@SETTINGS
@given(scenarios())
def test_the_consent_policy_only_ever_prohibits_an_interview(data):
    without = copy.deepcopy(data)
    without.pop("agency_policy", None)
    with_policy = copy.deepcopy(data)
    with_policy["agency_policy"] = {"interview_requires_consent": True}
    plain, strict = evaluate(without), evaluate(with_policy)
    for name in ACTIONS[:3]:
        assert strict["actions"][name] == plain["actions"][name]
    if data["interview_consent"]:
        assert strict["actions"]["interview"] == plain["actions"]["interview"]
    else:
        assert strict["actions"]["interview"]["verdict"] == X
    policy_entries = [e for e in strict["trace"] if e["rule"].endswith(".interview-consent-policy")]
    assert len(policy_entries) == 1 and policy_entries[0]["confidence"] == "policy"


@SETTINGS
@given(scenarios())
def test_attempt_and_conspiracy_never_leave_a_class_a(data):
    from cases.rules import default_catalogue
    from cases.rules.scenario import parse_scenario

    for conv in parse_scenario(data).subject.convictions:
        found = default_catalogue().felony_class(
            conv.statute,
            conv.subdivision,
            conv.victim_age,
            conv.felony_class,
            offense_date=conv.offense_date,
            participation=conv.participation,
        )
        if conv.participation in ("attempt", "conspiracy") and conv.felony_class is None:
            assert found.classes is None or "A" not in found.classes


@SETTINGS
@given(scenarios())
def test_the_same_instant_in_another_offset_gives_the_same_result(data):
    shifted = copy.deepcopy(data)
    for key in ("decided_at", "releasable_at"):
        if data[key] is not None:
            shifted[key] = datetime.fromisoformat(data[key]).astimezone(UTC).isoformat()
    assert evaluate(shifted) == evaluate(data)


# --------------------------------------------------------------------------- hold_until


@SETTINGS
@given(scenarios())
def test_hold_until_is_set_exactly_when_detention_is_permitted_with_a_release_time(data):
    result = evaluate(data)
    detain = result["actions"]["detain"]
    expect_hold = detain["verdict"] == P and data["releasable_at"] is not None
    assert (detain["hold_until"] is not None) is expect_hold
    if detain["hold_until"] is not None:
        hold = datetime.fromisoformat(detain["hold_until"])
        assert hold.utcoffset() == hold.astimezone(NEW_YORK).utcoffset()  # New York time
        elapsed = hold - instant(data["releasable_at"])
        if result["rule_set"] == "ct-2013":
            assert elapsed >= timedelta(hours=48)
        else:
            assert elapsed == timedelta(hours=48)


def _is_working_day(day: date, calendar) -> bool:
    return day.weekday() < 5 and day not in calendar


@settings(max_examples=150, deadline=None, database=None)
@given(
    st.datetimes(min_value=datetime(2014, 1, 1), max_value=datetime(2019, 9, 1), timezones=st.just(UTC)).map(
        lambda d: d.replace(minute=d.minute // 15 * 15, second=0, microsecond=0)
    )
)
def test_2013_hold_counts_exactly_48_working_hours(start):
    result = evaluate(
        {
            "decided_at": start.isoformat(),
            "rule_set": "ct-2013",
            "releasable_at": start.isoformat(),
            "detainer": {"form": "I-247A", "documents": [JUDICIAL]},
        }
    )
    end = datetime.fromisoformat(result["actions"]["detain"]["hold_until"])
    calendar = holidays.US(years=range(start.year, start.year + 2))
    slot = timedelta(minutes=15)
    counted = 0
    moment_ = start
    last_counted = None
    while moment_ < end:
        if _is_working_day(moment_.astimezone(NEW_YORK).date(), calendar):
            counted += 1
            last_counted = moment_
        moment_ += slot
    assert counted == 48 * 4
    assert last_counted + slot == end  # the hold ends as soon as the 48th hour is done
