"""Placeholder: filled in by the custody pages."""

urlpatterns: list = []
