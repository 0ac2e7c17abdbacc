"""Case URLs, one list per area (each module under cases/views/ defines its own urlpatterns)."""

from .views import board, catalogue, custody, decisions, detainers, imports, notifications

app_name = "cases"

urlpatterns = [
    *custody.urlpatterns,
    *detainers.urlpatterns,
    *catalogue.urlpatterns,
    *imports.urlpatterns,
    *decisions.urlpatterns,
    *board.urlpatterns,
    *notifications.urlpatterns,
]
