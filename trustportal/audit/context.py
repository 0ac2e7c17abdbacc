"""The current request's address and agent, so services can audit without a request arg."""

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
