from .context import client_of, reset_actor, reset_client, set_actor, set_client


class RequestContextMiddleware:
    """Remember the client address and user for audit rows written while handling this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_client(*client_of(request))
        actor = set_actor(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            reset_actor(actor)
            reset_client(token)
