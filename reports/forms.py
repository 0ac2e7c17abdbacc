from django import forms

from . import foia


class FoiaExportForm(forms.Form):
    """A date range, the request's reference, and per redactable column "not redacted" or the
    exemption relied on."""

    first_day = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    last_day = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    request_reference = forms.CharField(
        max_length=100, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column in foia.REDACTABLE:
            self.fields[f"redact_{column}"] = forms.ChoiceField(
                label=column,
                choices=foia.REASON_CHOICES,
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def redaction_fields(self):
        return [self[f"redact_{column}"] for column in foia.REDACTABLE]

    def redactions(self) -> dict[str, str]:
        return {
            c: self.cleaned_data[f"redact_{c}"]
            for c in foia.REDACTABLE
            if self.cleaned_data.get(f"redact_{c}")
        }

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", "The last day comes before the first day.")
        return data
