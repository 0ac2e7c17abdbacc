"""Custody rosters: bookings and the people booked."""

from collections import defaultdict

from django.db.models.functions import Lower

from cases.custody import services
from cases.models import (
    CustodyCase,
    Person,
)

from .columns import CASE_FIELDS, PERSON_FIELDS, Check, Row, _write

# --- custody roster: bookings and the people booked ---------------------------------------


def _resolve_roster(check: Check, agency):
    _check_booking_numbers(check.rows, agency)
    by_a, by_name = _existing_people(check.rows, agency)
    for row in check.rows:
        if all(row.data.get(f) for f in ("last_name", "first_name", "date_of_birth")):
            _match_person(row, by_a, by_name, check.new_people)
        booked_at, releasable_at = row.data.get("booked_at"), row.data.get("releasable_at")
        if booked_at and releasable_at and releasable_at < booked_at:
            row.error("releasable_at is before booked_at")
    matched = {row.person.pk for row in check.rows if row.person}
    check.counts = {"rows": len(check.rows), "new_people": len(check.new_people),
                    "matched_people": len(matched), "new_cases": len(check.rows)}  # fmt: skip


def _check_booking_numbers(rows: list[Row], agency):
    numbers = [row.data["booking_number"] for row in rows if row.data.get("booking_number")]
    taken = set(
        CustodyCase.objects.filter(agency=agency, booking_number__in=numbers).values_list(
            "booking_number", flat=True
        )
    )
    first_seen: dict[str, int] = {}
    for row in rows:
        number = row.data.get("booking_number")
        if not number:
            continue
        if number in taken:
            row.error(f"booking number {number} is already in your agency")
        elif number in first_seen:
            row.error(f"booking number {number} is also in row {first_seen[number]}")
        else:
            first_seen[number] = row.number


def _name_key(data) -> tuple:
    return (data["last_name"].lower(), data["first_name"].lower(), data["date_of_birth"])


def _existing_people(rows: list[Row], agency):
    a_numbers = {row.data.get("a_number") for row in rows} - {"", None}
    by_a = {p.a_number: p for p in Person.objects.filter(agency=agency, a_number__in=a_numbers)}
    named = [
        row.data for row in rows if all(row.data.get(f) for f in ("last_name", "first_name", "date_of_birth"))
    ]
    by_name = defaultdict(list)
    people = Person.objects.filter(agency=agency, date_of_birth__in={d["date_of_birth"] for d in named})
    people = people.annotate(last_lower=Lower("last_name")).filter(
        last_lower__in={d["last_name"].lower() for d in named}
    )
    for person in people:
        by_name[(person.last_name.lower(), person.first_name.lower(), person.date_of_birth)].append(person)
    return by_a, by_name


def _who(data) -> str:
    return f"{data['last_name']}, {data['first_name']} born {data['date_of_birth']:%Y-%m-%d}"


def _match_person(row: Row, by_a: dict, by_name: dict, new_people: dict):
    """An existing person (by A-number, else name and date of birth) or a new one of this file."""
    data, a_number, key = row.data, row.data.get("a_number") or "", _name_key(row.data)
    person = by_a.get(a_number) if a_number else None
    if person is not None and (person.last_name.lower(), person.date_of_birth) != (key[0], key[2]):
        return row.error(f"A-number {a_number} belongs to {person} in your records, not to {_who(data)}")
    candidates = [person] if person else by_name.get(key, [])
    if len(candidates) > 1:
        return row.error(f"more than one {_who(data)} is in your records: add the A-number to this row")
    if candidates:
        person = candidates[0]
        if a_number and person.a_number and person.a_number != a_number:
            return row.error(f"{person} is in your records with A-number {person.a_number}, not {a_number}")
        row.person, row.note = person, f"Matches {person}"
        return None
    return _new_person(row, key, a_number, new_people)


def _new_person(row: Row, key: tuple, a_number: str, new_people: dict):
    for other in new_people.values():
        if a_number and other["data"]["a_number"] == a_number and other["key"] != key:
            return row.error(f"A-number {a_number} is also in row {other['row']} for a different person")
    first = new_people.get(key)
    if first is None:
        new_people[key] = {"row": row.number, "key": key, "data": {f: row.data.get(f) for f in PERSON_FIELDS}}
        row.new_person_key, row.note = key, "New person"
        return None
    if a_number and first["data"]["a_number"] and first["data"]["a_number"] != a_number:
        return row.error(f"{_who(row.data)} has A-number {first['data']['a_number']} in row {first['row']}")
    first["data"]["a_number"] = first["data"]["a_number"] or a_number
    row.new_person_key, row.note = key, f"New person (same as row {first['row']})"
    return None


def _apply_roster(check: Check, *, agency, acting_user, filename, progress=None):
    created = {}
    for done, row in enumerate(check.rows):
        if progress is not None:
            progress(done)
        key = row.new_person_key
        if key is not None and key not in created:
            data = check.new_people[key]["data"]
            created[key] = _write(
                row, services.person_create, agency=agency, data=data, acting_user=acting_user
            )
        person = row.person
        if person is None:
            assert key is not None  # a row without a person creates one, under its key
            person = created[key]
        case_data = {f: row.data[f] for f in CASE_FIELDS}
        _write(row, services.case_book, person=person, data=case_data, acting_user=acting_user)
