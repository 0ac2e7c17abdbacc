"""Case URLs, one list per area (each sub-package's views module defines its own urlpatterns)."""

from cases.board import views as board
from cases.catalogue import proposal_views as catalogue_proposals
from cases.catalogue import views as catalogue
from cases.custody import views as custody
from cases.decisions import duty_views
from cases.decisions import policy as decision_policy
from cases.decisions import views as decisions
from cases.detainers import views as detainers
from cases.ice import notice_views
from cases.ice import views as ice
from cases.imports import views as imports

app_name = "cases"

urlpatterns = [
    *custody.urlpatterns,
    *detainers.urlpatterns,
    *ice.urlpatterns,
    *notice_views.urlpatterns,
    *catalogue.urlpatterns,
    *catalogue_proposals.urlpatterns,
    *imports.urlpatterns,
    *decisions.urlpatterns,
    *decision_policy.urlpatterns,
    *duty_views.urlpatterns,
    *board.urlpatterns,
]
