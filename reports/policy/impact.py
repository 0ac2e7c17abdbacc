"""The policy-impact figures, counted from the stored evaluations (never evaluated here).

Scope: the current decisions (not since corrected) recorded in the period, of one agency or of
every agency (``agency=None``: the state view, which suppresses small cells itself). Two
queries, each summing the period's daily figures (``reports.figures``: counted from the
evaluations by the same GROUP BYs, per agency and local day): the verdict counts with the
versions they were computed with, and the decisions whose verdict under an alternative rule set
differs from the one under the law in force, by offense.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection

from cases.rules import ACTIONS, NEEDS_REVIEW, PERMITTED, PROHIBITED

from ..figures.read import period_sum, period_total, period_totals
from ..models import DecisionFigure, EvaluationChangeFigure, EvaluationFigure
from ..periods import Period
from .evaluations import RULE_SET_IDS

VERDICTS = (PERMITTED, NEEDS_REVIEW, PROHIBITED)
ACTION_WORDS = {
    "detain": "hold for ICE",
    "notify_release": "tell ICE the release date",
    "transfer": "transfer to ICE",
    "interview": "ICE interview",
}
DIFFERENCE_ROWS = 25  # offense rows shown per alternative on the page (the CSV has them all)


@dataclass
class Impact:
    period: Period
    evaluated: dict[str, int] = field(default_factory=dict)  # rule set -> detainers evaluated
    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (rule set, action, verdict)
    # (alternative, offense) -> detainers whose verdict differs, and per (action, in force, alt)
    differing: Counter = field(default_factory=Counter)
    changes: Counter = field(default_factory=Counter)
    versions: list[tuple[str, str, int]] = field(default_factory=list)
    shown: int | None = None  # offense rows per alternative (None: every row)
    more: bool = False  # some alternative has more offense rows than ``shown``

    def count(self, rule_set: str, action: str, verdict: str) -> int:
        return self.counts.get((rule_set, action, verdict), 0)

    def verdict_rows(self) -> list[list]:
        """rule set, action, permitted, needs review, prohibited, detainers evaluated."""
        return [
            [rs, action, *[self.count(rs, action, v) for v in VERDICTS], self.evaluated.get(rs, 0)]
            for rs in RULE_SET_IDS
            for action in ACTIONS
        ]

    def difference_rows(self) -> list[list]:
        """alternative, offense, detainers differing, then each change "action: a → b" with its count:
        the offenses with the most differences first, the first ``shown`` of each alternative."""
        per_offense: dict[tuple[str, str], list] = {}  # one pass over the changes, not one per row
        for (alt, off, action, was, would), m in self.changes.items():
            per_offense.setdefault((alt, off), []).append(((action, was, would), m))
        rows = []
        per_alternative: Counter = Counter()
        for (alternative, offense), n in sorted(
            self.differing.items(), key=lambda item: (RULE_SET_IDS.index(item[0][0]), -item[1], item[0][1])
        ):
            per_alternative[alternative] += 1
            if self.shown is None or per_alternative[alternative] <= self.shown:
                rows.append([alternative, offense, n, sorted(per_offense.get((alternative, offense), []))])
        return rows

    def as_json(self, agency_ori: str | None) -> dict:
        return {
            "agency": agency_ori,
            "from": self.period.first_day.isoformat(),
            "to": self.period.last_day.isoformat(),
            "rule_sets": [
                {
                    "rule_set": rs,
                    "detainers_evaluated": self.evaluated.get(rs, 0),
                    "actions": {
                        action: {v: self.count(rs, action, v) for v in VERDICTS} for action in ACTIONS
                    },
                }
                for rs in RULE_SET_IDS
            ],
        }


def _figures(model, agency):
    return model.objects.all() if agency is None else model.objects.filter(agency=agency)


# The offenses with the most differences under each alternative (``shown``), ranked in SQL over
# the period's totals, with every change of those offenses: the page reads a few hundred rows,
# not the thousands of (alternative, offense, change) totals of a year. RANK keeps the offenses
# tied at the last place (Python breaks the ties by name, as for every row); the count of
# offenses tells whether there are more. Window functions: PostgreSQL and SQLite alike.
TOP_CHANGES_SQL = """
WITH sums (rule_set, offense, change, total) AS ({totals}),
ranked AS (
    SELECT rule_set, offense,
           RANK() OVER (PARTITION BY rule_set ORDER BY total DESC) AS place,
           COUNT(*) OVER (PARTITION BY rule_set) AS offenses
      FROM sums WHERE change = '' AND total <> 0
)
SELECT s.rule_set, s.offense, s.change, s.total, r.offenses
  FROM sums s JOIN ranked r ON r.rule_set = s.rule_set AND r.offense = s.offense
 WHERE r.place <= %s AND s.total <> 0
"""


def _change_totals(agency, period: Period, shown: int | None) -> tuple[list[tuple], bool]:
    """((rule set, offense, change, n) of the period, more offenses than ``shown`` under an
    alternative); ``shown`` None: every offense."""
    totals = period_totals(_figures(EvaluationChangeFigure, agency), period, "rule_set", "offense", "change")
    if shown is None:
        return [row for row in totals if row[-1]], False
    sql, params = totals.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(TOP_CHANGES_SQL.format(totals=sql), [*params, shown])
        rows = cursor.fetchall()
    return [row[:4] for row in rows], any(row[4] > shown for row in rows)


def policy_impact(agency, period: Period, *, shown: int | None = None) -> Impact:
    """The figures for ``agency`` (None: every agency) and ``period``: two queries, each summing
    the period's figures (``reports.figures``), never every evaluation. ``shown``: the
    differences of that many offenses per alternative only (those with the most; the page)."""
    impact = Impact(period, shown=shown)
    keys = ("rule_set", "engine_version", "catalogue_version", *ACTIONS)
    versions: Counter = Counter()
    for rule_set, engine, catalogue, *verdicts, n in period_sum(
        _figures(EvaluationFigure, agency), period, *keys
    ):
        impact.evaluated[rule_set] = impact.evaluated.get(rule_set, 0) + n
        if rule_set == RULE_SET_IDS[0]:  # each decision has one row per rule set: count one
            versions[(engine, catalogue)] += n
        for action, verdict in zip(ACTIONS, verdicts, strict=True):
            key = (rule_set, action, verdict)
            impact.counts[key] = impact.counts.get(key, 0) + n
    impact.versions = [(engine, catalogue, n) for (engine, catalogue), n in versions.most_common()]
    changes, impact.more = _change_totals(agency, period, shown)
    for rule_set, offense, change, n in changes:
        if not change:  # the decisions whose verdicts differ
            impact.differing[(rule_set, offense)] += n
        else:
            action, before, after = change.split(":")
            impact.changes[(rule_set, offense, action, before, after)] += n
    return impact


def decisions_in_scope(agency, period: Period) -> int:
    """How many current decisions were recorded in ``period``: one query over the figures (each
    decision counts once along the verdict dimension)."""
    return period_total(_figures(DecisionFigure, agency).filter(dimension="verdict"), period)
