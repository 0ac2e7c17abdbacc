"""Form helpers shared by every app."""

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


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


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python, as Django's templates write it (the same text: a test
    compares them), without a template include per option and per attribute list: a list page's
    filter selects cost about a millisecond in Django's templates. Option groups and multiple
    choice go to Django's own rendering."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = widget["optgroups"]
        if self.allow_multiple_selected or any(group for group, _, _ in groups):
            return super().render(name, value, attrs, renderer)
        parts = [f'<select name="{conditional_escape(name)}"{_attrs_html(widget["attrs"])}>']
        for _, options, _ in groups:
            parts += [
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs_html(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                for option in options
            ]
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ``False`` leaves the attribute out, ``True`` names it."""
    return "".join(
        f" {conditional_escape(key)}"
        if value is True
        else f' {conditional_escape(key)}="{conditional_escape(str(value))}"'
        for key, value in attrs.items()
        if value is not False
    )
