"""A roster upload is bounded: read once, stopping at the row limit, in bounded time and memory
(issue 14 item 1); larger rosters are imported by a background task, still all or nothing."""

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.imports import importers
from cases.imports.jobs import job_run
from cases.models import CustodyCase, ImportJob, Person
from tests.cases.test_import import ROSTER_HEADER, counts, roster_row, text_of
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def post(client, content: bytes):
    return client.post("/cases/import/", {"kind": "roster", "file": SimpleUploadedFile("r.csv", content)})


def measured(call):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = call()
        return result, time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("size", [5 * 1024 * 1024 - 100, importers.MAX_BYTES - 100])
def test_a_big_file_of_short_rows_is_refused_fast_and_in_bounded_memory(client, sign_in, desk_officer, size):
    """5 MB (over the byte limit) and just under the byte limit (a million short rows: reading
    stops at the row limit) are both refused within a second, with a peak well under 50 MB."""
    content = (ROSTER_HEADER + "x\n" * size)[:size].encode()
    sign_in(desk_officer)
    client.get("/cases/import/")  # warm up: templates, URL resolver
    started = time.perf_counter()
    response = post(client, content)
    seconds = time.perf_counter() - started
    _, _, peak = measured(lambda: post(client, content))  # tracing slows it down: measured apart
    if response.status_code == 302:  # read and stashed: the preview says why it cannot be imported
        page = text_of(client.get(response["Location"]))
        assert "The file has more than 5,000 rows. Import at most 5,000 rows at a time" in page
    else:
        assert "The file is larger than 3 MB." in response.content.decode()
    assert seconds < 1.0, f"took {seconds:.2f} s"
    assert peak < 50 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
    assert Person.objects.count() == 0


def test_the_preview_does_not_read_the_file_again(client, sign_in, desk_officer, monkeypatch):
    sign_in(desk_officer)
    response = post(client, (ROSTER_HEADER + roster_row()).encode())
    calls = []
    monkeypatch.setattr(importers, "check_file", lambda **kw: calls.append(kw))
    monkeypatch.setattr(importers, "parse_text", lambda *a: calls.append(a))
    for _ in range(3):
        assert "<strong>1</strong> new booking" in client.get(response["Location"]).content.decode()
    assert calls == []


def big_roster(rows: int, bad_row: int | None = None) -> bytes:
    lines = [roster_row(booking_number=f"B{n}", last_name=f"Doe{n}") for n in range(rows)]
    if bad_row is not None:
        lines[bad_row] = roster_row(booking_number="B1", last_name="Clash")  # B1 is also row 3
    return (ROSTER_HEADER + "".join(lines)).encode()


def start_background(client, content, django_capture_on_commit_callbacks, execute=True):
    preview = post(client, content)["Location"]
    assert 'data-testid="import-background"' in client.get(preview).content.decode()
    with django_capture_on_commit_callbacks(execute=execute):
        response = client.post(preview + "confirm/")
    assert response.status_code == 302 and response["Location"].startswith("/cases/import/jobs/")
    return response["Location"]


def test_a_roster_above_the_request_limit_is_imported_by_the_task(
    client, sign_in, desk_officer, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from trustportal.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    sign_in(desk_officer)
    url = start_background(client, big_roster(importers.MAX_ROWS + 20), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert (job.status, job.rows, job.created_by) == ("done", 520, desk_officer)
    assert CustodyCase.objects.count() == 520 and Person.objects.count() == 520
    assert AuditEvent.objects.get(action="import.roster").details["new_cases"] == 520
    assert AuditEvent.objects.filter(action="import.queued").count() == 1
    page = text_of(client.get(url))
    assert "Imported 520 bookings: 520 new people" in page and 'hx-trigger="every 2s"' not in page


def test_a_failing_background_import_leaves_the_database_as_it_was(
    client, sign_in, desk_officer, django_capture_on_commit_callbacks, monkeypatch
):
    from cases.custody import services

    sign_in(desk_officer)
    url = start_background(client, big_roster(importers.MAX_ROWS + 20), django_capture_on_commit_callbacks,
                           execute=False)  # fmt: skip
    job = ImportJob.objects.get()
    page = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Waiting for a worker: 0 of 520 rows written" in page and 'hx-trigger="every 2s"' in page
    real, calls = services.case_book, []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 400:
            raise RuntimeError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(services, "case_book", failing)
    before = counts()
    with pytest.raises(RuntimeError):
        job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.messages == [
        "The import stopped on an error. Nothing was imported."
    ]
    assert Person.objects.count() == 0 and CustodyCase.objects.count() == 0
    assert counts()[:3] == before[:3]
    assert "Nothing was imported." in text_of(client.get(url))
    assert job_run(job_id=job.pk) == "not queued"  # a second delivery does nothing


def test_a_background_import_refused_at_the_check_says_why(
    client, sign_in, desk_officer, django_capture_on_commit_callbacks
):
    sign_in(desk_officer)
    url = start_background(client, big_roster(importers.MAX_ROWS + 20), django_capture_on_commit_callbacks,
                           execute=False)  # fmt: skip
    from tests.factories import CustodyCaseFactory

    CustodyCaseFactory(person__agency=desk_officer.agency, booking_number="B7")  # saved meanwhile
    assert job_run(job_id=ImportJob.objects.get().pk) == "refused"
    page = text_of(client.get(url))
    assert "row 9: booking number B7 is already in your agency" in page
    assert CustodyCase.objects.count() == 1


def test_another_agencys_officer_cannot_see_a_job(
    client, sign_in, desk_officer, other_officer, django_capture_on_commit_callbacks
):
    sign_in(desk_officer)
    url = start_background(client, big_roster(importers.MAX_ROWS + 1), django_capture_on_commit_callbacks,
                           execute=False)  # fmt: skip
    sign_in(other_officer)
    assert client.get(url).status_code == 404
