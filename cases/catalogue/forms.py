"""The offense catalogue form: an agency admin corrects or adds a row."""

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
        fields = ["statute", "subdivision", "condition", "felony_class", "title", "confidence"]
        labels = {"felony_class": "Class", "subdivision": "Subdivision", "condition": "Condition"}
        help_texts = {
            "statute": "e.g. 53a-55",
            "subdivision": "e.g. a1 for § 53a-70(a)(1); empty for the whole section.",
            "condition": "Only when the class depends on the victim's age, e.g. victim_age<16.",
            "confidence": "Low-confidence rows are treated as unknown: the decision screen asks for review.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper(
            Row(Column("statute"), Column("subdivision"), Column("condition")),
            "title",
            Row(Column("felony_class"), Column("confidence")),
        )

    def clean_statute(self):
        return _cleaned(parse_statute, self.cleaned_data.get("statute"))

    def clean_subdivision(self):
        return _cleaned(parse_subdivision, self.cleaned_data.get("subdivision"))

    def clean_condition(self):
        return _cleaned(parse_condition_text, self.cleaned_data.get("condition"))

    def clean(self):
        data = super().clean()
        key = {k: data.get(k) for k in ("statute", "subdivision", "condition")}
        if None not in key.values() and Offense.objects.filter(**key).exclude(pk=self.instance.pk).exists():
            # on a field, so that the model's own (less plain) uniqueness message is not added too
            self.add_error("statute", self.duplicate_message(**key))
        return data

    @staticmethod
    def duplicate_message(statute, subdivision, condition):
        where = (
            f"§ {statute}"
            + (f"({subdivision})" if subdivision else "")
            + (f" [{condition}]" if condition else "")
        )
        return f"The catalogue already has a row for {where}. Edit that row instead of adding another."
