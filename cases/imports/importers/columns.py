"""The two kinds of file: their columns, rows and the result of checking them."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cases.models import (
    ConvictionSource,
    Jurisdiction,
    Participation,
    Person,
    Sex,
)

from .cells import (
    ImportRefused,
    choice,
    parse_a_number,
    parse_age,
    parse_datetime,
    parse_past_date,
    parse_past_datetime,
    parse_statute,
    parse_subdivision,
    parse_yes_no,
    text,
)

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


# --- importing -------------------------------------------------------------------------


def _write(row: Row, service, **kwargs):
    """Call one service for a row; a refusal stops the whole import with the row's number."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        raise ImportRefused([f"row {row.number}: {' '.join(exc.messages)}"]) from exc
    except IntegrityError as exc:
        raise ImportRefused([f"row {row.number}: this row clashes with a record saved meanwhile"]) from exc
