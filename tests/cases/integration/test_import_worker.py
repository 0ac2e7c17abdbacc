"""A real Celery worker (over the real broker) runs a background roster import, all rows or none."""

import pytest

from cases.imports import importers
from cases.models import CustodyCase, ImportJob
from tests.cases.test_import_bounded import big_roster, post
from tests.notifications.integration.conftest import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_worker_imports_a_big_roster(celery, celery_env, settings, tmp_path, client, sign_in, desk_officer):
    settings.MEDIA_ROOT = tmp_path / "media"
    celery_env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)  # the worker reads the stashed file there
    worker = celery.worker()
    sign_in(desk_officer)
    preview = post(client, big_roster(importers.MAX_ROWS + 30))["Location"]
    response = client.post(preview + "confirm/")
    job = ImportJob.objects.get()
    wait_until(lambda: ImportJob.objects.get(pk=job.pk).finished, timeout=120, what="the worker to import")
    job.refresh_from_db()
    assert job.status == "done", job.messages
    assert CustodyCase.objects.filter(agency=desk_officer.agency).count() == importers.MAX_ROWS + 30
    assert "Imported 530 bookings" in client.get(response["Location"]).content.decode()
    assert worker.handle.poll() is None
