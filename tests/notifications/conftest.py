"""Reminder kinds of a make-believe app, so the floor's tests need no real app's kinds."""

from django.db import models

from trustportal.notifications import kinds


class ParcelKind(models.TextChoices):
    DUE = "parcel_due", "Parcel due"
    OVERDUE = "parcel_overdue", "Parcel overdue"


kinds.register(ParcelKind)
