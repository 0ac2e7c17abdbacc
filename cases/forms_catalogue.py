"""The offense catalogue form: an agency admin corrects or adds a row."""

import re

from crispy_forms.layout import Column, Row
from django import forms
from django.core.exceptions import ValidationError

from .forms_detainers import fields_only_helper
from .models import Offense
from .rules.catalogue import STATUTE_PATTERN

STATUTE_MESSAGE = "Enter a Connecticut statute like 53a-55 or 53-21 (title-section, no §)."
SUBDIVISION_MESSAGE = "Enter a subdivision like a1 or a2 (letters and digits, no brackets): (a)(1) is a1."
CONDITION_MESSAGE = "A condition looks like victim_age<16 (or <=, >, >=), or leave it empty."


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value or "").lower()


def normalise_statute(value: str) -> str:
    """' § 53A-59 ' -> '53a-59'. ValueError when it is not a statute's shape."""
    statute = _squash(value).removeprefix("§").removeprefix("sec.")
    if not re.match(STATUTE_PATTERN, statute, re.ASCII):
        raise ValueError(STATUTE_MESSAGE)
    return statute


def normalise_subdivision(value: str) -> str:
    """'(a)(1)' -> 'a1'; '' stays ''. ValueError when it is not a subdivision's shape."""
    subdivision = re.sub(r"[()\[\]]", "", _squash(value))
    if subdivision and not re.match(r"^[a-z]\d{0,2}[a-z]?$", subdivision, re.ASCII):
        raise ValueError(SUBDIVISION_MESSAGE)
    return subdivision


def normalise_condition(value: str) -> str:
    """'victim_age < 16' -> 'victim_age<16'; '' stays ''."""
    condition = _squash(value)
    if condition and not re.match(r"^victim_age(<|<=|>|>=)\d{1,3}$", condition, re.ASCII):
        raise ValueError(CONDITION_MESSAGE)
    return condition


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
        return _cleaned(normalise_statute, self.cleaned_data.get("statute"))

    def clean_subdivision(self):
        return _cleaned(normalise_subdivision, self.cleaned_data.get("subdivision"))

    def clean_condition(self):
        return _cleaned(normalise_condition, self.cleaned_data.get("condition"))

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
