from django.contrib.auth.backends import ModelBackend


class AgencyModelBackend(ModelBackend):
    """Django's model backend, loading the user's agency with the user (one query, not two)."""

    def get_user(self, user_id):
        user = self.user_model._default_manager.select_related("agency").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    @property
    def user_model(self):
        from django.contrib.auth import get_user_model

        return get_user_model()


def axes_username(request, credentials) -> str:
    """The username django-axes records a failure under, cut to the username column's 150
    characters (axes' own column is 255): an over-long name is a form error, never a 500."""
    source = credentials if credentials and "username" in credentials else getattr(request, "POST", {})
    return str(source.get("username") or "")[:150]
