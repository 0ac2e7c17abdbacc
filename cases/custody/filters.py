"""The custody list's search box, filters and sorting (django-filter)."""

import django_filters
from django import forms
from django.db.models import F, Q

from cases.custody.selectors import by_name, case_search, has_open_detainer, local_day_bounds
from cases.models import CaseStatus
from trustportal.common.forms import QuickSelect

YES_NO = (("yes", "Yes"), ("no", "No"))


def _select():
    """A Bootstrap select: the list renders its five fields by hand (cases/_filter_field.html)
    instead of crispy's field template, a few milliseconds on every list view, and its selects
    in Python (QuickSelect: the same text as Django's template)."""
    return QuickSelect(attrs={"class": "form-select"})


DEFAULT_STATUS = CaseStatus.IN_CUSTODY
DEFAULT_ORDER = "-booked_at"

# Sort key -> columns. Every order ends with the primary key so pages never overlap.
SORTS = {
    "booked_at": [F("booked_at").asc(), "pk"],
    "-booked_at": [F("booked_at").desc(), "-pk"],
    "name": ["person__last_name", "person__first_name", "pk"],
    "-name": ["-person__last_name", "-person__first_name", "-pk"],
    "releasable_at": [F("releasable_at").asc(nulls_last=True), "pk"],
    "-releasable_at": [F("releasable_at").desc(nulls_last=True), "-pk"],
}
SORT_CHOICES = (
    ("-booked_at", "Booked (newest first)"),
    ("booked_at", "Booked (oldest first)"),
    ("name", "Name (A–Z)"),
    ("-name", "Name (Z–A)"),
    ("releasable_at", "Releasable (soonest first)"),
    ("-releasable_at", "Releasable (latest first)"),
)


class CustodyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "placeholder": "Name, alias, booking no., A-number or DOB",
                "type": "search",
                "class": "form-control",
            }
        ),
    )
    status = django_filters.ChoiceFilter(
        choices=CaseStatus.choices, empty_label="Any status", widget=_select()
    )
    open_detainer = django_filters.ChoiceFilter(
        label="Open detainer",
        choices=YES_NO,
        empty_label="Either",
        method="filter_open_detainer",
        widget=_select(),
    )
    releasable_today = django_filters.ChoiceFilter(
        label="Releasable today",
        choices=YES_NO,
        empty_label="Either",
        method="filter_releasable_today",
        widget=_select(),
    )
    o = django_filters.ChoiceFilter(
        label="Sort by", choices=SORT_CHOICES, empty_label=None, method="filter_order", widget=_select()
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            data.setdefault("status", DEFAULT_STATUS)  # "who is in custody now" unless asked
            data.setdefault("o", DEFAULT_ORDER)
        super().__init__(data, *args, **kwargs)

    def get_form_class(self):
        """The form class once, not once per request: django-filter builds a class and a form
        field per filter for every filter set, and these fields depend on nothing requested."""
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = type(self)._form_class = super().get_form_class()
        return form_class

    search = None  # the search box's CaseSearch (selectors.case_search): did it read every match?

    def filter_search(self, queryset, name, value):
        self.search = case_search(self.request.user, value)
        return queryset.filter(self.search.q)

    def filter_open_detainer(self, queryset, name, value):
        has_one = has_open_detainer()
        return queryset.filter(has_one) if value == "yes" else queryset.exclude(has_one)

    def filter_releasable_today(self, queryset, name, value):
        start, end = local_day_bounds()
        today = Q(releasable_at__gte=start, releasable_at__lt=end)
        return queryset.filter(today) if value == "yes" else queryset.exclude(today)

    def filter_order(self, queryset, name, value):
        if value in ("name", "-name"):
            queryset = by_name(queryset, self.request.user)
        return queryset.order_by(*SORTS.get(value, SORTS[DEFAULT_ORDER]))

    @property
    def qs(self):
        if not hasattr(self, "_ordered_qs"):
            qs = super().qs
            cleaned = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
            if not cleaned.get("o"):
                qs = qs.order_by(*SORTS[DEFAULT_ORDER])  # a bad sort key falls back to the default
            self._ordered_qs = qs
        return self._ordered_qs
