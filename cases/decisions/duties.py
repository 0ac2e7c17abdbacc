"""The agency's duties on a detainer, in an officer's words, from the rule engine.

The engine lists the duties that apply (``result["duties"]``: ids such as
``give_detainer_copy``); the words an officer reads and the citation live in ONE place, the
rule set's ``Duty`` entries (``cases/rules/rulesets.py``). This module only looks them up and
pairs each duty with whether it was done, by whom and when (``DecisionDuty`` rows). It runs
no query: callers pass the rows they loaded.
"""

from cases.rules import RULE_SETS, Duty


def duty_of(rule_set_id: str, duty_id: str) -> Duty | None:
    """The rule set's duty ``duty_id`` (None for an id the rule set no longer lists)."""
    rule_set = RULE_SETS.get(rule_set_id)
    return next((d for d in rule_set.duties if d.id == duty_id), None) if rule_set else None


def duty_words(rule_set_id: str, duty_id: str) -> dict:
    """The officer's words and the citation of one duty."""
    duty = duty_of(rule_set_id, duty_id)
    if duty is None:
        return {"id": duty_id, "sentence": duty_id.replace("_", " ").capitalize() + ".", "citation": ""}
    return {"id": duty_id, "sentence": duty.sentence, "citation": duty.citation}


def result_duties(result: dict) -> list[str]:
    """The duty ids of an engine result, in the rule set's order (a stored result from engine
    1.x has none)."""
    listed = set(result.get("duties", ()))
    rule_set = RULE_SETS.get(result["rule_set"])
    ordered = [d.id for d in rule_set.duties if d.id in listed] if rule_set else []
    return ordered + sorted(listed - set(ordered))


def duty_choices(result: dict) -> list[tuple[str, str]]:
    """The choices of the record form's "which duties did you do" question."""
    choices = []
    for duty_id in result_duties(result):
        words = duty_words(result["rule_set"], duty_id)
        choices.append((duty_id, f"{words['sentence']} ({words['citation']})"))
    return choices


def latest_marks(marks) -> dict:
    """The latest ``DecisionDuty`` row of each duty (rows in ``recorded_at`` order)."""
    latest: dict = {}
    for mark in marks:
        if mark.done or mark.duty not in latest:
            latest[mark.duty] = mark
    return latest


def duty_rows(result: dict, marks=()) -> list[dict]:
    """Each duty of ``result`` with its words, citation and state: done (by whom, when) or not."""
    latest = latest_marks(marks)
    rows = []
    for duty_id in result_duties(result):
        mark = latest.get(duty_id)
        done = mark is not None and mark.done
        rows.append(
            {
                **duty_words(result["rule_set"], duty_id),
                "done": done,
                "done_by": mark.done_by if mark is not None and done else None,
                "done_at": mark.done_at if mark is not None and done else None,
                "late": mark is not None and done and mark.recorded_at > mark.decision.recorded_at,
            }
        )
    return rows


def screen_rows(result: dict, current) -> list[dict]:
    """The decision screen's checklist: the duties of the decision in force (done or not, from
    its prefetched rows), else those the facts now call for."""
    if current is not None:
        return duty_rows(current.result, current.duty_marks.all())
    return duty_rows(result)
