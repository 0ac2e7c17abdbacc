"""The decision screen with the v2 facts: participation, offense date, the interview court
order and the agency's interview-consent policy (agency policy, not law)."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.custody.forms import ConvictionForm
from cases.decisions.policy import decision_policy_save
from cases.models import DecisionPolicy, DocumentKind
from tests.cases.test_decision_screen import _verdict, screen
from tests.factories import ConvictionFactory, DetainerDocumentFactory, DetainerFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def detainer(agency, desk_officer):
    return DetainerFactory(
        case__person__agency=agency, case__created_by=desk_officer, created_by=desk_officer
    )


def _html(client, sign_in, user, detainer):
    sign_in(user)
    return client.get(screen(detainer.pk)).content.decode()


def _conviction_form(**change):
    data = {"statute": "53a-54a", "jurisdiction": "CT", "source": "criminal_history",
            "participation": "attempt",
            "offense_date": "2011-06-30", "serious_physical_injury": "unknown"}  # fmt: skip
    return ConvictionForm({**data, **change})


def test_the_conviction_form_refuses_bad_participation_and_future_offense_dates():
    assert _conviction_form().is_valid()
    form = _conviction_form(participation="lookout")
    assert not form.is_valid()
    assert "Choose how the person took part: principal, attempt, conspiracy or accessory." in str(form.errors)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    form = _conviction_form(offense_date=tomorrow)
    assert "The date of the offense cannot be in the future." in str(form.errors)


def test_attempted_murder_is_class_b_on_the_person_page(client, sign_in, desk_officer, detainer):
    person = detainer.case.person
    ConvictionFactory(
        person=person, statute="53a-54a", participation="attempt", offense_date=dt.date(2011, 6, 30)
    )
    sign_in(desk_officer)
    page = client.get(f"/cases/people/{person.pk}/").content.decode()
    assert "Class B" in page and "§ 53a-51" in page
    html = client.get(screen(detainer.pk)).content.decode()
    assert _verdict(html, "detain") == "permitted"
    assert "attempt (§ 53a-51)" in html


def test_a_judicial_warrant_with_consent_does_not_open_an_interview(client, sign_in, desk_officer, detainer):
    DetainerDocumentFactory(detainer=detainer, kind=DocumentKind.JUDICIAL_WARRANT, form="Warrant")
    detainer.interview_consent_at = timezone.now()
    detainer.save()
    html = _html(client, sign_in, desk_officer, detainer)
    assert _verdict(html, "detain") == "permitted"
    assert _verdict(html, "interview") == "prohibited"
    assert "(b)(1)(D)" in html and "a judicial warrant alone does not open one" in html


@pytest.mark.parametrize("policy_on", [True, False])
def test_a_court_order_opens_an_interview(client, sign_in, desk_officer, agency_admin, detainer, policy_on):
    DetainerDocumentFactory(detainer=detainer, kind=DocumentKind.INTERVIEW_COURT_ORDER, form="Order")
    if policy_on:
        detainer.interview_consent_at = timezone.now()
        detainer.save()
    else:
        decision_policy_save(
            agency=detainer.case.agency, data={"interview_requires_consent": False}, acting_user=agency_admin
        )
    html = _html(client, sign_in, desk_officer, detainer)
    assert _verdict(html, "interview") == "permitted"
    assert 'data-testid="fact-interview_court_order"' in html


def test_policy_off_permits_an_interview_without_consent(
    client, sign_in, desk_officer, agency_admin, detainer
):
    ConvictionFactory(person=detainer.case.person, statute="53a-55")  # class B
    html = _html(client, sign_in, desk_officer, detainer)
    assert _verdict(html, "interview") == "prohibited"
    assert "by agency policy, not law" in html
    decision_policy_save(
        agency=detainer.case.agency, data={"interview_requires_consent": False}, acting_user=agency_admin
    )
    html = client.get(screen(detainer.pk)).content.decode()
    assert _verdict(html, "interview") == "permitted"
    assert "The statute asks for no consent." in html


def test_a_desk_officer_cannot_set_the_policy(client, sign_in, desk_officer):
    sign_in(desk_officer)
    assert client.get("/cases/policy/").status_code == 403


def test_an_agency_admin_sets_the_policy_on_its_page(client, sign_in, agency_admin):
    sign_in(agency_admin)
    assert client.get("/cases/policy/").status_code == 200
    response = client.post("/cases/policy/", {})  # the box unticked
    assert response.status_code == 302
    assert DecisionPolicy.objects.get(agency=agency_admin.agency).interview_requires_consent is False
    assert AuditEvent.objects.filter(action="decision.policy").exists()
