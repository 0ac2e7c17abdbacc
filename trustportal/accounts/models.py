"""Agencies and staff. A user belongs to one agency; roles are Django groups (roles.py)."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

ORI_VALIDATOR = RegexValidator(
    r"^[A-Z]{2}[A-Z0-9]{7}$",
    "An ORI is nine characters: two letters for the state, then seven letters or digits "
    "(for example CT0015100).",
)


class Agency(models.Model):
    class Kind(models.TextChoices):
        MUNICIPAL_POLICE = "municipal_police", "Municipal police"
        STATE_POLICE = "state_police", "State police"
        DOC_FACILITY = "doc_facility", "Department of Correction facility"
        MARSHAL = "marshal", "Marshal"
        PROBATION = "probation", "Probation"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    ori = models.CharField(
        "ORI",
        max_length=9,
        unique=True,
        validators=[ORI_VALIDATOR],
        help_text="Originating Agency Identifier, e.g. CT0015100.",
    )
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.MUNICIPAL_POLICE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.CheckConstraint(
                condition=Q(ori__regex=r"^[A-Z]{2}[A-Z0-9]{7}$"), name="agency_ori_format"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.ori})"


class User(AbstractUser):
    """A staff member. Every account but a system administrator's belongs to an agency."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    badge_number = models.CharField(max_length=32, blank=True)
    # An account an administrator created signs in first with the password it was given,
    # then must choose its own before anything else.
    must_change_password = models.BooleanField(default=False)

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | Q(is_superuser=True),
                name="user_has_agency_unless_superuser",
            ),
        ]

    def set_password(self, raw_password):
        # A change of an existing account's password is audited (see passwords.py); the first
        # password of a new account is part of its creation.
        self._password_change_audited = (
            self.pk is not None and bool(self.password) and self.has_usable_password()
        )
        super().set_password(raw_password)

    def __str__(self):
        return self.get_full_name() or self.username
