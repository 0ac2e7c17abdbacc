"""The decision screen: facts, trace, plain-words verdicts, what-if, sign-off, htmx fact
toggles, recording and correcting decisions; query counts, agency scoping and roles."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.catalogue.services import offense_save
from cases.models import Candidate2025, CaseStatus, Decision, DecisionAction, DocumentKind, Offense
from tests.factories import (
    ChargeFactory,
    ConvictionFactory,
    DecisionFactory,
    DetainerDocumentFactory,
    DetainerFactory,
    IceAccessFactory,
    RuleSetSignOffFactory,
    UserFactory,
    approved_override,
)
from trustportal.accounts.roles import Role
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")


@pytest.fixture
def detainer(agency, desk_officer):
    """No exception holds: holding, notifying and transfer are prohibited."""
    return DetainerFactory(
        case__person__agency=agency,
        case__person__first_name="Ana",
        case__person__last_name="Lopez",
        case__created_by=desk_officer,
        created_by=desk_officer,
    )


@pytest.fixture
def ab_felon(detainer):
    ConvictionFactory(person=detainer.case.person, statute="53a-55")
    return detainer


def screen(pk):
    return f"/cases/detainers/{pk}/decision/"


def _verdict(html: str, action: str) -> str:
    marker = f'data-testid="verdict-{action}" data-verdict="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def _good_post(**change):
    return {
        "actions": [DecisionAction.DECLINE],
        "rationale": "No exception applies.",
        "person_informed": "on",
        **change,
    }


# --- what the screen shows ------------------------------------------------------------------


def test_it_shows_the_trace_with_marks_citations_and_confidence(client, sign_in, desk_officer, ab_felon):
    sign_in(desk_officer)
    response = client.get(screen(ab_felon.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "C.G.S. § 54-192h(b)(1)(A)(ii)" in html  # the A/B felony exception
    assert "C.G.S. § 54-192h(b)(1)(A)(i)" in html  # the judicial warrant exception
    assert "✓" in html and "✗" in html
    assert "Convicted under § 53a-55" in html
    assert "official summary" in html and "statute text" in html


def test_it_shows_the_facts_with_the_resolved_class_and_links_to_fix_them(
    client, sign_in, desk_officer, ab_felon
):
    charge = ChargeFactory(case=ab_felon.case, statute="53a-70", subdivision="a1")
    document = DetainerDocumentFactory(detainer=ab_felon)
    conviction = ab_felon.case.person.convictions.get()
    sign_in(desk_officer)
    html = client.get(screen(ab_felon.pk)).content.decode()
    assert "§ 53a-55: <strong>class B</strong>" in html
    assert f"/cases/convictions/{conviction.pk}/edit/" in html
    assert f"/cases/charges/{charge.pk}/edit/" in html and "§ 53a-70(a1) · bond not posted" in html
    assert f"/cases/documents/{document.pk}/edit/" in html and "Administrative warrant" in html
    assert f"/cases/{ab_felon.case.pk}/edit/" in html
    assert f"/cases/detainers/{ab_felon.pk}/edit/" in html
    assert "Possible match in the Terrorist Screening Database" in html
    assert "Not recorded: the 48-hour limit cannot be set." in html


def test_a_conviction_of_unknown_class_is_marked(client, sign_in, desk_officer, detainer):
    ConvictionFactory(person=detainer.case.person, statute="53a-999")
    sign_in(desk_officer)
    html = client.get(screen(detainer.pk)).content.decode()
    assert "class unknown" in html
    assert _verdict(html, "detain") == "needs_review"
    assert "Needs review: a supervisor must decide. Verify: Verify the felony class" in html


def test_it_says_a_prohibited_hold_in_plain_words(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    html = client.get(screen(detainer.pk)).content.decode()
    assert _verdict(html, "detain") == "prohibited"
    assert "You may not hold this person for ICE. Release them when they would otherwise be released." in html
    assert "ICE may not interview this person. § 54-192h(b)(1)(D) permits an ICE interview only" in html


def test_it_gives_the_exact_local_hold_deadline(client, sign_in, desk_officer, ab_felon):
    decided = dt.datetime(2024, 4, 24, 9, 0, tzinfo=NY)
    with time_machine.travel(decided, tick=False):
        case = ab_felon.case
        case.booked_at = decided - dt.timedelta(hours=6)
        case.releasable_at = dt.datetime(2024, 4, 24, 10, 0, tzinfo=NY)
        case.save()
        sign_in(desk_officer)
        html = client.get(screen(ab_felon.pk)).content.decode()
    assert _verdict(html, "detain") == "permitted"
    assert (
        "You may hold this person until Fri 26 Apr 2024 10:00 EDT. Release them then if ICE has not" in html
    )
    assert "Fri 26 Apr 2024 10:00 EDT" in html
    assert "<code>ct-2019</code>" in html


def test_what_to_verify_lists_each_unsettled_condition(client, sign_in, desk_officer, detainer):
    DetainerDocumentFactory(detainer=detainer, kind=DocumentKind.UNCLEAR, form="")
    sign_in(desk_officer)
    html = client.get(screen(detainer.pk)).content.decode()
    assert 'data-testid="review-reasons"' in html
    assert "Check document 1: is it a warrant issued or signed by a judge" in html


def test_the_what_if_panel_shows_every_rule_set_side_by_side(client, sign_in, desk_officer, detainer):
    detainer.case.final_order_of_removal = True  # a 2013 factor only
    detainer.case.releasable_at = detainer.case.booked_at + dt.timedelta(hours=7)
    detainer.case.save()
    sign_in(desk_officer)
    html = client.get(screen(detainer.pk)).content.decode()
    for rule_set in ("ct-2013", "ct-2019", "ct-2025", "none"):
        assert f'data-testid="what-if-{rule_set}"' in html
    assert 'data-testid="what-if-ct-2013-detain" data-verdict="permitted"' in html
    assert 'data-testid="what-if-ct-2019-detain" data-verdict="prohibited"' in html
    assert 'data-testid="what-if-none-detain" data-verdict="permitted"' in html
    assert "in force</span>" in html


def test_it_shows_the_rule_set_confidence_and_sign_off_status(
    client, sign_in, desk_officer, detainer, other_agency
):
    RuleSetSignOffFactory(agency=other_agency, rule_set="ct-2025", counsel_name="Someone Else")
    sign_in(desk_officer)
    html = client.get(screen(detainer.pk)).content.decode()
    assert "Agency counsel must sign off this rule set before officers rely on it." in html
    assert "Not yet signed off by counsel." in html and "Someone Else" not in html
    assert "unconfirmed (treated as needing legal review)" in html
    RuleSetSignOffFactory(agency=detainer.case.agency, rule_set="ct-2025", signed_on=dt.date(2025, 10, 3))
    html = client.get(screen(detainer.pk)).content.decode()
    assert "Signed off by Pat Counsel, Corporation Counsel on 03 Oct 2025." in html


def test_the_duties_checklist_comes_from_the_engine_with_citations(client, sign_in, desk_officer, detainer):
    IceAccessFactory.create_batch(2, detainer=detainer)
    sign_in(desk_officer)
    html = client.get(screen(detainer.pk)).content.decode()
    # nothing permits notifying ICE here: no copy-of-the-notification duty
    for duty in ("give_detainer_copy", "forward_notification_request_to_agency_head", "record_ice_access"):
        assert f'data-testid="duty-{duty}" data-done="no"' in html
    assert 'data-testid="duty-copy_notification_to_person_and_attorney"' not in html
    assert "Give the person a copy of the detainer and tell them whether the agency" in html
    assert "C.G.S. § 54-192h(e)(1)" in html and "C.G.S. § 54-192h(c)" in html
    assert "2 recorded" in html and f"/cases/detainers/{detainer.pk}/ice-access/new/" in html
    assert "six-monthly report to the Office of Policy and Management" in html
    assert 'name="duties_done" value="give_detainer_copy"' in html  # the record form asks


def test_a_notify_permitted_detainer_adds_the_notification_copy_duty(client, sign_in, desk_officer, ab_felon):
    sign_in(desk_officer)
    html = client.get(screen(ab_felon.pk)).content.decode()
    assert 'data-testid="duty-copy_notification_to_person_and_attorney"' in html
    assert "the written reason the agency is complying" in html


def test_the_duties_done_are_stored_with_the_decision_and_shown(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    post = _good_post(duties_done=["give_detainer_copy", "record_ice_access"])
    client.post(f"/cases/detainers/{detainer.pk}/decision/record/", post)
    decision = Decision.objects.get()
    marks = {m.duty: m for m in decision.duty_marks.all()}
    assert set(marks) == {
        "give_detainer_copy",
        "forward_notification_request_to_agency_head",
        "record_ice_access",
    }
    assert marks["give_detainer_copy"].done and marks["give_detainer_copy"].done_by == desk_officer
    assert not marks["forward_notification_request_to_agency_head"].done and decision.copy_given
    html = client.get(screen(detainer.pk)).content.decode()
    assert 'data-testid="duty-give_detainer_copy" data-done="yes"' in html
    assert 'data-testid="duty-forward_notification_request_to_agency_head" data-done="no"' in html


def test_it_shows_the_current_decision_its_review_and_a_correction_path(
    client, sign_in, desk_officer, detainer
):
    decision = DecisionFactory(detainer=detainer, recorded_by=desk_officer)
    sign_in(desk_officer)
    html = client.get(screen(detainer.pk)).content.decode()
    assert f"Decision #{decision.pk}" in html and "Waiting for review" in html
    assert f"/cases/decisions/{decision.pk}/correct/" in html
    assert 'data-testid="decision-form"' not in html  # one decision at a time: correct it instead


def test_a_catalogue_correction_takes_effect_at_once(client, sign_in, desk_officer, steward, detainer):
    ConvictionFactory(person=detainer.case.person, statute="53a-60b")  # class D: no exception
    sign_in(desk_officer)
    assert _verdict(client.get(screen(detainer.pk)).content.decode(), "detain") == "prohibited"
    offense = Offense.objects.get(statute="53a-60b", subdivision="", condition="")
    offense_save(offense=offense, data={"felony_class": "B"}, acting_user=steward)
    assert _verdict(client.get(screen(detainer.pk)).content.decode(), "detain") == "permitted"


def test_a_new_2025_candidate_offense_takes_effect_at_once(client, sign_in, desk_officer, detainer):
    ConvictionFactory(person=detainer.case.person, statute="53a-60b")
    sign_in(desk_officer)
    assert _verdict(client.get(screen(detainer.pk)).content.decode(), "detain") == "prohibited"
    Candidate2025.objects.create(statute="53a-60b", title="Assault in the second degree")
    html = client.get(screen(detainer.pk)).content.decode()
    assert _verdict(html, "detain") == "needs_review" and "2025 candidate list" in html


# --- correcting the record (audited, with a reason) and the what-if (changes nothing) ------


def test_correcting_the_tsdb_match_turns_a_prohibited_hold_into_a_permitted_one(
    client, sign_in, desk_officer, detainer
):
    sign_in(desk_officer)
    url = f"/cases/detainers/{detainer.pk}/decision/facts/"
    data = {"fact": "tsdb_possible_match", "value": "1", "form": "1", "reason": "TSDB hit on the NCIC return"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="decision-panel"' in html
    assert _verdict(html, "detain") == "permitted"
    assert 'id="decision-departures" data-testid="departures" hx-swap-oob="true"' in html
    assert re.search(r'id="decision-facts"[^>]*hx-swap-oob="true"', html)  # the facts follow, out of band
    detainer.case.refresh_from_db()
    assert detainer.case.tsdb_possible_match is True
    assert AuditEvent.objects.get(action="case.update").details["changes"]["tsdb_possible_match"] == [
        "False",
        "True",
    ]
    correction = AuditEvent.objects.get(action="decision.fact_correct")
    assert correction.details["reason"] == "TSDB hit on the NCIC return"
    assert (correction.details["fact"], correction.details["from"], correction.details["to"]) == (
        "tsdb_possible_match",
        False,
        True,
    )


def test_a_correction_without_a_reason_changes_nothing(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    url = f"/cases/detainers/{detainer.pk}/decision/facts/"
    response = client.post(url, {"fact": "tsdb_possible_match", "value": "1"}, HTTP_HX_REQUEST="true")
    assert "Say why the record is wrong" in response.content.decode()
    detainer.case.refresh_from_db()
    assert detainer.case.tsdb_possible_match is False
    assert not AuditEvent.objects.filter(action__in=["case.update", "decision.fact_correct"]).exists()


def test_the_what_if_shows_the_guidance_for_supposed_facts_and_changes_nothing(
    client, sign_in, desk_officer, detainer
):
    sign_in(desk_officer)
    url = f"/cases/detainers/{detainer.pk}/decision/what-if/"
    events_before = AuditEvent.objects.count()
    html = client.get(url, {"tsdb_possible_match": "yes"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Hypothetical: not the record, nothing was changed" in html
    assert 'data-testid="hypothetical-detain" data-verdict="permitted"' in html
    assert "on the record: no" in html
    detainer.case.refresh_from_db()
    assert detainer.case.tsdb_possible_match is False
    assert AuditEvent.objects.count() == events_before
    page = client.get(url, {"tsdb_possible_match": "yes"}).content.decode()  # without htmx: a page
    assert "<html" in page and 'data-verdict="permitted"' in page


def test_the_screen_offers_a_what_if_and_a_separate_correction_not_set_buttons(
    client, sign_in, desk_officer, detainer
):
    sign_in(desk_officer)
    html = client.get(screen(detainer.pk)).content.decode()
    assert "Set to yes" not in html and "Set to no" not in html
    assert "Show the guidance for these facts (changes nothing)" in html
    assert "Correct the record" in html and 'name="reason"' in html
    assert 'type="checkbox"' not in html.split('data-testid="facts"')[1].split("</dl>")[0]  # facts are text
    # The record form sits right under the verdicts; the full trace is behind a disclosure.
    assert html.index('data-testid="verdicts"') < html.index('data-testid="decision-form"')
    assert html.index('data-testid="decision-form"') < html.index('data-testid="decision-facts"')
    assert '<details class="mb-3" data-testid="trace-details">' in html
    rule_ids = re.findall(r'data-rule="([^"]+)"', html)
    assert rule_ids and not [r for r in rule_ids if f">{r}<" in html]  # rule ids out of sight


def test_the_panel_returns_only_the_partial(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    response = client.get(f"/cases/detainers/{detainer.pk}/decision/panel/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert (
        response.status_code == 200 and "<html" not in html and 'hx-trigger="facts-changed from:body"' in html
    )
    assert 'id="decision-departures"' not in html  # no record form on the page: nothing to update


def test_the_screen_wires_the_panel_for_htmx_and_works_without_it(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    html = client.get(screen(detainer.pk)).content.decode()
    assert f'hx-get="/cases/detainers/{detainer.pk}/decision/panel/?form=1"' in html
    assert 'hx-trigger="facts-changed from:body"' in html
    assert 'data-testid="recheck"' in html and f'href="/cases/detainers/{detainer.pk}/decision/"' in html
    assert f'action="/cases/detainers/{detainer.pk}/decision/facts/"' in html  # plain form fallback
    assert f'action="/cases/detainers/{detainer.pk}/decision/what-if/"' in html


def test_a_correction_without_htmx_redirects_back_with_a_message(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    url = f"/cases/detainers/{detainer.pk}/decision/facts/"
    data = {"fact": "interview_consent", "value": "1", "reason": "Signed consent form found in the file"}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == screen(detainer.pk)
    assert "Record corrected: written consent to an ICE interview is now yes." in response.content.decode()
    detainer.refresh_from_db()
    assert detainer.interview_consent_at is not None
    client.post(url, {**data, "value": "0", "reason": "The form was for another person"})
    detainer.refresh_from_db()
    assert detainer.interview_consent_at is None


def test_a_toggle_of_an_unknown_fact_is_a_bad_request(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    response = client.post(
        f"/cases/detainers/{detainer.pk}/decision/facts/", {"fact": "is_staff", "value": "1"}
    )
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="case.update").exists()


def test_a_toggle_on_a_released_person_changes_nothing(client, sign_in, desk_officer, detainer):
    case = detainer.case
    case.status, case.closed_at = CaseStatus.RELEASED, case.booked_at + dt.timedelta(hours=1)
    case.save()
    sign_in(desk_officer)
    url = f"/cases/detainers/{detainer.pk}/decision/facts/"
    data = {"fact": "gang_database_match", "value": "1", "reason": "x"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "no longer in custody" in response.content.decode()
    case.refresh_from_db()
    assert case.gang_database_match is False


def test_toggles_are_not_offered_to_an_auditor(client, sign_in, auditor, detainer):
    sign_in(auditor)
    html = client.get(screen(detainer.pk)).content.decode()
    assert 'data-testid="correct-form"' not in html
    assert 'data-testid="decision-form"' not in html
    response = client.post(
        f"/cases/detainers/{detainer.pk}/decision/facts/", {"fact": "tsdb_possible_match", "value": "1"}
    )
    assert response.status_code == 403


# --- recording and correcting -----------------------------------------------------------------


def test_get_of_the_record_url_shows_the_form_and_changes_nothing(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    response = client.get(f"/cases/detainers/{detainer.pk}/decision/record/")
    assert response.status_code == 200 and 'data-testid="decision-form"' in response.content.decode()
    assert not Decision.objects.exists()


def test_the_form_lists_the_choices_that_depart_from_the_guidance(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    html = client.get(screen(detainer.pk)).content.decode()
    assert "These choices depart from the guidance." in html
    assert "Hold for ICE (up to the 48-hour limit): the guidance says this is prohibited." in html
    assert "I told the person that ICE asked for their detention" in html


def test_an_officer_records_a_decision(client, sign_in, desk_officer, detainer):
    sign_in(desk_officer)
    response = client.post(
        f"/cases/detainers/{detainer.pk}/decision/record/",
        _good_post(duties_done=["give_detainer_copy"]),
        follow=True,
    )
    decision = Decision.objects.get()
    assert response.redirect_chain[-1][0] == f"/cases/decisions/{decision.pk}/"
    assert "Decision recorded. It goes to a supervisor for review." in response.content.decode()
    assert decision.recorded_by == desk_officer and decision.copy_given and not decision.is_override


def test_an_approved_override_lets_the_departure_be_recorded(client, sign_in, desk_officer, detainer):
    detainer.case.releasable_at = detainer.case.booked_at + dt.timedelta(hours=7)
    detainer.case.save()
    approved_override(detainer, [DecisionAction.HOLD], "Court order on the way.")
    sign_in(desk_officer)
    data = _good_post(actions=[DecisionAction.HOLD])
    response = client.post(f"/cases/detainers/{detainer.pk}/decision/record/", data, follow=True)
    assert "rests on the override a supervisor approved" in response.content.decode()
    assert Decision.objects.get().override_reason == "Court order on the way."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"actions": [DecisionAction.HOLD]}, "This departs from the guidance"),
        ({"person_informed": ""}, "Tell the person that ICE asked for their detention, then tick this box"),
        ({"rationale": ""}, "Explain the decision in a sentence or two."),
        ({"actions": []}, "Choose at least one action."),
        ({"actions": ["teleport"]}, "Select a valid choice"),
    ],
)
def test_a_refused_decision_shows_why_on_the_form_and_saves_nothing(
    client, sign_in, desk_officer, detainer, change, message
):
    sign_in(desk_officer)
    response = client.post(f"/cases/detainers/{detainer.pk}/decision/record/", _good_post(**change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Decision.objects.exists()


def test_the_recording_officer_records_a_correction_that_supersedes(client, sign_in, desk_officer, detainer):
    old = DecisionFactory(detainer=detainer, recorded_by=desk_officer)
    sign_in(desk_officer)
    url = f"/cases/decisions/{old.pk}/correct/"
    html = client.get(url).content.decode()
    assert f"Record a correction of decision #{old.pk}" in html and f'action="{url}"' in html
    response = client.post(url, _good_post(rationale="Corrected."), follow=True)
    new = Decision.objects.get(supersedes=old)
    assert response.redirect_chain[-1][0] == f"/cases/decisions/{new.pk}/"
    old_page = client.get(f"/cases/decisions/{old.pk}/").content.decode()
    assert "Superseded by" in old_page and f"decision #{new.pk}" in old_page
    # the old decision can no longer be corrected: its correction is shown instead
    assert client.get(url).url == f"/cases/decisions/{new.pk}/"


def test_a_supervisor_may_correct_but_another_desk_officer_may_not(
    client, sign_in, desk_officer, supervisor, detainer, agency
):
    old = DecisionFactory(detainer=detainer, recorded_by=desk_officer)
    colleague = UserFactory(agency=agency, roles=[Role.DESK_OFFICER])
    sign_in(colleague)
    assert client.get(f"/cases/decisions/{old.pk}/correct/").status_code == 403
    assert client.post(f"/cases/decisions/{old.pk}/correct/", _good_post()).status_code == 403
    sign_in(supervisor)
    assert client.get(f"/cases/decisions/{old.pk}/correct/").status_code == 200
    assert client.post(f"/cases/decisions/{old.pk}/correct/", _good_post()).status_code == 302
    assert Decision.objects.get(supersedes=old).recorded_by == supervisor


# --- queries, scoping and roles -----------------------------------------------------------------


def _history(detainer, n):
    person, case = detainer.case.person, detainer.case
    ConvictionFactory.create_batch(n, person=person, statute="53a-60b")
    ChargeFactory.create_batch(n, case=case)
    DetainerDocumentFactory.create_batch(n, detainer=detainer)
    IceAccessFactory.create_batch(n, detainer=detainer)


@pytest.mark.parametrize("n", [1, 50])
def test_the_screen_makes_a_fixed_number_of_queries(
    client, sign_in, desk_officer, detainer, n, django_assert_max_num_queries
):
    _history(detainer, n)
    DecisionFactory(detainer=detainer, recorded_by=desk_officer)
    RuleSetSignOffFactory(agency=detainer.case.agency)
    sign_in(desk_officer)
    client.get(screen(detainer.pk))  # builds the catalogue, reused until a row changes
    with django_assert_max_num_queries(12):  # DESIGN §10, duty rows and the read's audit row included
        response = client.get(screen(detainer.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="fact-conviction"') == n and "Signed off by Pat Counsel" in html
    assert f"{n} recorded" in html


@pytest.mark.parametrize("n", [1, 50])
def test_the_panel_makes_a_fixed_number_of_queries(
    client, sign_in, desk_officer, detainer, n, django_assert_max_num_queries
):
    _history(detainer, n)
    sign_in(desk_officer)
    client.get(screen(detainer.pk))  # builds the catalogue, reused until a row changes
    with django_assert_max_num_queries(12):
        assert client.get(f"/cases/detainers/{detainer.pk}/decision/panel/").status_code == 200


def _urls(detainer, decision):
    return [
        ("get", screen(detainer.pk)),
        ("get", f"/cases/detainers/{detainer.pk}/decision/panel/"),
        ("post", f"/cases/detainers/{detainer.pk}/decision/facts/"),
        ("get", f"/cases/detainers/{detainer.pk}/decision/record/"),
        ("post", f"/cases/detainers/{detainer.pk}/decision/record/"),
        ("get", f"/cases/decisions/{decision.pk}/"),
        ("get", f"/cases/decisions/{decision.pk}/correct/"),
        ("post", f"/cases/decisions/{decision.pk}/correct/"),
        ("get", f"/cases/decisions/{decision.pk}/review/"),
        ("post", f"/cases/decisions/{decision.pk}/review/"),
    ]


def test_another_agencys_detainer_and_decision_are_not_found(
    client, sign_in, other_officer, detainer, desk_officer
):
    decision = DecisionFactory(detainer=detainer, recorded_by=desk_officer)
    outsider_supervisor = UserFactory(agency=other_officer.agency, roles=[Role.SUPERVISOR])
    for user in (other_officer, outsider_supervisor):
        sign_in(user)
        for method, url in _urls(detainer, decision):
            if url.endswith("/review/") and user is other_officer:
                continue  # a desk officer is refused the review pages by role first
            data = {"fact": "tsdb_possible_match", "value": "1", **_good_post(), "outcome": "approved"}
            response = getattr(client, method)(url, data) if method == "post" else client.get(url)
            assert response.status_code == 404, (user, method, url)
    assert Decision.objects.count() == 1
    detainer.case.refresh_from_db()
    assert detainer.case.tsdb_possible_match is False


def test_a_trainer_is_refused_everything(client, sign_in, trainer, detainer, desk_officer):
    decision = DecisionFactory(detainer=detainer, recorded_by=desk_officer)
    sign_in(trainer)
    for method, url in _urls(detainer, decision):
        response = getattr(client, method)(url, {}) if method == "post" else client.get(url)
        assert response.status_code == 403, (method, url)


def test_an_auditor_reads_but_never_writes(client, sign_in, auditor, detainer, desk_officer):
    decision = DecisionFactory(detainer=detainer, recorded_by=desk_officer)
    sign_in(auditor)
    for method, url in _urls(detainer, decision):
        response = getattr(client, method)(url, _good_post()) if method == "post" else client.get(url)
        readable = method == "get" and (
            "/decision/record/" not in url and "/correct/" not in url and "/review/" not in url
        )
        assert response.status_code == (200 if readable else 403), (method, url)
    assert Decision.objects.count() == 1
