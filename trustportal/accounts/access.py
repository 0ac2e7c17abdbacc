"""Agency scoping. One helper per object kind; another agency's record is a 404, exactly
as a missing one is. Views never call ``Model.objects.get`` on agency data directly."""

from django.http import Http404


def scope_to_agency(queryset, user, field: str = "agency"):
    """Restrict a queryset to the user's agency (nothing at all for a user without one)."""
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": agency_id})


def get_scoped_or_404(queryset, user, field: str = "agency", **lookup):
    try:
        return scope_to_agency(queryset, user, field).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record.") from None


def get_staff_for_user(user, pk):
    """A staff account of the acting user's own agency."""
    from .models import User

    return get_scoped_or_404(User.objects.prefetch_related("groups"), user, pk=pk)
