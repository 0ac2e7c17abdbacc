"""Placeholder: filled in by the detainers pages."""

urlpatterns: list = []
