"""The audit trail's filters: who, what, which object, when (local dates), outcome."""

import datetime as dt

import django_filters
from django import forms
from django.utils import timezone

from .actions import choices
from .models import AuditEvent


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


DATE = forms.DateInput({"type": "date"})


class AuditFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(field_name="actor_username", lookup_expr="iexact", label="User name")
    action = django_filters.CharFilter(method="filter_action", label="Action")
    object_type = django_filters.CharFilter(field_name="object_type", label="Object type")
    object_id = django_filters.CharFilter(field_name="object_id", label="Object id")
    date_from = django_filters.DateFilter(
        method="filter_from", label="From", widget=forms.DateInput({"type": "date"})
    )
    date_to = django_filters.DateFilter(
        method="filter_to", label="To", widget=forms.DateInput({"type": "date"})
    )
    outcome = django_filters.ChoiceFilter(choices=AuditEvent.Outcome.choices, empty_label="Any outcome")

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def filter_action(self, queryset, name, value):
        """An action ("case.update") or every action of a kind ("case.")."""
        value = value.strip()
        return queryset.filter(action__startswith=value)

    def filter_from(self, queryset, name, value):
        return queryset.filter(at__gte=_local_midnight(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(at__lt=_local_midnight(value + dt.timedelta(days=1)))


def action_choices() -> list[tuple[str, str]]:
    return choices()
