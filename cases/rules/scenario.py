"""Read a detainer scenario (a JSON-shaped dict) into checked, frozen values.

The shape is fixed by the contract in ``SCENARIOS.md``. Parsing is strict about what it
reads and silent about what it does not know:

* a missing required field, a value of the wrong type, an unknown enum value, a statute
  that does not look like a Connecticut statute number, or a datetime without a UTC
  offset raises :class:`ScenarioError`, which names the field (``subject.convictions[0]
  .statute``);
* unknown extra fields are ignored;
* optional fields may be absent or ``null``; they then take the default the contract
  gives (``false`` for the booleans, ``CT`` for a jurisdiction, an empty list).

Two defaults the contract leaves open, settled here on the cautious side:

* a detainer document with no ``kind`` is treated as ``unclear`` (somebody attached a
  paper and did not say what it is, so it may be a judicial warrant: needs review);
* a pending charge with no ``bond_posted`` leaves the bond unknown (``None``); the 2013
  rule set then asks the officer to verify the bond rather than guess.

Version 2 adds ``participation`` and ``offense_date`` to a conviction, ``capital`` as a
class, ``subject.interview_court_order``, ``detainer.requests_notification`` (default
true) and ``agency_policy.interview_requires_consent`` (default false). The statute syntax
and its normalising live in ``catalogue`` (their one home).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, overload

from .catalogue import (
    CONVICTION_CLASSES,
    FELONY_CLASSES,
    PARTICIPATIONS,
    SUBDIVISION_RE,
    normalise_subdivision,
    statute_number,
)

__all__ = ["CONVICTION_CLASSES", "FELONY_CLASSES", "PARTICIPATIONS"]  # re-exported for forms

RULE_SET_IDS = ("ct-2013", "ct-2019", "ct-2025", "none")
DETAINER_FORMS = ("I-247A", "I-247D", "I-247N", "I-247X", "other")
DOCUMENT_KINDS = ("judicial_warrant", "administrative_warrant", "unclear")
JURISDICTIONS = ("CT", "other_state", "federal", "foreign")

# Datetimes and dates outside these years are refused (typing errors, and would overflow).
_FIRST_YEAR, _LAST_YEAR = 1900, 2199
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class ScenarioError(ValueError):
    """A scenario that cannot be read. ``field`` is the dotted path of the bad field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Document:
    """A paper that came with the detainer; only its kind matters to the rules."""

    kind: str


@dataclass(frozen=True, slots=True)
class Detainer:
    form: str
    documents: tuple[Document, ...] = ()
    requests_notification: bool = True


@dataclass(frozen=True, slots=True)
class Conviction:
    statute: str
    subdivision: str | None = None
    victim_age: int | None = None
    felony_class: str | None = None
    jurisdiction: str = "CT"
    juvenile: bool = False
    participation: str = "principal"  # principal | attempt | conspiracy | accessory
    offense_date: date | None = None


@dataclass(frozen=True, slots=True)
class PendingCharge:
    """A pending Connecticut charge. ``bond_posted`` is ``None`` when not recorded."""

    statute: str
    subdivision: str | None = None
    bond_posted: bool | None = None


@dataclass(frozen=True, slots=True)
class Subject:
    convictions: tuple[Conviction, ...] = ()
    pending_charges: tuple[PendingCharge, ...] = ()
    tsdb_possible_match: bool = False
    outstanding_ct_warrant: bool = False
    gang_database_match: bool = False
    final_order_of_removal: bool = False
    public_safety_risk: bool = False
    interview_court_order: bool = False  # a court order under 8 U.S.C. § 1225(d)(4)(B)


@dataclass(frozen=True, slots=True)
class AgencyPolicy:
    """The agency's own rules, not law (LAW.md's [policy])."""

    interview_requires_consent: bool = False


@dataclass(frozen=True, slots=True)
class Scenario:
    decided_at: datetime
    detainer: Detainer
    subject: Subject = Subject()
    rule_set: str | None = None
    releasable_at: datetime | None = None
    interview_consent: bool = False
    agency_policy: AgencyPolicy = AgencyPolicy()


# --------------------------------------------------------------------------- readers
# Each reader takes the object, the key and the path of the object (``subject``), and
# builds the full field path (``subject.convictions[0].statute``) only for an error message.


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _object(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioError(field, "must be an object")
    return value


def _required(data: dict[str, Any], key: str, where: str) -> Any:
    value = data.get(key)
    if value is None:
        raise ScenarioError(_path(where, key), "is required")
    return value


def _bool(data: dict[str, Any], key: str, where: str, default: bool = False) -> bool:
    value = data.get(key)
    if value is None:
        return default
    if value is True or value is False:
        return value
    raise ScenarioError(_path(where, key), "must be true or false")


def _optional_bool(data: dict[str, Any], key: str, where: str) -> bool | None:
    """A boolean that stays ``None`` when absent (unknown, not false)."""
    value = data.get(key)
    if value is None:
        return None
    return _bool(data, key, where)


def _string(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise ScenarioError(field, "must be a string")
    return value


def _choice(value: Any, field: str, choices: tuple[str, ...]) -> str:
    if isinstance(value, str) and value in choices:
        return value
    text = _string(value, field)
    for choice in choices:  # tolerate case only: "i-247a", "ct", "Unclear"
        if text.casefold() == choice.casefold():
            return choice
    raise ScenarioError(field, f"unknown value {text!r} (expected one of {', '.join(choices)})")


@overload
def _optional_choice(
    data: dict[str, Any], key: str, where: str, choices: tuple[str, ...], default: str
) -> str: ...
@overload
def _optional_choice(
    data: dict[str, Any], key: str, where: str, choices: tuple[str, ...], default: None = None
) -> str | None: ...
def _optional_choice(
    data: dict[str, Any], key: str, where: str, choices: tuple[str, ...], default: str | None = None
) -> str | None:
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, str) and value in choices:
        return value
    return _choice(value, _path(where, key), choices)


def _datetime(value: Any, field: str) -> datetime:
    text = _string(value, field)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ScenarioError(field, f"not an ISO 8601 datetime: {text!r}") from None
    if moment.utcoffset() is None:
        raise ScenarioError(field, "datetime needs a UTC offset")
    if not _FIRST_YEAR <= moment.year <= _LAST_YEAR:
        raise ScenarioError(field, f"datetime out of range (years {_FIRST_YEAR} to {_LAST_YEAR})")
    return moment


@lru_cache(maxsize=8192)
def _calendar_date(text: str) -> date | str:
    """``YYYY-MM-DD`` as a date, or the reason it is not one (cached: dates repeat)."""
    if not _DATE_RE.match(text):
        return f"not a date in the form YYYY-MM-DD: {text!r}"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return f"not a date in the form YYYY-MM-DD: {text!r}"
    if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
        return f"date out of range (years {_FIRST_YEAR} to {_LAST_YEAR})"
    return day


def _date(data: dict[str, Any], key: str, where: str) -> date | None:
    value = data.get(key)
    if value is None:
        return None
    field = _path(where, key)
    day = _calendar_date(_string(value, field))
    if isinstance(day, str):
        raise ScenarioError(field, day)
    return day


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ScenarioError(_path(where, key), "must be a list")
    return value


def parse_statute(value: Any, field: str) -> str:
    """Normalise a statute number (``53a-55``); raise for anything else."""
    number = statute_number(_string(value, field))
    if number is None:
        raise ScenarioError(field, f"unknown statute format {value!r} (expected like 53a-55)")
    return number


def parse_subdivision(value: Any, field: str) -> str | None:
    """Normalise a subdivision: ``"(a)(2)"`` and ``"A2"`` both become ``"a2"``."""
    if value is None:
        return None
    text = normalise_subdivision(_string(value, field))
    if text is None:
        return None
    if not SUBDIVISION_RE.match(text):
        raise ScenarioError(field, f"unknown subdivision format {value!r} (expected like a2)")
    return text


def _statute(data: dict[str, Any], where: str) -> str:
    return parse_statute(_required(data, "statute", where), _path(where, "statute"))


def _subdivision(data: dict[str, Any], where: str) -> str | None:
    value = data.get("subdivision")
    return None if value is None else parse_subdivision(value, _path(where, "subdivision"))


def _victim_age(data: dict[str, Any], where: str) -> int | None:
    value = data.get("victim_age")
    if value is None:
        return None
    if type(value) is float and value.is_integer():
        value = int(value)
    if type(value) is not int or not 0 <= value <= 150:
        raise ScenarioError(_path(where, "victim_age"), "must be a whole number of years between 0 and 150")
    return value


def _conviction(value: Any, where: str) -> Conviction:
    data = _object(value, where)
    return Conviction(
        statute=_statute(data, where),
        subdivision=_subdivision(data, where),
        victim_age=_victim_age(data, where),
        felony_class=_optional_choice(data, "felony_class", where, CONVICTION_CLASSES),
        jurisdiction=_optional_choice(data, "jurisdiction", where, JURISDICTIONS, "CT"),
        juvenile=_bool(data, "juvenile", where),
        participation=_optional_choice(data, "participation", where, PARTICIPATIONS, "principal"),
        offense_date=_date(data, "offense_date", where),
    )


def _pending_charge(value: Any, where: str) -> PendingCharge:
    data = _object(value, where)
    return PendingCharge(
        statute=_statute(data, where),
        subdivision=_subdivision(data, where),
        bond_posted=_optional_bool(data, "bond_posted", where),
    )


def _document(value: Any, where: str) -> Document:
    data = _object(value, where)
    return Document(kind=_optional_choice(data, "kind", where, DOCUMENT_KINDS, "unclear"))


def _detainer(data: dict[str, Any]) -> Detainer:
    data = _object(_required(data, "detainer", ""), "detainer")
    documents = _list(data, "documents", "detainer")
    return Detainer(
        form=_choice(_required(data, "form", "detainer"), "detainer.form", DETAINER_FORMS),
        documents=tuple(_document(doc, f"detainer.documents[{i}]") for i, doc in enumerate(documents)),
        requests_notification=_bool(data, "requests_notification", "detainer", default=True),
    )


_NO_POLICY = AgencyPolicy()
_CONSENT_POLICY = AgencyPolicy(interview_requires_consent=True)


def _agency_policy(data: dict[str, Any]) -> AgencyPolicy:
    value = data.get("agency_policy")
    if value is None:
        return _NO_POLICY
    data = _object(value, "agency_policy")
    required = _bool(data, "interview_requires_consent", "agency_policy")
    return _CONSENT_POLICY if required else _NO_POLICY


def _subject(data: dict[str, Any]) -> Subject:
    value = data.get("subject")
    if value is None:
        return Subject()
    where = "subject"
    data = _object(value, where)
    convictions = _list(data, "convictions", where)
    charges = _list(data, "pending_charges", where)
    return Subject(
        convictions=tuple(_conviction(c, f"subject.convictions[{i}]") for i, c in enumerate(convictions)),
        pending_charges=tuple(
            _pending_charge(c, f"subject.pending_charges[{i}]") for i, c in enumerate(charges)
        ),
        tsdb_possible_match=_bool(data, "tsdb_possible_match", where),
        outstanding_ct_warrant=_bool(data, "outstanding_ct_warrant", where),
        gang_database_match=_bool(data, "gang_database_match", where),
        final_order_of_removal=_bool(data, "final_order_of_removal", where),
        public_safety_risk=_bool(data, "public_safety_risk", where),
        interview_court_order=_bool(data, "interview_court_order", where),
    )


def parse_scenario(data: Any) -> Scenario:
    """Check a scenario dict and return it as a :class:`Scenario`.

    Raises :class:`ScenarioError` naming the first bad field.
    """
    if isinstance(data, Scenario):
        return data
    if not isinstance(data, dict):
        raise ScenarioError("scenario", "must be a JSON object")
    releasable_at = data.get("releasable_at")
    return Scenario(
        decided_at=_datetime(_required(data, "decided_at", ""), "decided_at"),
        rule_set=_optional_choice(data, "rule_set", "", RULE_SET_IDS),
        releasable_at=None if releasable_at is None else _datetime(releasable_at, "releasable_at"),
        interview_consent=_bool(data, "interview_consent", ""),
        agency_policy=_agency_policy(data),
        detainer=_detainer(data),
        subject=_subject(data),
    )
