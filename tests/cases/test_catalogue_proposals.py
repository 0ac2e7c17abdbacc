"""Catalogue corrections: an agency admin proposes, the statewide steward accepts or rejects;
every agency sees the catalogue's change history (issue 14 item 5)."""

import html

import pytest
from django.test import Client

from cases.models import CatalogueProposal, Offense
from tests.factories import AgencyFactory, UserFactory
from trustportal.accounts.roles import Role
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ROW = {"statute": "53a-55", "subdivision": "", "condition": "", "felony_class": "B",
       "title": "Manslaughter 1", "confidence": "high"}  # fmt: skip


@pytest.fixture
def steward(db):
    office = AgencyFactory(name="Office of the Chief State's Attorney", ori="CT0000100")
    return UserFactory(username="steward", agency=office, roles=[Role.CATALOGUE_STEWARD])


@pytest.fixture
def other_admin(other_agency):
    return UserFactory(username="otheradmin", agency=other_agency, roles=[Role.AGENCY_ADMIN])


@pytest.fixture
def offense(db):
    Offense.objects.all().delete()
    return Offense.objects.create(**ROW)


def text(response) -> str:
    return html.unescape(response.content.decode())


def propose(client, offense, **change):
    data = {**ROW, "reason": "State v. Doe (2024) reads § 53a-55 as class C.", **change}
    return client.post(f"/cases/catalogue/{offense.pk}/propose/", data)


def test_an_agency_admin_proposes_and_the_row_does_not_change(client, sign_in, agency_admin, offense):
    sign_in(agency_admin)
    assert client.get(f"/cases/catalogue/{offense.pk}/propose/").status_code == 200
    response = propose(client, offense, felony_class="C")
    proposal = CatalogueProposal.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/cases/catalogue/proposals/{proposal.pk}/"
    )
    assert (proposal.status, proposal.changes, proposal.agency) == ("pending", {"felony_class": "C"},
                                                                    agency_admin.agency)  # fmt: skip
    offense.refresh_from_db()
    assert offense.felony_class == "B"
    event = AuditEvent.objects.get(action="catalogue.propose")
    assert (event.actor, event.agency) == (agency_admin, agency_admin.agency)
    page = text(client.get(response["Location"]))
    assert "Waiting for the catalogue steward" in page and "State v. Doe (2024)" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({}, "The proposal changes nothing: change at least one field."),
        ({"felony_class": "C", "reason": ""}, "Say why the row should change, with its source."),
        ({"statute": "53a 55"}, "Enter a Connecticut statute like 53a-55"),
    ],
)
def test_a_proposal_is_refused_in_plain_words(client, sign_in, agency_admin, offense, change, message):
    sign_in(agency_admin)
    response = propose(client, offense, **change)
    assert response.status_code == 200 and message in text(response)
    assert not CatalogueProposal.objects.exists()


def test_the_steward_accepts_the_change_applies_statewide_and_every_agency_sees_it(
    client, sign_in, agency_admin, steward, offense, other_officer
):
    sign_in(agency_admin)
    propose(client, offense, felony_class="C")
    proposal = CatalogueProposal.objects.get()
    steward_client = sign_in(steward, Client())
    queue = text(steward_client.get("/cases/catalogue/proposals/"))
    assert "Hartford Police Department" in queue
    response = steward_client.post(f"/cases/catalogue/proposals/{proposal.pk}/decide/",
                                   {"decision": "accept", "comments": "Agreed."})  # fmt: skip
    assert response.status_code == 302
    offense.refresh_from_db()
    proposal.refresh_from_db()
    assert offense.felony_class == "C"
    assert (proposal.status, proposal.reviewed_by, proposal.comments) == ("accepted", steward, "Agreed.")
    change = AuditEvent.objects.get(action="offense.update")
    assert change.agency is None and change.actor == steward
    assert (
        change.details["changes"] == {"felony_class": ["B", "C"]}
        and change.details["proposal"] == proposal.pk
    )
    assert AuditEvent.objects.get(action="catalogue.accept").agency is None
    # another agency's officer sees the change in the catalogue's history
    history = text(sign_in(other_officer, Client()).get("/cases/catalogue/history/"))
    assert "§ 53a-55" in history and "felony_class" in history and "B → C" in history
    assert (
        "Office of the Chief State&#x27;s Attorney" in history
        or "Office of the Chief State's Attorney" in history
    )


def test_a_proposed_new_row_is_added_when_accepted(client, sign_in, agency_admin, steward, offense):
    sign_in(agency_admin)
    data = {**ROW, "statute": "53a-70", "subdivision": "a1", "title": "Sexual assault 1",
            "reason": "Missing from the catalogue."}  # fmt: skip
    assert client.post("/cases/catalogue/proposals/new/", data).status_code == 302
    proposal = CatalogueProposal.objects.get()
    proposal_url = f"/cases/catalogue/proposals/{proposal.pk}/decide/"
    assert sign_in(steward, Client()).post(proposal_url, {"decision": "accept"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.offense.statute == "53a-70" and proposal.offense.subdivision == "a1"
    assert AuditEvent.objects.get(action="offense.create").agency is None


def test_the_steward_rejects_with_a_comment_the_proposer_reads(
    client, sign_in, agency_admin, steward, offense
):
    sign_in(agency_admin)
    propose(client, offense, felony_class="C")
    proposal = CatalogueProposal.objects.get()
    steward_client = sign_in(steward, Client())
    url = f"/cases/catalogue/proposals/{proposal.pk}/decide/"
    refused = steward_client.post(url, {"decision": "reject", "comments": " "})
    assert refused.status_code == 200 and "Say why the proposal is rejected" in text(refused)
    assert (
        steward_client.post(url, {"decision": "reject", "comments": "The ruling was reversed."}).status_code
        == 302
    )
    offense.refresh_from_db()
    assert offense.felony_class == "B"
    page = text(client.get(f"/cases/catalogue/proposals/{proposal.pk}/"))
    assert "Rejected" in page and "The ruling was reversed." in page
    again = steward_client.post(url, {"decision": "accept"})
    assert "This proposal was already rejected." in text(again)
    offense.refresh_from_db()
    assert offense.felony_class == "B"


def test_only_the_steward_decides_and_agencies_see_only_their_own_proposals(
    client, sign_in, agency_admin, other_admin, desk_officer, offense
):
    sign_in(agency_admin)
    propose(client, offense, felony_class="C")
    proposal = CatalogueProposal.objects.get()
    url = f"/cases/catalogue/proposals/{proposal.pk}/"
    assert client.post(url + "decide/", {"decision": "accept"}).status_code == 403
    other = sign_in(other_admin, Client())
    assert other.get(url).status_code == 404
    assert "Manslaughter" not in text(other.get("/cases/catalogue/proposals/"))
    desk = sign_in(desk_officer, Client())
    assert desk.get("/cases/catalogue/proposals/").status_code == 403
    assert propose(desk, offense, felony_class="C").status_code == 403
    offense.refresh_from_db()
    proposal.refresh_from_db()
    assert offense.felony_class == "B" and proposal.status == "pending"


def test_an_agency_admin_can_neither_grant_nor_remove_the_steward_role(client, sign_in, agency_admin, agency):
    steward_here = UserFactory(username="localsteward", agency=agency, roles=[Role.CATALOGUE_STEWARD])
    sign_in(agency_admin)
    form = text(client.get(f"/accounts/staff/{steward_here.pk}/"))
    assert "Catalogue steward" not in form
    data = {"username": "localsteward", "first_name": "Lee", "last_name": "Steward", "email": "",
            "badge_number": "", "is_active": "on", "roles": [Role.AUDITOR]}  # fmt: skip
    assert client.post(f"/accounts/staff/{steward_here.pk}/", data).status_code == 302
    assert set(steward_here.groups.values_list("name", flat=True)) == {Role.AUDITOR, Role.CATALOGUE_STEWARD}
    grant = {**data, "username": "newsteward", "password": "correct-horse-battery-9",
             "roles": [Role.CATALOGUE_STEWARD]}  # fmt: skip
    response = client.post("/accounts/staff/new/", grant)
    assert response.status_code == 200 and "Select a valid choice" in text(response)
