"""From an audit event to the page of the object it is about. Apps register a URL builder per
object type (``"cases.custodycase"`` → ``/cases/42/``) in their ``AppConfig.ready``; the floor
knows none of them."""

from collections.abc import Callable

_LINKS: dict[str, Callable[[str], str]] = {}


def register(object_type: str, url_for: Callable[[str], str]) -> None:
    _LINKS[object_type] = url_for


def object_url(object_type: str, object_id: str) -> str:
    """The object's page, or '' (no page, or an id that is not a number)."""
    url_for = _LINKS.get(object_type)
    if url_for is None or not object_id.isdigit():
        return ""
    return url_for(object_id)
