"""The offense catalogue forms: the steward corrects or adds a row; an agency admin proposes."""

from crispy_forms.layout import Column, Row
from django import forms
from django.core.exceptions import ValidationError

from cases.catalogue.syntax import parse_condition_text, parse_statute, parse_subdivision
from cases.models import Offense
from trustportal.common.forms import fields_only_helper


def _cleaned(normalise, value):
    try:
        return normalise(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


class OffenseForm(forms.ModelForm):
    class Meta:
        model = Offense
        fields = [
            "statute", "subdivision", "condition", "felony_class", "title", "confidence",
            "effective_from", "effective_to", "source",
        ]  # fmt: skip
        widgets = {
            "effective_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effective_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "source": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"felony_class": "Class", "subdivision": "Subdivision", "condition": "Condition"}
        help_texts = {
            "statute": "e.g. 53a-55",
            "subdivision": "e.g. a1 for § 53a-70(a)(1); empty for the whole section.",
            "condition": "Only when the class depends on a fact: victim_age<16, or a named fact such as "
            "serious_physical_injury.",
            "confidence": "Low-confidence rows are treated as unknown: the decision screen asks for review.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper(
            Row(Column("statute"), Column("subdivision"), Column("condition")),
            "title",
            Row(Column("felony_class"), Column("confidence")),
            Row(Column("effective_from"), Column("effective_to")),
            "source",
        )

    def clean_statute(self):
        return _cleaned(parse_statute, self.cleaned_data.get("statute"))

    def clean_subdivision(self):
        return _cleaned(parse_subdivision, self.cleaned_data.get("subdivision"))

    def clean_condition(self):
        return _cleaned(parse_condition_text, self.cleaned_data.get("condition"))

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and start > end:
            self.add_error("effective_to", "The last day in force cannot come before the first.")
        key = {k: data.get(k) for k in ("statute", "subdivision", "condition")}
        dates = {"effective_from": start, "effective_to": end}
        if None not in key.values() and self._taken(**key, **dates):
            # on a field, so that the model's own (less plain) uniqueness message is not added too
            self.add_error("statute", self.duplicate_message(**key))
        return data

    def _taken(self, **key) -> bool:
        return Offense.objects.filter(**key).exclude(pk=self.instance.pk).exists()

    @staticmethod
    def duplicate_message(statute, subdivision, condition):
        where = (
            f"§ {statute}"
            + (f"({subdivision})" if subdivision else "")
            + (f" [{condition}]" if condition else "")
        )
        return f"The catalogue already has a row for {where}. Edit that row instead of adding another."


class ProposalForm(OffenseForm):
    """An agency admin's proposed correction: the row as it should be, and why."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the row should change, with its source (statute text, court ruling, counsel's memo).",
        error_messages={"required": "Say why the row should change, with its source."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.append("reason")


class ProposalDecisionForm(forms.Form):
    comments = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you reject: the proposing agency reads it.",
    )
