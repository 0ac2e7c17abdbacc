"""Placeholder: filled in by the catalogue pages."""

urlpatterns: list = []
