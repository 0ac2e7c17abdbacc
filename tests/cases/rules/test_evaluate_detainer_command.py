"""``python manage.py evaluate_detainer FILE|-`` as a separate process, as counsel runs it:
exit codes, JSON on standard output, one line on standard error. No database rows needed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cases.rules.helpers import conviction, instant, scenario

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = Path(__file__).resolve().parent / "examples"
NAMES = sorted(
    p.name.removesuffix(".json") for p in EXAMPLES.glob("*.json") if not p.name.endswith(".expected.json")
)


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


def expected(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))


def assert_matches(result: dict, want: dict) -> None:
    assert result["rule_set"] == want["rule_set"]
    for action, verdict in want["actions"].items():
        assert result["actions"][action]["verdict"] == verdict["verdict"]
        if "hold_until" in verdict:
            assert instant(result["actions"][action]["hold_until"]) == instant(verdict["hold_until"])
    assert set(result["grounds"]) == set(want["grounds"])


@pytest.mark.parametrize("name", NAMES)
def test_one_scenario_file_prints_one_result(name):
    proc = run_command(str(EXAMPLES / f"{name}.json"))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert isinstance(result, dict)
    assert_matches(result, expected(name))


def test_an_array_on_stdin_prints_an_array_in_order():
    scenarios = [json.loads((EXAMPLES / f"{n}.json").read_text(encoding="utf-8")) for n in NAMES]
    proc = run_command("-", json.dumps(scenarios))
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    assert isinstance(results, list) and len(results) == len(NAMES)
    for name, result in zip(NAMES, results, strict=True):
        assert_matches(result, expected(name))
    assert all(len(r["trace"]) > 0 and "review_reasons" in r for r in results)


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
