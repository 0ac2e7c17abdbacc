"""Decision gates: conditions other apps put on recording a detainer decision.

Part of cases' public API (with ``cases.rules`` and ``cases.catalogue.provider``): an app that
must be able to refuse a decision registers a gate here from its ``AppConfig.ready``, so
``cases`` never imports that app. Training registers the Trust Act certificate requirement.

A gate is a callable ``(user, now) -> str | None``: ``None`` (or ``""``) when the user may
record a decision as far as that gate goes, else the refusal in words the officer
understands. ``decision_record`` shows the first refusal on the form (it is a business rule,
"finish your training first", not a missing role) and records nothing.

This module imports nothing from Django or the rest of ``cases``.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

DecisionGate = Callable[[Any, datetime], str | None]

_GATES: list[DecisionGate] = []


def register_decision_gate(gate: DecisionGate) -> None:
    """Add ``gate`` (registering the same callable twice keeps one)."""
    if gate not in _GATES:
        _GATES.append(gate)


def unregister_decision_gate(gate: DecisionGate) -> None:
    if gate in _GATES:
        _GATES.remove(gate)


def registered_decision_gates() -> tuple[DecisionGate, ...]:
    return tuple(_GATES)


def decision_refusal(user, now: datetime) -> str | None:
    """The first registered gate's refusal for ``user`` at ``now``, or None when all let them."""
    for gate in _GATES:
        refusal = gate(user, now)
        if refusal:
            return refusal
    return None
