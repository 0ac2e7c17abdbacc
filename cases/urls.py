"""Case URLs, one list per area (each module under cases/views/ defines its own urlpatterns)."""

from .views import catalogue, custody, decisions, detainers, imports

app_name = "cases"

urlpatterns = [
    *custody.urlpatterns,
    *detainers.urlpatterns,
    *catalogue.urlpatterns,
    *imports.urlpatterns,
    *decisions.urlpatterns,
]
