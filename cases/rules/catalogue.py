"""The offense catalogue: which felony class a Connecticut conviction carries.

Two tables feed the rules (LAW.md §4 and §1.3):

* ``ct_offenses.csv``: statute, subdivision, condition, felony class, title, confidence;
* ``ct_2025_candidates.csv``: the class C/D offenses reported to be added by the 2025 act,
  every one *pending counsel review*.

The engine reads the copies shipped in ``cases/data/`` by default. The web application
builds a :class:`Catalogue` from its database rows instead (``Catalogue(rows, candidates)``),
so that counsel's edits take effect without a release.

How a conviction's class is found (SCENARIOS.md, "A conviction's class")
------------------------------------------------------------------------
1. ``felony_class`` given with the conviction wins.
2. Otherwise, among the catalogue rows for the statute, the most specific row that applies:
   a. a row whose subdivision is the conviction's and whose condition holds;
   b. a row whose subdivision is the conviction's, with no condition;
   c. a row with no subdivision whose condition holds;
   d. the row with neither subdivision nor condition.
   (The contract names a, c and d; it does not say whether a subdivision row *with* a
   condition outranks one *without*. Here it does, being more specific; the shipped data
   never has both.)
3. The class is *unknown* when no row applies, when the first level that has a row has
   several, or when the chosen row's confidence is ``low`` (or not ``high``/``medium``).

Missing victim age
------------------
A condition such as ``victim_age<16`` cannot be checked when the victim's age was not
recorded. Rather than pretend the condition is false (which could silently downgrade a
class A sexual assault on a child to class B), the catalogue works out the class for
*every* age the conditions distinguish and reports all the classes that are possible.
So § 53a-71 without an age is "class B or C" (the A/B question is unsettled: the officer is
asked for the victim's age), while § 53a-72a without an age is "class C or D" (whichever it
is, it is not A or B, and it is a felony: nothing to review). If any possible age leads to
an unknown class, the class is unknown.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .scenario import CONVICTION_CLASSES

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
OFFENSES_CSV = DATA_DIR / "ct_offenses.csv"
CANDIDATES_CSV = DATA_DIR / "ct_2025_candidates.csv"

TRUSTED_CONFIDENCE = ("high", "medium")
_CACHE_LIMIT = 50_000
_CONDITION_RE = re.compile(r"^\s*victim_age\s*(<=|>=|<|>|==|=)\s*(\d{1,3})\s*$")
_STATUTE_RE = re.compile(r"^(?:§\s*)?(\d{1,3}[a-z]{0,2})-(\d{1,4}[a-z]{0,3})$")


# --------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Condition:
    """A test on the victim's age, as written in the catalogue (``victim_age<16``)."""

    text: str
    op: str | None  # None: the engine cannot read this condition
    value: int = 0

    @property
    def readable(self) -> bool:
        return self.op is not None

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

    def thresholds(self) -> tuple[int, ...]:
        """Ages on either side of the boundary, used when the real age is unknown."""
        return (max(self.value - 1, 0), self.value, self.value + 1)

    def describe(self) -> str:
        if not self.readable:
            return f"condition {self.text!r}"
        words = {"<": "under", "<=": "at most", ">": "over", ">=": "at least", "==": "exactly"}
        return f"victim {words[self.op]} {self.value}"


def parse_condition(text: str | None) -> Condition | None:
    """Read a catalogue condition; an unreadable one is kept but marked unreadable."""
    if text is None or not str(text).strip():
        return None
    match = _CONDITION_RE.match(str(text))
    if match is None:
        return Condition(text=str(text).strip(), op=None)
    op = "==" if match.group(1) == "=" else match.group(1)
    return Condition(text=str(text).strip(), op=op, value=int(match.group(2)))


@dataclass(frozen=True, slots=True)
class OffenseRow:
    statute: str
    subdivision: str | None
    condition: Condition | None
    felony_class: str | None  # None: the row's class is not one the engine knows
    title: str
    confidence: str

    def label(self) -> str:
        sub = f"({self.subdivision})" if self.subdivision else ""
        cond = f", {self.condition.describe()}" if self.condition else ""
        return f"§ {self.statute}{sub}{cond} ({self.title})"


@dataclass(frozen=True, slots=True)
class CandidateRow:
    statute: str
    subdivision: str | None
    title: str
    status: str


@dataclass(frozen=True, slots=True)
class ClassFinding:
    """The felony class of one conviction, as far as it can be known.

    ``classes`` holds every class the conviction may carry (one when settled), or is
    ``None`` when the class is unknown. ``basis`` says why, in a phrase fit for a trace.
    ``needs_victim_age`` is true when recording the victim's age would settle it.
    """

    classes: frozenset[str] | None
    basis: str
    needs_victim_age: bool = False

    @property
    def known(self) -> bool:
        return self.classes is not None

    def describe(self) -> str:
        if self.classes is None:
            return "class unknown"
        return "class " + " or ".join(sorted(self.classes, key=CONVICTION_CLASSES.index))


# --------------------------------------------------------------------------- helpers


def _clean(value: object) -> str:
    return "" if value is None else str(value).strip()


def normalise_statute(value: object) -> str:
    text = _clean(value).lower()
    match = _STATUTE_RE.match(text)
    return f"{match.group(1)}-{match.group(2)}" if match else text


def normalise_subdivision(value: object) -> str | None:
    text = _clean(value).lower().replace("(", "").replace(")", "").replace(" ", "")
    return text or None


def _normalise_class(value: object) -> str | None:
    text = _clean(value)
    for known in CONVICTION_CLASSES:
        if text.casefold() == known.casefold():
            return known
    return None


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------- catalogue


class Catalogue:
    """Offense classes and the 2025 candidate list, with cached look-ups.

    ``offenses`` and ``candidates`` are iterables of mappings with the CSV column names
    (``statute, subdivision, condition, felony_class, title, confidence`` and
    ``statute, subdivision, title, status``); empty strings and ``None`` both mean blank.
    """

    def __init__(
        self,
        offenses: Iterable[Mapping[str, object]],
        candidates: Iterable[Mapping[str, object]] = (),
    ) -> None:
        self.offenses: tuple[OffenseRow, ...] = tuple(
            OffenseRow(
                statute=normalise_statute(row.get("statute")),
                subdivision=normalise_subdivision(row.get("subdivision")),
                condition=parse_condition(row.get("condition")),
                felony_class=_normalise_class(row.get("felony_class")),
                title=_clean(row.get("title")),
                confidence=_clean(row.get("confidence")).lower(),
            )
            for row in offenses
        )
        self.candidates: tuple[CandidateRow, ...] = tuple(
            CandidateRow(
                statute=normalise_statute(row.get("statute")),
                subdivision=normalise_subdivision(row.get("subdivision")),
                title=_clean(row.get("title")),
                status=_clean(row.get("status")) or "pending counsel review",
            )
            for row in candidates
        )
        self._by_statute: dict[str, tuple[OffenseRow, ...]] = {}
        for row in self.offenses:
            self._by_statute[row.statute] = self._by_statute.get(row.statute, ()) + (row,)
        self._candidates_by_statute: dict[str, tuple[CandidateRow, ...]] = {}
        for cand in self.candidates:
            existing = self._candidates_by_statute.get(cand.statute, ())
            self._candidates_by_statute[cand.statute] = existing + (cand,)
        self._class_cache: dict[tuple, ClassFinding] = {}
        self._candidate_cache: dict[tuple, tuple[CandidateRow, ...]] = {}
        self.version = self._fingerprint()

    @classmethod
    def from_csv(
        cls, offenses_path: str | Path = OFFENSES_CSV, candidates_path: str | Path | None = None
    ) -> Catalogue:
        """Read the catalogue (and, if given, the candidate list) from CSV files."""
        candidates = _read_csv(Path(candidates_path)) if candidates_path else []
        return cls(_read_csv(Path(offenses_path)), candidates)

    def _fingerprint(self) -> str:
        """A short hash of the content, recorded with each decision for the audit trail."""
        digest = hashlib.sha256()
        for row in self.offenses:
            cond = row.condition.text if row.condition else ""
            digest.update(
                f"O|{row.statute}|{row.subdivision}|{cond}|{row.felony_class}|{row.confidence}\n".encode()
            )
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
    ) -> ClassFinding:
        """The class of a conviction under ``statute`` (see the module docstring)."""
        if given is not None:
            return ClassFinding(frozenset((given,)), f"felony class given as {given}")
        key = (statute, subdivision, victim_age)
        found = self._class_cache.get(key)
        if found is None:
            found = self._resolve(statute, subdivision, victim_age)
            if len(self._class_cache) > _CACHE_LIMIT:
                self._class_cache.clear()
            self._class_cache[key] = found
        return found

    def _resolve(self, statute: str, subdivision: str | None, age: int | None) -> ClassFinding:
        rows = self._by_statute.get(statute, ())
        where = f"§ {statute}" + (f"({subdivision})" if subdivision else "")
        if not rows:
            return ClassFinding(None, f"the offense catalogue has no entry for § {statute}")
        conditions = [r.condition for r in rows if r.condition is not None]
        if age is not None or not conditions:
            return self._resolve_for_age(rows, where, subdivision, age)
        return self._resolve_unknown_age(rows, where, subdivision, conditions)

    def _resolve_unknown_age(
        self, rows: tuple[OffenseRow, ...], where: str, subdivision: str | None, conditions
    ) -> ClassFinding:
        """Try every age the conditions tell apart; report all possible classes."""
        if any(not c.readable for c in conditions):
            return ClassFinding(None, f"a catalogue condition for {where} cannot be read")
        ages = sorted({0, 150}.union(*(c.thresholds() for c in conditions)))
        findings = [self._resolve_for_age(rows, where, subdivision, age) for age in ages]
        classes = {frozenset(f.classes) if f.classes else None for f in findings}
        if len(classes) == 1:  # the age makes no difference
            return findings[0]
        unknown = [f for f in findings if f.classes is None]
        if unknown:
            return ClassFinding(
                None,
                f"the class depends on the victim's age, which is not recorded "
                f"(for some ages: {unknown[0].basis})",
                needs_victim_age=True,
            )
        possible = frozenset().union(*(f.classes for f in findings))
        names = " or ".join(sorted(possible, key=CONVICTION_CLASSES.index))
        return ClassFinding(
            possible,
            f"class {names} depending on the victim's age, which is not recorded",
            needs_victim_age=True,
        )

    @staticmethod
    def _resolve_for_age(
        rows: tuple[OffenseRow, ...], where: str, subdivision: str | None, age: int | None
    ) -> ClassFinding:
        """Pick the most specific row for a known age (or for rows without conditions)."""

        def condition_holds(row: OffenseRow) -> bool:
            cond = row.condition
            return cond is not None and cond.readable and age is not None and cond.holds(age)

        unreadable = [r for r in rows if r.condition is not None and not r.condition.readable]
        if unreadable:
            return ClassFinding(None, f"a catalogue condition for {where} cannot be read")
        same_sub = [r for r in rows if subdivision and r.subdivision == subdivision]
        no_sub = [r for r in rows if r.subdivision is None]
        levels = (
            [r for r in same_sub if condition_holds(r)],
            [r for r in same_sub if r.condition is None],
            [r for r in no_sub if condition_holds(r)],
            [r for r in no_sub if r.condition is None],
        )
        for level in levels:
            if not level:
                continue
            if len(level) > 1:
                return ClassFinding(
                    None, f"the offense catalogue has several equally specific entries for {where}"
                )
            row = level[0]
            if row.confidence not in TRUSTED_CONFIDENCE:
                return ClassFinding(
                    None,
                    f"the catalogue entry {row.label()} is of {row.confidence or 'no'} confidence",
                )
            if row.felony_class is None:
                return ClassFinding(None, f"the catalogue entry {row.label()} has no known class")
            return ClassFinding(
                frozenset((row.felony_class,)),
                f"the catalogue lists {row.label()} as class {row.felony_class}",
            )
        return ClassFinding(None, f"the offense catalogue has no entry that fits {where}")

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


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The catalogue and candidate list shipped in ``cases/data/`` (read once)."""
    return Catalogue.from_csv(OFFENSES_CSV, CANDIDATES_CSV)
