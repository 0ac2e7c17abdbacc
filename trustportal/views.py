from django.shortcuts import render

from trustportal.common.extensions import home_context


def home(request):
    """The signed-in landing page: the panels the apps registered (the custody board for
    those who see cases, the desk's home), then what this user's roles can do."""
    return render(request, "home.html", home_context(request.user))


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
