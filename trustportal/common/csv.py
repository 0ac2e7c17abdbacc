"""CSV exports: cells a spreadsheet will not run as formulas, streamed rows."""

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse

# OWASP: a cell starting with one of these may be run as a formula by a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str | int | float:
    """A cell a spreadsheet will not run as a formula; numbers stay numbers."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value):
        return value


def csv_stream(rows: Iterable[Iterable], *, filename: str) -> StreamingHttpResponse:
    """A streamed CSV download of ``rows`` (the first row is the header), every cell made safe."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([csv_safe(c) for c in row]) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
