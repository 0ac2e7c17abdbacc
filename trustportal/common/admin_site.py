"""The admin site: every model admin (ours and third-party ones) answers bad input with a
clear 400 or a form error, never a 500.

- A filter in the address that no database date can hold (``?created_at__year=99999``,
  ``?last_login__gte=9999-12-31 23:59:59``) raises ValueError or OverflowError deep in the
  query; on a GET the site answers 400 with the reason instead.
- A JSON field holding a number of more digits than Python converts (5,000) is a form error.

``INSTALLED_APPS`` names ``TrustPortalAdminConfig`` instead of ``django.contrib.admin``, so
``admin.site`` is this site and every ``admin.site.register`` gets it.
"""

import functools
import logging

from django import forms
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import render

log = logging.getLogger(__name__)


class SafeJSONFormField(forms.JSONField):
    """Django's JSON form field, but a number too long to convert is a form error."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValueError as exc:  # int() refuses more than 4,300 digits: not a JSONDecodeError
            raise ValidationError(
                "Enter valid JSON: a number in it is too long (%(error)s).",
                code="invalid",
                params={"error": exc},
            ) from exc

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except ValueError:  # shown again as typed, next to its error
            return forms.fields.InvalidJSONInput(data)

    def has_changed(self, initial, data):
        try:
            return super().has_changed(initial, data)
        except ValueError:
            return True


class TrustPortalAdminSite(admin.AdminSite):
    site_header = "TrustPortal administration"
    site_title = "TrustPortal admin"

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        models_ = [model_or_iterable] if isinstance(model_or_iterable, type) else model_or_iterable
        for model in models_:
            if model in self._registry:  # a swapped model (auth.User) is not registered
                overrides = self._registry[model].formfield_overrides
                overrides.setdefault(models.JSONField, {"form_class": SafeJSONFormField})

    def admin_view(self, view, cacheable=False):
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
                if callable(getattr(response, "render", None)):
                    response.render()  # the change list runs some queries while rendering
                return response
            except (OverflowError, ValueError) as exc:
                if request.method not in ("GET", "HEAD"):
                    raise
                log.warning("admin: refused filter %s: %s", request.get_full_path()[:300], exc)
                reason = (
                    "A filter in the address cannot be applied: a date or number in it is out "
                    f"of range ({exc}). Change the filter and try again."
                )
                return render(request, "400.html", {"reason": reason}, status=400)

        return super().admin_view(guarded, cacheable)


class TrustPortalAdminConfig(AdminConfig):
    default_site = "trustportal.common.admin_site.TrustPortalAdminSite"
