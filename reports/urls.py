from django.urls import path

from .views import opm

app_name = "reports"

urlpatterns = [
    path("opm/", opm.opm_report_page, name="opm_report"),
    path("opm/<str:period>/<slug:form>.<slug:fmt>", opm.opm_report_download, name="opm_download"),
]
