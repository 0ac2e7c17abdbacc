"""Bulk import of custody rosters and criminal histories from CSV files.

``check_file`` only reads: it parses the file and checks every row against the agency's
records, collecting messages in plain words ("row 7: date_of_birth '1990-13-01' is not a
date (use YYYY-MM-DD)"). ``import_file`` checks again and then writes every row through the
usual services (each writes its own audit row) in ONE transaction: all rows or none.

The file is read once (``read_upload``: bounded in bytes, stopping at the row limit); what
was read and the preview's result wait under ``MEDIA_ROOT/imports/<agency id>/<token>.json``
(never served) until the confirmation; the view keeps the token in the user's session."""

from .cells import (
    CLOCK_SLACK,
    IMPORT_ACTIONS,
    MAX_BACKGROUND_ROWS,
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
    text,
)
from .checking import check_file, preview_of
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
from .reading import Parsed, parse_text, read_upload, size_words
from .stash import discard, load, read_progress, stash, write_progress

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
    "MAX_BACKGROUND_ROWS",
    "MAX_BYTES",
    "MAX_ROWS",
    "PERSON_FIELDS",
    "Parsed",
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
    "parse_text",
    "parse_date",
    "parse_datetime",
    "parse_past_date",
    "parse_past_datetime",
    "parse_statute",
    "parse_subdivision",
    "parse_yes_no",
    "preview_of",
    "read_progress",
    "read_upload",
    "size_words",
    "stash",
    "text",
    "write_progress",
]
