"""Rule sets and counsel sign-off: everyone who sees cases reads them; agency admins record."""

import datetime as dt

import pytest

from cases.models import RuleSetSignOff
from tests.factories import DetainerFactory, RuleSetSignOffFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LIST = "/cases/rule-sets/"
CREATE = "/cases/rule-sets/signoff/"
GOOD = {
    "rule_set": "ct-2025",
    "counsel_name": "Pat Counsel",
    "signed_on": "2025-10-02",
    "notes": "Memo 25-14.",
}


@pytest.mark.parametrize("persona", ["desk_officer", "supervisor", "agency_admin", "auditor"])
def test_everyone_who_sees_cases_reads_the_rule_sets(client, sign_in, request, persona):
    sign_in(request.getfixturevalue(persona))
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    for rule_set in ("ct-2013", "ct-2019", "ct-2025", "none"):
        assert f'data-testid="ruleset-{rule_set}"' in html
    assert "C.G.S. § 54-192h(b)(1)(A)(ii)" in html and "8 C.F.R. § 287.7(d)" in html
    assert "unconfirmed" in html and "official summary" in html and "statute text" in html
    assert "in force today" in html
    assert "Agency counsel must sign off a rule set before officers rely on it." in html


def test_the_list_shows_the_agencys_sign_off_history_only(
    client, sign_in, desk_officer, agency, other_agency
):
    RuleSetSignOffFactory(
        agency=agency, rule_set="ct-2019", counsel_name="Old Counsel", signed_on=dt.date(2020, 1, 6)
    )
    RuleSetSignOffFactory(
        agency=agency, rule_set="ct-2019", counsel_name="New Counsel", signed_on=dt.date(2024, 2, 1)
    )
    RuleSetSignOffFactory(agency=other_agency, rule_set="ct-2025", counsel_name="Elsewhere Counsel")
    sign_in(desk_officer)
    html = client.get(LIST).content.decode()
    assert html.index("New Counsel") < html.index("Old Counsel")
    assert "Elsewhere Counsel" not in html
    assert 'data-testid="signoff-create"' not in html  # desk officers do not record sign-offs


def test_the_list_makes_a_fixed_number_of_queries(
    client, sign_in, desk_officer, agency, django_assert_max_num_queries
):
    RuleSetSignOffFactory.create_batch(20, agency=agency)
    sign_in(desk_officer)
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


def test_an_agency_admin_records_a_sign_off(client, sign_in, agency_admin, agency):
    sign_in(agency_admin)
    form = client.get(f"{CREATE}?rule_set=ct-2019").content.decode()
    assert 'value="ct-2019" selected' in form
    response = client.post(CREATE, GOOD, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "Sign-off of ct-2025 by Pat Counsel recorded." in response.content.decode()
    signoff = RuleSetSignOff.objects.get()
    assert signoff.agency == agency and signoff.recorded_by == agency_admin and signoff.notes == "Memo 25-14."
    assert AuditEvent.objects.get(action="ruleset.signoff").actor == agency_admin


def test_the_sign_off_shows_on_the_decision_screen(client, sign_in, agency_admin, desk_officer, agency):
    detainer = DetainerFactory(case__person__agency=agency)
    sign_in(agency_admin)
    client.post(CREATE, GOOD)
    sign_in(desk_officer)
    html = client.get(f"/cases/detainers/{detainer.pk}/decision/").content.decode()
    assert "Signed off by Pat Counsel on 02 Oct 2025." in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"signed_on": "2999-01-01"}, "The sign-off date cannot be in the future."),
        ({"counsel_name": ""}, "This field is required."),
        ({"rule_set": "ct-1999"}, "Select a valid choice"),
        ({"signed_on": "yesterday"}, "Enter a valid date."),
    ],
)
def test_a_bad_sign_off_is_refused_on_the_form(client, sign_in, agency_admin, change, message):
    sign_in(agency_admin)
    response = client.post(CREATE, {**GOOD, **change})
    assert response.status_code == 200 and message in response.content.decode()
    assert not RuleSetSignOff.objects.exists()


@pytest.mark.parametrize("persona", ["desk_officer", "supervisor", "auditor", "trainer"])
def test_only_agency_admins_record_sign_offs(client, sign_in, request, persona):
    sign_in(request.getfixturevalue(persona))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, GOOD).status_code == 403
    assert not RuleSetSignOff.objects.exists()


def test_a_trainer_cannot_read_the_rule_sets_page(client, sign_in, trainer):
    sign_in(trainer)
    assert client.get(LIST).status_code == 403
