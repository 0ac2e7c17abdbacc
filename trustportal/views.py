from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from trustportal.home import render_panels


def home(request):
    """The signed-in landing page: the panels the apps registered for this user (the custody
    board is the desk's home), then what this user's roles can do."""
    panels, scripts = render_panels(request)
    return render(request, "home.html", {"panels": panels, "panel_scripts": scripts})


def permission_denied(request, exception=None):
    """The 403 page, with the refusal's own words when it has some ("Only a supervisor can
    review decisions."), else the generic sentence."""
    reason = str(exception) if exception is not None else ""
    return render(request, "403.html", {"reason": reason}, status=403)


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


def glossary(request):
    """The glossary of the law's and the forms' words, linked from the screens that use them."""
    from trustportal.common.glossary import TERMS

    return render(request, "help/glossary.html", {"terms": TERMS})
