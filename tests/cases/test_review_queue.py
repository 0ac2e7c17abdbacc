"""The supervisor review queue, approving and returning decisions, and the officer's
"returned to me" list: ordering, self-review, query counts, agency scoping and roles."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from cases.models import DecisionAction, DecisionReview, DocumentKind, ReviewOutcome
from tests.factories import DecisionFactory, DetainerDocumentFactory, DetainerFactory, UserFactory
from trustportal.accounts.roles import Role
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

QUEUE = "/cases/reviews/"
RETURNED = "/cases/decisions/returned/"


def _decision(agency, officer, **kwargs):
    """A plain decline of a detainer with no exception (no flag)."""
    return DecisionFactory(detainer__case__person__agency=agency, recorded_by=officer, **kwargs)


def _needs_review_decision(agency, officer):
    detainer = DetainerFactory(case__person__agency=agency)
    DetainerDocumentFactory(detainer=detainer, kind=DocumentKind.UNCLEAR, form="")
    return DecisionFactory(
        detainer=detainer, recorded_by=officer, override_reason="Judge's signature checked."
    )


def _override_decision(agency, officer):
    detainer = DetainerFactory(case__person__agency=agency)
    return DecisionFactory(
        detainer=detainer,
        recorded_by=officer,
        actions=[DecisionAction.NOTIFY],
        override_reason="ICE insisted.",
    )


def _rows(html: str) -> list[int]:
    marker = 'data-testid="queue-row" data-decision="'
    ids, start = [], html.find(marker)
    while start != -1:
        start += len(marker)
        ids.append(int(html[start : html.index('"', start)]))
        start = html.find(marker, start)
    return ids


def test_the_queue_puts_overrides_and_needs_review_first_then_the_oldest(
    client, sign_in, supervisor, desk_officer, agency
):
    start = timezone.now() - dt.timedelta(hours=5)
    with time_machine.travel(start, tick=False):
        oldest_plain = _decision(agency, desk_officer)
    with time_machine.travel(start + dt.timedelta(hours=1), tick=False):
        needs_review = _needs_review_decision(agency, desk_officer)
    with time_machine.travel(start + dt.timedelta(hours=2), tick=False):
        newer_plain = _decision(agency, desk_officer)
    with time_machine.travel(start + dt.timedelta(hours=3), tick=False):
        override = _override_decision(agency, desk_officer)
    sign_in(supervisor)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert _rows(response.content.decode()) == [needs_review.pk, override.pk, oldest_plain.pk, newer_plain.pk]
    html = response.content.decode()
    assert "ICE insisted." in html and "Needs review</span>" in html
    assert "5\xa0hours" in html  # how long the oldest has waited (timesince uses a no-break space)


def test_reviewed_superseded_and_other_agencies_decisions_are_not_listed(
    client, sign_in, supervisor, desk_officer, agency, other_officer
):
    approved = _decision(agency, desk_officer)
    DecisionReview.objects.create(
        decision=approved, reviewer=supervisor, outcome=ReviewOutcome.APPROVED, reviewed_at=timezone.now()
    )
    old = _decision(agency, desk_officer)
    correction = DecisionFactory(detainer=old.detainer, recorded_by=desk_officer, supersedes=old)
    outsider = _decision(other_officer.agency, other_officer)
    sign_in(supervisor)
    ids = _rows(client.get(QUEUE).content.decode())
    assert ids == [correction.pk]
    assert outsider.pk not in ids


def test_a_supervisors_own_decision_is_greyed_with_no_buttons(client, sign_in, supervisor, agency):
    own = _decision(agency, supervisor)
    sign_in(supervisor)
    html = client.get(QUEUE).content.decode()
    assert _rows(html) == [own.pk]
    assert 'class="opacity-50"' in html and "Another supervisor must review this." in html
    assert 'data-testid="approve"' not in html


def test_a_supervisor_approves_from_the_queue(client, sign_in, supervisor, desk_officer, agency):
    decision = _decision(agency, desk_officer)
    sign_in(supervisor)
    response = client.post(f"/cases/decisions/{decision.pk}/review/", {"outcome": "approved", "comments": ""})
    assert response.status_code == 302 and response.url == QUEUE
    review = DecisionReview.objects.get(decision=decision)
    assert review.reviewer == supervisor and review.outcome == ReviewOutcome.APPROVED
    assert f"Decision #{decision.pk} approved." in client.get(QUEUE).content.decode()
    assert _rows(client.get(QUEUE).content.decode()) == []


def test_returning_needs_comments(client, sign_in, supervisor, desk_officer, agency):
    decision = _decision(agency, desk_officer)
    sign_in(supervisor)
    url = f"/cases/decisions/{decision.pk}/review/"
    response = client.post(url, {"outcome": "returned", "comments": ""})
    assert response.status_code == 200 and "Say what the officer should correct." in response.content.decode()
    assert not DecisionReview.objects.exists()
    response = client.post(url, {"outcome": "returned", "comments": "The I-205 is not a warrant."})
    assert response.status_code == 302
    assert DecisionReview.objects.get().comments == "The I-205 is not a warrant."


def test_a_malformed_review_is_refused_on_the_form(client, sign_in, supervisor, desk_officer, agency):
    decision = _decision(agency, desk_officer)
    sign_in(supervisor)
    response = client.post(f"/cases/decisions/{decision.pk}/review/", {"outcome": "maybe"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not DecisionReview.objects.exists()


def test_self_review_is_refused_and_audited(client, sign_in, supervisor, agency):
    decision = _decision(agency, supervisor)
    sign_in(supervisor)
    url = f"/cases/decisions/{decision.pk}/review/"
    assert "Another supervisor must review this." in client.get(url).content.decode()
    response = client.post(url, {"outcome": "approved"})
    assert response.status_code == 200
    assert "another supervisor must review it" in response.content.decode()
    assert not DecisionReview.objects.exists()
    assert AuditEvent.objects.get(action="decision.review").outcome == AuditEvent.Outcome.DENIED


def test_a_returned_decision_shows_on_its_officers_list_until_corrected(
    client, sign_in, supervisor, desk_officer, agency
):
    decision = _decision(agency, desk_officer)
    other = _decision(agency, UserFactory(agency=agency, roles=[Role.DESK_OFFICER]))
    sign_in(supervisor)
    for d in (decision, other):
        client.post(
            f"/cases/decisions/{d.pk}/review/", {"outcome": "returned", "comments": "Check the warrant."}
        )
    sign_in(desk_officer)
    html = client.get(RETURNED).content.decode()
    assert html.count('data-testid="returned-decision"') == 1
    assert "Check the warrant." in html and f"/cases/decisions/{decision.pk}/correct/" in html
    data = {
        "actions": [DecisionAction.DECLINE],
        "rationale": "Checked: administrative.",
        "person_informed": "on",
    }
    assert client.post(f"/cases/decisions/{decision.pk}/correct/", data).status_code == 302
    assert 'data-testid="returned-decision"' not in client.get(RETURNED).content.decode()


@pytest.mark.parametrize("n", [1, 50])
def test_the_queue_makes_a_fixed_number_of_queries(
    client, sign_in, supervisor, desk_officer, agency, n, django_assert_max_num_queries
):
    for _ in range(n):
        _decision(agency, desk_officer)
    sign_in(supervisor)
    with django_assert_max_num_queries(12):
        response = client.get(QUEUE)
    assert len(_rows(response.content.decode())) == n


@pytest.mark.parametrize("n", [1, 50])
def test_the_returned_list_makes_a_fixed_number_of_queries(
    client, sign_in, supervisor, desk_officer, agency, n, django_assert_max_num_queries
):
    for _ in range(n):
        decision = _decision(agency, desk_officer)
        DecisionReview.objects.create(
            decision=decision,
            reviewer=supervisor,
            outcome="returned",
            comments="Fix.",
            reviewed_at=timezone.now(),
        )
    sign_in(desk_officer)
    with django_assert_max_num_queries(12):
        response = client.get(RETURNED)
    assert response.content.decode().count('data-testid="returned-decision"') == n


@pytest.mark.parametrize("persona", ["desk_officer", "agency_admin", "auditor", "trainer"])
def test_only_supervisors_see_the_queue_and_review(client, sign_in, request, persona, desk_officer, agency):
    decision = _decision(agency, desk_officer)
    sign_in(request.getfixturevalue(persona))
    assert client.get(QUEUE).status_code == 403
    assert client.post(f"/cases/decisions/{decision.pk}/review/", {"outcome": "approved"}).status_code == 403
    assert not DecisionReview.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("auditor", 403), ("trainer", 403), ("agency_admin", 403)])
def test_the_returned_list_is_for_officers_who_record(client, sign_in, request, persona, status):
    sign_in(request.getfixturevalue(persona))
    assert client.get(RETURNED).status_code == status


def test_another_agencys_supervisor_cannot_review(client, sign_in, desk_officer, agency, other_agency):
    decision = _decision(agency, desk_officer)
    sign_in(UserFactory(agency=other_agency, roles=[Role.SUPERVISOR]))
    assert client.post(f"/cases/decisions/{decision.pk}/review/", {"outcome": "approved"}).status_code == 404
    assert not DecisionReview.objects.exists()
