"""Issue 3's journey in the browser: book a person, add a conviction and a pending charge,
log an I-247A with an I-205 attached, upload its scan, and later release the person."""

import pytest
from django.test import override_settings

from cases.models import CaseStatus, Detainer, DetainerStatus
from tests.e2e.helpers import sign_in_through_the_form
from tests.factories import UserFactory
from trustportal.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fill(page, values: dict):
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)


def test_desk_officer_books_logs_a_detainer_and_releases(page, live_server, agency, tmp_path):
    officer = UserFactory(
        username="dana", first_name="Dana", last_name="Desk", agency=agency, roles=[Role.DESK_OFFICER]
    )
    with override_settings(MEDIA_ROOT=tmp_path):
        sign_in_through_the_form(page, officer)

        page.goto("/cases/intake/")
        _fill(
            page,
            {
                "Last name*": "Reyes",
                "First name*": "Ana",
                "Date of birth*": "1991-03-05",
                "A-number": "A012345678",
                "Booking number*": "B-7001",
                "Booked at*": "2026-01-10T08:00",
                "Facility*": "Central lock-up",
            },
        )
        page.get_by_test_id("intake-submit").click()
        page.wait_for_url("**/cases/*/")
        assert page.get_by_test_id("case-title").inner_text().startswith("Ana Reyes")
        case_url = page.url

        page.get_by_test_id("conviction-add").click()
        _fill(
            page,
            {
                "Statute*": "53a-55",
                "Description": "Manslaughter in the first degree",
                "Convicted on": "2014-06-02",
            },
        )
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(case_url)
        assert "Class B" in page.get_by_test_id("conviction-class").first.inner_text()

        page.get_by_test_id("charge-add").click()
        _fill(page, {"Statute*": "53a-60", "Description": "Assault in the second degree"})
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(case_url)
        assert "53a-60" in page.get_by_test_id("charges").inner_text()

        page.get_by_test_id("detainer-log").click()
        _fill(
            page,
            {
                "Received at*": "2026-01-10T09:30",
                "Date issued*": "2026-01-09",
                "From (DHS office)": "ERO Hartford",
                "File No. (A-number)": "A012345678",
            },
        )
        page.locator("#id_documents-0-kind").select_option("administrative_warrant")
        page.locator("#id_documents-0-form").fill("I-205")
        page.locator("#id_documents-0-signed_by").fill("Supervisory Detention and Deportation Officer")
        page.get_by_role("button", name="Log the detainer").click()
        page.wait_for_url("**/cases/detainers/*/")
        assert "I-205" in page.get_by_test_id("documents").inner_text()
        detainer = Detainer.objects.get(case__booking_number="B-7001")
        assert detainer.documents.get().form == "I-205"

        scan = tmp_path / "detainer-scan.pdf"
        scan.write_bytes(PDF)
        page.goto(f"/cases/detainers/{detainer.pk}/scans/new/")
        page.get_by_label("Scan of the detainer").set_input_files(str(scan))
        page.get_by_role("button", name="Upload").click()
        page.wait_for_url(f"**/cases/detainers/{detainer.pk}/")
        assert page.get_by_text("detainer-scan.pdf").first.is_visible()
        assert detainer.scans.get().content_type == "application/pdf"

        page.goto(case_url + "release/")
        page.get_by_label("Reason*").fill("Charges dismissed at arraignment.")
        page.get_by_role("button", name="Release").click()
        page.wait_for_url(case_url)
        assert page.get_by_test_id("case-status").inner_text() == "Released"
    detainer.refresh_from_db()
    assert detainer.case.status == CaseStatus.RELEASED
    assert detainer.status == DetainerStatus.LAPSED
