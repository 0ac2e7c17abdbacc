"""Reading an upload and its cells: each parser returns the value or raises Problem."""

import datetime as dt
import re
from collections.abc import Callable

from django.utils import timezone

from cases.audit_actions import CaseAction
from cases.catalogue import syntax
from cases.models import (
    normalise_a_number,
)
from trustportal.common.times import local_time_problem

MAX_ROWS = 500  # imported in the request: every row goes through the audited services, ~25 ms a row
MAX_BACKGROUND_ROWS = 5000  # larger files are imported by a Celery task (still one transaction)
BYTES_PER_ROW = 600  # a roster row with every column at its longest is about 560 bytes
MAX_BYTES = BYTES_PER_ROW * MAX_BACKGROUND_ROWS  # 3 MB: what the largest file allowed needs
MAX_LINES = 2 * MAX_BACKGROUND_ROWS  # blank lines included: reading stops here
STASH_MAX_AGE_SECONDS = 24 * 3600
CLOCK_SLACK = dt.timedelta(minutes=5)
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
SAVE_AS = "Save it from your spreadsheet as “CSV UTF-8 (comma delimited)” and upload that file."

IMPORT_ACTIONS = {"roster": CaseAction.IMPORT_ROSTER, "history": CaseAction.IMPORT_HISTORY}


class ImportFileError(Exception):
    """The file as a whole cannot be read (too big, not text, not UTF-8, empty)."""


class ImportRefused(Exception):
    """The import stopped; nothing was saved. ``messages`` says why, row by row."""

    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = list(messages)


class Problem(Exception):
    """A cell's value is wrong: the text completes "<column> '<value>' ..."."""


# --- reading the upload ----------------------------------------------------------------


def decode(raw: bytes) -> str:
    if not raw.strip():
        raise ImportFileError("The file is empty.")
    if b"\x00" in raw:
        raise ImportFileError(f"This is not a CSV text file. {SAVE_AS}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(f"The file is not a UTF-8 CSV text file. {SAVE_AS}") from None


# --- cell parsers: each returns the value or raises Problem -----------------------------


def text(max_length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise Problem(f"is longer than {max_length} characters")
        return value

    return parse


def parse_date(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise Problem("is not a date (use YYYY-MM-DD)") from None


def parse_past_date(value: str) -> dt.date:
    day = parse_date(value)
    if day > timezone.localdate():
        raise Problem("is in the future")
    if day.year < EARLIEST_YEAR:
        raise Problem(f"is before {EARLIEST_YEAR}")
    return day


def parse_datetime(value: str) -> dt.datetime:
    """ISO 8601 or 'YYYY-MM-DD HH:MM'; without an offset it is local time (America/New_York)."""
    try:
        if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", value):
            raise ValueError(value)
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Problem("is not a date and time (use YYYY-MM-DD HH:MM)") from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise Problem(f"is not between {EARLIEST_YEAR} and {LATEST_YEAR}")
    if timezone.is_aware(moment):
        return moment
    problem = local_time_problem(moment)
    if problem is None:
        return timezone.make_aware(moment)
    first, second = (moment.replace(tzinfo=timezone.get_current_timezone(), fold=f) for f in (0, 1))
    if first.isoformat() != second.isoformat() and first.dst():  # fall back: both readings exist
        problem += (
            f": write it with its offset, {first.isoformat(timespec='minutes')} for the first "
            f"or {second.isoformat(timespec='minutes')} for the second"
        )
    raise Problem(problem)


def parse_past_datetime(value: str) -> dt.datetime:
    moment = parse_datetime(value)
    if moment > timezone.now() + CLOCK_SLACK:
        raise Problem("is in the future")
    return moment


def parse_a_number(value: str) -> str:
    try:
        if not value.isascii():
            raise ValueError(value)
        return normalise_a_number(value)
    except ValueError:
        raise Problem("is not an A-number (the letter A and 8 or 9 digits, e.g. A012345678)") from None


def parse_statute(value: str) -> str:
    try:
        return syntax.parse_statute(value)
    except ValueError:
        raise Problem("is not a Connecticut statute like 53a-55") from None


def parse_subdivision(value: str) -> str:
    try:
        return syntax.parse_subdivision(value)
    except ValueError:
        raise Problem("is not a subdivision like a1 (write (a)(1) as a1)") from None


def parse_age(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) > 120:
        raise Problem("is not an age in years (0 to 120)")
    return int(value)


def parse_yes_no(value: str) -> bool:
    answer = {
        "yes": True,
        "y": True,
        "true": True,
        "1": True,
        "no": False,
        "n": False,
        "false": False,
        "0": False,
    }
    if value.lower() not in answer:
        raise Problem("is not yes or no")
    return answer[value.lower()]


def choice(choices) -> Callable[[str], str]:
    """A value of the TextChoices, given as its code or its label, in any case."""
    known = {c.value.lower(): c.value for c in choices} | {c.label.lower(): c.value for c in choices}
    listed = ", ".join(c.value for c in choices)

    def parse(value: str) -> str:
        if value.lower() not in known:
            raise Problem(f"is not one of {listed}")
        return known[value.lower()]

    return parse
