"""Forms of the custody pages: intake, people, bookings, charges, convictions, release."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.custody.selectors import person_by_a_number
from cases.custody.services import booking_times_validate
from cases.models import (
    CONFIDENTIAL_FIELDS,
    Charge,
    Conviction,
    CustodyCase,
    Language,
    Participation,
    Person,
    SeriousInjury,
    normalise_a_number,
)
from cases.rules.catalogue import normalise_statute, normalise_subdivision
from trustportal.common.forms import add_service_error
from trustportal.common.times import aware_local

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y"]
A_NUMBER_SHAPE = "An A-number is the letter A and 8 or 9 digits, e.g. A012345678."
DEMOGRAPHIC_FIELDS = ("race", "ethnicity", "preferred_language")
CONFIDENTIAL_LEGEND = "Confidential (C.G.S. § 54-192h(a)(3)) – never given to ICE"


class LocalDateTimeField(forms.DateTimeField):
    """A datetime-local input read as America/New_York time; a time the clocks skip or show
    twice is refused in plain words (trustportal.common.times)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as exc:
            if exc.code != "ambiguous_timezone":
                raise
            naive = forms.fields.BaseTemporalField.to_python(self, value)
            return aware_local(naive)


def local_datetime_field(**kwargs) -> forms.DateTimeField:
    """A datetime-local input read as America/New_York time."""
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    kwargs.setdefault("error_messages", {"invalid": "Enter a date and time, e.g. 2026-03-14 09:30."})
    return LocalDateTimeField(input_formats=DATETIME_FORMATS, widget=widget, **kwargs)


def date_field(**kwargs) -> forms.DateField:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    kwargs.setdefault("error_messages", {"invalid": "Enter a date, e.g. 1990-05-17 or 05/17/1990."})
    return forms.DateField(input_formats=DATE_FORMATS, widget=widget, **kwargs)


def local_now() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class SubmitHelperMixin:
    """A crispy helper rendering fields (and a submit button unless nested) inside the
    template's own ``<form>`` tag, which carries the CSRF token."""

    submit_label = "Save"

    def setup_helper(self, submit: bool = True):
        self.helper = FormHelper()
        self.helper.form_tag = False
        if submit:
            self.helper.add_input(Submit("submit", self.submit_label))


# --- people -------------------------------------------------------------------------------


class PersonForm(SubmitHelperMixin, forms.ModelForm):
    """A person's identity. The A-number is normalised; one person per A-number per agency."""

    date_of_birth = date_field(label="Date of birth")
    a_number = forms.CharField(
        label="A-number", max_length=20, required=False, help_text="e.g. A012345678 (leave empty if unknown)."
    )

    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "middle_name",
            "aliases",
            "date_of_birth",
            "sex",
            "citizenship",
            "state_id",
            "fbi_number",
            "a_number",
            *DEMOGRAPHIC_FIELDS,
            *CONFIDENTIAL_FIELDS,
        ]
        widgets = {
            "aliases": forms.Textarea(attrs={"rows": 2}),
            "confidential_notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"race": "Race", "ethnicity": "Ethnicity", "preferred_language": "Preferred language"}
        help_texts = {
            "preferred_language": "Notices to the person print in it when translated (English, Spanish); "
            "otherwise in English, read to them by an interpreter.",
            **dict.fromkeys(CONFIDENTIAL_FIELDS, ""),  # the fieldset's legend says it once
        }

    def __init__(self, *args, agency, submit=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.duplicate_person = None
        self.setup_helper(submit)
        self.fields["preferred_language"].required = False
        identity = [
            name for name in self.Meta.fields if name not in (*DEMOGRAPHIC_FIELDS, *CONFIDENTIAL_FIELDS)
        ]
        self.helper.layout = Layout(
            *identity,
            Fieldset(
                "Demographics (for the public records and the OPM report, § 54-192h(e)(2)–(3))",
                *DEMOGRAPHIC_FIELDS,
            ),
            Fieldset(
                CONFIDENTIAL_LEGEND,
                HTML(
                    '<p class="small text-danger-emphasis mb-2">'
                    "Confidential information (C.G.S. § 54-192h(a)(3)). "
                    "It is never printed on a notice, never exported for ICE and never given to ICE without "
                    "the person's written authorisation ((d)).</p>"
                ),
                *CONFIDENTIAL_FIELDS,
                css_class="border border-danger rounded p-3 mb-3",
                data_testid="confidential-fieldset",
            ),
        )

    def clean_preferred_language(self):
        return self.cleaned_data.get("preferred_language") or Language.ENGLISH  # not asked: English

    def clean_ssn(self):
        digits = re.sub(r"\D", "", self.cleaned_data.get("ssn", ""))
        if not digits:
            return ""
        if len(digits) != 9:
            raise ValidationError("A Social Security number has 9 digits, e.g. 123-45-6789.")
        return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise ValidationError("Date of birth cannot be in the future.")
        return born

    def clean_a_number(self):
        try:
            a_number = normalise_a_number(self.cleaned_data.get("a_number", ""))
        except ValueError:
            raise ValidationError(A_NUMBER_SHAPE) from None
        self.duplicate_person = person_by_a_number(self.agency, a_number, exclude_pk=self.instance.pk)
        if self.duplicate_person:
            raise ValidationError(
                f"{self.duplicate_person} already has this A-number in your agency. "
                "Book that person instead of entering them again."
            )
        return a_number

    @property
    def duplicate_url(self):
        if self.duplicate_person is None:
            return ""
        return reverse("cases:intake") + f"?person={self.duplicate_person.pk}"


class IntakeSearchForm(forms.Form):
    q = forms.CharField(
        label="Find a person already recorded",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, A-number or date of birth"}),
    )


# --- bookings -----------------------------------------------------------------------------

BOOKING_FIELDS = [
    "booking_number",
    "booked_at",
    "facility",
    "arresting_officer",
    "releasable_at",
    "releasable_reason",
    "releasable_note",
]
FACT_FIELDS = [
    "tsdb_possible_match",
    "outstanding_ct_warrant",
    "gang_database_match",
    "final_order_of_removal",
    "public_safety_risk",
    "facts_note",
]


class BookingForm(SubmitHelperMixin, forms.ModelForm):
    """The booking: number, time, facility, officer, and when the person would be released."""

    booked_at = local_datetime_field(label="Booked at")
    releasable_at = local_datetime_field(
        label="Would otherwise be released at",
        required=False,
        help_text="When bond was posted, charges dismissed, the sentence served or a court ordered release. "
        "Starts the 48-hour clock.",
    )

    class Meta:
        model = CustodyCase
        fields = BOOKING_FIELDS
        labels = {"releasable_reason": "Why then", "releasable_note": "Note on the release time"}

    def __init__(self, *args, submit=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("booked_at", local_now())
        self.setup_helper(submit)

    def clean_booking_number(self):
        return self.cleaned_data["booking_number"].strip()

    def clean(self):
        cleaned = super().clean()
        try:
            booking_times_validate(
                booked_at=cleaned.get("booked_at"), releasable_at=cleaned.get("releasable_at")
            )
        except ValidationError as exc:
            add_service_error([self], exc)
        if cleaned.get("releasable_at") and not cleaned.get("releasable_reason"):
            self.add_error("releasable_reason", "Say why the person would be released then.")
        return cleaned


class CaseEditForm(BookingForm):
    """The booking, plus the facts the officer checked for the rule engine."""

    class Meta(BookingForm.Meta):
        fields = BOOKING_FIELDS + FACT_FIELDS
        labels = {**BookingForm.Meta.labels, "facts_note": "How these facts were checked"}
        widgets = {"facts_note": forms.Textarea(attrs={"rows": 3})}


# --- charges and convictions ----------------------------------------------------------


def statute_field(example: str) -> forms.CharField:
    return forms.CharField(label="Statute", max_length=30, help_text=f"e.g. {example}")


def subdivision_field() -> forms.CharField:
    return forms.CharField(
        label="Subdivision",
        max_length=30,
        required=False,
        help_text="e.g. a1 for (a)(1); leave empty if none",
    )


class StatuteMixin:
    """Accept '§ 53A-60' and '(a)(1)' and store '53a-60' and 'a1' (the model checks the shape)."""

    def clean_statute(self):
        return normalise_statute(self.cleaned_data["statute"])

    def clean_subdivision(self):
        return normalise_subdivision(self.cleaned_data.get("subdivision", "")) or ""


class ChargeForm(StatuteMixin, SubmitHelperMixin, forms.ModelForm):
    statute = statute_field("53a-60")
    subdivision = subdivision_field()

    class Meta:
        model = Charge
        fields = ["statute", "subdivision", "description", "status", "bond_amount", "bond_posted"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_helper()

    def clean_bond_amount(self):
        amount = self.cleaned_data.get("bond_amount")
        if amount is not None and amount < 0:
            raise ValidationError("The bond amount cannot be negative.")
        return amount


class ConvictionForm(StatuteMixin, SubmitHelperMixin, forms.ModelForm):
    statute = statute_field("53a-55")
    subdivision = subdivision_field()
    convicted_on = date_field(label="Convicted on", required=False)
    offense_date = date_field(
        label="Date of the offense", required=False, help_text="The class is the one in force on this date."
    )

    class Meta:
        model = Conviction
        fields = [
            "statute",
            "subdivision",
            "description",
            "participation",
            "offense_date",
            "victim_age",
            "serious_physical_injury",
            "convicted_on",
            "jurisdiction",
            "juvenile",
            "felony_class_override",
            "override_reason",
            "source",
            "source_detail",
        ]
        help_texts = {
            "felony_class_override": "Only for offenses the catalogue lacks (out-of-state, federal, or a "
            "statute the catalogue has no row for). Otherwise leave it empty: the catalogue gives the class.",
            "override_reason": "Required when you enter the class by hand: where the class comes from.",
        }
        labels = {
            "override_reason": "Why the class is entered by hand",
            "participation": "How the person took part",
        }
        error_messages = {
            "participation": {
                "invalid_choice": (
                    "Choose how the person took part: principal, attempt, conspiracy or accessory."
                )
            },
            "serious_physical_injury": {
                "invalid_choice": "Choose yes, no or not known for serious physical injury."
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation"].required = False  # empty: principal
        self.fields["serious_physical_injury"].required = False  # empty: not known
        self.setup_helper()

    def clean_participation(self):
        return self.cleaned_data.get("participation") or Participation.PRINCIPAL

    def clean_serious_physical_injury(self):
        return self.cleaned_data.get("serious_physical_injury") or SeriousInjury.UNKNOWN

    def clean_offense_date(self):
        day = self.cleaned_data.get("offense_date")
        if day and day > timezone.localdate():
            raise ValidationError("The date of the offense cannot be in the future.")
        return day

    def clean_convicted_on(self):
        day = self.cleaned_data.get("convicted_on")
        if day and day > timezone.localdate():
            raise ValidationError("The conviction date cannot be in the future.")
        return day

    def clean(self):
        cleaned = super().clean()
        offense, convicted = cleaned.get("offense_date"), cleaned.get("convicted_on")
        if offense and convicted and offense > convicted:
            self.add_error("offense_date", "The offense cannot come after the conviction.")
        if cleaned.get("felony_class_override") and not (cleaned.get("override_reason") or "").strip():
            self.add_error("override_reason", "Give the reason when you enter the class by hand.")
        return cleaned


# --- release and transfer -------------------------------------------------------------


class CloseForm(SubmitHelperMixin, forms.Form):
    at = local_datetime_field(label="Time", help_text="Leave as is for now.")
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("at", local_now())
        self.setup_helper()


class ReleaseForm(CloseForm):
    submit_label = "Release"


class TransferForm(CloseForm):
    TO_ICE, TO_AGENCY = "ice", "agency"
    submit_label = "Transfer"

    to = forms.ChoiceField(
        label="Transfer to",
        choices=[(TO_ICE, "ICE"), (TO_AGENCY, "Another agency")],
        widget=forms.RadioSelect,
    )
    destination = forms.CharField(
        label="Agency name (when to another agency)", max_length=200, required=False
    )
    field_order = ["to", "destination", "at", "reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to") == self.TO_AGENCY and not cleaned.get("destination", "").strip():
            self.add_error("destination", "Name the agency the person is transferred to.")
        return cleaned
