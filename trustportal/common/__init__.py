"""Helpers every app shares: forms, views, CSV and services. Imports no app."""
