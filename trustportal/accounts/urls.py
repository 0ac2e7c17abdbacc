from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView, name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("second-factor/", views.otp_verify, name="otp_verify"),
    path("second-factor/enrol/", views.otp_enrol, name="otp_enrol"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path(
        "staff/<int:pk>/reset-second-factor/",
        views.staff_reset_second_factor,
        name="staff_reset_second_factor",
    ),
    path("staff/<int:pk>/unlock/", views.staff_unlock, name="staff_unlock"),
    path("audit/", views.audit_list, name="audit_list"),
]
