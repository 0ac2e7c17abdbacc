"""The custody pages' URLs."""

from django.urls import path

from .bookings import case_detail, case_edit, case_release, case_timeline, case_transfer
from .lists import custody_list, intake
from .people import person_detail, person_edit, person_history, person_merge
from .records import charge_add, charge_edit, conviction_add, conviction_edit, conviction_verify

urlpatterns = [
    path("", custody_list, name="custody_list"),
    path("intake/", intake, name="intake"),
    path("people/<int:pk>/", person_detail, name="person_detail"),
    path("people/<int:pk>/history/", person_history, name="person_history"),
    path("people/<int:pk>/edit/", person_edit, name="person_edit"),
    path("people/<int:pk>/merge/", person_merge, name="person_merge"),
    path("<int:pk>/", case_detail, name="case_detail"),
    path("<int:pk>/timeline/", case_timeline, name="case_timeline"),
    path("<int:pk>/edit/", case_edit, name="case_edit"),
    path("<int:pk>/release/", case_release, name="case_release"),
    path("<int:pk>/transfer/", case_transfer, name="case_transfer"),
    path("<int:pk>/charges/add/", charge_add, name="charge_add"),
    path("charges/<int:pk>/edit/", charge_edit, name="charge_edit"),
    path("<int:pk>/convictions/add/", conviction_add, name="conviction_add"),
    path("convictions/<int:pk>/edit/", conviction_edit, name="conviction_edit"),
    path("convictions/<int:pk>/verify/", conviction_verify, name="conviction_verify"),
]
