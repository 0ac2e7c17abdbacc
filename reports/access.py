"""One access helper per object kind of the reports app: another agency's is a 404."""

from trustportal.accounts.access import get_scoped_or_404, scope_to_agency

from .models import FoiaExport


def foia_exports_for_user(user):
    return scope_to_agency(FoiaExport.objects.select_related("created_by"), user)


def get_foia_export_for_user(user, pk) -> FoiaExport:
    return get_scoped_or_404(FoiaExport.objects.select_related("created_by"), user, pk=pk)
