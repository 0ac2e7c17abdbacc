"""Placeholder: filled in by the decisions pages."""

urlpatterns: list = []
