"""Properties of the rule engine over generated scenarios (hypothesis).

The 2013 clock is checked against an independent count: quarter-hour slots whose New York
calendar day is a working day, counted one by one.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.rules import evaluate, rule_set_in_force
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
    "ct-2019": {"judicial_warrant", "ab_felony_conviction", "tsdb_match"},
    "ct-2025": {"judicial_warrant", "ab_felony_conviction", "tsdb_match"},
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
        "felony_class": st.sampled_from([None, "A", "B", "C", "D", "E", "unclassified", "misdemeanor"]),
        "jurisdiction": st.sampled_from(["CT", "other_state", "federal", "foreign"]),
        "juvenile": st.booleans(),
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
    return {
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
def test_verdicts_follow_grounds_and_unsettled_rules(data):
    result = evaluate(data)
    rule_set = result["rule_set"]
    detain = result["actions"]["detain"]["verdict"]
    exception_ids = {
        e["rule"]
        for e in result["trace"]
        if not e["rule"].endswith((".detain", ".hold-limit", ".notify-release", ".transfer", ".interview"))
    }
    null_exceptions = [e for e in result["trace"] if e["rule"] in exception_ids and e["holds"] is None]
    if rule_set == "none" or result["grounds"]:
        assert detain == P
    elif null_exceptions:
        assert detain == R
        assert result["review_reasons"]
    else:
        assert detain == X
    if rule_set != "none":
        assert result["actions"]["transfer"]["verdict"] == detain
    if rule_set in ("ct-2019", "ct-2025"):
        assert result["actions"]["notify_release"]["verdict"] == detain
    else:
        assert result["actions"]["notify_release"]["verdict"] == P
    interview = result["actions"]["interview"]["verdict"]
    if not data["interview_consent"]:
        assert interview == X
    elif rule_set in ("ct-2013", "none"):
        assert interview == P
    else:
        assert interview == detain


# --------------------------------------------------------------------------- grounds


@SETTINGS
@given(scenarios(rule_set="ct-2019"), st.sampled_from(["ct-2019", "ct-2025"]))
def test_a_pending_charge_alone_never_permits(data, rule_set):
    data["rule_set"] = rule_set
    data["detainer"]["documents"] = [{"kind": "administrative_warrant"}]
    data["subject"]["convictions"] = []
    data["subject"]["tsdb_possible_match"] = False
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
