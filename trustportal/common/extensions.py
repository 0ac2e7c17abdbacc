"""Where the apps plug into the floor's pages and commands. The floor imports no app: each
app registers here in its ``AppConfig.ready``, and the floor calls what was registered, in
the order of INSTALLED_APPS.

- home panels: ``provider(user) -> dict``, merged into the home page's context (e.g. the
  custody board for those who see cases);
- demo seeders: ``seeder(*, agency, stdout)``, called by ``manage.py seed_demo``.
"""

from collections.abc import Callable

_HOME_PANELS: list[Callable[..., dict]] = []
_DEMO_SEEDERS: list[Callable[..., object]] = []


def register_home_panel(provider: Callable[..., dict]) -> None:
    if provider not in _HOME_PANELS:
        _HOME_PANELS.append(provider)


def home_context(user) -> dict:
    context: dict = {}
    for provider in _HOME_PANELS:
        context |= provider(user)
    return context


def register_demo_seeder(seeder: Callable[..., object]) -> None:
    if seeder not in _DEMO_SEEDERS:
        _DEMO_SEEDERS.append(seeder)


def demo_seeders() -> list[Callable[..., object]]:
    return list(_DEMO_SEEDERS)
