from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from . import health, views

admin.site.site_header = "TrustPortal administration"
admin.site.site_title = "TrustPortal admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("help/glossary/", views.glossary, name="glossary"),
    path("healthz", health.healthz, name="healthz"),  # no login, no personal data (monitoring)
    path("accounts/", include("trustportal.accounts.urls")),
    path("notifications/", include("trustportal.notifications.urls")),
    path("cases/", include("cases.urls")),
    path("training/", include("training.urls")),
    path("reports/", include("reports.urls")),
    # Every sign-in, the admin's included, goes through the banner, lockout and TOTP.
    path("admin/login/", login_not_required(views.admin_login)),
    path("admin/", admin.site.urls),
]

handler400 = "trustportal.views.bad_request"
handler403 = "trustportal.views.permission_denied"
handler404 = "trustportal.views.page_not_found"
handler500 = "trustportal.views.server_error"
