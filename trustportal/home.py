"""The home page's panels: each app adds its own, the floor knows none.

A panel is a template and a function ``(request) -> dict | None`` giving its context (``None``:
not shown to this user, e.g. a role without the capability). Apps register their panels in
``AppConfig.ready`` (cases registers the custody board); the home page renders them, in the
order registered, above the cards of what the user's roles can do. ``scripts`` are static
paths the panel needs on the page (the CSP allows no inline script).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: Callable[[HttpRequest], dict | None]
    scripts: tuple[str, ...] = ()


_PANELS: dict[str, HomePanel] = {}


def register_panel(panel: HomePanel) -> None:
    """Add ``panel`` (registering a template again replaces its panel)."""
    _PANELS[panel.template] = panel


def registered_panels() -> tuple[HomePanel, ...]:
    return tuple(_PANELS.values())


def render_panels(request: HttpRequest) -> tuple[list[str], list[str]]:
    """The HTML of each panel this user sees, and the scripts they need (each once)."""
    html: list[str] = []
    scripts: list[str] = []
    for panel in _PANELS.values():
        context = panel.context(request)
        if context is None:
            continue
        html.append(render_to_string(panel.template, context, request=request))
        scripts.extend(s for s in panel.scripts if s not in scripts)
    return html, scripts
