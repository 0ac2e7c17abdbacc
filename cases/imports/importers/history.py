"""Criminal histories: convictions of people already in the agency's records."""

from cases.custody import services
from cases.models import (
    Conviction,
    CustodyCase,
    Person,
)

from .columns import CONVICTION_FIELDS, Check, Row, _write

# --- criminal history: convictions of people already in the agency's records ----------------


def _resolve_history(check: Check, agency):
    rows = check.rows
    a_numbers = {row.data.get("a_number") for row in rows} - {"", None}
    bookings = {row.data.get("booking_number") for row in rows} - {"", None}
    by_a = {p.a_number: p for p in Person.objects.filter(agency=agency, a_number__in=a_numbers)}
    by_booking = {
        c.booking_number: c.person
        for c in CustodyCase.objects.filter(agency=agency, booking_number__in=bookings).select_related(
            "person"
        )
    }
    for row in rows:
        _find_history_person(row, by_a, by_booking)
    _check_duplicate_convictions(rows)
    people = {row.person.pk for row in rows if row.person}
    check.counts = {"rows": len(rows), "matched_people": len(people), "new_convictions": len(rows)}


def _find_history_person(row: Row, by_a: dict, by_booking: dict):
    a_number, booking = row.data.get("a_number"), row.data.get("booking_number")
    if "a_number" not in row.data or "booking_number" not in row.data:
        return  # a value that did not parse: already reported
    if not a_number and not booking:
        return row.error("give the person's a_number or booking_number")
    from_a, from_booking = by_a.get(a_number), by_booking.get(booking)
    if a_number and from_a is None:
        return row.error(f"no person in your agency has A-number {a_number}")
    if booking and from_booking is None:
        return row.error(f"booking number {booking} is not in your agency")
    if from_a and from_booking and from_a != from_booking:
        return row.error(f"A-number {a_number} and booking number {booking} are different people")
    row.person = from_a or from_booking
    row.note = f"{row.person}"
    return None


def _conviction_key(person_pk, data) -> tuple:
    return (person_pk, data.get("statute"), data.get("subdivision"), data.get("convicted_on"))


def _check_duplicate_convictions(rows: list[Row]):
    people = {row.person.pk for row in rows if row.person}
    existing = {
        _conviction_key(c["person_id"], c)
        for c in Conviction.objects.filter(person__in=people).values(
            "person_id", "statute", "subdivision", "convicted_on"
        )
    }
    first_seen: dict[tuple[object, ...], int] = {}
    for row in rows:
        if row.person is None or "statute" not in row.data:
            continue
        key = _conviction_key(row.person.pk, row.data)
        if key in existing:
            when = f"{row.data['convicted_on']:%Y-%m-%d}" if row.data.get("convicted_on") else "no date"
            row.error(
                f"this conviction (§ {row.data['statute']}, {when}) is already recorded for {row.person}"
            )
        elif key in first_seen:
            row.error(f"the same conviction is also in row {first_seen[key]}")
        else:
            first_seen[key] = row.number


def _apply_history(check: Check, *, agency, acting_user, filename, progress=None):
    for done, row in enumerate(check.rows):
        if progress is not None:
            progress(done)
        data = {f: row.data.get(f, "") for f in CONVICTION_FIELDS}
        data["source_detail"] = f"Imported from {filename}"[:200] if filename else "Imported"
        _write(row, services.conviction_add, person=row.person, data=data, acting_user=acting_user)
