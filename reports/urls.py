from django.urls import path

from .views import dashboard, foia, opm, policy, state

app_name = "reports"

urlpatterns = [
    path("opm/", opm.opm_report_page, name="opm_report"),
    path("opm/<str:period>/<slug:form>.<slug:fmt>", opm.opm_report_download, name="opm_download"),
    path("foia/", foia.foia_list, name="foia_list"),
    path("foia/<int:pk>/", foia.foia_detail, name="foia_detail"),
    path("foia/<int:pk>.csv", foia.foia_download, name="foia_download"),
    path("dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("dashboard/<slug:table>.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("policy/", policy.policy_page, name="policy"),
    path("policy/progress/", policy.policy_progress, name="policy_progress"),
    path("policy/<slug:table>.csv", policy.policy_csv, name="policy_csv"),
    path("state/dashboard/", state.state_dashboard, name="state_dashboard"),
    path("state/policy/", state.state_policy, name="state_policy"),
    path("state/<slug:table>.csv", state.state_csv, name="state_csv"),
]
