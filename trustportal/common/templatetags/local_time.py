"""``{{ moment|local_datetime }}``: a date and time in the app's one format, in America/New_York,
with its zone, through the one helper (trustportal.common.views.local_datetime_text).

Django's ``date:"DATETIME_FORMAT"`` drops the zone in the fall's ambiguous hour (its "T" is
blank then), so the two 01:30s of that night read the same; this filter names them (EDT/EST).
A built-in of the template engine (settings.TEMPLATES): no ``{% load %}`` needed."""

import datetime as dt

from django import template
from django.utils import dateformat, timezone
from django.utils.formats import get_format

from trustportal.common.views import local_datetime_text

register = template.Library()


@register.filter(expects_localtime=False)
def local_datetime(value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):  # never stored so; shown as given rather than guessed
            return dateformat.format(value, get_format("DATETIME_FORMAT").replace(" T", ""))
        return local_datetime_text(value)
    if isinstance(value, dt.date):
        return dateformat.format(value, get_format("DATE_FORMAT"))
    return str(value)
