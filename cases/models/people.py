"""People: names, identifiers, demographics."""

import datetime as dt
import re
import unicodedata

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

A_NUMBER_RE = re.compile(r"^A?-?(\d{3})-?(\d{3})-?(\d{2,3})$")


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` (a person born on 29 February turns a year older on 1 March)."""
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def normalise_a_number(value: str) -> str:
    """'A 012-345-678', '12345678', 'A012345678' -> 'A012345678'; '' stays ''."""
    cleaned = re.sub(r"\s", "", value or "").upper()
    if not cleaned:
        return ""
    match = A_NUMBER_RE.match(cleaned)
    if not match:
        raise ValueError("An A-number is the letter A and 8 or 9 digits, e.g. A012345678.")
    return "A" + "".join(match.groups()).zfill(9)


# Letters NFKD does not take apart, spelled the way a desk officer would type them.
_SPELLED = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th"}
)
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise_search(text: str) -> str:
    """'Ñúñez-O'Brien, José' -> 'nunez obrien jose': accents gone, lower case, apostrophes
    dropped, every other mark a space. The same function for the stored column and the query,
    so SQLite and PostgreSQL find the same people."""
    folded = unicodedata.normalize("NFKD", (text or "").casefold().translate(_SPELLED))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", _APOSTROPHES.sub("", plain)).split())


def person_search_key(*, first_name: str, middle_name: str, last_name: str) -> str:
    """The name surname first ('nunez jose'): the custody search's prefix match, along a btree
    index, finds 'Núñez' or 'nunez jo' without the trigram index (cases.custody.selectors)."""
    return normalise_search(" ".join((last_name or "", first_name or "", middle_name or "")))


def person_search_text(*, first_name: str, middle_name: str, last_name: str, aliases: str) -> str:
    """The person's searchable names: the name, then each alias on its own line."""
    lines = [" ".join((first_name or "", middle_name or "", last_name or "")), *(aliases or "").splitlines()]
    return "\n".join(n for n in (normalise_search(line) for line in lines) if n)


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    X = "X", "Non-binary / X"
    UNKNOWN = "U", "Unknown"


class Race(models.TextChoices):
    """As the OPM "Trust Act ICE Access Reporting" dataset asks (C.G.S. § 54-192h(e)(3))."""

    NOT_RECORDED = "", "Not recorded"
    WHITE = "white", "White"
    BLACK = "black", "Black or African American"
    ASIAN = "asian", "Asian"
    AMERICAN_INDIAN = "american_indian", "American Indian or Alaska Native"
    PACIFIC_ISLANDER = "pacific_islander", "Native Hawaiian or Other Pacific Islander"
    MULTIPLE = "multiple", "More than one race"
    OTHER = "other", "Other"


class Ethnicity(models.TextChoices):
    NOT_RECORDED = "", "Not recorded"
    HISPANIC = "hispanic", "Hispanic or Latino"
    NOT_HISPANIC = "not_hispanic", "Not Hispanic or Latino"


class Language(models.TextChoices):
    """A person's preferred language. Notices print in it when a translation exists
    (``LANGUAGES`` in settings), else in English with a note to interpret."""

    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    PORTUGUESE = "pt", "Portuguese"
    HAITIAN_CREOLE = "ht", "Haitian Creole"
    POLISH = "pl", "Polish"
    CHINESE = "zh", "Chinese"
    ARABIC = "ar", "Arabic"
    FRENCH = "fr", "French"
    OTHER = "other", "Other (note it in the aliases or case notes)"


# Confidential information, C.G.S. § 54-192h(a)(3) and (d): it never goes to ICE without the
# person's written authorisation. Every output bound for ICE is built from an explicit list of
# fields that excludes these (tests/cases/test_confidential.py renders each one to prove it).
CONFIDENTIAL_FIELDS = ("ssn", "dv_sa_victim", "crime_witness", "public_assistance", "confidential_notes")
CONFIDENTIAL_HELP = "Confidential (C.G.S. § 54-192h(a)(3)): never given to ICE without written authorisation."


class Person(models.Model):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="people")
    last_name = models.CharField(max_length=100)
    first_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    aliases = models.TextField(blank=True, help_text="Other names used, one per line.")
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    citizenship = models.CharField(max_length=100, blank=True, help_text="Country, as reported.")
    state_id = models.CharField("State ID (SPBI)", max_length=32, blank=True)
    fbi_number = models.CharField("FBI number", max_length=32, blank=True)
    a_number = models.CharField(
        "A-number",
        max_length=10,
        blank=True,
        db_index=True,
        validators=[RegexValidator(r"^A\d{9}$", "An A-number is A and 9 digits, e.g. A012345678.")],
    )
    # Demographic data the (e)(2) public records and the (e)(3) OPM report need.
    race = models.CharField(max_length=20, choices=Race.choices, blank=True)
    ethnicity = models.CharField(max_length=20, choices=Ethnicity.choices, blank=True)
    preferred_language = models.CharField(
        max_length=8, choices=Language.choices, default=Language.ENGLISH, help_text="Notices print in it."
    )
    # Confidential information (CONFIDENTIAL_FIELDS).
    ssn = models.CharField("Social Security number", max_length=11, blank=True, help_text=CONFIDENTIAL_HELP)
    dv_sa_victim = models.BooleanField(
        "victim of domestic violence or sexual assault", default=False, help_text=CONFIDENTIAL_HELP
    )
    crime_witness = models.BooleanField("a witness to a crime", default=False, help_text=CONFIDENTIAL_HELP)
    public_assistance = models.BooleanField(
        "receives public assistance", default=False, help_text=CONFIDENTIAL_HELP
    )
    confidential_notes = models.TextField(
        "other confidential information",
        blank=True,
        help_text="Sexual orientation, income tax or financial records. " + CONFIDENTIAL_HELP,
    )
    # Names and aliases without accents, lower case (normalise_search): what the search boxes
    # match, through a trigram index on PostgreSQL. Derived: set on every save, never typed.
    search_text = models.TextField(blank=True, editable=False, default="")
    search_key = models.TextField(blank=True, editable=False, default="")  # person_search_key
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # (a)(3): the model history keeps no confidential values (the audit trail says "changed")
    history = HistoricalRecords(excluded_fields=["search_text", "search_key", *CONFIDENTIAL_FIELDS])

    class Meta:
        ordering = ["last_name", "first_name", "date_of_birth"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "a_number"], condition=~Q(a_number=""), name="person_a_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(a_number="") | Q(a_number__regex=r"^A\d{9}$"), name="person_a_number_format"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "last_name", "first_name"]),
            models.Index(fields=["agency", "date_of_birth"], name="person_agency_dob"),
        ]
        # On PostgreSQL also a GIN trigram index on search_text (migration 0019_person_search)
        # and a btree on (agency, search_key), the column in the "C" collation, for prefixes
        # (0027_person_search_key).

    def __str__(self):
        return f"{self.last_name}, {self.first_name} ({self.date_of_birth:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        self.search_text = person_search_text(
            first_name=self.first_name,
            middle_name=self.middle_name,
            last_name=self.last_name,
            aliases=self.aliases,
        )
        self.search_key = person_search_key(
            first_name=self.first_name, middle_name=self.middle_name, last_name=self.last_name
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = [*{*update_fields, "search_text", "search_key"}]
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    @property
    def alias_list(self):
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]
