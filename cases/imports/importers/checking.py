"""Checking a file: header, rows and the references each kind resolves."""

from .cells import MAX_BACKGROUND_ROWS, Problem
from .columns import KIND_LABELS, Check, Column, Row, columns_of
from .history import _resolve_history
from .reading import Parsed
from .roster import _resolve_roster

# --- checking a file ---------------------------------------------------------------------


def check_file(*, kind: str, parsed: Parsed, agency) -> Check:
    """Check the rows read from a file against the agency's records. Changes nothing."""
    check = Check(kind=kind)
    if parsed.error:
        check.file_errors.append(parsed.error)
        return check
    if not any(cell.strip() for cell in parsed.header):
        check.file_errors.append("The first row must name the columns, e.g. booking_number,last_name,...")
        return check
    _check_header(parsed.header, check)
    check.rows = _rows(parsed.records, check.columns)
    if parsed.too_many:
        check.file_errors.append(
            f"The file has more than {MAX_BACKGROUND_ROWS:,} rows. "
            f"Import at most {MAX_BACKGROUND_ROWS:,} rows at a time: split the file."
        )
    elif not check.rows:
        check.file_errors.append("The file has a header row but no data rows.")
    if check.file_errors:
        return check
    for row in check.rows:
        if not row.errors:
            _parse_row(row, columns_of(kind))
    (_resolve_roster if kind == "roster" else _resolve_history)(check, agency)
    return check


def preview_of(check: Check) -> dict:
    """What the preview pages show, kept with the stashed file (plain JSON)."""
    rows = [{"number": r.number, "cells": r.cells, "errors": r.errors, "note": r.note} for r in check.rows]
    return {"kind": check.kind, "columns": check.columns, "rows": rows, "ok": check.ok,
            "errors": check.errors, "counts": check.counts}  # fmt: skip


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


def _rows(records: list[tuple[int, list[str]]], columns: list[str]) -> list[Row]:
    rows = []
    for number, values in records:
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
