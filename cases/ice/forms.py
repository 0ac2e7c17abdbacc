"""Forms of ICE access: record one act of access, the agency head's review of a notification
request, and the notices ((e)(1)): prepare one, record its service. The rules (the gate, the
head's review first) are in the services."""

from django import forms

from cases.detainers.forms import not_in_future, use_local_datetime_inputs
from cases.models import (
    AccessMethod,
    AccessType,
    DeliveryMethod,
    HeadReviewOutcome,
    IceAccess,
    NoticeKind,
    NoticeRecipient,
)
from trustportal.common.forms import fields_only_helper


class IceAccessForm(forms.ModelForm):
    class Meta:
        model = IceAccess
        fields = ["access_type", "at", "method", "ice_contact_name", "communication", "staff_minutes"]
        labels = {"at": "Date and time", "method": "How"}
        widgets = {"communication": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "access_type": {"required": "Choose the type of access."},
            "at": {"required": "Enter when it happened."},
            "method": {"required": "Choose how it happened."},
            "communication": {"required": "Say what was asked and what was said or sent."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_local_datetime_inputs(self)
        self.fields["access_type"].choices = [("", "---------"), *AccessType.choices]
        self.fields["method"].choices = [
            ("", "---------"),
            *[c for c in AccessMethod.choices if c[0] != AccessMethod.CUSTODY],
        ]
        self.fields["staff_minutes"].required = True
        self.fields["staff_minutes"].error_messages["required"] = (
            "Enter the staff minutes it took (0 if none)."
        )
        self.fields["staff_minutes"].widget.attrs.update({"min": 0, "max": 10000})
        self.helper = fields_only_helper()

    def clean_at(self):
        return not_in_future(self.cleaned_data.get("at"), "The time cannot be in the future.")


class HeadReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=HeadReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the request may be answered."},
    )
    comments = forms.CharField(
        label="Comments",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when the request must not be answered.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()


# --- notices ((e)(1)) ----------------------------------------------------------------------


def _language_choices():
    from django.conf import settings

    return [(code, name) for code, name in settings.LANGUAGES]


class NoticePrepareForm(forms.Form):
    """Prepare another notice (the first ones are prepared with the detainer and with the
    release notification): e.g. after the decision, in another language, for a designee."""

    kind = forms.ChoiceField(
        label="Notice", choices=NoticeKind.choices, error_messages={"required": "Choose which notice."}
    )
    recipient = forms.ChoiceField(
        label="For", choices=NoticeRecipient.choices, error_messages={"required": "Choose whom it is for."}
    )
    recipient_name = forms.CharField(
        label="Their name (attorney or designee)", max_length=200, required=False
    )
    language = forms.ChoiceField(
        label="Language", choices=_language_choices, error_messages={"required": "Choose the language."}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()


class NoticeServeForm(forms.Form):
    served_at = forms.DateTimeField(
        label="Served at", error_messages={"required": "Enter when it was served."}
    )
    delivery = forms.ChoiceField(
        label="How",
        choices=[("", "---------"), *DeliveryMethod.choices],
        error_messages={"required": "Choose how it was served, or record a good-faith attempt."},
    )
    recipient = forms.ChoiceField(label="Given to", choices=NoticeRecipient.choices)
    recipient_name = forms.CharField(
        label="Their name (attorney or designee)", max_length=200, required=False
    )
    delivery_note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required for a good-faith attempt: whom you tried to reach, how and when.",
    )

    def __init__(self, *args, notice, **kwargs):
        kwargs.setdefault("initial", {"recipient": notice.recipient, "recipient_name": notice.recipient_name})
        super().__init__(*args, **kwargs)
        use_local_datetime_inputs(self)
        if notice.recipient == NoticeRecipient.PERSON:
            self.fields["recipient"].choices = [(NoticeRecipient.PERSON, NoticeRecipient.PERSON.label)]
            del self.fields["recipient_name"]
        else:
            self.fields["recipient"].choices = [
                c for c in NoticeRecipient.choices if c[0] != NoticeRecipient.PERSON
            ]
        self.helper = fields_only_helper()

    def clean_served_at(self):
        return not_in_future(self.cleaned_data.get("served_at"), "The time cannot be in the future.")
