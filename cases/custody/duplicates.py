"""Is this person already recorded? Likely matches and plausibility warnings for intake.

Reads only (the choices the officer makes are written by the services). A likely match is a
person of the same agency with the same date of birth and a similar name, or with an equal
identifier (A-number, State ID, FBI number)."""

from __future__ import annotations

import datetime as dt
from difflib import SequenceMatcher

from django.db.models import Q
from django.utils import timezone

from cases.models import BOOKING_KEY, Conviction, CustodyCase, Person, booking_key, normalise_search

SIMILAR_NAME = 0.8  # difflib ratio of two name words: "lopez"/"lopes" 0.8, "maria"/"marta" 0.8
OLDEST_PLAUSIBLE_AGE_YEARS = 110
MATCH_LIMIT = 10


def _words(text: str) -> set[str]:
    return {w for w in normalise_search(text).split() if len(w) > 1}


def names_similar(last_name: str, person: Person) -> bool:
    """The new last name is (nearly) one of the words of the person's names or aliases, so a
    swapped first/last name, a second surname or an alias still count."""
    theirs = set(person.search_text.split())
    return any(
        SequenceMatcher(None, mine, word).ratio() >= SIMILAR_NAME
        for mine in _words(last_name)
        for word in theirs
    )


def _identifier(value: str) -> str:
    return "".join((value or "").split()).upper()


def likely_matches(agency, data: dict, *, exclude_pk=None) -> list[Person]:
    """The agency's people who may be the person described by ``data`` (person form fields)."""
    identifiers = Q()
    if data.get("a_number"):
        identifiers |= Q(a_number=data["a_number"])
    for field in ("state_id", "fbi_number"):
        if _identifier(data.get(field, "")):
            identifiers |= Q(**{f"{field}__iexact": _identifier(data[field])})
    born = data.get("date_of_birth")
    if not identifiers and not born:
        return []
    people = Person.objects.filter(agency=agency).exclude(pk=exclude_pk)
    query = identifiers | Q(date_of_birth=born) if born else identifiers
    matches = []
    for person in people.filter(query).order_by("last_name", "first_name", "pk")[:200]:
        same_id = any(
            _identifier(getattr(person, f))
            and _identifier(getattr(person, f)) == _identifier(data.get(f, ""))
            for f in ("a_number", "state_id", "fbi_number")
        )
        if same_id or (person.date_of_birth == born and names_similar(data.get("last_name", ""), person)):
            matches.append(person)
    return matches[:MATCH_LIMIT]


def look_alike_booking(agency, booking_number: str) -> CustodyCase | None:
    """A booking of the agency whose number differs from this one only in case or spaces."""
    if not booking_number:
        return None
    return (
        CustodyCase.objects.filter(agency=agency)
        .annotate(key=BOOKING_KEY)
        .filter(key=booking_key(booking_number))
        .exclude(booking_number=booking_number)
        .select_related("person")
        .first()
    )


def _years_ago(years: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28))  # (29 February)


def intake_warnings(agency, *, person_data: dict | None, case_data: dict) -> list[str]:
    """What looks implausible in an intake, in words: the officer confirms before booking."""
    warnings = []
    born = (person_data or {}).get("date_of_birth")
    if born and born < _years_ago(OLDEST_PLAUSIBLE_AGE_YEARS):
        warnings.append(
            f"The date of birth ({born:%B} {born.day}, {born.year}) is more than "
            f"{OLDEST_PLAUSIBLE_AGE_YEARS} years ago. Check it is not a typing error."
        )
    other = look_alike_booking(agency, case_data.get("booking_number", ""))
    if other is not None:
        warnings.append(
            f"Booking number {case_data['booking_number']} differs from {other.booking_number} "
            f"({other.person.full_name}) only in capitals or spaces. Check it is not the same booking."
        )
    return warnings


def duplicate_conviction(person: Person, data: dict, *, exclude_pk=None) -> Conviction | None:
    """The person's conviction for the same statute, subdivision and date, if one is recorded."""
    return (
        Conviction.objects.filter(
            person=person,
            statute=data.get("statute"),
            subdivision=data.get("subdivision", ""),
            convicted_on=data.get("convicted_on"),
        )
        .exclude(pk=exclude_pk)
        .first()
    )
