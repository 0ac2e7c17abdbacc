"""Pages at scale: how each page's server time grows from 10,000 to 300,000 custody cases.

    .venv/bin/python benchmarks/bench_pages.py [--sizes 10000,100000,300000] [--repeat 7]
                                   [--events-per-case 3.34] [--only board,audit] [--fresh]

One run grows the benchmark database through each size in turn (bulk inserts; rows from an
earlier run are re-used), then at each size runs VACUUM ANALYZE (a fresh server may have
autovacuum off, and the planner needs statistics) and requests every page through Django's
test client as a signed-in supervisor, counting queries and timing the server side against
a trivial page. At the end it prints the growth table: each page as a multiple of the
trivial page's time at each size, and its own time at the largest size over the smallest.

The data at each size N: N people (surnames spread as the census's are: Smith 0.8%, the 50
most common 12.5%, then a long tail; see ``surname``) and N custody cases in custody (50 of them
without a release time, at every size), an open detainer on every tenth case (10%), a decided
detainer with a hold on every fiftieth (2%; all reviewed but the newest 100, the supervisors'
backlog), and about 3.34 audit events per case (1,000,000 at 300,000 cases), written through the audit trail's
own insert trigger (chained and hashed, never bypassed) with one INSERT … SELECT per batch;
and a decision of varied facts in the last 12 months for every 30th case (10,000 at 300,000),
each on a detainer of its own (declined or honored; the bookings decided over three days ago
closed), two in three reviewed, with their policy-impact evaluations (the recompute) and the
daily figures (``rebuild_report_figures``),
as the product's bulk paths build them (the dashboard and the policy-impact page read these).

The name search is measured three ways: one person's rarer surname (the same person at every
size), the commonest surname (Smith: 83 people at 10,000, 2,484 at 300,000) and a misspelling of
the first (trigram similarity). The board's table is measured twice: changed (the rows sent)
and unchanged (the poll carries the version it shows; 204, nothing sent).

Budgets (DESIGN §10): every page ≤ 12 queries; ≤ 3× the trivial page at every size; the
board's polled table ≤ 2×; no page more than 1.5× slower at the largest size than at the
smallest.
"""

import argparse
import bisect
import datetime as dt
import itertools
import statistics
import time

from _django import setup

# (name, url pattern, budget as a multiple of the trivial page)
PAGES = [
    ("trivial (change-password form)", "/accounts/password/", 1.0),
    ("home (the desk's board)", "/", 3.0),
    ("board table (polled every 30 s)", "/cases/board/table/", 2.0),
    ("board table, poll unchanged (204)", "/cases/board/table/?version={board_version}", 2.0),
    ("custody board", "/cases/board/", 3.0),
    ("custody list", "/cases/", 3.0),
    ("custody list, search one person", "/cases/?q={surname}", 3.0),
    ("custody list, search a common surname (Smith, 0.8%)", "/cases/?q=Smith", 3.0),
    ("custody list, search a misspelt surname", "/cases/?q={misspelt}", 3.0),
    ("custody list, open_detainer=yes", "/cases/?open_detainer=yes", 3.0),
    ("custody list, open_detainer=no", "/cases/?open_detainer=no", 3.0),
    ("custody list, releasable_today=yes", "/cases/?releasable_today=yes", 3.0),
    ("custody list, status=released", "/cases/?status=released", 3.0),
    ("custody list, o=name", "/cases/?o=name", 3.0),
    ("custody list, o=releasable_at", "/cases/?o=releasable_at", 3.0),
    ("custody list, page 100", "/cases/?page=100", 3.0),
    ("review queue", "/cases/reviews/", 3.0),
    ("case detail", "/cases/{case}/", 3.0),
    ("case timeline", "/cases/{case}/timeline/", 3.0),
    ("person detail", "/cases/people/{person}/", 3.0),
    ("person history", "/cases/people/{person}/history/", 3.0),
    ("detainer detail", "/cases/detainers/{detainer}/", 3.0),
    ("decision screen", "/cases/detainers/{detainer}/decision/", 3.0),
    ("notifications", "/notifications/", 3.0),
    ("audit trail", "/accounts/audit/", 3.0),
    ("audit trail, one action", "/accounts/audit/?action=case.update", 3.0),
    ("agency dashboard, last 12 months", "/reports/dashboard/", 3.0),
    ("policy impact, last 12 months", "/reports/policy/", 3.0),
]
MAX_QUERIES = 12
MISSING_RELEASE = 50  # bookings without a release time, at every size
MAX_GROWTH = 1.5

FIRST_NAMES = ["Ana", "Luis", "Maria", "Jose", "Pat", "Sam", "Lee", "Kim", "Alex", "Chris", "Dana", "Eli"]

# Surnames spread as people's are. The most common names in the 2010 US census, with their share
# per 100,000 people (Smith 828: 0.83%; these 50 are about 12.5% of everyone) ...
COMMON_SURNAMES = {
    "Smith": 828, "Johnson": 655, "Williams": 550, "Brown": 487, "Jones": 480, "Garcia": 394,
    "Miller": 383, "Davis": 364, "Rodriguez": 353, "Martinez": 345, "Hernandez": 341, "Lopez": 283,
    "Gonzalez": 280, "Wilson": 262, "Anderson": 256, "Thomas": 252, "Taylor": 246, "Moore": 239,
    "Jackson": 233, "Martin": 230, "Lee": 229, "Thompson": 195, "Perez": 194, "White": 191,
    "Harris": 179, "Sanchez": 177, "Clark": 162, "Ramirez": 160, "Lewis": 155, "Robinson": 154,
    "Walker": 153, "Young": 141, "Allen": 141, "King": 139, "Wright": 138, "Scott": 130,
    "Torres": 127, "Nguyen": 124, "Hill": 124, "Flores": 124, "Green": 122, "Adams": 121,
    "Nelson": 120, "Baker": 118, "Hall": 117, "Rivera": 115, "Campbell": 111, "Mitchell": 111,
    "Carter": 107, "Roberts": 106,
}  # fmt: skip
# ... and a long tail: 200,000 made-up names, the k-th as common as 1/(k + 50) (Zipf, as the
# census's tail is), built from syllables of a real spelling's letters, onsets and endings.
TAIL_NAMES = 200_000
ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kr", "l", "m", "n", "p",
          "pr", "r", "s", "sch", "sh", "st", "t", "tr", "v", "w", "z", "", "qu"]  # fmt: skip
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "y", "ie"]
CODAS = ["", "n", "r", "s", "l", "t", "nd", "rt", "ck", "sk", "tz", "ll", "m", "nn", "ng", "rd"]


def _tail_name(k: int) -> str:
    """The k-th made-up surname: two or three syllables, distinct for every k."""
    mixed = (k * 2_654_435_761) % 4_294_967_291  # spread neighbouring ranks over the syllables
    parts = []
    for _ in range(2 + mixed % 2):
        mixed, onset = divmod(mixed, len(ONSETS))
        mixed, vowel = divmod(mixed, len(VOWELS))
        mixed, coda = divmod(mixed, len(CODAS))
        parts.append(ONSETS[onset] + VOWELS[vowel] + CODAS[coda])
    return "".join(parts).capitalize() + ("" if k < 10_000 else _SUFFIXES[k % len(_SUFFIXES)])


_SUFFIXES = ["", "son", "er", "ez", "ski", "ini", "ov", "man", "berg", "ton"]


def _surname_table():
    """Cumulative weights over the common names then the tail (a share of 100,000 people)."""
    names = list(COMMON_SURNAMES)
    weights = list(COMMON_SURNAMES.values())
    tail_share = 100_000 - sum(weights)
    harmonic = sum(1 / (k + 50) for k in range(TAIL_NAMES))
    weights += [tail_share / harmonic / (k + 50) for k in range(TAIL_NAMES)]
    return names, list(itertools.accumulate(weights))


_NAMES, _CUMULATIVE = _surname_table()


def surname(i: int) -> str:
    """Person i's surname, drawn (deterministically, by a hash of i) from the spread above."""
    u = ((i * 11_400_714_819_323_198_485) % 2**64) / 2**64 * _CUMULATIVE[-1]
    rank = bisect.bisect_right(_CUMULATIVE, u)
    return _NAMES[rank] if rank < len(_NAMES) else _tail_name(rank - len(_NAMES))


def misspelt(name: str) -> str:
    """The name as a hurried officer might type it: its second-last letter left out."""
    return name[:-2] + name[-1]


# --- the data ---------------------------------------------------------------------------------


def fill(agency, officer, n_cases: int) -> None:
    from cases.models import CustodyCase

    have = CustodyCase.objects.filter(agency=agency).count()
    rename_people(agency)
    if have < n_cases:
        _fill_cases(agency, officer, have, n_cases)


def search_text(i: int) -> str:
    from cases.models import person_search_text

    first = FIRST_NAMES[i % len(FIRST_NAMES)]
    return person_search_text(first_name=first, middle_name="", last_name=surname(i), aliases="")


def search_key(i: int) -> str:
    from cases.models.people import person_search_key

    return person_search_key(
        first_name=FIRST_NAMES[i % len(FIRST_NAMES)], middle_name="", last_name=surname(i)
    )


RENAME_SQL = """
UPDATE cases_person p SET last_name = v.last_name, search_text = v.search_text, search_key = v.search_key
  FROM (SELECT unnest(%(ids)s::bigint[]) AS id, unnest(%(last)s::text[]) AS last_name,
               unnest(%(text)s::text[]) AS search_text, unnest(%(key)s::text[]) AS search_key) v
 WHERE p.id = v.id
"""


def rename_people(agency, batch: int = 10_000) -> None:
    """People filled by an earlier version of this script (surnames of 32 syllables, and no
    search column: the name search found nobody by name; then no search key: the search's
    prefix branch found nobody, and every search took its trigram branch) get the names and the
    search columns they would have now. Person i is the one with A-number A3000000000 + i."""
    from django.db import connection, transaction

    from cases.models import Person

    people = Person.objects.filter(agency=agency, a_number__startswith="A3").order_by("pk")
    probe = people.values_list("a_number", "last_name", "search_text", "search_key").first()
    if probe is None or probe[1:] == (
        surname(i := _index(probe[0])),
        search_text(i),
        search_key(i),
    ):
        return
    started, done = time.perf_counter(), 0
    rows = iter(list(people.values_list("pk", "a_number")))
    while chunk := list(itertools.islice(rows, batch)):
        ids = [pk for pk, _ in chunk]
        last = [surname(_index(a)) for _, a in chunk]
        text = [search_text(_index(a)) for _, a in chunk]
        key = [search_key(_index(a)) for _, a in chunk]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(RENAME_SQL, {"ids": ids, "last": last, "text": text, "key": key})
        done += len(chunk)
    print(f"renamed {done:,} people to this version's surnames in {time.perf_counter() - started:.0f} s")


def _index(a_number: str) -> int:
    return int(a_number[1:]) - 300_000_000


def _fill_cases(agency, officer, start: int, end: int) -> None:
    from django.utils import timezone

    from cases.models import CustodyCase, Detainer, DetainerDocument, DetainerStatus, Person

    now = timezone.now()
    people = Person.objects.bulk_create(
        [
            Person(
                agency=agency,
                last_name=surname(i),
                first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                search_text=search_text(i),  # what Person.save() sets (bulk_create does not call it)
                search_key=search_key(i),
                date_of_birth=dt.date(1960, 1, 1) + dt.timedelta(days=i % 15000),
                a_number=f"A{300000000 + i:09d}",
            )
            for i in range(start, end)
        ],
        batch_size=5000,
    )
    cases = CustodyCase.objects.bulk_create(
        [
            CustodyCase(
                agency=agency,
                person=p,
                booking_number=f"BB{i:07d}",
                booked_at=now - dt.timedelta(hours=200 + i % 5000),
                facility="Bench",
                # 50 bookings have no release time yet at every size (the desk enters it within
                # hours: they do not grow with the records, and so the board's 100 rows are
                # never all of them); the rest spread over three days
                releasable_at=(
                    None
                    if i % 200 == 0 and i < MISSING_RELEASE * 200
                    else now + dt.timedelta(minutes=(i * 37) % (72 * 60))
                ),
            )
            for i, p in enumerate(people, start=start)
        ],
        batch_size=5000,
    )
    with_detainer = [(i, c) for i, c in enumerate(cases, start=start) if i % 10 == 0 or i % 50 == 5]
    detainers = Detainer.objects.bulk_create(
        [
            Detainer(
                case=c,
                received_at=c.booked_at + dt.timedelta(hours=1),
                issued_on=c.booked_at.date(),
                created_by=officer,
                status=DetainerStatus.OPEN if i % 10 == 0 else DetainerStatus.DECIDED,
            )
            for i, c in with_detainer
        ],
        batch_size=5000,
    )
    DetainerDocument.objects.bulk_create(
        [DetainerDocument(detainer=d, kind="administrative_warrant", form="I-205") for d in detainers],
        batch_size=5000,
    )
    _fill_decisions(agency, officer, [d for d in detainers if d.status == DetainerStatus.DECIDED], now)


def _fill_decisions(agency, officer, detainers, now) -> None:
    """Decisions to hold, with the engine's real result for the first detainer's facts."""
    from django.db import connection

    from cases.catalogue.provider import current_catalogue
    from cases.decisions.facts import scenario_for_detainer
    from cases.models import Decision
    from cases.rules import evaluate
    from trustportal.accounts.models import User

    if not detainers:
        return
    facts = scenario_for_detainer(detainers[0], decided_at=now)
    result = evaluate(facts, current_catalogue())
    Decision.objects.bulk_create(
        [
            Decision(
                agency=agency,
                detainer=d,
                rule_set=result["rule_set"],
                engine_version=result.get("engine_version", "bench"),
                facts=facts,
                result=result,
                actions=["hold"],
                hold_until=now + dt.timedelta(minutes=(d.pk * 53) % (48 * 60) - 120),
                rationale="Benchmark.",
                recorded_by=officer,
                recorded_at=now,
            )
            for d in detainers
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        # what decision_record does: the detainer keeps its current decision's hold limit
        cursor.execute(
            "UPDATE cases_detainer d SET hold_until = x.hold_until FROM cases_decision x "
            "WHERE x.detainer_id = d.id AND d.hold_until IS NULL AND x.hold_until IS NOT NULL"
        )
        # supervisors keep up: the newest REVIEW_BACKLOG decisions wait for review at every size
        # the supervisor reviews (bench_sweep.py, which has none, reviews as the officer)
        reviewer = User.objects.filter(username="bench-supervisor").first() or officer
        cursor.execute(REVIEWED_SQL, {"reviewer": reviewer.pk, "backlog": REVIEW_BACKLOG})


REVIEW_BACKLOG = 100
REVIEWED_SQL = """
INSERT INTO cases_decisionreview (decision_id, reviewer_id, outcome, comments, reviewed_at)
SELECT d.id, %(reviewer)s, 'approved', '', now()
  FROM cases_decision d
 WHERE NOT EXISTS (SELECT 1 FROM cases_decisionreview r WHERE r.decision_id = d.id)
   AND d.id < (SELECT min(id) FROM (SELECT id FROM cases_decision ORDER BY id DESC LIMIT %(backlog)s) newest)
"""


# One INSERT … SELECT per batch: the chain trigger stamps, links and hashes every row.
# Events of a case (views, changes), of its person, of its detainer, and detainer events
# carrying {"detainer": id} in their details (what the case timeline looks up).
AUDIT_BATCH_SQL = """
WITH c AS (
  SELECT c.id, c.person_id, c.booking_number, d.id AS detainer_id,
         row_number() OVER (ORDER BY c.id) AS rn
    FROM cases_custodycase c
    LEFT JOIN cases_detainer d ON d.case_id = c.id
   WHERE c.agency_id = %(agency)s
), n AS (SELECT count(*) AS total FROM c)
INSERT INTO audit_auditevent (actor_id, actor_username, agency_id, action, object_type, object_id,
                              object_repr, ip_address, user_agent, outcome, details,
                              prev_hash, row_hash)
SELECT %(actor)s, 'bench-supervisor', %(agency)s,
       CASE WHEN g %% 10 < 4 THEN 'case.view'
            WHEN g %% 10 < 6 THEN 'case.update'
            WHEN g %% 10 = 6 THEN 'person.update'
            WHEN g %% 10 = 7 THEN 'person.view'
            WHEN c.detainer_id IS NULL THEN 'case.update'
            WHEN g %% 10 = 8 THEN 'detainer.status'
            ELSE 'detainer.document_add' END,
       CASE WHEN g %% 10 IN (6, 7) THEN 'cases.person'
            WHEN g %% 10 < 8 OR c.detainer_id IS NULL THEN 'cases.custodycase'
            WHEN g %% 10 = 8 THEN 'cases.detainer'
            ELSE 'cases.detainerdocument' END,
       CASE WHEN g %% 10 IN (6, 7) THEN c.person_id::text
            WHEN g %% 10 < 8 OR c.detainer_id IS NULL THEN c.id::text
            WHEN g %% 10 = 8 THEN c.detainer_id::text
            ELSE (c.detainer_id * 7)::text END,
       'Booking ' || c.booking_number, '127.0.0.1', 'bench', 'success',
       CASE WHEN g %% 10 = 9 AND c.detainer_id IS NOT NULL
            THEN jsonb_build_object('detainer', c.detainer_id)
            WHEN g %% 10 IN (4, 5) THEN '{"changes": {"facility": ["Bench", "Bench"]}}'::jsonb
            ELSE '{}'::jsonb END,
       '', ''
  FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS g
  CROSS JOIN n
  JOIN c ON c.rn = 1 + (g * 7919) %% n.total
"""


def fill_audit(agency, actor, target: int, batch: int = 50_000) -> None:
    from django.db import connection, transaction

    from trustportal.audit.models import AuditEvent

    have = AuditEvent.objects.count()
    for start in range(have, target, batch):
        stop = min(start + batch, target) - 1
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                AUDIT_BATCH_SQL, {"agency": agency.pk, "actor": actor.pk, "start": start, "stop": stop}
            )


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# A decision of varied facts over the last 12 months for every YEAR_EVERY-th case (333 at 10,000
# cases, 10,000 at 300,000), each on a detainer of its own (declined or honored, so the board and
# the open-detainer filters keep their shares), some reviewed, some corrected.
YEAR_EVERY = 30
YEAR_RATIONALE = "Benchmark: a year of decisions."


def recorded_scenario(rng):
    """Varied facts (bench_rules' generator) as a decision records them, without a rule set
    (the law in force when decided), and the engine's result; facts it refuses are drawn again."""
    from bench_rules import make_scenario

    from cases.rules import ScenarioError, evaluate

    while True:
        facts = make_scenario(rng)
        facts.pop("rule_set", None)
        try:
            return facts, evaluate(facts)
        except ScenarioError:
            continue


def fill_decision_year(agency, officer, reviewer, n_cases: int) -> bool:
    """Decisions with varied facts (bench_rules' generator) recorded over the last 12 months;
    then, as the product's bulk path does, their evaluations (the recompute) and the daily
    figures (``manage.py rebuild_report_figures``). True when it added any."""
    import random

    from django.core.management import call_command
    from django.utils import timezone

    from cases.models import CaseStatus, CustodyCase, Decision, DecisionReview, Detainer, DetainerStatus
    from reports.policy.recompute import recompute_all

    have = Decision.objects.filter(agency=agency, rationale=YEAR_RATIONALE).count()
    target = n_cases // YEAR_EVERY
    if have >= target:
        return False
    rng = random.Random(2026 + have)
    now = timezone.now()
    cases = list(
        CustodyCase.objects.filter(agency=agency)
        .order_by("pk")
        .values_list("pk", flat=True)[have * YEAR_EVERY + 15 : target * YEAR_EVERY : YEAR_EVERY]
    )
    plans = []
    for i, case_id in enumerate(cases, start=have):
        recorded = now - dt.timedelta(minutes=(i * 53) % (364 * 24 * 60) + 5)
        lag = dt.timedelta(minutes=(i * 37) % (36 * 60))  # every time-to-decision band
        facts, result = recorded_scenario(rng)
        plans.append((case_id, recorded, lag, facts, result, i))
    detainers = Detainer.objects.bulk_create(
        [
            Detainer(
                case_id=case_id,
                received_at=recorded - lag,
                issued_on=(recorded - lag).date(),
                created_by=officer,
                status=DetainerStatus.HONORED if i % 7 == 0 else DetainerStatus.DECLINED,
            )
            for case_id, recorded, lag, _facts, _result, i in plans
        ],
        batch_size=5000,
    )
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                agency=agency,
                detainer=detainer,
                rule_set=result["rule_set"],
                engine_version=result["engine_version"],
                facts=facts,
                result=result,
                actions=["hold", "notify"] if i % 7 == 0 else ["decline"],
                is_override=i % 11 == 0,
                override_reason="Benchmark override." if i % 11 == 0 else "",
                rationale=YEAR_RATIONALE,
                recorded_by=officer,
                recorded_at=recorded,
            )
            for detainer, (_case, recorded, _lag, facts, result, i) in zip(detainers, plans, strict=True)
        ],
        batch_size=5000,
    )
    DecisionReview.objects.bulk_create(
        [
            DecisionReview(
                decision=d,
                reviewer=reviewer,
                outcome="returned" if n % 9 == 0 else "approved",
                comments="Benchmark." if n % 9 == 0 else "",
                reviewed_at=d.recorded_at + dt.timedelta(hours=3),
            )
            for n, d in enumerate(decisions)
            if n % 3
        ],
        batch_size=5000,
    )
    # People do not stay in custody for a year: a booking whose detainer was decided more than
    # three days ago is closed (honored: transferred to ICE; declined: released), as the desk
    # would have closed it, so only the last days' decisions stay on the board as releases.
    closed_before = now - dt.timedelta(days=3)
    for status, honored in ((CaseStatus.TRANSFERRED_ICE, True), (CaseStatus.RELEASED, False)):
        closed = [
            case_id
            for case_id, recorded, _l, _f, _r, i in plans
            if recorded < closed_before and (i % 7 == 0) == honored
        ]
        CustodyCase.objects.filter(pk__in=closed).update(status=status, closed_at=now - dt.timedelta(hours=1))
        Detainer.objects.filter(case__in=closed).update(in_custody=False)  # as the close service does
    recompute_all()  # every decision's evaluations under the four rule sets (COPY)
    call_command("rebuild_report_figures")
    return True


# --- measuring --------------------------------------------------------------------------------


def _timed_get(client, url):
    started = time.perf_counter()
    response = client.get(url)
    return time.perf_counter() - started, response


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries)


def signed_in_client(user):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def page_ids(agency, user) -> dict:
    from cases.board.selectors import board
    from cases.models import Detainer, Person

    detainer = Detainer.objects.filter(case__agency=agency).select_related("case__person").order_by("id")[1]
    # the one person searched: the first booked whose surname is not among the common ones
    # (the same person at every size; as many namesakes as that name's share of the people)
    person = next(
        p
        for p in Person.objects.filter(agency=agency, a_number__startswith="A3").order_by("pk")[:100]
        if p.last_name not in COMMON_SURNAMES
    )
    namesakes = Person.objects.filter(agency=agency, last_name=person.last_name).count()
    smiths = Person.objects.filter(agency=agency, last_name="Smith").count()
    name, typo = person.last_name, misspelt(person.last_name)
    print(f"searching {name!r} ({namesakes:,} people), {typo!r}, Smith ({smiths:,})")
    return {
        "case": detainer.case_id,
        "person": detainer.case.person_id,
        "detainer": detainer.pk,
        "surname": person.last_name,
        "misspelt": misspelt(person.last_name),
        "board_version": board(user).version,
    }


def run_size(client, agency, user, pages, repeat) -> dict:
    """Every page ``repeat`` times in rounds: each round requests the trivial page and then
    every page once, so a change in the machine's load during the run falls on every page
    alike. A page's multiple is the median over the rounds of its time divided by the
    trivial page's time in the same round; its time is the median of its rounds."""
    ids = page_ids(agency, user)
    urls = [pattern.format(**ids) for _name, pattern, _budget in pages]
    client.get(urls[0])  # the session's once-a-minute renewal and the cached heartbeat
    checks = [_queries(client, url) for url in urls]  # also warms templates, caches and plans
    times: list[list[float]] = [[] for _ in pages]
    ratios: list[list[float]] = [[] for _ in pages]
    for _ in range(repeat):
        base, _response = _timed_get(client, urls[0])
        for i, url in enumerate(urls):
            seconds = base if i == 0 else _timed_get(client, url)[0]
            times[i].append(seconds)
            ratios[i].append(seconds / base)
    results = {}
    print(f"{'page':<52} {'status':>6} {'queries':>8} {'median ms':>10} {'x trivial':>10}")
    for (name, _pattern, _budget), (status, queries), page_times, page_ratios in zip(
        pages, checks, times, ratios, strict=True
    ):
        seconds, multiple = statistics.median(page_times), statistics.median(page_ratios)
        results[name] = (status, queries, seconds, multiple)
        print(f"{name:<52} {status:>6} {queries:>8} {seconds * 1000:>10.1f} {multiple:>10.2f}")
    return results


def growth_table(sizes, table, pages) -> None:
    """Markdown: × trivial at each size (queries in brackets), and largest over smallest."""
    first, last = sizes[0], sizes[-1]
    head = " | ".join(f"{s // 1000}k" for s in sizes)
    print(f"\n| page | budget | {head} | ms at {first // 1000}k → {last // 1000}k | growth |")
    print("|---|---|" + "---|" * len(sizes) + "---|---|")
    failures = []
    for name, _pattern, budget in pages:
        # growth of the multiple: the trivial page reads no case data, so dividing by it
        # takes out a change in the machine's load between the sizes (raw ms shown too)
        cells, growth = [], table[last][name][3] / table[first][name][3]
        for size in sizes:
            status, queries, _seconds, multiple = table[size][name]
            cells.append(f"{multiple:.2f}× ({queries} q)")
            if status not in (200, 204) or queries > MAX_QUERIES or multiple > budget:
                failures.append(f"{name} at {size:,}: status {status}, {queries} queries, {multiple:.2f}×")
        if len(sizes) > 1 and growth > MAX_GROWTH:
            failures.append(f"{name}: {growth:.2f}× slower at {last:,} than at {first:,}")
        ms = f"{table[first][name][2] * 1000:.1f} → {table[last][name][2] * 1000:.1f}"
        print(f"| {name} | ≤ {budget:g}× | " + " | ".join(cells) + f" | {ms} | {growth:.2f}× |")
    print("\nover budget:" if failures else "\nevery page within budget")
    for failure in failures:
        print(f"  - {failure}")


def production_templates() -> None:
    """The benchmark runs the test profile (TRUSTPORTAL_ENV=test: no SECRET_KEY or HTTPS needed)
    but must render as production does: DEBUG off and Django's cached template loader (the
    default whenever TEMPLATES names no loaders, as settings.py does in every profile)."""
    from django.conf import settings
    from django.template import engines

    loaders = [type(loader).__module__ for loader in engines["django"].engine.template_loaders]
    if settings.DEBUG or loaders != ["django.template.loaders.cached"]:
        raise SystemExit(f"not production's templates: DEBUG={settings.DEBUG}, loaders {loaders}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,300000", help="custody cases, comma-separated")
    parser.add_argument("--events-per-case", type=float, default=3.34)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--fresh", action="store_true", help="drop the benchmark database first")
    parser.add_argument("--only", default="", help="comma-separated words: only pages whose name has one")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    words = [w for w in args.only.split(",") if w]
    pages = [p for p in PAGES if p is PAGES[0] or not words or any(w in p[0] for w in words)]
    setup(fresh=args.fresh)
    from django.conf import settings
    from django.contrib.auth.models import Group

    from cases.models import CustodyCase, Detainer
    from trustportal.accounts.models import Agency, User
    from trustportal.accounts.roles import Role
    from trustportal.audit.models import AuditEvent

    settings.ALLOWED_HOSTS = ["*"]
    production_templates()
    agency, _ = Agency.objects.get_or_create(ori="CT0077700", defaults={"name": "Bench PD"})
    user, _ = User.objects.get_or_create(username="bench-supervisor", defaults={"agency": agency})
    user.groups.add(Group.objects.get(name=Role.SUPERVISOR))
    # the records are a desk officer's, so the supervisor's review queue shows its forms
    officer, _ = User.objects.get_or_create(username="bench-officer", defaults={"agency": agency})
    officer.groups.add(Group.objects.get(name=Role.DESK_OFFICER))
    client = signed_in_client(user)
    table = {}
    for size in sizes:
        started = time.perf_counter()
        fill(agency, officer, size)
        fill_audit(agency, user, int(size * args.events_per_case))
        fill_decision_year(agency, officer, user, size)
        analyze()
        print(
            f"\n== {CustodyCase.objects.filter(agency=agency).count():,} cases, "
            f"{Detainer.objects.filter(case__agency=agency).count():,} detainers, "
            f"{AuditEvent.objects.count():,} audit events (filled and analysed in "
            f"{time.perf_counter() - started:.0f} s)"
        )
        table[size] = run_size(client, agency, user, pages, args.repeat)
    growth_table(sizes, table, pages)


if __name__ == "__main__":
    main()
