"""Where apps learn that a staff account was created or changed (its roles, its being active).

The floor imports no app: an app registers a callback here in its ``AppConfig.ready`` and
``staff_create`` / ``staff_update`` call every callback inside their transaction, after the
roles are saved. Training uses it so an assignment to a role or to the whole agency reaches
staff who join or get the role later.

A callback is ``callback(*, user, acting_user) -> object`` (its return value is ignored).
"""

from collections.abc import Callable

StaffChanged = Callable[..., object]

_CALLBACKS: list[StaffChanged] = []


def register_staff_changed(callback: StaffChanged) -> None:
    """Add ``callback`` (registering the same callable twice keeps one)."""
    if callback not in _CALLBACKS:
        _CALLBACKS.append(callback)


def staff_changed(*, user, acting_user) -> None:
    """Tell every registered app that ``user``'s account was created or changed."""
    for callback in _CALLBACKS:
        callback(user=user, acting_user=acting_user)
