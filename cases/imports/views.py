"""Bulk import: upload a CSV file, preview every row with its problems, confirm to import all or
none. The file is read once at upload; the preview pages show what was kept. Up to
``MAX_ROWS`` rows are imported in the request; larger files (up to ``MAX_BACKGROUND_ROWS``) by
a background task whose progress the job page polls."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from cases.imports import importers, jobs
from trustportal.accounts.roles import Cap, require_capability
from trustportal.common.pagination import CappedPaginator

SESSION_KEY = "pending_imports"
KEPT_IN_SESSION = 5
ROWS_PER_PAGE = 500
ERRORS_SHOWN = 300


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[("roster", "Custody roster (bookings)"), ("history", "Criminal history (convictions)")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the file holds.",
            "invalid_choice": "Choose what the file holds.",
        },
    )
    file = forms.FileField(
        label=f"CSV file (UTF-8, up to {importers.size_words()} and {importers.MAX_BACKGROUND_ROWS:,} rows; "
        f"more than {importers.MAX_ROWS} rows are imported in the background)",
        error_messages={"empty": "The file is empty.", "required": "Choose the CSV file to upload."},
    )


def _pending(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def _remember(request, token: str, kind: str, name: str):
    pending = dict(list(_pending(request).items())[-(KEPT_IN_SESSION - 1) :])
    pending[token] = {"kind": kind, "name": name[:255]}
    request.session[SESSION_KEY] = pending


def _forget(request, token: str):
    pending = _pending(request)
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending


def _upload_of(request, token) -> dict:
    """This user's own pending upload (a token from anyone else's session is a 404)."""
    upload = _pending(request).get(str(token))
    if upload is None:
        raise Http404("No such upload.")
    return upload


@require_capability(Cap.EDIT_CASES)
def import_upload(request):
    form = ImportUploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded, kind, agency = form.cleaned_data["file"], form.cleaned_data["kind"], request.user.agency
        try:
            parsed = importers.read_upload(uploaded)
        except importers.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            check = importers.check_file(kind=kind, parsed=parsed, agency=agency)
            token = importers.stash(
                agency=agency, kind=kind, parsed=parsed, preview=importers.preview_of(check)
            )
            _remember(request, token, kind, uploaded.name)
            return redirect("cases:import_preview", token=token)
    return render(request, "cases/import_upload.html", {"form": form})


@require_capability(Cap.EDIT_CASES)
def import_preview(request, token):
    upload = _upload_of(request, token)
    return _render_preview(request, token, upload)


def _render_preview(request, token, upload, refused=None):
    try:
        preview = importers.load(agency=request.user.agency, token=token)["preview"]
    except importers.ImportFileError as exc:
        _forget(request, str(token))
        messages.error(request, str(exc))
        return redirect("cases:import_upload")
    errors = preview["errors"]
    context = {
        "token": str(token),
        "upload": upload,
        "kind_label": importers.KIND_LABELS[upload["kind"]],
        "check": preview,
        "background": len(preview["rows"]) > importers.MAX_ROWS,
        "max_rows": importers.MAX_ROWS,
        "errors": errors[:ERRORS_SHOWN],
        "errors_hidden": max(0, len(errors) - ERRORS_SHOWN),
        "page": CappedPaginator(preview["rows"], ROWS_PER_PAGE).get_page(request.GET.get("page")),
        "refused": refused,
    }
    return render(request, "cases/import_preview.html", context)


@require_POST
@require_capability(Cap.EDIT_CASES)
def import_confirm(request, token):
    upload = _upload_of(request, token)
    agency = request.user.agency
    try:
        parsed = importers.load(agency=agency, token=token)["parsed"]
        if len(parsed.records) > importers.MAX_ROWS:
            job = jobs.job_start(agency=agency, token=token, kind=upload["kind"], filename=upload["name"],
                                 rows=len(parsed.records), acting_user=request.user)  # fmt: skip
            _forget(request, str(token))
            return redirect("cases:import_job", pk=job.pk)
        check = importers.import_file(
            kind=upload["kind"],
            parsed=parsed,
            agency=agency,
            acting_user=request.user,
            filename=upload["name"],
        )
    except importers.ImportRefused as exc:
        return _render_preview(request, token, upload, refused=exc.messages)
    except importers.ImportFileError as exc:
        _forget(request, str(token))
        messages.error(request, str(exc))
        return redirect("cases:import_upload")
    importers.discard(agency=agency, token=token)
    _forget(request, str(token))
    messages.success(request, summary(upload["kind"], check.counts))
    return redirect("cases:import_upload")


def summary(kind: str, counts: dict) -> str:
    if kind == "roster":
        return (
            f"Imported {counts['new_cases']} bookings: {counts['new_people']} new people, "
            f"{counts['matched_people']} already in your records."
        )
    return f"Imported {counts['new_convictions']} convictions for {counts['matched_people']} people."


@require_capability(Cap.EDIT_CASES)
def import_job(request, pk):
    """A background import: its progress bar (polled by htmx until it finishes), then the outcome."""
    state = jobs.job_state(jobs.get_job_for_user(request.user, pk))
    state["summary"] = summary(state["job"].kind, state["job"].counts) if state["job"].counts else ""
    template = "cases/_import_job_state.html" if request.htmx else "cases/import_job.html"
    return render(request, template, state)


urlpatterns = [
    path("import/", import_upload, name="import_upload"),
    path("import/<uuid:token>/", import_preview, name="import_preview"),
    path("import/<uuid:token>/confirm/", import_confirm, name="import_confirm"),
    path("import/jobs/<int:pk>/", import_job, name="import_job"),
]
