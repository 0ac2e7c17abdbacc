"""Detainer scans: only real PDF/PNG/JPEG/TIFF files up to 10 MB; served through a checked, audited view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import DetainerScan
from tests.factories import DetainerFactory, DetainerScanFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def detainer(agency):
    return DetainerFactory(case__person__agency=agency)


def upload(client, detainer, name, content, content_type="application/octet-stream"):
    return client.post(
        f"/cases/detainers/{detainer.pk}/scans/new/",
        {"file": SimpleUploadedFile(name, content, content_type)},
    )


@pytest.mark.parametrize(
    ("name", "content", "stored_type"),
    [("detainer.pdf", PDF, "application/pdf"), ("scan.png", PNG, "image/png")],
)
def test_it_stores_a_real_pdf_or_png(
    client, desk_officer, sign_in, detainer, media, name, content, stored_type
):
    sign_in(desk_officer)
    response = upload(client, detainer, name, content, "text/html")  # the browser's type is not trusted
    assert response.status_code == 302
    scan = DetainerScan.objects.get()
    assert (scan.original_name, scan.content_type, scan.size) == (name, stored_type, len(content))
    assert scan.uploaded_by == desk_officer
    assert (media / scan.file.name).read_bytes() == content
    assert AuditEvent.objects.filter(action="detainer.scan_upload", actor=desk_officer).count() == 1
    assert name in client.get(f"/cases/detainers/{detainer.pk}/").content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.pdf", EXE, "Upload a PDF, PNG, JPEG or TIFF scan."),
        ("empty.pdf", b"", "The file is empty."),
        ("huge.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "The scan is larger than 10 MB."),
    ],
)
def test_it_refuses_other_files_with_a_message(
    client, desk_officer, sign_in, detainer, name, content, message
):
    sign_in(desk_officer)
    response = upload(client, detainer, name, content, "application/pdf")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DetainerScan.objects.exists()
    assert not AuditEvent.objects.filter(action="detainer.scan_upload").exists()


def test_no_file_at_all_gets_a_message(client, desk_officer, sign_in, detainer):
    sign_in(desk_officer)
    response = client.post(f"/cases/detainers/{detainer.pk}/scans/new/", {})
    assert response.status_code == 200 and "Choose the scan to upload." in response.content.decode()


def test_download_is_an_attachment_with_the_stored_type_and_is_audited(client, auditor, sign_in, agency):
    scan = DetainerScanFactory(detainer__case__person__agency=agency, original_name="i-247a.pdf")
    sign_in(auditor)
    response = client.get(f"/cases/detainers/scans/{scan.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "i-247a.pdf" in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="detainer.scan_view")
    assert event.actor == auditor and event.object_id == str(scan.pk) and event.agency == agency


def test_another_agencys_officer_gets_a_404_and_nothing_is_audited(
    client, other_officer, sign_in, agency, detainer
):
    scan = DetainerScanFactory(detainer__case__person__agency=agency)
    sign_in(other_officer)
    assert client.get(f"/cases/detainers/scans/{scan.pk}/").status_code == 404
    assert upload(client, detainer, "x.pdf", PDF).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="detainer.scan").exists()
    assert DetainerScan.objects.count() == 1


def test_a_missing_file_is_a_404_not_an_error(client, desk_officer, sign_in, agency, media):
    scan = DetainerScanFactory(detainer__case__person__agency=agency)
    (media / scan.file.name).unlink()
    sign_in(desk_officer)
    assert client.get(f"/cases/detainers/scans/{scan.pk}/").status_code == 404


def test_scans_are_never_served_from_a_public_url(client, desk_officer, sign_in, agency, settings):
    scan = DetainerScanFactory(detainer__case__person__agency=agency)
    sign_in(desk_officer)
    assert client.get(settings.MEDIA_URL + scan.file.name).status_code == 404


def test_roles(client, sign_in, trainer, auditor, agency, detainer):
    scan = DetainerScanFactory(detainer__case__person__agency=agency)
    sign_in(trainer)
    assert client.get(f"/cases/detainers/scans/{scan.pk}/").status_code == 403
    assert upload(client, detainer, "x.pdf", PDF).status_code == 403
    sign_in(auditor)
    assert upload(client, detainer, "x.pdf", PDF).status_code == 403
    assert client.get(f"/cases/detainers/{detainer.pk}/scans/new/").status_code == 403
    assert DetainerScan.objects.count() == 1


def test_a_pdf_named_html_is_stored_with_the_extension_of_what_it_is(
    client, desk_officer, sign_in, detainer, media
):
    sign_in(desk_officer)
    assert upload(client, detainer, "detainer.html", PDF, "text/html").status_code == 302
    scan = DetainerScan.objects.get(detainer=detainer)
    assert scan.content_type == "application/pdf"
    assert scan.file.name.endswith(".pdf") and ".html" not in scan.file.name
