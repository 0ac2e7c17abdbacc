"""Bulk import of custody rosters and criminal histories from CSV files.

``check_file`` only reads: it parses the file and checks every row against the agency's
records, collecting messages in plain words ("row 7: date_of_birth '1990-13-01' is not a
date (use YYYY-MM-DD)"). ``import_file`` checks again and then writes every row through the
usual services (each writes its own audit row) in ONE transaction: all rows or none.

Between the preview and the confirmation the file waits under
``MEDIA_ROOT/imports/<agency id>/<token>.csv`` (never served); the view keeps the token in
the user's session."""

from .cells import (
    CLOCK_SLACK,
    IMPORT_ACTIONS,
    MAX_BYTES,
    MAX_ROWS,
    SAVE_AS,
    STASH_MAX_AGE_SECONDS,
    ImportFileError,
    ImportRefused,
    Problem,
    choice,
    decode,
    parse_a_number,
    parse_age,
    parse_date,
    parse_datetime,
    parse_past_date,
    parse_past_datetime,
    parse_statute,
    parse_subdivision,
    parse_yes_no,
    read_upload,
    text,
)
from .checking import check_file
from .columns import (
    CASE_FIELDS,
    CONVICTION_FIELDS,
    HISTORY_COLUMNS,
    KIND_LABELS,
    PERSON_FIELDS,
    ROSTER_COLUMNS,
    Check,
    Column,
    Row,
    columns_of,
)
from .importing import import_file
from .stash import discard, load, stash

__all__ = [
    "CASE_FIELDS",
    "CLOCK_SLACK",
    "CONVICTION_FIELDS",
    "Check",
    "Column",
    "HISTORY_COLUMNS",
    "IMPORT_ACTIONS",
    "ImportFileError",
    "ImportRefused",
    "KIND_LABELS",
    "MAX_BYTES",
    "MAX_ROWS",
    "PERSON_FIELDS",
    "Problem",
    "ROSTER_COLUMNS",
    "Row",
    "SAVE_AS",
    "STASH_MAX_AGE_SECONDS",
    "check_file",
    "choice",
    "columns_of",
    "decode",
    "discard",
    "import_file",
    "load",
    "parse_a_number",
    "parse_age",
    "parse_date",
    "parse_datetime",
    "parse_past_date",
    "parse_past_datetime",
    "parse_statute",
    "parse_subdivision",
    "parse_yes_no",
    "read_upload",
    "stash",
    "text",
]
