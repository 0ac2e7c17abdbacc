"""Notification URLs, under /notifications/ (signed-in staff; the failed page for supervisors)."""

from django.urls import path

from trustportal.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("bell/", views.bell, name="bell"),
    path("<int:pk>/read/", views.notification_read, name="read"),
    path("read-all/", views.notifications_read_all, name="read_all"),
    path("reminders/<int:pk>/acknowledge/", views.reminder_acknowledge, name="reminder_acknowledge"),
    path("failed/", views.failed_deliveries, name="failed_deliveries"),
    path("failed/<int:pk>/retry/", views.outbox_retry, name="outbox_retry"),
]
