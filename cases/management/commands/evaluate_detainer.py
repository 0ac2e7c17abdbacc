"""``python manage.py evaluate_detainer FILE|-``: run the rule engine on scenarios in JSON.

The contract is SCENARIOS.md: FILE (or standard input for ``-``) holds one scenario object
or an array of them; the command prints the result (or an array of results, in order) as
JSON and exits 0. Bad input exits 2 with exactly one line on standard error naming the
scenario index and the field, and prints nothing on standard output. No database is used:
the offense catalogue is read from the shipped data files.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from cases.rules import ScenarioError, evaluate, parse_scenario

EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """Input the command refuses; the message is the one line printed on standard error."""


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    try:
        with open(source, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise BadInput(f"input: cannot read {source}: {exc.strerror or exc}") from None


def _load(raw: bytes) -> tuple[list[Any], bool]:
    """The scenarios in the input, and whether the input was an array."""
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise BadInput("input: not valid UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise BadInput(f"input: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except RecursionError:
        raise BadInput("input: JSON nested too deeply") from None
    if isinstance(data, dict):
        return [data], False
    if isinstance(data, list):
        return data, True
    raise BadInput("input: top level must be a scenario object or an array of them")


def evaluate_input(raw: bytes) -> str:
    """The JSON text to print for ``raw`` input; raises :class:`BadInput`."""
    items, is_array = _load(raw)
    scenarios = []
    for index, item in enumerate(items):
        try:
            scenarios.append(parse_scenario(item))
        except ScenarioError as exc:
            raise BadInput(f"scenario {index}: {exc.field}: {exc.message}") from None
    results = [evaluate(scenario) for scenario in scenarios]
    return json.dumps(results if is_array else results[0], indent=2)


class Command(BaseCommand):
    help = (
        "Evaluate detainer scenarios (one JSON object or an array) under the Trust Act "
        "rule sets and print the results as JSON. FILE may be - for standard input."
    )
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="scenario JSON file, or - for stdin")

    def handle(self, *args, **options):
        try:
            output = evaluate_input(_read(options["file"]))
        except BadInput as exc:
            sys.stderr.write(f"{_one_line(str(exc))}\n")
            sys.stderr.flush()
            sys.exit(EXIT_BAD_INPUT)
        self.stdout.write(output)


def _one_line(text: str) -> str:
    return " ".join(text.split())
