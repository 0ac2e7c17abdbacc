"""``{% term "ice-access" %}``: a small link to the glossary entry, beside a word an officer
may not know."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from trustportal.common.glossary import TERMS

register = template.Library()
_BY_SLUG = {t.slug: t for t in TERMS}


@register.simple_tag
def term(slug: str) -> str:
    entry = _BY_SLUG.get(slug)
    if entry is None:
        return ""
    return format_html(
        '<a class="glossary-link" href="{}#{}" title="What is {}?" aria-label="Glossary: {}">'
        '<i class="bi bi-question-circle" aria-hidden="true"></i></a>',
        reverse("glossary"),
        entry.slug,
        entry.term,
        entry.term,
    )
