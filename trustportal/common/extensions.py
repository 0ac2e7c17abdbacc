"""Where the apps plug into the floor's commands. The floor imports no app: each app
registers here in its ``AppConfig.ready``, and the floor calls what was registered, in the
order of INSTALLED_APPS. (Home-page panels have their own registry: ``trustportal/home.py``.)

- demo seeders: ``seeder(*, agency, stdout)``, called by ``manage.py seed_demo``.
"""

from collections.abc import Callable

_DEMO_SEEDERS: list[Callable[..., object]] = []


def register_demo_seeder(seeder: Callable[..., object]) -> None:
    if seeder not in _DEMO_SEEDERS:
        _DEMO_SEEDERS.append(seeder)


def demo_seeders() -> list[Callable[..., object]]:
    return list(_DEMO_SEEDERS)
