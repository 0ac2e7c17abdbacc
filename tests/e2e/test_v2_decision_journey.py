"""Contract v2 in the browser: an attempted-murder conviction with its offense date, and a
judicial warrant that does not open an ICE interview (§ 54-192h(b)(1)(D))."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import DocumentKind
from tests.e2e.helpers import sign_in_through_the_form
from tests.factories import DetainerDocumentFactory, DetainerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _detainer(agency, officer):
    detainer = DetainerFactory(case__person__agency=agency, case__created_by=officer, created_by=officer)
    detainer.case.releasable_at = timezone.now() + dt.timedelta(days=1)
    detainer.case.save()
    return detainer


def _verdict(page, action):
    return page.get_by_test_id(f"verdict-{action}").get_attribute("data-verdict")


def test_an_officer_records_an_attempted_murder_and_sees_permitted(page, agency, desk_officer):
    detainer = _detainer(agency, desk_officer)
    sign_in_through_the_form(page, desk_officer)
    page.goto(f"/cases/{detainer.case_id}/")
    page.get_by_test_id("conviction-add").click()
    page.get_by_label("Statute*").fill("53a-54a")
    page.get_by_label("How the person took part").select_option("attempt")
    page.get_by_label("Date of the offense").fill("2011-06-30")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/cases/{detainer.case_id}/")
    assert "Class B" in page.get_by_test_id("conviction-class").first.inner_text()

    page.goto(f"/cases/detainers/{detainer.pk}/decision/")
    assert _verdict(page, "detain") == "permitted"
    assert "§ 53a-51" in page.get_by_test_id("facts").inner_text()


def test_a_judicial_warrant_with_consent_leaves_the_interview_prohibited(page, agency, desk_officer):
    detainer = _detainer(agency, desk_officer)
    DetainerDocumentFactory(detainer=detainer, kind=DocumentKind.JUDICIAL_WARRANT, form="Arrest warrant")
    detainer.interview_consent_at = timezone.now()
    detainer.save()
    sign_in_through_the_form(page, desk_officer)
    page.goto(f"/cases/detainers/{detainer.pk}/decision/")
    assert _verdict(page, "detain") == "permitted"
    assert _verdict(page, "interview") == "prohibited"
    assert "(b)(1)(D)" in page.get_by_test_id("verdict-interview").inner_text()
