from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render


def home(request):
    """The signed-in landing page: the custody board for those who see cases (the desk's
    home), then what this user's roles can do."""
    from trustportal.accounts.roles import Cap, user_can

    context = {}
    if user_can(request.user, Cap.VIEW_CASES):
        from cases.board.views import board_context

        context = board_context(request.user)
    return render(request, "home.html", context)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def server_error(request):
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())


def admin_login(request):
    """The admin's sign-in goes through ours (banner, lockout, TOTP). A signed-in user who is
    not a system administrator gets a 403, not a loop between the two sign-in pages."""
    if request.user.is_authenticated:
        raise PermissionDenied("The administration site is for system administrators only.")
    return redirect_to_login(request.GET.get("next", "/admin/"), login_url="accounts:login")
