"""The offense catalogue: which felony classes a Connecticut conviction may carry.

Two tables feed the rules (LAW.md §4 and §1.3):

* ``ct_offenses.csv`` (version 2): statute, subdivision, condition, felony class, title,
  confidence, effective_from, effective_to, source;
* ``ct_2025_candidates.csv``: the offenses reported to be added by the 2025 act, every one
  *pending counsel review*, with the evidence for each.

The engine reads the copies shipped in ``cases/data/`` by default. The web application
builds a :class:`Catalogue` from its database rows instead (``Catalogue(rows, candidates)``),
so that counsel's edits take effect without a release. Rows without ``effective_from``,
``effective_to`` or ``source`` (the database's, today) are read with open dates.

This module is also the one home of the statute syntax (:data:`STATUTE_PATTERN`) and of
:func:`normalise_statute` / :func:`normalise_subdivision`: the scenario reader, the models
and the forms use these.

A conviction's class (SCENARIOS.md, "A conviction's class (v2)")
----------------------------------------------------------------
``felony_class`` given with the conviction wins (participation is then ignored). Otherwise
the catalogue gives the *set* of classes the conviction may have:

1. keep the statute's rows in force on the offense date (``effective_from`` <= date <=
   ``effective_to``, an empty bound is open); with no offense date, keep every row;
2. rows whose subdivision equals the conviction's; if none, rows with no subdivision; if
   none and the conviction gives no subdivision, every row (any subdivision may apply);
   otherwise no row;
3. a conditioned row *applies* when its condition holds (``victim_age<N`` with a known age
   under N), *may apply* when the scenario cannot tell (age unknown; a named condition
   such as ``serious_physical_injury``), and does not apply otherwise. If any conditioned
   row applies the set is their classes, else the classes of the rows that may apply plus
   the rows with no condition;
4. no row left, or any low-confidence row among them: the class is unknown;
5. ``attempt`` or ``conspiracy`` turns A into B (§ 53a-51); ``accessory`` keeps the class
   (§ 53a-8).

Two cautious readings where the contract is silent (the shipped data never meets them):
a condition that is neither ``victim_age`` with a comparison nor a name (letters, digits,
underscores) cannot be read, so the class is unknown; and when every row left may apply
but none is unconditioned (so if the condition fails no row is left), the class is unknown.

When the set has more than one class, or is unknown, the finding lists the facts whose
recording could settle it (``to_record``): the offense date when rows are dated, the
subdivision when step 2 kept every row, the victim's age, and each named condition.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
OFFENSES_CSV = DATA_DIR / "ct_offenses.csv"
CANDIDATES_CSV = DATA_DIR / "ct_2025_candidates.csv"

FELONY_CLASSES = ("capital", "A", "B", "C", "D", "E", "unclassified")
CONVICTION_CLASSES = FELONY_CLASSES + ("misdemeanor",)
PARTICIPATIONS = ("principal", "attempt", "conspiracy", "accessory")

TRUSTED_CONFIDENCE = ("high", "medium")
_CACHE_LIMIT = 50_000
# statute, subdivision, victim age, rows in force on the offense date, date unknown, participation
_ClassKey = tuple[str, str | None, int | None, tuple[bool, ...] | None, bool, str]

# --------------------------------------------------------------------------- statute syntax

# A Connecticut statute: title (digits, at most one letter) - section (digits, up to three
# letters): 53a-55, 53-21, 21a-278, 53a-64aa, 54-192h. The string is the models' validator
# too (cases.models.STATUTE_RE), so it must not change without a migration there.
STATUTE_PATTERN = r"^\d{1,3}[a-z]?-\d{1,4}[a-z]{0,3}$"
STATUTE_RE = re.compile(STATUTE_PATTERN, re.ASCII)
# A subdivision as the engine reads it, after normalising: "a2" (from "(a)(2)"), "b1c".
SUBDIVISION_PATTERN = r"^[a-z]\d{0,2}[a-z]?$"  # a, a1, a12, a2b: (a)(2)(B) written without brackets
SUBDIVISION_RE = re.compile(SUBDIVISION_PATTERN, re.ASCII)
_BRACKETS = str.maketrans("", "", "()[]")
_SUBDIVISION_PARTS = re.compile(r"[a-z]+|[0-9]+")


@lru_cache(maxsize=4096)
def statute_number(value: str) -> str | None:
    """``'§ 53A-55'`` -> ``'53a-55'``; ``None`` when the text is not a statute's shape.

    Spaces anywhere, case, and a leading ``§`` or ``sec.`` are tolerated.
    """
    text = "".join(value.split()).lower().removeprefix("§").removeprefix("sec.")
    return text if STATUTE_RE.match(text) else None


def normalise_statute(value: object) -> str:
    """The statute number when ``value`` has a statute's shape, else the text as given
    (trimmed, lower case): a caller that must refuse bad input checks :func:`statute_number`
    or :data:`STATUTE_PATTERN`."""
    text = "" if value is None else str(value)
    return statute_number(text) or text.strip().lower()


def normalise_subdivision(value: object) -> str | None:
    """``'(a)(2)'`` and ``'A2'`` -> ``'a2'``; blank -> ``None``. Does not check the shape."""
    if value is None:
        return None
    text = "".join(str(value).split()).lower().translate(_BRACKETS)
    return text or None


# --------------------------------------------------------------------------- values

_AGE_CONDITION_RE = re.compile(r"^\s*victim_age\s*(<=|>=|<|>|==|=)\s*(\d{1,3})\s*$")
_NAMED_CONDITION_RE = re.compile(r"^[a-z][a-z0-9_]*$", re.ASCII)
_AGE_WORDS = {"<": "under", "<=": "at most", ">": "over", ">=": "at least", "==": "exactly"}

# The fact to record for each named condition the catalogue uses (others: their name).
CONDITION_FACTS = {
    "serious_physical_injury": "whether the offense caused serious physical injury",
    "actor_under_18": "whether the person was under 18 at the time of the offense",
    "second_offense": "whether the conviction was the person's second offense under it",
    "subsequent_offense": "whether the conviction was a third or subsequent offense under it",
    "restraint_threat_harassment_or_assault": (
        "whether the violation involved restraint, a threat, harassment or an assault"
    ),
}


@dataclass(frozen=True, slots=True)
class Condition:
    """A catalogue condition: a test on the victim's age (``victim_age<16``), a named fact
    the scenario does not record (``serious_physical_injury``), or unreadable text."""

    text: str
    kind: str  # "victim_age" | "named" | "unreadable"
    op: str = ""
    value: int = 0

    def holds(self, victim_age: int) -> bool:
        op, value = self.op, self.value
        if op == "<":
            return victim_age < value
        if op == "<=":
            return victim_age <= value
        if op == ">":
            return victim_age > value
        if op == ">=":
            return victim_age >= value
        return victim_age == value

    def describe(self) -> str:
        if self.kind == "victim_age":
            return f"victim {_AGE_WORDS[self.op]} {self.value}"
        if self.kind == "named":
            return self.text.replace("_", " ")
        return f"condition {self.text!r}"

    def if_clause(self) -> str:
        """``'if the victim was under 16'``; ``'if so'`` for a named condition."""
        if self.kind == "victim_age":
            return f"if the victim was {_AGE_WORDS[self.op]} {self.value}"
        return "if so"

    def fact(self) -> str:
        """The fact an officer records to settle this condition."""
        if self.kind == "victim_age":
            return "the victim's age"
        return CONDITION_FACTS.get(self.text, f"whether the condition '{self.text.replace('_', ' ')}' held")


def parse_condition(text: object) -> Condition | None:
    """Read a catalogue condition (blank: ``None``)."""
    if text is None or not str(text).strip():
        return None
    text = str(text).strip()
    match = _AGE_CONDITION_RE.match(text)
    if match is not None:
        op = "==" if match.group(1) == "=" else match.group(1)
        return Condition(text=text, kind="victim_age", op=op, value=int(match.group(2)))
    if _NAMED_CONDITION_RE.match(text):
        return Condition(text=text, kind="named")
    return Condition(text=text, kind="unreadable")


def _parse_date(value: object, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{what}: not a date (YYYY-MM-DD): {text!r}") from None


@dataclass(frozen=True, slots=True)
class OffenseRow:
    statute: str
    subdivision: str | None
    condition: Condition | None
    felony_class: str | None  # None: the row's class is not one the engine knows
    title: str
    confidence: str
    effective_from: date | None = None  # first day in force; None: open
    effective_to: date | None = None  # last day in force, inclusive; None: open
    source: str = ""

    @property
    def dated(self) -> bool:
        return self.effective_from is not None or self.effective_to is not None

    def in_force_on(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to
        )

    def label(self) -> str:
        cond = f", {self.condition.describe()}" if self.condition else ""
        return f"{offense_words(self.statute, self.subdivision)}{cond} ({self.title})"

    def period(self) -> str:
        """When the row is in force, in words ("before 2002-10-01", "from 2015-10-01")."""
        start, end = self.effective_from, self.effective_to
        if start and end:
            return f"from {start.isoformat()} to {end.isoformat()}"
        if start:
            return f"from {start.isoformat()}"
        if end:
            return f"before {(end + timedelta(days=1)).isoformat()}"
        return "at any date"


@dataclass(frozen=True, slots=True)
class CandidateRow:
    statute: str
    subdivision: str | None
    title: str
    status: str
    evidence: str = ""


def class_words(felony_class: str) -> str:
    """``'B'`` -> ``'class B'``; ``'capital'`` -> ``'a capital felony'``."""
    if felony_class == "capital":
        return "a capital felony"
    if felony_class == "unclassified":
        return "an unclassified felony"
    if felony_class == "misdemeanor":
        return "a misdemeanor"
    return f"class {felony_class}"


def _sorted_classes(classes: Iterable[str]) -> list[str]:
    order = {name: index for index, name in enumerate(CONVICTION_CLASSES)}
    return sorted(classes, key=lambda name: order.get(name, len(order)))


@dataclass(frozen=True, slots=True)
class ClassFinding:
    """The felony class of one conviction, as far as it can be known.

    ``classes`` holds every class the conviction may carry (one when settled), or is
    ``None`` when the class is unknown. ``basis`` says why, in a phrase fit for a trace.
    ``to_record`` holds one sentence for each fact whose recording could settle an open
    class ("Record the offense date: ..."); ``needs_victim_age`` is true when the victim's
    age is one of them.
    """

    classes: frozenset[str] | None
    basis: str
    needs_victim_age: bool = False
    to_record: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.classes is not None

    def describe(self) -> str:
        if self.classes is None:
            return "class unknown"
        return " or ".join(class_words(c) for c in _sorted_classes(self.classes))


# --------------------------------------------------------------------------- helpers


def _clean(value: object) -> str:
    return "" if value is None else str(value).strip()


def _normalise_class(value: object) -> str | None:
    text = _clean(value)
    for known in CONVICTION_CLASSES:
        if text.casefold() == known.casefold():
            return known
    return None


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1024)
def subdivision_words(subdivision: str | None) -> str:
    """``'a2'`` -> ``'(a)(2)'``, as the statutes write it; ``None`` -> ``''``."""
    if not subdivision:
        return ""
    return "".join(f"({part})" for part in _SUBDIVISION_PARTS.findall(subdivision))


@lru_cache(maxsize=8192)
def offense_words(statute: str, subdivision: str | None) -> str:
    """``('53-21', 'a2')`` -> ``'§ 53-21(a)(2)'``."""
    return f"§ {statute}{subdivision_words(subdivision)}"


def _offense_row(row: Mapping[str, object], number: int) -> OffenseRow:
    what = f"offense row {number} ({_clean(row.get('statute'))})"
    return OffenseRow(
        statute=normalise_statute(row.get("statute")),
        subdivision=normalise_subdivision(row.get("subdivision")),
        condition=parse_condition(row.get("condition")),
        felony_class=_normalise_class(row.get("felony_class")),
        title=_clean(row.get("title")),
        confidence=_clean(row.get("confidence")).lower(),
        effective_from=_parse_date(row.get("effective_from"), f"{what}: effective_from"),
        effective_to=_parse_date(row.get("effective_to"), f"{what}: effective_to"),
        source=_clean(row.get("source")),
    )


# --------------------------------------------------------------------------- catalogue


class Catalogue:
    """Offense classes and the 2025 candidate list, with cached look-ups.

    ``offenses`` and ``candidates`` are iterables of mappings with the CSV column names
    (``statute, subdivision, condition, felony_class, title, confidence`` and optionally
    ``effective_from, effective_to, source``; ``statute, subdivision, title, status`` and
    optionally ``evidence``); empty strings and ``None`` both mean blank, and a missing
    column is blank. Dates may be ``date`` objects or ``YYYY-MM-DD`` text.
    """

    def __init__(
        self,
        offenses: Iterable[Mapping[str, object]],
        candidates: Iterable[Mapping[str, object]] = (),
    ) -> None:
        self.offenses: tuple[OffenseRow, ...] = tuple(
            _offense_row(row, number) for number, row in enumerate(offenses, start=1)
        )
        self.candidates: tuple[CandidateRow, ...] = tuple(
            CandidateRow(
                statute=normalise_statute(row.get("statute")),
                subdivision=normalise_subdivision(row.get("subdivision")),
                title=_clean(row.get("title")),
                status=_clean(row.get("status")) or "pending counsel review",
                evidence=_clean(row.get("evidence")),
            )
            for row in candidates
        )
        by_statute: dict[str, list[OffenseRow]] = {}
        for row in self.offenses:
            by_statute.setdefault(row.statute, []).append(row)
        self._by_statute: dict[str, tuple[OffenseRow, ...]] = {k: tuple(v) for k, v in by_statute.items()}
        # Statutes whose class depends on the offense date, or on the victim's age.
        self._dated = frozenset(s for s, rows in self._by_statute.items() if any(r.dated for r in rows))
        self._aged = frozenset(
            s
            for s, rows in self._by_statute.items()
            if any(r.condition is not None and r.condition.kind == "victim_age" for r in rows)
        )
        candidates_by_statute: dict[str, list[CandidateRow]] = {}
        for cand in self.candidates:
            candidates_by_statute.setdefault(cand.statute, []).append(cand)
        self._candidates_by_statute = {k: tuple(v) for k, v in candidates_by_statute.items()}
        self._class_cache: dict[_ClassKey, ClassFinding] = {}
        self._candidate_cache: dict[tuple[str, str | None], tuple[CandidateRow, ...]] = {}
        self.version = self._fingerprint()

    @classmethod
    def from_csv(
        cls, offenses_path: str | Path = OFFENSES_CSV, candidates_path: str | Path | None = None
    ) -> Catalogue:
        """Read the catalogue (and, if given, the candidate list) from CSV files."""
        candidates = _read_csv(Path(candidates_path)) if candidates_path else []
        return cls(_read_csv(Path(offenses_path)), candidates)

    def _fingerprint(self) -> str:
        """A short hash of the content, recorded with each decision for the audit trail.

        Rows without effective dates hash as they did in version 1, so an unchanged
        database catalogue keeps its version.
        """
        digest = hashlib.sha256()
        for row in self.offenses:
            cond = row.condition.text if row.condition else ""
            line = f"O|{row.statute}|{row.subdivision}|{cond}|{row.felony_class}|{row.confidence}"
            if row.dated:
                line += f"|{row.effective_from}|{row.effective_to}"
            digest.update((line + "\n").encode())
        for cand in self.candidates:
            digest.update(f"C|{cand.statute}|{cand.subdivision}|{cand.status}\n".encode())
        return digest.hexdigest()[:12]

    # ----------------------------------------------------------------- felony class

    def felony_class(
        self,
        statute: str,
        subdivision: str | None = None,
        victim_age: int | None = None,
        given: str | None = None,
        *,
        offense_date: date | None = None,
        participation: str = "principal",
    ) -> ClassFinding:
        """The classes of a conviction under ``statute`` (see the module docstring)."""
        if given is not None:
            return ClassFinding(frozenset((given,)), f"{class_words(given)} as adjudicated")
        rows = self._by_statute.get(statute)
        if rows is None:
            return ClassFinding(None, f"the offense catalogue has no entry for § {statute}")
        # Only what can change the answer goes into the cache key.
        in_force = None
        if offense_date is not None and statute in self._dated:
            in_force = tuple(r.in_force_on(offense_date) for r in rows)
        age = victim_age if statute in self._aged else None
        key = (statute, subdivision, age, in_force, offense_date is None, participation)
        found = self._class_cache.get(key)
        if found is None:
            found = self._resolve(rows, statute, subdivision, age, in_force, offense_date is None)
            found = _apply_participation(found, participation, offense_words(statute, subdivision))
            if len(self._class_cache) > _CACHE_LIMIT:
                self._class_cache.clear()
            self._class_cache[key] = found
        return found

    def _resolve(
        self,
        rows: tuple[OffenseRow, ...],
        statute: str,
        subdivision: str | None,
        age: int | None,
        in_force: tuple[bool, ...] | None,
        date_unknown: bool,
    ) -> ClassFinding:
        where = offense_words(statute, subdivision)
        # 1. rows in force on the offense date
        if in_force is not None:
            rows = tuple(r for r, keep in zip(rows, in_force, strict=True) if keep)
        on_date = "" if in_force is None else " in force on the offense date"
        # 2. subdivision
        every_subdivision = False
        chosen = [r for r in rows if subdivision is not None and r.subdivision == subdivision]
        if not chosen:
            chosen = [r for r in rows if r.subdivision is None]
            if not chosen and subdivision is None:
                chosen = list(rows)
                every_subdivision = True
        # 3. conditions
        applies, may, plain = [], [], []
        for row in chosen:
            cond = row.condition
            if cond is None:
                plain.append(row)
            elif cond.kind == "unreadable":
                return ClassFinding(None, f"the catalogue condition {cond.text!r} for {where} cannot be read")
            elif cond.kind == "victim_age" and age is not None:
                if cond.holds(age):
                    applies.append(row)
            else:
                may.append(row)
        selected = applies or may + plain
        to_record = self._facts_to_record(
            where, chosen, [] if applies else may, every_subdivision, date_unknown
        )
        needs_age = (
            any(r.condition is not None and r.condition.kind == "victim_age" for r in may) and not applies
        )
        # 4. unknown: no row left, an unreadable class, low confidence
        if not selected:
            return ClassFinding(None, f"the offense catalogue has no entry that fits {where}{on_date}")
        if not applies and not plain:
            # every row left depends on a condition: if it fails, no row is left
            return ClassFinding(
                None,
                f"the catalogue gives a class for {where} only when "
                + " or ".join(r.condition.describe() for r in may if r.condition is not None),
                needs_age,
                to_record,
            )
        for row in selected:
            if row.confidence not in TRUSTED_CONFIDENCE:
                return ClassFinding(
                    None,
                    f"the catalogue entry {row.label()} is of {row.confidence or 'no'} confidence",
                    needs_age,
                    to_record,
                )
            if row.felony_class is None:
                return ClassFinding(
                    None, f"the catalogue entry {row.label()} has no known class", needs_age, to_record
                )
        # every row selected has a class (checked above): one per row, in order
        row_classes = [r.felony_class for r in selected if r.felony_class is not None]
        classes = frozenset(row_classes)
        if len(selected) == 1:
            row = selected[0]
            return ClassFinding(
                classes, f"the catalogue lists {row.label()} as {class_words(row_classes[0])}"
            )
        listed = "; ".join(
            f"{r.label()}: {class_words(c)}" for r, c in zip(selected, row_classes, strict=True)
        )
        if len(classes) == 1:
            only = class_words(next(iter(classes)))
            return ClassFinding(classes, f"the catalogue entries that may apply all give {only} ({listed})")
        return ClassFinding(
            classes,
            f"{where} may be {ClassFinding(classes, '').describe()} ({listed})",
            needs_age,
            to_record,
        )

    @staticmethod
    def _facts_to_record(
        where: str,
        chosen: list[OffenseRow],
        may: list[OffenseRow],
        every_subdivision: bool,
        date_unknown: bool,
    ) -> tuple[str, ...]:
        """One sentence per fact whose recording could narrow the classes of ``chosen``."""
        facts: list[str] = []
        if date_unknown and any(r.dated for r in chosen) and len({r.felony_class for r in chosen}) > 1:
            dated = sorted((r for r in chosen if r.dated), key=lambda r: r.effective_from or date.min)
            periods = " and ".join(
                f"{class_words(r.felony_class or '?')} {r.period()}"
                + (f" ({r.condition.describe()})" if r.condition else "")
                for r in dated
            )
            facts.append(f"Record the offense date: {where} was {periods}.")
        if every_subdivision and len({r.subdivision for r in chosen}) > 1:
            by_subdivision: dict[str, set[str]] = {}
            for row in chosen:
                by_subdivision.setdefault(subdivision_words(row.subdivision) or "none", set()).add(
                    row.felony_class or "?"
                )
            parts = ", ".join(
                f"{sub} {' or '.join(class_words(c) for c in _sorted_classes(classes))}"
                for sub, classes in by_subdivision.items()
            )
            facts.append(
                f"Record the subdivision of the conviction under {where}: the class depends on it ({parts})."
            )
        seen: set[str] = set()
        for row in may:
            cond = row.condition
            if cond is None:  # never: ``may`` holds only rows with a condition
                continue
            fact = cond.fact()
            if fact in seen:
                continue
            seen.add(fact)
            others = {r.felony_class for r in chosen if r is not row}
            if others <= {row.felony_class}:
                continue
            outcome = f"{class_words(row.felony_class or '?')} {cond.if_clause()}"
            if cond.kind == "victim_age":
                facts.append(f"Record the victim's age for the conviction under {where}: {outcome}.")
            else:
                facts.append(f"Record {fact}: {where} is {outcome}.")
        return tuple(facts)

    # ----------------------------------------------------------------- 2025 candidates

    def candidate_matches(self, statute: str, subdivision: str | None) -> tuple[CandidateRow, ...]:
        """Candidate-list rows the conviction matches (or may match).

        A row with no subdivision matches every subdivision; a conviction with no recorded
        subdivision may match a row that has one, so it is listed too (needs review).
        """
        key = (statute, subdivision)
        found = self._candidate_cache.get(key)
        if found is None:
            found = tuple(
                c
                for c in self._candidates_by_statute.get(statute, ())
                if c.subdivision is None or subdivision is None or c.subdivision == subdivision
            )
            if len(self._candidate_cache) > _CACHE_LIMIT:
                self._candidate_cache.clear()
            self._candidate_cache[key] = found
        return found


_PARTICIPATION_WORDS = {
    "attempt": "Attempt (§ 53a-51)",
    "conspiracy": "Conspiracy (§ 53a-51)",
    "accessory": "Accessory liability (§ 53a-8)",
}


def _apply_participation(found: ClassFinding, participation: str, where: str) -> ClassFinding:
    """Step 5: attempt or conspiracy to commit a class A felony is class B (§ 53a-51); an
    accessory is punished as the principal, so keeps the class (§ 53a-8)."""
    if participation == "principal":
        return found
    words = _PARTICIPATION_WORDS[participation]
    if found.classes is None:
        return ClassFinding(
            None, f"{words} of {where}: {found.basis}", found.needs_victim_age, found.to_record
        )
    before = found.describe()
    if participation == "accessory" or "A" not in found.classes:
        return ClassFinding(
            found.classes,
            f"{words} of {where}, {before} ({found.basis}): same class",
            found.needs_victim_age,
            found.to_record,
        )
    classes = frozenset("B" if c == "A" else c for c in found.classes)
    after = ClassFinding(classes, "").describe()
    return ClassFinding(
        classes,
        f"{words} of {where}, {before} ({found.basis}): an attempt or conspiracy to commit "
        f"a class A felony is class B, so {after}",
        found.needs_victim_age and len(classes) > 1,
        # once A becomes B, facts that only told A from B no longer matter
        found.to_record if len(classes) > 1 else (),
    )


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The catalogue and candidate list shipped in ``cases/data/`` (read once)."""
    return Catalogue.from_csv(OFFENSES_CSV, CANDIDATES_CSV)
