"""Scoring, on the server only. A response is ``{"choices": [keys], "hold_until": iso|None}``."""

from __future__ import annotations

import datetime as dt

from .scenarios import parse_iso


def _minute(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(dt.UTC).replace(second=0, microsecond=0) if value else None


def is_correct(version, response: dict | None) -> bool:
    """True when the response picks exactly the correct options (and the right hold deadline)."""
    if not response:
        return False
    if set(response.get("choices") or []) != set(version.correct):
        return False
    if version.ask_hold_until:
        return _minute(parse_iso(response.get("hold_until"))) == _minute(version.correct_hold_until)
    return True


def counted(answer, deadline: dt.datetime | None) -> bool:
    """An answer saved after the time limit does not count."""
    if answer.answered_at is None:
        return False
    return deadline is None or answer.answered_at <= deadline


def percent(correct: int, total: int) -> int:
    """Whole percent, rounded down, so a shown score never claims more than was earned."""
    return 100 * correct // total if total else 0


def passed(correct: int, total: int, pass_mark: int) -> bool:
    return total > 0 and 100 * correct >= pass_mark * total
