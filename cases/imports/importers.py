"""Bulk import of custody rosters and criminal histories from CSV files.

``check_file`` only reads: it parses the file and checks every row against the agency's
records, collecting messages in plain words ("row 7: date_of_birth '1990-13-01' is not a
date (use YYYY-MM-DD)"). ``import_file`` checks again and then writes every row through the
usual services (each writes its own audit row) in ONE transaction: all rows or none.

Between the preview and the confirmation the file waits under
``MEDIA_ROOT/imports/<agency id>/<token>.csv`` (never served); the view keeps the token in
the user's session.
"""

import contextlib
import csv
import datetime as dt
import io
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from cases.audit_actions import CaseAction
from cases.catalogue import syntax
from cases.custody import services
from cases.models import (
    Conviction,
    ConvictionSource,
    CustodyCase,
    Jurisdiction,
    Participation,
    Person,
    Sex,
    normalise_a_number,
)
from trustportal.accounts.models import Agency
from trustportal.audit.services import audit_record

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 500  # every row goes through the audited services in one request: ~25 ms a row on PostgreSQL
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


def read_upload(uploaded_file) -> str:
    if uploaded_file.size > MAX_BYTES:
        raise ImportFileError("The file is larger than 5 MB. Split it into smaller files and import each.")
    return decode(uploaded_file.read())


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
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


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


# --- the two kinds of file ---------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], object]
    required: bool = False
    default: object = ""


@dataclass
class Row:
    number: int
    raw: dict[str, str]
    cells: list[str] = field(default_factory=list)  # the values as given, one per column
    data: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    note: str = ""
    person: Person | None = None  # an existing person of the agency
    new_person_key: tuple | None = None  # a person this file creates

    def error(self, message: str):
        self.errors.append(f"row {self.number}: {message}")


@dataclass
class Check:
    kind: str
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    new_people: dict = field(default_factory=dict)  # key -> {"row": n, "data": person fields}

    @property
    def errors(self) -> list[str]:
        return [*self.file_errors, *(e for row in self.rows for e in row.errors)]

    @property
    def ok(self) -> bool:
        return not self.errors


PERSON_FIELDS = ("last_name", "first_name", "date_of_birth", "sex", "a_number")
CASE_FIELDS = ("booking_number", "booked_at", "facility", "arresting_officer", "releasable_at")
CONVICTION_FIELDS = (
    "statute", "subdivision", "description", "victim_age", "participation", "offense_date",
    "convicted_on", "jurisdiction", "juvenile", "source",
)  # fmt: skip

ROSTER_COLUMNS = [
    Column("booking_number", text(32), required=True),
    Column("last_name", text(100), required=True),
    Column("first_name", text(100), required=True),
    Column("date_of_birth", parse_past_date, required=True),
    Column("sex", choice(Sex), default=Sex.UNKNOWN),
    Column("a_number", parse_a_number),
    Column("booked_at", parse_past_datetime, required=True),
    Column("facility", text(120), required=True),
    Column("arresting_officer", text(120)),
    Column("releasable_at", parse_datetime, default=None),
]

HISTORY_COLUMNS = [
    Column("a_number", parse_a_number),
    Column("booking_number", text(32)),
    Column("statute", parse_statute, required=True),
    Column("subdivision", parse_subdivision),
    Column("description", text(200)),
    Column("victim_age", parse_age, default=None),
    Column("participation", choice(Participation), default=Participation.PRINCIPAL),
    Column("offense_date", parse_past_date, default=None),
    Column("convicted_on", parse_past_date, default=None),
    Column("jurisdiction", choice(Jurisdiction), default=Jurisdiction.CT),
    Column("juvenile", parse_yes_no, default=False),
    Column("source", choice(ConvictionSource), default=ConvictionSource.CRIMINAL_HISTORY),
]

KIND_LABELS = {"roster": "custody roster", "history": "criminal history"}


def columns_of(kind: str) -> list[Column]:
    return ROSTER_COLUMNS if kind == "roster" else HISTORY_COLUMNS


# --- checking a file ---------------------------------------------------------------------


def check_file(*, kind: str, text: str, agency) -> Check:
    """Parse the file and check every row against the agency's records. Changes nothing."""
    check = Check(kind=kind)
    records = _read_csv(text, check)
    if records is None:
        return check
    _check_header(records[0], check)
    check.rows = _rows(records, check.columns)
    if not check.rows:
        check.file_errors.append("The file has a header row but no data rows.")
    elif len(check.rows) > MAX_ROWS:
        check.file_errors.append(
            f"The file has {len(check.rows)} rows. Import at most {MAX_ROWS} rows at a time: split the file."
        )
    if check.file_errors:
        return check
    for row in check.rows:
        if not row.errors:
            _parse_row(row, columns_of(kind))
    (_resolve_roster if kind == "roster" else _resolve_history)(check, agency)
    return check


def _read_csv(text: str, check: Check) -> list[list[str]] | None:
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        check.file_errors.append(f"The file cannot be read as CSV ({exc}). {SAVE_AS}")
        return None
    if not records or not any(cell.strip() for cell in records[0]):
        check.file_errors.append("The first row must name the columns, e.g. booking_number,last_name,...")
        return None
    return records


def _check_header(header: list[str], check: Check):
    check.columns = [name.strip().lower() for name in header]
    expected = [c.name for c in columns_of(check.kind)]
    what = KIND_LABELS[check.kind]
    for name in dict.fromkeys(check.columns):
        if not name:
            check.file_errors.append("A column has no name (is there a comma too many in the first row?).")
        elif check.columns.count(name) > 1:
            check.file_errors.append(f"The column '{name}' appears more than once.")
        elif name not in expected:
            check.file_errors.append(
                f"Unknown column '{name}'. The columns of a {what} are: {', '.join(expected)}."
            )
    for column in columns_of(check.kind):
        if column.required and column.name not in check.columns:
            check.file_errors.append(f"Missing column '{column.name}': a {what} file needs it.")
    if check.kind == "history" and not {"a_number", "booking_number"} & set(check.columns):
        check.file_errors.append("Missing column: a criminal history needs a_number or booking_number.")


def _rows(records: list[list[str]], columns: list[str]) -> list[Row]:
    rows = []
    for number, values in enumerate(records[1:], start=2):
        if not any(value.strip() for value in values):
            continue  # blank lines are not rows
        cells = [value.strip() for value in values][: len(columns)]
        cells += [""] * (len(columns) - len(cells))
        row = Row(number=number, raw=dict(zip(columns, cells, strict=True)), cells=cells)
        if len(values) != len(columns):
            row.error(f"has {len(values)} values but the header has {len(columns)} columns")
        rows.append(row)
    return rows


def _parse_row(row: Row, columns: list[Column]):
    for column in columns:
        value = row.raw.get(column.name, "")
        if not value:
            if column.required:
                row.error(f"{column.name} is empty")
            else:
                row.data[column.name] = column.default
            continue
        try:
            row.data[column.name] = column.parse(value)
        except Problem as exc:
            shown = value if len(value) <= 40 else value[:40] + "…"
            row.error(f"{column.name} '{shown}' {exc}")


# --- custody roster: bookings and the people booked ---------------------------------------


def _resolve_roster(check: Check, agency):
    _check_booking_numbers(check.rows, agency)
    by_a, by_name = _existing_people(check.rows, agency)
    for row in check.rows:
        if all(row.data.get(f) for f in ("last_name", "first_name", "date_of_birth")):
            _match_person(row, by_a, by_name, check.new_people)
        booked_at, releasable_at = row.data.get("booked_at"), row.data.get("releasable_at")
        if booked_at and releasable_at and releasable_at < booked_at:
            row.error("releasable_at is before booked_at")
    matched = {row.person.pk for row in check.rows if row.person}
    check.counts = {"rows": len(check.rows), "new_people": len(check.new_people),
                    "matched_people": len(matched), "new_cases": len(check.rows)}  # fmt: skip


def _check_booking_numbers(rows: list[Row], agency):
    numbers = [row.data["booking_number"] for row in rows if row.data.get("booking_number")]
    taken = set(
        CustodyCase.objects.filter(agency=agency, booking_number__in=numbers).values_list(
            "booking_number", flat=True
        )
    )
    first_seen: dict[str, int] = {}
    for row in rows:
        number = row.data.get("booking_number")
        if not number:
            continue
        if number in taken:
            row.error(f"booking number {number} is already in your agency")
        elif number in first_seen:
            row.error(f"booking number {number} is also in row {first_seen[number]}")
        else:
            first_seen[number] = row.number


def _name_key(data) -> tuple:
    return (data["last_name"].lower(), data["first_name"].lower(), data["date_of_birth"])


def _existing_people(rows: list[Row], agency):
    a_numbers = {row.data.get("a_number") for row in rows} - {"", None}
    by_a = {p.a_number: p for p in Person.objects.filter(agency=agency, a_number__in=a_numbers)}
    named = [
        row.data for row in rows if all(row.data.get(f) for f in ("last_name", "first_name", "date_of_birth"))
    ]
    by_name = defaultdict(list)
    people = Person.objects.filter(agency=agency, date_of_birth__in={d["date_of_birth"] for d in named})
    people = people.annotate(last_lower=Lower("last_name")).filter(
        last_lower__in={d["last_name"].lower() for d in named}
    )
    for person in people:
        by_name[(person.last_name.lower(), person.first_name.lower(), person.date_of_birth)].append(person)
    return by_a, by_name


def _who(data) -> str:
    return f"{data['last_name']}, {data['first_name']} born {data['date_of_birth']:%Y-%m-%d}"


def _match_person(row: Row, by_a: dict, by_name: dict, new_people: dict):
    """An existing person (by A-number, else name and date of birth) or a new one of this file."""
    data, a_number, key = row.data, row.data.get("a_number") or "", _name_key(row.data)
    person = by_a.get(a_number) if a_number else None
    if person is not None and (person.last_name.lower(), person.date_of_birth) != (key[0], key[2]):
        return row.error(f"A-number {a_number} belongs to {person} in your records, not to {_who(data)}")
    candidates = [person] if person else by_name.get(key, [])
    if len(candidates) > 1:
        return row.error(f"more than one {_who(data)} is in your records: add the A-number to this row")
    if candidates:
        person = candidates[0]
        if a_number and person.a_number and person.a_number != a_number:
            return row.error(f"{person} is in your records with A-number {person.a_number}, not {a_number}")
        row.person, row.note = person, f"Matches {person}"
        return None
    return _new_person(row, key, a_number, new_people)


def _new_person(row: Row, key: tuple, a_number: str, new_people: dict):
    for other in new_people.values():
        if a_number and other["data"]["a_number"] == a_number and other["key"] != key:
            return row.error(f"A-number {a_number} is also in row {other['row']} for a different person")
    first = new_people.get(key)
    if first is None:
        new_people[key] = {"row": row.number, "key": key, "data": {f: row.data.get(f) for f in PERSON_FIELDS}}
        row.new_person_key, row.note = key, "New person"
        return None
    if a_number and first["data"]["a_number"] and first["data"]["a_number"] != a_number:
        return row.error(f"{_who(row.data)} has A-number {first['data']['a_number']} in row {first['row']}")
    first["data"]["a_number"] = first["data"]["a_number"] or a_number
    row.new_person_key, row.note = key, f"New person (same as row {first['row']})"
    return None


def _apply_roster(check: Check, *, agency, acting_user, filename):
    created = {}
    for row in check.rows:
        key = row.new_person_key
        if key is not None and key not in created:
            data = check.new_people[key]["data"]
            created[key] = _write(
                row, services.person_create, agency=agency, data=data, acting_user=acting_user
            )
        person = row.person
        if person is None:
            assert key is not None  # a row without a person creates one, under its key
            person = created[key]
        case_data = {f: row.data[f] for f in CASE_FIELDS}
        _write(row, services.case_book, person=person, data=case_data, acting_user=acting_user)


# --- criminal history: convictions of people already in the agency's records ----------------


def _resolve_history(check: Check, agency):
    rows = check.rows
    a_numbers = {row.data.get("a_number") for row in rows} - {"", None}
    bookings = {row.data.get("booking_number") for row in rows} - {"", None}
    by_a = {p.a_number: p for p in Person.objects.filter(agency=agency, a_number__in=a_numbers)}
    by_booking = {
        c.booking_number: c.person
        for c in CustodyCase.objects.filter(agency=agency, booking_number__in=bookings).select_related(
            "person"
        )
    }
    for row in rows:
        _find_history_person(row, by_a, by_booking)
    _check_duplicate_convictions(rows)
    people = {row.person.pk for row in rows if row.person}
    check.counts = {"rows": len(rows), "matched_people": len(people), "new_convictions": len(rows)}


def _find_history_person(row: Row, by_a: dict, by_booking: dict):
    a_number, booking = row.data.get("a_number"), row.data.get("booking_number")
    if "a_number" not in row.data or "booking_number" not in row.data:
        return  # a value that did not parse: already reported
    if not a_number and not booking:
        return row.error("give the person's a_number or booking_number")
    from_a, from_booking = by_a.get(a_number), by_booking.get(booking)
    if a_number and from_a is None:
        return row.error(f"no person in your agency has A-number {a_number}")
    if booking and from_booking is None:
        return row.error(f"booking number {booking} is not in your agency")
    if from_a and from_booking and from_a != from_booking:
        return row.error(f"A-number {a_number} and booking number {booking} are different people")
    row.person = from_a or from_booking
    row.note = f"{row.person}"
    return None


def _conviction_key(person_pk, data) -> tuple:
    return (person_pk, data.get("statute"), data.get("subdivision"), data.get("convicted_on"))


def _check_duplicate_convictions(rows: list[Row]):
    people = {row.person.pk for row in rows if row.person}
    existing = {
        _conviction_key(c["person_id"], c)
        for c in Conviction.objects.filter(person__in=people).values(
            "person_id", "statute", "subdivision", "convicted_on"
        )
    }
    first_seen: dict[tuple[object, ...], int] = {}
    for row in rows:
        if row.person is None or "statute" not in row.data:
            continue
        key = _conviction_key(row.person.pk, row.data)
        if key in existing:
            when = f"{row.data['convicted_on']:%Y-%m-%d}" if row.data.get("convicted_on") else "no date"
            row.error(
                f"this conviction (§ {row.data['statute']}, {when}) is already recorded for {row.person}"
            )
        elif key in first_seen:
            row.error(f"the same conviction is also in row {first_seen[key]}")
        else:
            first_seen[key] = row.number


def _apply_history(check: Check, *, agency, acting_user, filename):
    for row in check.rows:
        data = {f: row.data.get(f, "") for f in CONVICTION_FIELDS}
        data["source_detail"] = f"Imported from {filename}"[:200] if filename else "Imported"
        _write(row, services.conviction_add, person=row.person, data=data, acting_user=acting_user)


# --- importing -------------------------------------------------------------------------


def _write(row: Row, service, **kwargs):
    """Call one service for a row; a refusal stops the whole import with the row's number."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        raise ImportRefused([f"row {row.number}: {' '.join(exc.messages)}"]) from exc
    except IntegrityError as exc:
        raise ImportRefused([f"row {row.number}: this row clashes with a record saved meanwhile"]) from exc


def import_file(*, kind: str, text: str, agency, acting_user, filename: str = "") -> Check:
    """Check the file again and import every row in one transaction, or nothing at all."""
    with transaction.atomic():
        # one import at a time per agency, so that two imports of the same file cannot both pass the checks
        Agency.objects.select_for_update().only("pk").get(pk=agency.pk)
        check = check_file(kind=kind, text=text, agency=agency)
        if not check.ok:
            raise ImportRefused(check.errors)
        apply = _apply_roster if kind == "roster" else _apply_history
        apply(check, agency=agency, acting_user=acting_user, filename=filename)
        audit_record(action=IMPORT_ACTIONS[kind], acting_user=acting_user, agency=agency,
                     details={"file": filename[:255], **check.counts})  # fmt: skip
    return check


# --- the file between preview and confirmation ------------------------------------------------


def _stash_dir(agency) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(agency.pk)


def _stash_path(agency, token) -> Path:
    return _stash_dir(agency) / f"{uuid.UUID(str(token)).hex}.csv"


def stash(*, agency, text: str) -> str:
    folder = _stash_dir(agency)
    folder.mkdir(parents=True, exist_ok=True)
    _purge_old(folder)
    token = uuid.uuid4()
    (folder / f"{token.hex}.csv").write_text(text, encoding="utf-8")
    return str(token)


def load(*, agency, token) -> str:
    try:
        return _stash_path(agency, token).read_text(encoding="utf-8")
    except (OSError, ValueError):
        raise ImportFileError("This upload is no longer available. Upload the file again.") from None


def discard(*, agency, token):
    with contextlib.suppress(OSError, ValueError):
        _stash_path(agency, token).unlink(missing_ok=True)


def _purge_old(folder: Path):
    """Files of previews nobody confirmed are removed after a day."""
    limit = time.time() - STASH_MAX_AGE_SECONDS
    for path in folder.glob("*.csv"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
