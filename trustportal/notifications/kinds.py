"""Reminder kinds are the apps' data, not the floor's.

Each app declares its kinds as a ``TextChoices`` and registers it in its ``AppConfig.ready``
(as it does its audit actions); ``scheduling.schedule`` refuses a kind no app registered, and
pages show a kind's label from here.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import models

MAX_LENGTH = 24  # Reminder.kind's column

_REGISTERED: dict[str, str] = {}


def register(*enums: type[models.TextChoices]) -> None:
    for enum in enums:
        for member in enum:
            if len(member.value) > MAX_LENGTH:
                raise ImproperlyConfigured(f"reminder kind {member.value!r} is longer than {MAX_LENGTH}")
            if _REGISTERED.get(member.value, member.label) != member.label:
                raise ImproperlyConfigured(f"reminder kind {member.value!r} is registered twice")
            _REGISTERED[member.value] = member.label


def is_registered(kind: str) -> bool:
    return kind in _REGISTERED


def label_of(kind: str) -> str:
    return _REGISTERED.get(kind, kind)


def choices() -> list[tuple[str, str]]:
    return sorted(_REGISTERED.items())
