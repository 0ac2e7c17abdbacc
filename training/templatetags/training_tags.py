"""Template helpers for training pages."""

from django import template

from training.markdown import render_markdown
from training.scenarios import VERDICT_WORDS

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.filter
def verdict_words(verdict):
    return VERDICT_WORDS.get(verdict, verdict)


@register.filter
def holds_mark(holds):
    """✓ / ✗ / ? for a trace entry, as on the decision screen."""
    return {True: "✓", False: "✗"}.get(holds, "?")


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key) if mapping else key
