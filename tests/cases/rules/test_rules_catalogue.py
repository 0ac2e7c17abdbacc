"""Felony-class resolution: shipped catalogue rows, injected rows, ambiguity, low confidence,
missing victim age, the felony_class override, and the 2025 candidate list.

Expectations that changed with the v2 catalogue and SCENARIOS.md v2 (class *sets*) say so
where they stand; the v2 steps (dates, participation, named conditions) are tested in
test_rules_v2.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cases.rules import Catalogue, default_catalogue, evaluate
from cases.rules.catalogue import CANDIDATES_CSV, OFFENSES_CSV
from tests.cases.rules.helpers import P, X, conviction, scenario, verdicts


def classes(finding) -> set | None:
    return None if finding.classes is None else set(finding.classes)


# (statute, subdivision, victim age, expected classes or None for unknown)
SHIPPED = [
    ("53a-55", None, None, {"B"}),
    ("53a-55", "a1", None, {"B"}),  # no subdivision row: the plain row applies
    ("53a-57", None, None, {"D"}),  # medium confidence is trusted
    ("53a-70", "a1", 15, {"A"}),  # subdivision + condition row
    ("53a-70", "a1", 16, {"B"}),  # condition fails: falls back to the plain row
    ("53a-70", "a1", None, {"A", "B"}),  # age unknown: A or B
    ("53a-70", "a2", None, {"A"}),  # subdivision row without condition
    ("53a-70", "a2", 40, {"A"}),
    # v2 catalogue: no row without subdivision, so every row of § 53a-70 is kept (step 2)
    # and the a1 victim-age row applies (step 3): v1 said {"B"} from a plain row v2 dropped
    ("53a-70", None, 10, {"A"}),
    ("53a-70", None, None, {"A", "B"}),
    ("53a-70", "a9", None, None),  # v2: a subdivision the catalogue lacks, no plain row: no row
    ("53a-70a", None, 15, {"A"}),  # condition row without subdivision
    ("53a-70a", None, 16, {"B"}),
    ("53a-71", None, 15, {"B"}),
    ("53a-71", None, 30, {"C"}),
    ("53a-71", None, None, {"B", "C"}),
    ("53a-72a", None, None, {"C", "D"}),
    ("53-21", "a2", None, None),  # v2: class C before 2002-10-01 is low confidence
    ("53-21", "a2", "2002-10-01", {"B"}),
    ("53-21", "a1", None, {"C"}),
    ("53-21", None, None, None),  # only subdivision rows: no row fits
    ("53-21", "a7", None, None),
    ("53a-999", None, None, None),  # no row at all
    ("53a-54c", None, None, {"A"}),  # v1 row was low confidence; the v2 row is high
    ("21a-278", None, None, {"unclassified"}),  # v1 low; v2 medium
    ("53a-192a", None, None, None),  # low-confidence class B before 2017-10-01
]


@pytest.mark.parametrize("statute,subdivision,age,expected", SHIPPED)
def test_shipped_catalogue_classes(statute, subdivision, age, expected):
    offense_date = None
    if isinstance(age, str):  # an offense date in place of the age
        offense_date, age = date.fromisoformat(age), None
    found = default_catalogue().felony_class(statute, subdivision, age, offense_date=offense_date)
    assert classes(found) == expected
    assert found.basis


def test_missing_victim_age_is_flagged_only_when_it_matters():
    catalogue = default_catalogue()
    assert catalogue.felony_class("53a-71", None, None).needs_victim_age
    assert not catalogue.felony_class("53a-70", "a2", None).needs_victim_age
    assert not catalogue.felony_class("53a-55", None, None).needs_victim_age


def test_given_felony_class_wins():
    catalogue = default_catalogue()
    assert classes(catalogue.felony_class("53a-55", None, None, given="C")) == {"C"}
    assert classes(catalogue.felony_class("53a-999", None, None, given="B")) == {"B"}
    assert classes(catalogue.felony_class("53a-54c", None, None, given="A")) == {"A"}


def row(statute="1-1", subdivision="", condition="", felony_class="B", confidence="high"):
    return {
        "statute": statute,
        "subdivision": subdivision,
        "condition": condition,
        "felony_class": felony_class,
        "title": "Test offense",
        "confidence": confidence,
    }


@pytest.mark.parametrize(
    "rows,subdivision,age,expected",
    [
        # v1 called each of the next three "several equally specific rows: unknown"; v2
        # (SCENARIOS.md step 3) gives the set of their classes, which leaves A/B unsettled
        ([row(felony_class="B"), row(felony_class="C")], None, None, {"B", "C"}),  # two plain rows
        (
            [row(subdivision="a1"), row(subdivision="a1", felony_class="C"), row(felony_class="D")],
            "a1",
            None,
            {"B", "C"},
        ),  # two subdivision rows
        (
            [
                row(condition="victim_age<16"),
                row(condition="victim_age<18", felony_class="C"),
                row(felony_class="D"),
            ],
            None,
            12,
            {"B", "C"},
        ),  # two matching condition rows
        (
            [
                row(subdivision="a1", condition="victim_age<16", felony_class="A"),
                row(subdivision="a1", felony_class="B"),
                row(felony_class="C"),
            ],
            "a1",
            10,
            {"A"},
        ),
        (
            [
                row(subdivision="a1", condition="victim_age<16", felony_class="A"),
                row(subdivision="a1", felony_class="B"),
                row(felony_class="C"),
            ],
            "a1",
            20,
            {"B"},
        ),
        (
            [row(subdivision="a1", felony_class="B"), row(condition="victim_age<16", felony_class="A")],
            "a1",
            10,
            {"B"},
        ),
        ([row(condition="victim_age<16", felony_class="A"), row(felony_class="C")], None, 16, {"C"}),
        ([row(condition="victim_age<=16", felony_class="A"), row(felony_class="C")], None, 16, {"A"}),
        ([row(condition="victim_age<16", felony_class="A")], None, None, None),  # no fallback
        ([row(condition="victim_age<16", felony_class="A")], None, 30, None),
        ([row(confidence="low")], None, None, None),
        ([row(confidence="")], None, None, None),  # unknown confidence is not trusted
        ([row(confidence="MEDIUM")], None, None, {"B"}),
        ([row(felony_class="Z")], None, None, None),  # a class the engine does not know
        ([row(condition="victim is a minor"), row(felony_class="C")], None, 10, None),
        ([row(felony_class="b")], None, None, {"B"}),
        ([row(subdivision="(a)(2)", felony_class="A"), row()], "a2", None, {"A"}),
        ([row(confidence="low"), row(subdivision="a1", felony_class="A")], "a1", None, {"A"}),
    ],
)
def test_injected_rows(rows, subdivision, age, expected):
    catalogue = Catalogue(rows)
    assert classes(catalogue.felony_class("1-1", subdivision, age)) == expected


def test_injected_rows_accept_database_style_none_values():
    catalogue = Catalogue(
        [
            {
                "statute": "53a-56b",
                "subdivision": None,
                "condition": None,
                "felony_class": "B",
                "title": None,
                "confidence": "high",
            }
        ]
    )
    assert classes(catalogue.felony_class("53a-56b")) == {"B"}


def test_evaluate_uses_an_injected_catalogue():
    data = scenario("ct-2019", convictions=[conviction("53a-56b")])
    assert verdicts(evaluate(data))[0] == X  # shipped: class C
    counsel_says_b = Catalogue([row("53a-56b", felony_class="B")])
    result = evaluate(data, catalogue=counsel_says_b)
    assert verdicts(result)[0] == P
    assert result["catalogue_version"] == counsel_says_b.version
    assert result["catalogue_version"] != default_catalogue().version


def test_from_csv_reads_the_shipped_files():
    catalogue = Catalogue.from_csv(OFFENSES_CSV, CANDIDATES_CSV)
    assert len(catalogue.offenses) == 107  # v2 catalogue (v1: 49)
    assert len(catalogue.candidates) == 10
    assert catalogue.version == default_catalogue().version
    assert Catalogue.from_csv(OFFENSES_CSV).candidates == ()


def test_shipped_data_is_where_the_command_expects_it():
    root = Path(__file__).resolve().parents[3]
    assert root / "cases" / "data" / "ct_offenses.csv" == OFFENSES_CSV
    assert root / "cases" / "data" / "ct_2025_candidates.csv" == CANDIDATES_CSV


def test_default_catalogue_is_read_once():
    assert default_catalogue() is default_catalogue()


@pytest.mark.parametrize(
    "statute,subdivision,matches",
    [
        ("53a-71", None, True),
        ("53a-71", "a3", True),  # candidate row without subdivision matches any
        ("53-21", "a1", True),
        ("53-21", "a2", False),
        ("53-21", None, True),  # subdivision not recorded: may match
        ("53a-223", None, True),
        ("53a-55", None, False),
    ],
)
def test_candidate_matches(statute, subdivision, matches):
    assert bool(default_catalogue().candidate_matches(statute, subdivision)) is matches
