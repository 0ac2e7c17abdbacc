from .roles import Cap, capabilities_of, roles_of


def navigation(request):
    """What the base layout needs: the user's capabilities and roles, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    caps = capabilities_of(user)
    return {"caps": {c.name: (c.value in caps) for c in Cap}, "user_roles": sorted(roles_of(user))}
