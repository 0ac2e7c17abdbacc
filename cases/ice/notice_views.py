"""The notices' pages ((e)(1)): the detainer page's list of notices (loaded by htmx), prepare
one, print one (audited; rendered in the notice's language, the staff pages stay English),
record its service; and the print of an ICE access record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from cases.access import get_detainer_for_user, get_ice_access_for_user, get_notice_for_user
from cases.audit_actions import IceAction
from cases.ice import notices as notice_services
from cases.ice.forms import NoticePrepareForm, NoticeServeForm
from cases.ice.notice_content import access_document, notice_document
from cases.ice.views import render_panel
from cases.models import DetainerNotice
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record
from trustportal.common.forms import add_service_error


def _detainer_url(detainer_pk: int) -> str:
    return reverse("cases:detainer_detail", args=[detainer_pk]) + "#notices"


@require_capability(Cap.VIEW_CASES)
def notices_panel(request, pk):
    """The detainer's notices, their state and the actions (prepare, print, mark served)."""
    detainer = get_detainer_for_user(request.user, pk)
    notices = DetainerNotice.objects.filter(detainer=detainer).select_related("served_by", "ice_access")
    person = detainer.case.person
    form = NoticePrepareForm(initial={"language": notice_services.default_language(person)})
    context = {"detainer": detainer, "notices": list(notices), "prepare_form": form}
    return render_panel(request, "cases/_notices_panel.html", context)


@require_POST
@require_capability(Cap.EDIT_CASES)
def notice_add(request, pk):
    detainer = get_detainer_for_user(request.user, pk)
    form = NoticePrepareForm(request.POST)
    if form.is_valid():
        try:
            notice_services.notice_prepare(
                detainer=detainer, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Notice prepared. Print it and record when it is served.")
            return redirect(_detainer_url(detainer.pk))
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(_detainer_url(detainer.pk))


@require_capability(Cap.EDIT_CASES)
def notice_print(request, pk):
    """The printable notice, in its language. Each print is audited."""
    notice = get_notice_for_user(request.user, pk)
    notice = notice_services.notice_print(notice=notice, acting_user=request.user)
    with translation.override(notice.language):
        context = {
            "document": notice_document(notice),
            "printed_at": notice.printed_at,
            "back_url": _detainer_url(notice.detainer_id),
        }
        return render(request, "cases/notice_print.html", context)


@require_capability(Cap.EDIT_CASES)
def notice_serve(request, pk):
    notice = get_notice_for_user(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = NoticeServeForm(data, notice=notice, initial={"served_at": timezone.localtime().replace(second=0)})
    if data is not None and form.is_valid():
        try:
            notice_services.notice_serve(notice=notice, data=form.cleaned_data, acting_user=request.user)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{notice.get_kind_display()}: service recorded.")
            return redirect(_detainer_url(notice.detainer_id))
    context = {"form": form, "notice": notice, "back_url": _detainer_url(notice.detainer_id)}
    return render(request, "cases/notice_serve.html", context)


@require_capability(Cap.VIEW_CASES)
def ice_access_print(request, pk):
    """The print of one ICE access record (what ICE was told or given): audited."""
    access = get_ice_access_for_user(request.user, pk)
    audit_record(action=IceAction.ACCESS_PRINT, acting_user=request.user, obj=access, agency=access.agency)
    context = {
        "document": access_document(access),
        "printed_at": timezone.now(),
        "back_url": reverse("cases:detainer_detail", args=[access.detainer_id]) + "#ice-access"
        if access.detainer_id
        else reverse("cases:case_detail", args=[access.case_id]),
    }
    return render(request, "cases/ice_access_print.html", context)


urlpatterns = [
    path("detainers/<int:pk>/notices/", notices_panel, name="notices_panel"),
    path("detainers/<int:pk>/notices/new/", notice_add, name="notice_add"),
    path("notices/<int:pk>/print/", notice_print, name="notice_print"),
    path("notices/<int:pk>/serve/", notice_serve, name="notice_serve"),
    path("ice-access/<int:pk>/print/", ice_access_print, name="ice_access_print"),
]
