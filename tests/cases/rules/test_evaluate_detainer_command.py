"""``python manage.py evaluate_detainer FILE|-`` as a separate process, as counsel runs it:
exit codes, JSON on standard output, one line on standard error. No database rows needed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.cases.rules.helpers import (
    EXAMPLES,
    ROOT,
    assert_matches_example,
    conviction,
    example_names,
    load_example,
    scenario,
)

NAMES = example_names()


def run_command(arg: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "evaluate_detainer", arg],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_bad_input(proc: subprocess.CompletedProcess, *words: str) -> str:
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    for word in words:
        assert word in lines[0]
    return lines[0]


def test_the_shared_examples_are_there():
    assert EXAMPLES.is_dir(), f"the shared contract is missing: {EXAMPLES}"
    assert len(NAMES) >= 10


@pytest.mark.parametrize("name", NAMES)
def test_one_scenario_file_prints_one_result(name):
    """Every example of ../shared/contracts/examples, run as counsel runs it."""
    proc = run_command(str(EXAMPLES / f"{name}.json"))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert isinstance(result, dict)
    assert_matches_example(result, load_example(name)[1])


def test_an_array_on_stdin_prints_an_array_in_order():
    scenarios = [load_example(n)[0] for n in NAMES]
    proc = run_command("-", json.dumps(scenarios))
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    assert isinstance(results, list) and len(results) == len(NAMES)
    for name, result in zip(NAMES, results, strict=True):
        assert_matches_example(result, load_example(name)[1])
    assert all(len(r["trace"]) > 0 and "review_reasons" in r and "duties" in r for r in results)


def test_unknown_fields_and_uncatalogued_statutes_are_not_errors():
    data = scenario("ct-2019", convictions=[conviction("53a-999")])
    data["officer_notes"] = {"anything": [1, 2, 3]}
    proc = run_command("-", json.dumps(data))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["actions"]["detain"]["verdict"] == "needs_review"


def test_an_empty_array_gives_an_empty_array():
    proc = run_command("-", "[]")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_datetime_without_offset_names_scenario_and_field():
    good = scenario("ct-2019")
    bad = scenario("ct-2019", decided_at="2024-04-23T09:00:00")
    line = assert_bad_input(run_command("-", json.dumps([good, bad])), "decided_at", "offset")
    assert line.startswith("scenario 1: decided_at")


def test_unknown_statute_format_names_the_field():
    bad = scenario("ct-2019", convictions=[conviction("manslaughter one")])
    line = assert_bad_input(run_command("-", json.dumps(bad)))
    assert line.startswith("scenario 0: subject.convictions[0].statute: ")


def test_missing_field_names_the_field(tmp_path):
    bad = scenario("ct-2019")
    del bad["detainer"]["form"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([scenario("ct-2013"), scenario("none"), bad]), encoding="utf-8")
    line = assert_bad_input(run_command(str(path)))
    assert line.startswith("scenario 2: detainer.form: ")


def test_mistyped_field_names_the_field():
    bad = scenario("ct-2019")
    bad["interview_consent"] = "yes"
    assert assert_bad_input(run_command("-", json.dumps(bad))).startswith("scenario 0: interview_consent: ")


def test_an_array_element_that_is_not_an_object():
    line = assert_bad_input(run_command("-", json.dumps([scenario("ct-2019"), 7])))
    assert line.startswith("scenario 1: ")


@pytest.mark.parametrize("text", ["{not json", "", "[1,", '"just a string"', "42", "null"])
def test_not_json_or_wrong_top_level_is_refused(text):
    assert_bad_input(run_command("-", text))


def test_a_missing_file_is_refused(tmp_path):
    assert_bad_input(run_command(str(tmp_path / "nope.json")), "nope.json")


def _with(mutate) -> dict:
    data = scenario("ct-2019", convictions=[conviction("53a-55")])
    mutate(data)
    return data


def _conv(**fields) -> dict:
    return _with(lambda d: d["subject"]["convictions"][0].update(fields))


def _subject(**fields) -> dict:
    return _with(lambda d: d["subject"].update(fields))


CONV = "subject.convictions[0]"
# (kind of bad input, the scenario, the field the error line must name, words it must contain)
BAD_FIELDS = [
    ("missing field", _with(lambda d: d.pop("decided_at")), "decided_at", "required"),
    ("mistyped field", _subject(tsdb_possible_match="yes"), "subject.tsdb_possible_match", "true or false"),
    ("unknown statute format", _conv(statute="53a.55"), f"{CONV}.statute", "statute format"),
    (
        "datetime without offset",
        _with(lambda d: d.update(releasable_at="2024-04-23T10:00")),
        "releasable_at",
        "offset",
    ),
    ("unknown enum value", _conv(jurisdiction="Mars"), f"{CONV}.jurisdiction", "unknown value"),
    ("unknown participation", _conv(participation="solicitation"), f"{CONV}.participation", "unknown value"),
    ("mistyped participation", _conv(participation=1), f"{CONV}.participation", "string"),
    ("offense date not YYYY-MM-DD", _conv(offense_date="14/03/2009"), f"{CONV}.offense_date", "YYYY-MM-DD"),
    (
        "offense date that does not exist",
        _conv(offense_date="2009-02-30"),
        f"{CONV}.offense_date",
        "YYYY-MM-DD",
    ),
    (
        "offense date with a time",
        _conv(offense_date="2009-03-14T10:00"),
        f"{CONV}.offense_date",
        "YYYY-MM-DD",
    ),
    ("unknown felony class", _conv(felony_class="death"), f"{CONV}.felony_class", "unknown value"),
    (
        "mistyped court order",
        _subject(interview_court_order="no"),
        "subject.interview_court_order",
        "true or false",
    ),
    (
        "mistyped notification request",
        _with(lambda d: d["detainer"].update(requests_notification=0)),
        "detainer.requests_notification",
        "true or false",
    ),
    ("agency policy not an object", _with(lambda d: d.update(agency_policy=True)), "agency_policy", "object"),
    (
        "mistyped agency policy",
        _with(lambda d: d.update(agency_policy={"interview_requires_consent": "yes"})),
        "agency_policy.interview_requires_consent",
        "true or false",
    ),
]


@pytest.mark.parametrize("what,data,field,words", BAD_FIELDS, ids=[b[0] for b in BAD_FIELDS])
def test_each_kind_of_bad_input_exits_2_naming_scenario_and_field(what, data, field, words):
    proc = run_command("-", json.dumps([scenario("ct-2013"), data]))
    line = assert_bad_input(proc, words)
    assert line.startswith(f"scenario 1: {field}: "), line


def test_v2_fields_are_accepted_and_capital_is_a_class():
    data = scenario(
        "ct-2019",
        convictions=[
            conviction("53a-54a", participation="attempt", offense_date="2011-06-30"),
            conviction("53a-999", felony_class="capital", participation="accessory"),
        ],
        policy=True,
        requests_notification=False,
        interview_court_order=True,
    )
    proc = run_command("-", json.dumps(data))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["grounds"] == ["ab_felony_conviction", "interview_court_order"]
    assert result["actions"]["interview"]["verdict"] == "prohibited"  # policy, no consent
    assert "forward_notification_request_to_agency_head" not in result["duties"]
