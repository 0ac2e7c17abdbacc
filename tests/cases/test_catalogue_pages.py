"""The offense catalogue: everyone with a case role reads it; only the statewide catalogue steward
changes it, audited as statewide; agency admins propose corrections (test_catalogue_proposals.py)."""

import pytest

from cases.models import Candidate2025, Offense
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ROW = {
    "statute": "53a-59",
    "subdivision": "a1",
    "condition": "",
    "felony_class": "B",
    "title": "Assault in the first degree",
    "confidence": "high",
}


@pytest.fixture
def offense(db):
    Offense.objects.all().delete()  # the seeded catalogue is not needed here
    return Offense.objects.create(
        **{**ROW, "statute": "53a-55", "subdivision": "", "title": "Manslaughter 1"}
    )


def test_it_lists_rows_with_confidence_and_the_2025_candidates(client, desk_officer, sign_in, offense):
    Offense.objects.create(statute="53a-54c", felony_class="A", title="Felony murder", confidence="low")
    Candidate2025.objects.all().delete()
    Candidate2025.objects.create(statute="53a-71", title="Sexual assault in the second degree")
    sign_in(desk_officer)
    page = client.get("/cases/catalogue/").content.decode()
    assert "Manslaughter 1" in page and "Felony murder" in page
    assert "treated as unknown" in page
    assert "Sexual assault in the second degree" in page and "pending counsel review" in page
    assert "/cases/catalogue/new/" not in page  # a desk officer is not offered the edit links


def test_it_searches_by_statute_and_by_title(client, auditor, sign_in, offense):
    Offense.objects.create(statute="53a-70", subdivision="a1", felony_class="B", title="Sexual assault 1")
    sign_in(auditor)
    by_statute = client.get("/cases/catalogue/", {"q": "§ 53a-70"}).content.decode()
    assert "Sexual assault 1" in by_statute and "Manslaughter 1" not in by_statute
    by_title = client.get("/cases/catalogue/", {"q": "manslaughter"}).content.decode()
    assert "Manslaughter 1" in by_title and "Sexual assault 1" not in by_title


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_makes_a_fixed_number_of_queries(
    client, desk_officer, sign_in, django_assert_max_num_queries, count
):
    Offense.objects.all().delete()
    Offense.objects.bulk_create(
        Offense(statute=f"53a-{n}", felony_class="C", title=f"Offense {n}") for n in range(100, 100 + count)
    )
    sign_in(desk_officer)
    client.get("/")
    with django_assert_max_num_queries(10):
        response = client.get("/cases/catalogue/")
    assert response.content.decode().count('data-testid="offense-row"') == count


def test_the_steward_adds_a_row_and_it_is_audited_statewide(client, steward, sign_in, offense):
    sign_in(steward)
    assert client.get("/cases/catalogue/new/").status_code == 200
    response = client.post("/cases/catalogue/new/", {**ROW, "statute": " § 53A-59 ", "subdivision": "(a)(1)"})
    assert response.status_code == 302
    row = Offense.objects.get(statute="53a-59")
    assert (row.subdivision, row.felony_class) == ("a1", "B")
    event = AuditEvent.objects.get(action="offense.create")
    assert event.actor == steward and event.agency is None and event.details["scope"] == "statewide"


def test_the_steward_edits_a_row_it_is_audited_and_the_history_shows(client, steward, sign_in, offense):
    sign_in(steward)
    url = f"/cases/catalogue/{offense.pk}/edit/"
    response = client.post(url, {**ROW, "statute": "53a-55", "subdivision": "", "title": "Manslaughter 1",
                                 "confidence": "low"})  # fmt: skip
    assert response.status_code == 302
    offense.refresh_from_db()
    assert offense.confidence == "low"
    event = AuditEvent.objects.get(action="offense.update")
    assert event.details["changes"]["confidence"] == ["high", "low"]
    page = client.get(url).content.decode()
    assert 'data-testid="offense-history"' in page and "steward" in page
    assert "confidence" in page and "high → low" in page


def test_a_duplicate_row_is_refused_with_a_plain_message(client, steward, sign_in, offense):
    sign_in(steward)
    response = client.post("/cases/catalogue/new/", {**ROW, "statute": "53a-55", "subdivision": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The catalogue already has a row for § 53a-55. Edit that row instead of adding another." in page
    assert "Constraint" not in page and "already exists" not in page
    assert Offense.objects.count() == 1
    assert not AuditEvent.objects.filter(action__startswith="offense.").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"statute": "53a 59"}, "Enter a Connecticut statute like 53a-55 or 53-21"),
        ({"statute": "assault"}, "Enter a Connecticut statute like 53a-55 or 53-21"),
        ({"subdivision": "a-1"}, "Enter a subdivision like a1 or a2"),
        ({"condition": "age under 16"}, "A condition looks like victim_age&lt;16"),
        ({"felony_class": "Z"}, "Select a valid choice."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_bad_rows_are_refused(client, steward, sign_in, offense, change, message):
    sign_in(steward)
    response = client.post("/cases/catalogue/new/", {**ROW, **change})
    assert response.status_code == 200 and message in response.content.decode()
    assert Offense.objects.count() == 1


def test_a_condition_is_accepted_in_its_usual_shape(client, steward, sign_in, offense):
    sign_in(steward)
    client.post("/cases/catalogue/new/", {**ROW, "statute": "53a-70", "condition": "victim_age < 16"})
    assert Offense.objects.get(statute="53a-70").condition == "victim_age<16"


@pytest.mark.parametrize("persona", ["desk_officer", "supervisor", "auditor", "trainer", "agency_admin"])
def test_only_the_steward_edits_the_catalogue(client, sign_in, request, persona, offense):
    sign_in(request.getfixturevalue(persona))
    assert client.get("/cases/catalogue/new/").status_code == 403
    assert client.post("/cases/catalogue/new/", ROW).status_code == 403
    assert client.get(f"/cases/catalogue/{offense.pk}/edit/").status_code == 403
    assert client.post(f"/cases/catalogue/{offense.pk}/edit/", ROW).status_code == 403
    offense.refresh_from_db()
    assert offense.statute == "53a-55" and Offense.objects.count() == 1
    assert not AuditEvent.objects.filter(action__startswith="offense.").exists()


def test_an_agency_admin_is_told_why_and_offered_a_proposal(client, sign_in, agency_admin, offense):
    sign_in(agency_admin)
    response = client.get(f"/cases/catalogue/{offense.pk}/edit/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "The offense catalogue is statewide: only the catalogue steward changes it." in page
    assert f'href="/cases/catalogue/{offense.pk}/propose/"' in page
    new = client.post("/cases/catalogue/new/", ROW).content.decode()
    assert 'href="/cases/catalogue/proposals/new/"' in new
    listing = client.get("/cases/catalogue/").content.decode()
    assert f"/cases/catalogue/{offense.pk}/edit/" not in listing and "Propose a correction" in listing


def test_a_steward_without_a_case_role_reads_the_catalogue_but_no_cases(client, sign_in, steward, offense):
    sign_in(steward)
    page = client.get("/cases/catalogue/").content.decode()
    assert "Manslaughter 1" in page and f"/cases/catalogue/{offense.pk}/edit/" in page
    assert client.get("/cases/").status_code == 403


def test_a_trainer_cannot_read_the_catalogue(client, trainer, sign_in):
    sign_in(trainer)
    assert client.get("/cases/catalogue/").status_code == 403


def test_a_missing_row_is_a_404(client, steward, sign_in):
    sign_in(steward)
    assert client.get("/cases/catalogue/999999/edit/").status_code == 404


def test_a_seeded_row_without_history_opens_for_editing(client, steward, sign_in):
    """Rows the seed migration wrote have no history records: their edit page must open
    (it gave a 500) and show the form, with no history to list."""
    seeded = Offense.objects.order_by("pk").first()
    assert seeded is not None and not seeded.history.exists(), "seeded rows have no history records"
    sign_in(steward)
    response = client.get(f"/cases/catalogue/{seeded.pk}/edit/")
    assert response.status_code == 200
    assert seeded.title in response.content.decode()


def test_the_catalogue_shows_dates_conditions_and_sources(client, sign_in, desk_officer):
    sign_in(desk_officer)
    html = client.get("/cases/catalogue/?q=53a-54b").content.decode()
    assert "until 24 Apr 2012" in html and "from 25 Apr 2012" in html
    assert "text: 53a-25(b)(7)" in html
    html = client.get("/cases/catalogue/?q=53a-60").content.decode()
    assert "serious_physical_injury" in html
