"""Form helpers shared by every app."""

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError


def add_service_error(forms_: forms.BaseForm | Iterable[forms.BaseForm | None], exc: ValidationError) -> None:
    """Put a service's refusal on the form that has the field (on top of the first form when
    none has it). Takes one form or several (a page with a person form and a case form)."""
    candidates = [forms_] if isinstance(forms_, forms.BaseForm) else [f for f in forms_ if f is not None]
    if not hasattr(exc, "error_dict"):
        candidates[0].add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        owner = next((f for f in candidates if field in f.fields), None)
        (owner or candidates[0]).add_error(field if owner else None, errors)


def fields_only_helper(*layout) -> FormHelper:
    """A crispy helper that renders the fields only: the template writes the <form> and its button."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper
