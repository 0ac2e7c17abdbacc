"""Forms of ICE access: record one act of access, and the agency head's review of a
notification request. The rules (the gate, the head's review first) are in the services."""

from django import forms

from cases.detainers.forms import not_in_future, use_local_datetime_inputs
from cases.models import AccessMethod, AccessType, HeadReviewOutcome, IceAccess
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
