"""Is a due reminder still worth sending? The app that owns a target type answers.

Each app registers, in its ``AppConfig.ready``, a checker for its target types (e.g.
"cases.detainer"). The sweep hands a checker all the claimed reminders of its types at once,
so it can load their targets in a few queries; the checker returns, per reminder id, why its
reason has gone ("decision recorded"). A reminder left out, or without a checker, is sent.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence

from django.core.exceptions import ImproperlyConfigured

Checker = Callable[[Sequence], Mapping[int, str]]

_CHECKERS: dict[str, Checker] = {}


def register(checker: Checker, *, target_types: Iterable[str]) -> None:
    for target_type in target_types:
        if _CHECKERS.get(target_type, checker) is not checker:
            raise ImproperlyConfigured(f"two relevance checkers for {target_type!r}")
        _CHECKERS[target_type] = checker


def reasons_gone(reminders: Sequence) -> dict[int, str]:
    """{reminder id: why it should not go out} for the reminders whose reason has gone."""
    batches: dict[Checker, list] = {}
    for reminder in reminders:
        checker = _CHECKERS.get(reminder.target_type)
        if checker is not None:
            batches.setdefault(checker, []).append(reminder)
    reasons: dict[int, str] = {}
    for checker, batch in batches.items():
        reasons.update({pk: why[:200] for pk, why in checker(batch).items() if why})
    return reasons
