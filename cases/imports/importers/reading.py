"""Reading an upload once, row by row, stopping at the row limit.

The bytes are bounded by ``MAX_BYTES`` before anything is decoded; the CSV reader is
consumed lazily and reading stops after ``MAX_BACKGROUND_ROWS`` data rows (or
``MAX_LINES`` lines, blank ones included), so a file of a million short rows costs what
the first few thousand cost. The result (header and cells, nothing parsed further) is what
the stash keeps between the preview and the import: the CSV text is never read again."""

import csv
import io
import itertools
from dataclasses import dataclass, field

from .cells import MAX_BACKGROUND_ROWS, MAX_BYTES, MAX_LINES, SAVE_AS, ImportFileError, decode


@dataclass
class Parsed:
    """The file as read: its header and its data rows (line number, cells), at most the limit."""

    header: list[str] = field(default_factory=list)
    records: list[tuple[int, list[str]]] = field(default_factory=list)
    too_many: bool = False  # reading stopped at the limit: the file has more rows
    error: str = ""  # the CSV itself cannot be read

    def to_json(self) -> dict:
        return {"header": self.header, "records": [[n, cells] for n, cells in self.records],
                "too_many": self.too_many, "error": self.error}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict) -> "Parsed":
        records = [(int(n), [str(c) for c in cells]) for n, cells in data["records"]]
        return cls(data["header"], records, bool(data["too_many"]), data.get("error", ""))


def size_words(limit: int = MAX_BYTES) -> str:
    return f"{limit / 1_000_000:g} MB"


def read_upload(uploaded_file) -> Parsed:
    """Read an uploaded CSV file once. A file too big, not text or empty raises ImportFileError."""
    if uploaded_file.size > MAX_BYTES:
        raise ImportFileError(
            f"The file is larger than {size_words()}. Split it into smaller files and import each."
        )
    return parse_text(decode(uploaded_file.read(MAX_BYTES + 1)[:MAX_BYTES]))


def parse_text(text: str) -> Parsed:
    parsed = Parsed()
    lines = csv.reader(io.StringIO(text, newline=""))
    try:
        parsed.header = next(lines, [])
        for number, values in enumerate(itertools.islice(lines, MAX_LINES), start=2):
            if not any(value.strip() for value in values):
                continue  # blank lines are not rows
            if len(parsed.records) == MAX_BACKGROUND_ROWS:
                parsed.too_many = True
                break
            parsed.records.append((number, values))
        else:
            parsed.too_many = next(lines, None) is not None
    except csv.Error as exc:
        parsed.error = f"The file cannot be read as CSV ({exc}). {SAVE_AS}"
    return parsed
