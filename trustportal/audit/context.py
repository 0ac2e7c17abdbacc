"""The current request's address, agent and user, so code with no request (signals, model
hooks) can still audit who did it and from where."""

from contextvars import ContextVar

_client: ContextVar[tuple[str | None, str]] = ContextVar("audit_client", default=(None, ""))


def set_client(ip: str | None, user_agent: str):
    return _client.set((ip, user_agent))


def reset_client(token):
    _client.reset(token)


def current_client() -> tuple[str | None, str]:
    return _client.get()


def client_of(request) -> tuple[str | None, str]:
    ip = request.META.get("REMOTE_ADDR") or None
    return ip, request.META.get("HTTP_USER_AGENT", "")[:255]


_actor: ContextVar[object | None] = ContextVar("audit_actor", default=None)


def set_actor(user):
    return _actor.set(user)


def reset_actor(token):
    _actor.reset(token)


def current_actor():
    """The signed-in user of the request being handled, or None (a command, a task)."""
    user = _actor.get()
    return user if getattr(user, "is_authenticated", False) else None
