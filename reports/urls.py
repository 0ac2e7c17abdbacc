from django.urls import path

from .views import dashboard, foia, opm

app_name = "reports"

urlpatterns = [
    path("opm/", opm.opm_report_page, name="opm_report"),
    path("opm/<str:period>/<slug:form>.<slug:fmt>", opm.opm_report_download, name="opm_download"),
    path("foia/", foia.foia_list, name="foia_list"),
    path("foia/<int:pk>/", foia.foia_detail, name="foia_detail"),
    path("foia/<int:pk>.csv", foia.foia_download, name="foia_download"),
    path("dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("dashboard/<slug:table>.csv", dashboard.dashboard_csv, name="dashboard_csv"),
]
