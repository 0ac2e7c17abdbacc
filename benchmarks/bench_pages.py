"""Pages at scale: queries and server time with 100,000 custody cases and 10,000 open detainers.

    .venv/bin/python benchmarks/bench_pages.py [--cases 100000] [--detainers 10000] [--repeat 5]

Fills the benchmark database once (bulk inserts; re-used on later runs), then requests each
list and detail page through Django's test client as a signed-in supervisor, counting the
queries and timing the server side, against a trivial page. Budget: a constant number of
queries (≤ 12) whatever the data size, and server time a small multiple of the trivial page.
"""

import argparse
import datetime as dt
import statistics
import time

from _django import setup

PAGES = [
    ("trivial (change-password form)", "/accounts/password/"),
    ("home (with the board)", "/"),
    ("custody list", "/cases/"),
    ("custody list, search", "/cases/?q=Bench"),
    ("custody list, open detainers", "/cases/?has_open_detainer=yes"),
    ("custody board", "/cases/board/"),
    ("review queue", "/cases/reviews/"),
    ("case detail", "/cases/{case}/"),
    ("person detail", "/cases/people/{person}/"),
    ("detainer detail", "/cases/detainers/{detainer}/"),
    ("decision screen", "/cases/detainers/{detainer}/decision/"),
    ("notifications", "/notifications/"),
    ("audit trail", "/accounts/audit/"),
]


def fill(agency, officer, n_cases, n_detainers):
    from django.utils import timezone

    from cases.models import CustodyCase, Detainer, DetainerDocument, Person

    have = CustodyCase.objects.filter(agency=agency).count()
    if have >= n_cases:
        return
    now = timezone.now()
    people = [
        Person(
            agency=agency,
            last_name=f"Bench{i:06d}",
            first_name="Pat",
            date_of_birth=dt.date(1970, 1, 1) + dt.timedelta(days=i % 15000),
            a_number=f"A{300000000 + i:09d}",
        )
        for i in range(have, n_cases)
    ]
    Person.objects.bulk_create(people, batch_size=5000)
    people = list(Person.objects.filter(agency=agency).order_by("id")[have:n_cases])
    cases = [
        CustodyCase(
            agency=agency,
            person=p,
            booking_number=f"BB{i:07d}",
            booked_at=now - dt.timedelta(hours=2 + i % 500),
            facility="Bench",
            releasable_at=now + dt.timedelta(hours=i % 72),
        )
        for i, p in enumerate(people, start=have)
    ]
    CustodyCase.objects.bulk_create(cases, batch_size=5000)
    open_cases = CustodyCase.objects.filter(agency=agency).order_by("id")[:n_detainers]
    detainers = [
        Detainer(case=c, received_at=now - dt.timedelta(hours=1), issued_on=now.date(), created_by=officer)
        for c in open_cases
    ]
    Detainer.objects.bulk_create(detainers, batch_size=5000)
    DetainerDocument.objects.bulk_create(
        [
            DetainerDocument(detainer=d, kind="administrative_warrant", form="I-205")
            for d in Detainer.objects.filter(case__agency=agency)
        ],
        batch_size=5000,
    )


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    status = None
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        status, queries = response.status_code, len(ctx.captured_queries)
    return status, queries, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--detainers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cases.models import CustodyCase, Detainer
    from trustportal.accounts.models import Agency, User
    from trustportal.accounts.roles import Role

    settings.ALLOWED_HOSTS = ["*"]
    agency, _ = Agency.objects.get_or_create(ori="CT0077700", defaults={"name": "Bench PD"})
    user, _ = User.objects.get_or_create(username="bench-supervisor", defaults={"agency": agency})
    user.groups.add(Group.objects.get(name=Role.SUPERVISOR))
    started = time.perf_counter()
    fill(agency, user, args.cases, args.detainers)
    print(
        f"data: {CustodyCase.objects.filter(agency=agency).count():,} cases, "
        f"{Detainer.objects.filter(case__agency=agency).count():,} detainers "
        f"(filled in {time.perf_counter() - started:.0f} s)"
    )
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    detainer = Detainer.objects.filter(case__agency=agency).select_related("case").order_by("id").first()
    ids = {"case": detainer.case_id, "person": detainer.case.person_id, "detainer": detainer.pk}
    base = None
    print(f"{'page':<32} {'status':>6} {'queries':>8} {'median ms':>10} {'x trivial':>10}")
    for name, pattern in PAGES:
        status, queries, seconds = measure(client, pattern.format(**ids), args.repeat)
        base = base or seconds
        print(f"{name:<32} {status:>6} {queries:>8} {seconds * 1000:>10.1f} {seconds / base:>10.1f}")


if __name__ == "__main__":
    main()
