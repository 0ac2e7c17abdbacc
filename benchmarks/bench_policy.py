"""Policy impact at scale: the background recompute's throughput, and the dashboard and the
policy-impact page against the trivial page.

    .venv/bin/python benchmarks/bench_policy.py [--fresh] [--cases 100000] [--decisions 10000] [--repeat 7]

Fills (once) the benchmark database as bench_pages.py does (N custody cases, a detainer on 12%),
then gives decisions to detainers until there are ``--decisions``, each with varied facts from
bench_rules.py's seeded generator (every rule set, convictions in and out of the catalogue),
as decision_record would store them. Then:

1. the Celery task's body (``recompute_run`` of a queued ``PolicyRecompute``, as
   ``reports.recompute_policy_impact`` runs it): every decision evaluated under the four rule
   sets and its rows replaced (batches of 2,000, one DELETE and one COPY each, the progress saved
   with each), the policy-impact figures counted as it goes and replaced at the end, the run
   audited; the best of ``--runs``, in decisions per second (budget: at least 5,000);
2. the trivial page, the dashboard and the policy-impact page as a signed-in supervisor, in
   rounds as bench_pages.py measures them (budget: 3× the trivial page).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from _django import setup
from bench_pages import PAGES, analyze, fill, recorded_scenario, run_size, signed_in_client

POLICY_PAGES = [PAGES[0], *(page for page in PAGES if page[1].startswith("/reports/"))]


def give_decisions(agency, officer, target: int, seed: int = 2025) -> None:
    from django.utils import timezone

    from cases.models import Decision, Detainer, DetainerStatus

    have = Decision.objects.filter(agency=agency).count()
    if have >= target:
        return
    rng = random.Random(seed)
    now = timezone.now()
    open_ones = list(
        Detainer.objects.filter(case__agency=agency, status=DetainerStatus.OPEN).order_by("pk")[
            : target - have
        ]
    )
    decisions = []
    for i, detainer in enumerate(open_ones):
        facts, result = recorded_scenario(rng)
        decisions.append(
            Decision(
                agency=agency,
                detainer=detainer,
                rule_set=result["rule_set"],
                engine_version=result["engine_version"],
                facts=facts,
                result=result,
                actions=["decline"],
                rationale="Benchmark.",
                recorded_by=officer,
                recorded_at=now - dt.timedelta(minutes=(i * 47) % (300 * 24 * 60)),
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=2000)
    Detainer.objects.filter(pk__in=[d.pk for d in open_ones]).update(status=DetainerStatus.DECLINED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--fresh", action="store_true", help="drop the benchmark database first")
    args = parser.parse_args()
    setup(fresh=args.fresh)
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.utils import timezone

    from cases.models import Decision
    from reports.models import PolicyEvaluation, PolicyRecompute
    from reports.policy.recompute import current_versions, recompute_run
    from trustportal.accounts.models import Agency, User
    from trustportal.accounts.roles import Role

    settings.ALLOWED_HOSTS = ["*"]
    agency, _ = Agency.objects.get_or_create(ori="CT0077700", defaults={"name": "Bench PD"})
    user, _ = User.objects.get_or_create(username="bench-supervisor", defaults={"agency": agency})
    user.groups.add(Group.objects.get(name=Role.SUPERVISOR))
    fill(agency, user, args.cases)
    give_decisions(agency, user, args.decisions)
    call_command("rebuild_report_figures")  # the decisions above were inserted in bulk
    analyze()
    decisions = Decision.objects.count()
    print(f"{decisions:,} decisions")
    best = 0.0
    engine, catalogue = current_versions()
    for run in range(args.runs):
        job = PolicyRecompute.objects.create(
            engine_version=engine,
            catalogue_version=catalogue,
            reason="Benchmark.",
            requested_at=timezone.now(),
        )
        started = time.perf_counter()
        recompute_run(job_id=job.pk)
        elapsed = time.perf_counter() - started
        job.refresh_from_db()
        done, unreadable = job.done, job.unreadable
        best = max(best, done / elapsed)
        rows = PolicyEvaluation.objects.count()
        print(f"recompute run {run + 1} ({job.status}): {done:,} decisions ({unreadable} unreadable) "
              f"in {elapsed:.2f} s: {done / elapsed:,.0f} decisions/s, {rows:,} rows")  # fmt: skip
    print(f"best: {best:,.0f} decisions/s (budget >= 5,000)")
    analyze()
    run_size(signed_in_client(user), agency, user, POLICY_PAGES, args.repeat)  # in rounds, as bench_pages


if __name__ == "__main__":
    main()
