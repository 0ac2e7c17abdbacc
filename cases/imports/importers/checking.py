"""Checking a file: header, rows and the references each kind resolves."""

import csv
import io

from .cells import MAX_ROWS, SAVE_AS, Problem
from .columns import KIND_LABELS, Check, Column, Row, columns_of
from .history import _resolve_history
from .roster import _resolve_roster

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
