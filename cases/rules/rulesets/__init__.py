"""The rule sets, as data: which law is in force when, what each rule says, and the duties.

Every rule carries its id, its citation, one plain-English sentence, and how sure we are of
its wording (LAW.md's marks):

* ``text``: read from a copy of the statute's own words (``law/`` beside LAW.md);
* ``summary``: from official summaries, exact wording not read;
* ``unconfirmed``: reported or inferred; the sentence carries the question for counsel;
* ``policy``: not law, a choice the product or the agency makes, shown as such.

Kinds of rule, in the order the engine runs them:

* ``exception`` rules (judicial warrant, A/B felony, ...) each find ``holds``: true (a
  ground, reported as ``ground``), false, or null (unsettled). ``opens`` lists the actions
  the exception bears on: under the 2019 act a judicial warrant opens detention,
  notification and transfer but **not** an interview ((b)(1)(D)), and a court order under
  8 U.S.C. § 1225(d)(4)(B) opens only an interview.
* ``action`` rules state the verdict of one action. ``exceptions_decide``: permitted when
  an exception that opens the action holds, needs review when none holds and one is
  unsettled, else prohibited; ``always_permitted``.
* the ``limit`` rule sets the end of a permitted hold (48 hours);
* the ``policy`` rule is the agency's consent requirement for an interview (not law).

``duties`` are what the agency must do, with the condition that triggers each.

Changing anything here that the engine reads (ids, citations, confidence, checks, opens,
grounds, duties) changes :func:`cases.rules.fingerprint`; bump ``ENGINE_VERSION`` then.
"""

from __future__ import annotations

from datetime import datetime

from ..clock import local_midnight
from .base import ACTIONS, Duty, Rule, RuleSet
from .ct2013 import _ct_2013
from .ct2019 import _ct_2019, _ct_2025
from .none import _none

__all__ = ["ACTIONS", "RULE_SETS", "Duty", "Rule", "RuleSet", "rule_set_in_force"]

RULE_SETS: dict[str, RuleSet] = {rs.id: rs for rs in (_none(), _ct_2013(), _ct_2019(), _ct_2025())}

# Start instants (New York midnight) of each rule set in force, latest first.
_IN_FORCE = tuple(
    (local_midnight(RULE_SETS[rid].in_force_from), rid) for rid in ("ct-2025", "ct-2019", "ct-2013")
)


def rule_set_in_force(decided_at: datetime) -> str:
    """The id of the rule set in force at ``decided_at`` (an aware datetime).

    Each version takes effect at midnight, New York time, on its first day; before
    1 January 2014 no state restriction applied (``none``).
    """
    for starts, rule_set_id in _IN_FORCE:
        if decided_at >= starts:
            return rule_set_id
    return "none"
