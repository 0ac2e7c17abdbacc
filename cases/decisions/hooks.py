"""After-record hooks: what other apps do once a detainer decision is recorded.

Part of cases' public API (with ``cases.decisions.gates``): an app that keeps something of its
own about each decision (reports stores the decision's facts evaluated under every rule set)
registers a hook here from its ``AppConfig.ready``, so ``cases`` never imports that app.

A hook is a callable ``(decision_id) -> None``. ``decision_record`` runs every hook after its
transaction commits (``transaction.on_commit(..., robust=True)``): a failing hook is logged and
never undoes, delays or refuses the decision, which is a legal record. What a hook keeps must
therefore be repairable later (reports' recompute fills in missing evaluations).

This module imports nothing from Django or the rest of ``cases``. The second registry below
(figures changed) is how cases tells reports that counted records changed.
"""

import datetime as dt
from collections.abc import Callable, Sequence

DecisionHook = Callable[[int], None]

_HOOKS: list[DecisionHook] = []


def register_decision_recorded(hook: DecisionHook) -> None:
    """Add ``hook`` (registering the same callable twice keeps one)."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def unregister_decision_recorded(hook: DecisionHook) -> None:
    if hook in _HOOKS:
        _HOOKS.remove(hook)


def registered_decision_hooks() -> tuple[DecisionHook, ...]:
    return tuple(_HOOKS)


# --- figures changed ---------------------------------------------------------------------------
# An app that keeps figures counted from cases' records (reports keeps daily counts of
# detainers, decisions and ICE access for the dashboard) registers a hook here. cases calls
# them after commit with the agency and the moments (received, recorded, given) whose local
# days' figures may have changed, or ``None`` for every day of the agency (after a bulk insert,
# e.g. the demo's history). Like decision hooks, a failing one never undoes the write.

FiguresHook = Callable[[int, Sequence[dt.datetime] | None], None]

_FIGURES_HOOKS: list[FiguresHook] = []


def register_figures_changed(hook: FiguresHook) -> None:
    """Add ``hook`` (registering the same callable twice keeps one)."""
    if hook not in _FIGURES_HOOKS:
        _FIGURES_HOOKS.append(hook)


def unregister_figures_changed(hook: FiguresHook) -> None:
    if hook in _FIGURES_HOOKS:
        _FIGURES_HOOKS.remove(hook)


def registered_figures_hooks() -> tuple[FiguresHook, ...]:
    return tuple(_FIGURES_HOOKS)
