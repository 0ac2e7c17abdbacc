"""Forms for detainers: the I-247A fields, accompanying documents, scans, status.

Messages are for a desk officer: they say what is wrong and what to do instead.
"""

import datetime as dt
import re

from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.detainers.states import DETAINER_TRANSITIONS
from cases.models import (
    LAST_DAY_OF_OLD_DETAINER_FORMS,
    Detainer,
    DetainerDocument,
    DetainerForm,
    DetainerStatus,
    DocumentKind,
    normalise_a_number,
)
from trustportal.common.forms import fields_only_helper

CLOCK_SLACK = dt.timedelta(minutes=5)
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
OLD_FORMS = {DetainerForm.I247D, DetainerForm.I247N, DetainerForm.I247X}
A_NUMBER_MESSAGE = "An A-number is the letter A and 8 or 9 digits, e.g. A012345678."
RELEASED_MESSAGE = "A detainer cannot be logged for a person who is no longer in custody."
OLD_FORMS_MESSAGE = "I-247D, I-247N and I-247X have not been issued since 2 April 2017; use I-247A."
# DHS forms that are administrative warrants or charging documents, never signed by a judge (LAW.md §1.1).
ADMINISTRATIVE_FORMS = {
    "I200": "I-200",
    "I203": "I-203",
    "I205": "I-205",
    "I286": "I-286",
    "I862": "NTA",
    "NTA": "NTA",
    "NOTICETOAPPEAR": "NTA",
}
MANUAL_STATUSES = [
    (DetainerStatus.CANCELLED.value, "Cancelled by ICE"),
    (DetainerStatus.LAPSED.value, "Lapsed"),
]


def local_datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def use_local_datetime_inputs(form):
    """Every date/time field of the form: a browser date or datetime-local picker, local time."""
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            field.widget = local_datetime_widget()
            field.input_formats = DATETIME_INPUT_FORMATS
        elif isinstance(field, forms.DateField):
            field.widget = date_widget()


def not_in_future(value, message):
    if value and value > timezone.now() + CLOCK_SLACK:
        raise ValidationError(message)
    return value


def canonical_document_form(value: str) -> str:
    """'i205', 'Form I-205', 'I 205' -> 'I-205'; 'notice to appear' -> 'NTA'; others unchanged."""
    key = re.sub(r"[^A-Z0-9]", "", (value or "").upper()).removeprefix("FORM")
    return ADMINISTRATIVE_FORMS.get(key, (value or "").strip())


class DetainerEntryForm(forms.ModelForm):
    """The I-247A as it arrived: header, probable cause, requests, service on the person."""

    file_number = forms.CharField(  # longer than the column: 'A 012-345-678' is normalised to A012345678
        label="File No. (A-number)",
        max_length=30,
        required=False,
        help_text="Usually the A-number, e.g. A012345678.",
    )

    class Meta:
        model = Detainer
        fields = [
            "received_at", "form", "subject_id", "event_number", "file_number", "issued_on",
            "issuing_office", "pc_final_order", "pc_removal_proceedings", "pc_biometric",
            "pc_statements", "pc_transferred", "request_notify", "request_maintain_custody",
            "served_at", "notes",
        ]  # fmt: skip
        labels = {"received_at": "Received at", "form": "Detainer form"}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "served_at": "When a copy was given to the person. Leave empty if not served yet.",
        }

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case  # when logging: the booking the detainer is for
        use_local_datetime_inputs(self)
        self.helper = fields_only_helper(
            Fieldset(
                "Header",
                Row(Column("received_at"), Column("form")),
                Row(Column("subject_id"), Column("event_number"), Column("file_number")),
                Row(Column("issued_on"), Column("issuing_office")),
            ),
            Fieldset(
                "Probable cause (box 1 or box 2)",
                "pc_final_order",
                "pc_removal_proceedings",
                "pc_biometric",
                "pc_statements",
                "pc_transferred",
            ),
            Fieldset("What ICE requests", "request_notify", "request_maintain_custody"),
            Fieldset("Service and notes", "served_at", "notes"),
        )

    def clean_file_number(self):
        value = self.cleaned_data.get("file_number", "")
        try:
            if not value.isascii():
                raise ValueError(A_NUMBER_MESSAGE)
            return normalise_a_number(value)
        except ValueError as exc:
            raise ValidationError(f"{exc} The File No. on the detainer is usually the A-number.") from None

    def clean_issued_on(self):
        issued_on = self.cleaned_data.get("issued_on")
        if issued_on and issued_on > timezone.localdate():
            raise ValidationError("The date issued cannot be in the future.")
        return issued_on

    def clean_received_at(self):
        return not_in_future(
            self.cleaned_data.get("received_at"), "The time received cannot be in the future."
        )

    def clean_served_at(self):
        return not_in_future(self.cleaned_data.get("served_at"), "The time served cannot be in the future.")

    def clean(self):
        data = super().clean()
        if self.case is not None and not self.case.is_open:
            self.add_error(None, RELEASED_MESSAGE)  # the service refuses it too, whatever the form says
        form, issued_on = data.get("form"), data.get("issued_on")
        if form in OLD_FORMS and issued_on and issued_on > LAST_DAY_OF_OLD_DETAINER_FORMS:
            self.add_error("form", OLD_FORMS_MESSAGE)
        received_at, served_at = data.get("received_at"), data.get("served_at")
        if received_at and served_at and served_at < received_at:
            self.add_error("served_at", "The detainer cannot be served on the person before it was received.")
        if received_at and issued_on and timezone.localdate(received_at) < issued_on:
            self.add_error("received_at", "The detainer cannot be received before the date it was issued.")
        return data


class DetainerEditForm(DetainerEntryForm):
    """The same fields, plus the person's written consent to an ICE interview."""

    class Meta(DetainerEntryForm.Meta):
        fields = [*DetainerEntryForm.Meta.fields, "interview_consent_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.append(Fieldset("ICE interview", "interview_consent_at"))

    def clean_interview_consent_at(self):
        return not_in_future(
            self.cleaned_data.get("interview_consent_at"), "The consent time cannot be in the future."
        )


class DocumentForm(forms.ModelForm):
    """A document that came with the detainer: what kind of warrant it is and who signed it."""

    class Meta:
        model = DetainerDocument
        fields = ["kind", "form", "signed_by", "court"]
        labels = {"kind": "Kind of document", "form": "Form or title"}
        help_texts = {
            "form": "e.g. I-200, I-205, I-203, I-286, NTA, or the title of a court's warrant.",
            "signed_by": "Name and title of the person who signed it.",
            "court": "Only for a judicial warrant: the court that issued it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()

    def clean_form(self):
        return canonical_document_form(self.cleaned_data.get("form", ""))

    def clean(self):
        data = super().clean()
        if data.get("kind") != DocumentKind.JUDICIAL_WARRANT:
            return data
        form = data.get("form", "")
        if form in ADMINISTRATIVE_FORMS.values():
            self.add_error(
                "kind",
                f"An {form} is an administrative warrant signed by an immigration officer, not a judge "
                "(C.G.S. § 54-192h(a)).",
            )
            return data
        for field, what in (("signed_by", "the judge who signed it"), ("court", "the court that issued it")):
            if not data.get(field, "").strip():
                self.add_error(
                    field,
                    f"A judicial warrant is signed by a judge: enter {what}. If you cannot tell who signed "
                    "it, choose “Unclear – needs review” instead.",
                )
        return data


class BaseDocumentFormSet(forms.BaseFormSet):
    def documents(self) -> list[dict]:
        """The filled-in documents (blank extra forms are left out)."""
        return [f.cleaned_data for f in self.forms if f.has_changed() and f.cleaned_data]


DocumentFormSet = forms.formset_factory(
    DocumentForm, formset=BaseDocumentFormSet, extra=2, max_num=20, validate_max=True
)


class ScanForm(forms.Form):
    file = forms.FileField(
        label="Scan of the detainer (PDF, PNG, JPEG or TIFF, up to 10 MB)",
        error_messages={"empty": "The file is empty.", "required": "Choose the scan to upload."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()


class DetainerStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="New status",
        choices=MANUAL_STATUSES,
        error_messages={
            "invalid_choice": "Choose cancelled or lapsed here. The other statuses are set by recording a "
            "decision, a release or a transfer.",
            "required": "Choose the new status.",
        },
    )
    reason = forms.CharField(
        label="Why",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. “ICE faxed a cancellation (I-247A box checked) at 14:10”.",
        error_messages={"required": "Say why the status changes."},
    )

    def __init__(self, *args, detainer=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = DETAINER_TRANSITIONS.get(detainer.status, set()) if detainer else set()
        self.offered = [(value, label) for value, label in MANUAL_STATUSES if value in allowed]
        self.fields["status"].widget.choices = self.offered  # validation still knows every manual status
        self.helper = fields_only_helper()
