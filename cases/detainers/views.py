"""Detainers: log one, read it, keep its documents, scans and status up to date (ICE access: cases/ice/)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from cases.access import (
    get_case_for_user,
    get_detainer_detail_for_user,
    get_detainer_for_user,
    get_document_for_user,
    get_scan_for_user,
)
from cases.audit_actions import DetainerAction
from cases.detainers import services as detainer_services
from cases.detainers.forms import (
    DetainerEditForm,
    DetainerEntryForm,
    DetainerStatusForm,
    DocumentForm,
    DocumentFormSet,
    ScanForm,
)
from cases.ice import views as ice_views
from trustportal.accounts.roles import Cap, require_capability
from trustportal.audit.services import audit_record
from trustportal.common.forms import add_service_error


def _posted(request):
    """The POST data to bind a form to (even when empty), or None for a GET."""
    return request.POST if request.method == "POST" else None


def _subform(request, detainer, form, title, submit_label="Save", multipart=False):
    """The page of one small form about a detainer (shown again, with its errors, after a refusal)."""
    context = {"form": form, "detainer": detainer, "title": title, "submit_label": submit_label,
               "multipart": multipart}  # fmt: skip
    return render(request, "cases/detainer_subform.html", context)


def _saved(request, detainer, message):
    messages.success(request, message)
    return redirect("cases:detainer_detail", pk=detainer.pk)


@require_capability(Cap.EDIT_CASES)
def detainer_create(request, case_pk):
    case = get_case_for_user(request.user, case_pk)
    form = DetainerEntryForm(_posted(request), case=case)
    formset = DocumentFormSet(_posted(request), prefix="documents")
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        try:
            detainer = detainer_services.detainer_log(
                case=case, data=form.cleaned_data, documents=formset.documents(), acting_user=request.user
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return _saved(request, detainer, "Detainer logged.")
    context = {"form": form, "formset": formset, "case": case}
    return render(request, "cases/detainer_form.html", context)


@require_capability(Cap.VIEW_CASES)
def detainer_detail(request, pk):
    detainer = get_detainer_detail_for_user(request.user, pk)
    audit_record(
        action=DetainerAction.VIEW, acting_user=request.user, obj=detainer, agency=detainer.case.agency
    )
    return render(request, "cases/detainer_detail.html", _detail_context(detainer))


def _detail_context(detainer):
    return {
        "detainer": detainer,
        "case": detainer.case,
        "person": detainer.case.person,
        "scan_form": ScanForm(),
        **ice_views.detainer_panel_context(detainer),
        "status_form": DetainerStatusForm(detainer=detainer),
    }


@require_capability(Cap.EDIT_CASES)
def detainer_edit(request, pk):
    detainer = get_detainer_for_user(request.user, pk)
    form = DetainerEditForm(_posted(request), instance=detainer)
    if request.method == "POST" and form.is_valid():
        try:  # the form has changed its instance: give the service the record as stored
            fresh = get_detainer_for_user(request.user, pk)
            detainer_services.detainer_update(
                detainer=fresh, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return _saved(request, fresh, "Detainer saved.")
    return render(request, "cases/detainer_edit.html", {"form": form, "detainer": detainer})


@require_POST
@require_capability(Cap.EDIT_CASES)
def detainer_status(request, pk):
    detainer = get_detainer_for_user(request.user, pk)
    form = DetainerStatusForm(request.POST, detainer=detainer)
    if form.is_valid():
        try:
            detainer_services.detainer_set_status(
                detainer=detainer, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return _saved(request, detainer, "Detainer status changed.")
    return _subform(request, detainer, form, "Change the status", "Change the status")


def _submit(request, form, detainer, write, message):
    """For a valid POSTed form, run ``write(cleaned_data)`` and go back to the detainer;
    a refusal from the service goes on the form (None: render the form again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        write(form.cleaned_data)
    except ValidationError as exc:
        add_service_error(form, exc)
        return None
    return _saved(request, detainer, message)


@require_capability(Cap.EDIT_CASES)
def document_add(request, pk):
    detainer = get_detainer_for_user(request.user, pk)
    form = DocumentForm(_posted(request))
    done = _submit(
        request,
        form,
        detainer,
        lambda data: detainer_services.document_add(detainer=detainer, data=data, acting_user=request.user),
        "Document added.",
    )
    return done or _subform(request, detainer, form, "Add a document", "Add the document")


@require_capability(Cap.EDIT_CASES)
def document_edit(request, pk):
    document = get_document_for_user(request.user, pk)
    form = DocumentForm(_posted(request), instance=document)
    done = _submit(
        request,
        form,
        document.detainer,
        lambda data: detainer_services.document_update(
            document=get_document_for_user(request.user, pk), data=data, acting_user=request.user
        ),
        "Document saved.",
    )
    return done or _subform(request, document.detainer, form, "Edit a document")


@require_capability(Cap.EDIT_CASES)
def scan_upload(request, pk):
    detainer = get_detainer_for_user(request.user, pk)
    form = ScanForm(_posted(request), request.FILES or None)
    done = _submit(
        request,
        form,
        detainer,
        lambda data: detainer_services.scan_upload(
            detainer=detainer, uploaded_file=data["file"], acting_user=request.user
        ),
        "Scan uploaded.",
    )
    return done or _subform(request, detainer, form, "Upload a scan", "Upload", multipart=True)


@require_capability(Cap.VIEW_CASES)
def scan_download(request, pk):
    scan = get_scan_for_user(request.user, pk)
    try:
        handle = scan.file.storage.open(scan.file.name, "rb")
    except (OSError, ValueError):
        raise Http404("The scan file is missing.") from None
    audit_record(action=DetainerAction.SCAN_VIEW, acting_user=request.user, obj=scan,
                 agency=scan.detainer.case.agency, details={"detainer": scan.detainer_id})  # fmt: skip
    response = FileResponse(
        handle, as_attachment=True, filename=scan.original_name, content_type=scan.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("<int:case_pk>/detainers/new/", detainer_create, name="detainer_create"),
    path("detainers/<int:pk>/", detainer_detail, name="detainer_detail"),
    path("detainers/<int:pk>/edit/", detainer_edit, name="detainer_edit"),
    path("detainers/<int:pk>/status/", detainer_status, name="detainer_status"),
    path("detainers/<int:pk>/documents/new/", document_add, name="document_add"),
    path("detainers/documents/<int:pk>/edit/", document_edit, name="document_edit"),
    path("detainers/<int:pk>/scans/new/", scan_upload, name="scan_upload"),
    path("detainers/scans/<int:pk>/", scan_download, name="scan_download"),
]
