"""Throughput of the Trust Act rule engine: scenarios evaluated per second, one core.

    .venv/bin/python benchmarks/bench_rules.py [--count 20000] [--seed 2025] [--repeat 3]

Generates varied scenarios (seeded, so runs are comparable) spread over every rule set
(decision times from 2012 to 2027, a quarter of them forcing a rule set), with convictions
drawn from the offense catalogue and outside it, pending charges, documents of every
kind, and the subject flags. Contract version 2 fields are included: each conviction's
participation and offense date (often on either side of a catalogue date split), capital as
a class, the interview court order, the notification request and the agency's consent
policy. Each scenario is a raw dict, so the time includes reading it. Reports the best of
``--repeat`` runs. The budget is 20,000 scenarios per second.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cases.rules import evaluate  # noqa: E402

STATUTES = [
    ("53a-55", None),
    ("53a-56b", None),
    ("53a-70", "a1"),
    ("53a-70", "a2"),
    ("53a-70", None),
    ("53a-71", None),
    ("53a-72a", None),
    ("53-21", "a1"),
    ("53-21", "a2"),
    ("53-21", None),
    ("53a-54c", None),
    ("21a-278", None),
    ("53a-134", None),
    ("53a-223", None),
    ("53a-999", None),
    ("53a-60", None),
    ("53a-196e", None),
    ("53a-135", None),
    ("53a-54a", None),
    ("53a-54b", None),  # capital before 2012-04-25
    ("53a-192a", None),  # dated, low confidence before 2017-10-01
    ("53a-54d", None),  # named condition
    ("53a-90a", None),
    ("29-35", None),
]
CLASSES = [None] * 6 + ["A", "B", "C", "D", "E", "unclassified", "capital", "misdemeanor"]
PARTICIPATIONS = [None] * 4 + ["principal", "attempt", "conspiracy", "accessory"]
# None (no date) or a date from 1995 to 2024: crosses every split in the catalogue.
OFFENSE_DAYS = 30 * 365
OFFENSE_START = datetime(1995, 1, 1)
JURISDICTIONS = ["CT"] * 6 + ["other_state", "federal", "foreign"]
KINDS = ["administrative_warrant"] * 6 + ["judicial_warrant", "unclear"]
FORMS = ["I-247A", "I-247A", "I-247D", "I-247N", "I-247X", "other"]
RULE_SETS = [None, None, None, "ct-2013", "ct-2019", "ct-2025", "none"]
START = datetime(2012, 1, 1, tzinfo=UTC)
SPAN_MINUTES = 16 * 365 * 24 * 60


def _offset(rng: random.Random) -> timezone:
    return timezone(timedelta(hours=rng.choice([-5, -4, 0, 2])))


def make_scenario(rng: random.Random) -> dict:
    """One random, well-formed scenario."""
    decided = START + timedelta(minutes=rng.randrange(SPAN_MINUTES))
    releasable = decided + timedelta(minutes=rng.randrange(-600, 4000))
    convictions = []
    for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 3])):
        statute, subdivision = rng.choice(STATUTES)
        convictions.append(
            {
                "statute": statute,
                "subdivision": subdivision,
                "victim_age": rng.choice([None, None, 12, 15, 16, 30]),
                "felony_class": rng.choice(CLASSES),
                "jurisdiction": rng.choice(JURISDICTIONS),
                "juvenile": rng.random() < 0.1,
                "participation": rng.choice(PARTICIPATIONS),
                "offense_date": (OFFENSE_START + timedelta(days=rng.randrange(OFFENSE_DAYS)))
                .date()
                .isoformat()
                if rng.random() < 0.6
                else None,
            }
        )
    charges = [
        {
            "statute": rng.choice(STATUTES)[0],
            "subdivision": None,
            "bond_posted": rng.choice([True, False, None]),
        }
        for _ in range(rng.choice([0, 0, 1, 2]))
    ]
    return {
        "decided_at": decided.astimezone(_offset(rng)).isoformat(),
        "rule_set": rng.choice(RULE_SETS),
        "releasable_at": releasable.astimezone(_offset(rng)).isoformat() if rng.random() < 0.9 else None,
        "interview_consent": rng.random() < 0.3,
        "agency_policy": {"interview_requires_consent": rng.random() < 0.7},
        "detainer": {
            "form": rng.choice(FORMS),
            "requests_notification": rng.random() < 0.9,
            "documents": [{"kind": rng.choice(KINDS)} for _ in range(rng.choice([0, 1, 1, 2]))],
        },
        "subject": {
            "convictions": convictions,
            "pending_charges": charges,
            "tsdb_possible_match": rng.random() < 0.05,
            "outstanding_ct_warrant": rng.random() < 0.1,
            "gang_database_match": rng.random() < 0.05,
            "final_order_of_removal": rng.random() < 0.3,
            "public_safety_risk": rng.random() < 0.05,
            "interview_court_order": rng.random() < 0.05,
        },
    }


def run(scenarios: list[dict]) -> tuple[float, Counter]:
    """Evaluate every scenario once; return the elapsed seconds and a verdict tally."""
    tally: Counter = Counter()
    started = time.perf_counter()
    for scenario in scenarios:
        result = evaluate(scenario)
        tally[(result["rule_set"], result["actions"]["detain"]["verdict"])] += 1
    return time.perf_counter() - started, tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    scenarios = [make_scenario(rng) for _ in range(args.count)]
    evaluate(scenarios[0])  # load the catalogue and holiday tables outside the timing
    best = float("inf")
    tally: Counter = Counter()
    for _ in range(args.repeat):
        elapsed, tally = run(scenarios)
        best = min(best, elapsed)
    rate = args.count / best
    print(f"{args.count} scenarios, best of {args.repeat}: {best:.3f} s, {rate:,.0f} scenarios/s")
    for (rule_set, verdict), count in sorted(tally.items()):
        print(f"  {rule_set:8} detain {verdict:13} {count}")
    print("budget 20,000/s:", "met" if rate >= 20_000 else "NOT met")


if __name__ == "__main__":
    main()
