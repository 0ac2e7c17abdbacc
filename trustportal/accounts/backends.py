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
