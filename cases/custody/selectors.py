"""Reads shared by the custody pages: scoped to the user's agency, with their joins done.

Every function issues a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone

from cases.access import cases_for_user, people_for_user
from cases.catalogue.provider import with_catalogue_version
from cases.models import (
    BOOKING_KEY,
    Charge,
    Conviction,
    CustodyCase,
    Detainer,
    DetainerStatus,
    IceAccess,
    Person,
    booking_key,
    normalise_a_number,
    normalise_search,
)
from trustportal.accounts.access import scope_to_agency
from trustportal.audit.models import AuditEvent
from trustportal.common.expressions import AnyOf, IdArray

OPEN_DETAINER_STATUSES = (DetainerStatus.OPEN, DetainerStatus.DECIDED)
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
A_NUMBER_LIKE = re.compile(r"^[Aa]?[\s-]*\d[\d\s-]{6,12}$")
HISTORY_LIMIT = 200


# --- searching ----------------------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    """A date typed as YYYY-MM-DD or MM/DD/YYYY, else None."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def a_number_in(text: str) -> str | None:
    """The normalised A-number when the text looks like one, else None."""
    if not A_NUMBER_LIKE.match(text.strip()):
        return None
    try:
        return normalise_a_number(text)
    except ValueError:
        return None


SEARCH_WORDS = 6
NEAR_SPELLING_MIN = 3  # shorter words have too few trigrams to be "near" anything


def _name_word_q(word: str, prefix: str) -> Q:
    """People whose names or aliases contain the (normalised) word, or, on PostgreSQL, a word
    spelled nearly like it (trigram word similarity). Both are served by the trigram index:
    LIKE on the lower-case column, not Django's icontains (UPPER(...) LIKE, which no index serves)."""
    column = f"{prefix}search_text"
    match = Q(**{f"{column}__contains": word})
    if connection.vendor == "postgresql" and len(word) >= NEAR_SPELLING_MIN:
        match |= Q(TrigramWordSimilar(F(column), Value(word)))
    return match


def person_search_q(text: str, prefix: str = "") -> Q:
    """People matching a search box: every word in a name or alias (accents, case and near
    spellings forgiven), the A-number, or the DOB."""
    words = normalise_search(text).split()
    match = Q()
    for word in words[:SEARCH_WORDS]:
        match &= _name_word_q(word, prefix)
    a_number = a_number_in(text)
    if a_number:
        match |= Q(**{f"{prefix}a_number": a_number})
    born = parse_date(text)
    if born:
        match |= Q(**{f"{prefix}date_of_birth": born})
    return match


def cases_by_booking_number(text: str):
    """Bookings whose number is the text, ignoring case and spaces (the index case_booking_key)."""
    return CustodyCase.objects.annotate(key=BOOKING_KEY).filter(key=booking_key(text.strip()))


# The custody list's search reads at most this many people (four pages of 50): a broader search
# ("Smith": 2,500 of 300,000 people; "Ana") says so and asks for more, rather than reading every
# namesake on every page. Past about 500 ids the planner stops probing the bookings' person index
# and reads every booking of the agency instead (170 ms at 300,000).
SEARCH_PEOPLE_CAP = 200


@dataclass(frozen=True)
class CaseSearch:
    """The custody list's search: a condition on bookings, and whether more people matched the
    words than the search reads (``SEARCH_PEOPLE_CAP``; the list then shows the bookings of
    those read and asks for a narrower search)."""

    q: Q
    capped: bool = False
    cap: int = 0


def case_search(user, text: str) -> CaseSearch:
    """Bookings matching a search box: of the agency's people the person search finds (one
    query, at most ``SEARCH_PEOPLE_CAP`` + 1 of them: ``people_searched``), or with the booking
    number. The people come first as ids, so the bookings' condition is ``person_id IN (…) OR
    key = …``, which the database answers with two index probes (BitmapOr on the bookings'
    person index and ``case_booking_key``); with the people as a subquery inside the OR it
    walked every booking of the agency (250 ms at 300,000)."""
    ids = people_searched(user, text, SEARCH_PEOPLE_CAP + 1)
    by_number: Exact = Exact(BOOKING_KEY, booking_key(text.strip()))
    return CaseSearch(
        q=ids_in("person_id", ids[:SEARCH_PEOPLE_CAP]) | Q(by_number),
        capped=len(ids) > SEARCH_PEOPLE_CAP,
        cap=SEARCH_PEOPLE_CAP,
    )


def ids_in(field: str, ids: list[int]) -> Q:
    """``field IN ids``; on PostgreSQL as ``field = ANY(%s)`` with the ids as one array
    parameter: the same index probes, but one parameter instead of 200 for the driver to
    place in the SQL text (about 1.5 ms a query for the search's 200 ids)."""
    if connection.vendor != "postgresql" or not ids:
        return Q(**{f"{field}__in": ids})
    return Q(AnyOf(F(field), IdArray(ids)))


def people_searched(user, text: str, limit: int) -> list[int]:
    """Up to ``limit`` ids of the agency's people the search box finds, in one query of two
    branches, each cut at ``limit`` and read in turn (UNION ALL under a LIMIT: the second runs
    only if the first leaves room):

    1. the common case, a name typed surname first ('Smith', 'nunez jo'): a prefix of the
       person's ``search_key`` (surname, first name, normalised), along the btree
       ``person_search_key_idx`` (0024), in name order; a common surname's namesakes cost as many
       index entries as the search reads;
    2. everything else the trigram search finds (words anywhere in a name or alias, near
       spellings, the A-number, the date of birth: ``person_search_q``), less the first branch's.
    """
    people = people_for_user(user).order_by()
    matching = people.filter(person_search_q(text))
    key = normalise_search(text)
    if not key or not connection.features.supports_slicing_ordering_in_compound:
        return list(matching.values_list("pk", flat=True)[:limit])
    # in the index's order (the column's collation is "C" on PostgreSQL), so it reads no more
    prefix = people.filter(search_key__startswith=key).order_by("search_key")
    rest = matching.exclude(search_key__startswith=key)
    both = prefix.values_list("pk", flat=True)[:limit].union(
        rest.values_list("pk", flat=True)[:limit], all=True
    )
    return list(both[:limit])


def local_day_bounds(day: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The start of the (America/New_York) day and of the next one, as aware datetimes."""
    day = day or timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return start, end


# --- lists --------------------------------------------------------------------------------


@functools.cache
def open_detainer_count():
    """Open detainers per case, as a correlated subquery: unlike a GROUP BY it lets the
    database page through 100,000 bookings by index and count only the rows shown. Made once
    (a query that ``annotate`` copies as it resolves it, so it is never changed), not on every
    list page (a quarter of a millisecond)."""
    per_case = (
        Detainer.objects.filter(case=OuterRef("pk"), status__in=OPEN_DETAINER_STATUSES)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(per_case, output_field=IntegerField()), Value(0))


def has_open_detainer():
    """Whether the case has an open detainer, as EXISTS: a semi-join the database stops at the
    first match (a correlated COUNT in WHERE was evaluated for every case)."""
    return Exists(Detainer.objects.filter(case=OuterRef("pk"), status__in=OPEN_DETAINER_STATUSES))


def custody_cases(user):
    """The agency's custody cases for the list, with the person and open detainer count. Only
    the columns the list and its CSV show (of some fifty): a page builds 100 models. (Sorting by
    name says the person is the agency's own too: ``by_name``.)"""
    cases = cases_for_user(user).select_related("person").only(*CUSTODY_LIST_FIELDS)
    return cases.annotate(open_detainers=open_detainer_count())


def by_name(cases, user):
    """The person is the agency's own (intake and imports book only the agency's people); saying
    so lets the database sort by name along the people's (agency, last name, first name) index.
    Only when sorting by name: elsewhere the join made the capped count of 300,000 bookings
    merge every person (24 ms for the released ones)."""
    return scope_to_agency(cases, user, field="person__agency")


CUSTODY_LIST_FIELDS = (
    "agency_id",
    "booking_number",
    "booked_at",
    "facility",
    "status",
    "releasable_at",
    "person__agency_id",
    "person__last_name",
    "person__first_name",
    "person__date_of_birth",
    "person__a_number",
)


def people_matching(user, text: str, limit: int = 20) -> list[Person]:
    """The agency's people matching a search (for intake: book an existing person)."""
    if not text.strip():
        return []
    qs = people_for_user(user).filter(person_search_q(text)).order_by("last_name", "first_name", "pk")
    return list(qs[:limit])


def person_by_a_number(agency, a_number: str, exclude_pk=None) -> Person | None:
    """The agency's person with this (normalised) A-number, if any."""
    if not a_number:
        return None
    return Person.objects.filter(agency=agency, a_number=a_number).exclude(pk=exclude_pk).first()


# --- person page --------------------------------------------------------------------------


def convictions_of(person: Person):
    """The person's convictions, with what the class look-up and the page need."""
    return with_catalogue_version(person.convictions.select_related("verified_by"))


@dataclass
class PersonPage:
    person: Person
    cases: list = field(default_factory=list)
    convictions: list = field(default_factory=list)


def person_page(person: Person) -> PersonPage:
    """Bookings and convictions of a person already fetched through access.py: two queries."""
    cases = person.cases.annotate(open_detainers=open_detainer_count()).order_by("-booked_at", "-pk")
    return PersonPage(person=person, cases=list(cases), convictions=list(convictions_of(person)))


@dataclass
class PersonHistory:
    audit_events: list = field(default_factory=list)
    versions: list = field(default_factory=list)


def person_history(person: Person) -> PersonHistory:
    """The person record's audit events and saved versions, newest first: two queries."""
    events = AuditEvent.objects.filter(object_type=Person._meta.label_lower, object_id=str(person.pk))
    versions = person.history.select_related("history_user").order_by("-history_date", "-history_id")
    return PersonHistory(
        audit_events=list(events.order_by("-at", "-id")[:HISTORY_LIMIT]),
        versions=list(versions[:HISTORY_LIMIT]),
    )


# --- case page ----------------------------------------------------------------------------


@dataclass
class CasePage:
    case: CustodyCase
    charges: list = field(default_factory=list)
    convictions: list = field(default_factory=list)
    detainers: list = field(default_factory=list)


def case_page(case: CustodyCase) -> CasePage:
    """Charges, the person's convictions and the detainers of a fetched case: three queries."""
    return CasePage(
        case=case,
        charges=list(case.charges.all()),
        convictions=list(convictions_of(case.person)),
        detainers=list(Detainer.objects.filter(case=case).order_by("received_at", "id")),
    )


# --- the case timeline --------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    what: str
    detail: str = ""
    who: str = ""
    kind: str = "event"


# Audit actions the timeline shows from the records' own times (when it happened, not when
# it was typed in), and views, which are not events of the case.
SHOWN_FROM_RECORDS = frozenset(
    {"case.book", "case.release", "case.transfer", "detainer.log", "detainer.ice_contact", "ice.access"}
)
ACTION_WORDS = {
    "case.update": "Booking details changed",
    "charge.add": "Charge added",
    "charge.update": "Charge changed",
    "conviction.add": "Conviction recorded",
    "conviction.update": "Conviction changed",
    "conviction.verify": "Conviction verified",
    "person.create": "Person record created",
    "person.update": "Identity changed",
    "detainer.update": "Detainer details changed",
    "detainer.status": "Detainer status changed",
    "detainer.document_add": "Document added to a detainer",
    "detainer.document_update": "Detainer document changed",
    "detainer.scan_upload": "Detainer scan uploaded",
}


def case_timeline(case: CustodyCase) -> list[TimelineEntry]:
    """Every event of the case in order: booking, detainers and ICE access from the records'
    own times, everything else (charges, convictions, changes, status changes) from the audit
    trail. Four queries, whatever the number of events."""
    accesses = IceAccess.objects.select_related("recorded_by").order_by("at", "id")
    detainers = list(
        Detainer.objects.filter(case=case)
        .select_related("created_by")
        .prefetch_related(Prefetch("ice_accesses", queryset=accesses))
    )
    entries = [*_case_entries(case), *_detainer_entries(detainers)]
    entries += [_audit_entry(e) for e in _case_audit_events(case, [d.pk for d in detainers])]
    return sorted(entries, key=lambda e: e.at)


def _case_entries(case: CustodyCase) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(
            case.booked_at,
            "Booked",
            f"{case.booking_number} at {case.facility}",
            case.arresting_officer,
            "booking",
        )
    ]
    if case.closed_at:
        where = f" to {case.transferred_to}" if case.transferred_to else ""
        entries.append(
            TimelineEntry(
                case.closed_at,
                f"{case.get_status_display()}{where}",
                case.closure_reason,
                _name(case.closed_by),
                "closure",
            )
        )
    return entries


def _detainer_entries(detainers) -> list[TimelineEntry]:
    entries = []
    for d in detainers:
        received = f"{d.form} from {d.issuing_office}" if d.issuing_office else d.form
        entries.append(
            TimelineEntry(d.received_at, "Detainer received", received, _name(d.created_by), "detainer")
        )
        if d.served_at:
            entries.append(
                TimelineEntry(d.served_at, "Detainer served on the person", d.form, "", "detainer")
            )
        entries += [
            TimelineEntry(
                a.at,
                f"ICE access {a.get_access_type_display()}",
                a.communication,
                _name(a.recorded_by),
                "ice",
            )
            for a in d.ice_accesses.all()
        ]
    return entries


def _record_ids(case: CustodyCase) -> dict[str, list[str]]:
    """The ids of the case's charges and its person's convictions, as the audit trail keeps
    them (text): one query."""
    charges = Charge.objects.filter(case=case).order_by().values_list(Value(Charge._meta.label_lower), "pk")
    convictions = (
        Conviction.objects.filter(person_id=case.person_id)
        .order_by()
        .values_list(Value(Conviction._meta.label_lower), "pk")
    )
    ids: dict[str, list[str]] = {Charge._meta.label_lower: [], Conviction._meta.label_lower: []}
    for label, pk in charges.union(convictions, all=True):
        ids[label].append(str(pk))
    return ids


def _case_audit_events(case: CustodyCase, detainer_ids: list[int]) -> list[AuditEvent]:
    """The audit events of the case, its person and their records: two queries. The ids come
    first, so each branch of the OR is an index scan (``object_type``/``object_id``, and the
    ``details->'detainer'`` expression index): a subquery inside the OR made the database
    filter every event of the agency."""
    objects = Q(object_type=CustodyCase._meta.label_lower, object_id=str(case.pk)) | Q(
        object_type=Person._meta.label_lower, object_id=str(case.person_id)
    )
    for object_type, ids in _record_ids(case).items():
        if ids:
            objects |= Q(object_type=object_type, object_id__in=ids)
    if detainer_ids:
        objects |= Q(object_type=Detainer._meta.label_lower, object_id__in=[str(i) for i in detainer_ids])
        objects |= Q(details__detainer__in=detainer_ids)
    events = (
        AuditEvent.objects.filter(objects, agency_id=case.agency_id)
        .exclude(action__in=SHOWN_FROM_RECORDS)
        .exclude(action__endswith=".view")
        .order_by("-at", "-id")
    )
    return list(events[:HISTORY_LIMIT])


def _audit_entry(event: AuditEvent) -> TimelineEntry:
    what = ACTION_WORDS.get(event.action, event.action)
    return TimelineEntry(event.at, what, _audit_detail(event), event.actor_username, "audit")


def _audit_detail(event: AuditEvent) -> str:
    details = event.details or {}
    if "from" in details and "to" in details:
        return f"{event.object_repr}: {details['from']} → {details['to']}"
    changes = details.get("changes") or {}
    parts = [f"{k.replace('_', ' ')}: {v[0]} → {v[1]}" for k, v in changes.items() if len(v) == 2]
    return f"{event.object_repr}: " + "; ".join(parts) if parts else event.object_repr


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
