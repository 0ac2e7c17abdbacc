"""The printable record of one decision: everything as it was recorded, audited when viewed."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import DecisionAction, DecisionReview, ReviewOutcome
from tests.factories import ConvictionFactory, DecisionFactory, DetainerFactory, RuleSetSignOffFactory
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(agency, desk_officer, supervisor):
    detainer = DetainerFactory(
        case__person__agency=agency, case__person__first_name="Ana", case__person__last_name="Lopez"
    )
    case = detainer.case
    case.releasable_at = case.booked_at + dt.timedelta(hours=7)
    case.save()
    ConvictionFactory(person=case.person, statute="53a-55")
    decision = DecisionFactory(
        detainer=detainer,
        recorded_by=desk_officer,
        actions=[DecisionAction.HOLD, DecisionAction.NOTIFY],
        rationale="Convicted of manslaughter in the first degree (class B).",
        copy_given=True,
    )
    DecisionReview.objects.create(
        decision=decision,
        reviewer=supervisor,
        outcome=ReviewOutcome.APPROVED,
        comments="Checked the court record.",
        reviewed_at=timezone.now(),
    )
    return decision


def record(pk):
    return f"/cases/decisions/{pk}/"


def test_the_record_shows_facts_trace_verdicts_action_rationale_and_reviewer(
    client, sign_in, desk_officer, supervisor, decision
):
    sign_in(desk_officer)
    response = client.get(record(decision.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ana Lopez" in html and decision.detainer.case.booking_number in html
    assert "§ 53a-55" in html  # facts
    assert "C.G.S. § 54-192h(b)(1)(A)(ii)" in html and "✓" in html  # trace with citations
    local_hold = timezone.localtime(decision.hold_until).strftime("%H:%M")
    assert "You may hold this person until" in html and local_hold in html  # verdicts
    assert (
        "Hold for ICE (up to the 48-hour limit)" in html and "Notify ICE of the release date and time" in html
    )
    assert "Convicted of manslaughter in the first degree (class B)." in html
    assert supervisor.get_full_name() in html and "Checked the court record." in html and "Approved" in html
    assert desk_officer.get_full_name() in html
    assert f"version {decision.engine_version}" in html and "<code>ct-2025</code>" in html
    assert 'data-testid="duty-give_detainer_copy" data-done="yes"' in html  # copy_given=True
    assert f"Done by {desk_officer.get_full_name()} on" in html


def test_the_verdicts_keep_the_engines_order(client, sign_in, desk_officer, decision):
    sign_in(desk_officer)
    html = client.get(record(decision.pk)).content.decode()
    positions = [
        html.index(f'data-testid="verdict-{a}"')
        for a in ("detain", "notify_release", "transfer", "interview")
    ]
    assert positions == sorted(positions)


def test_the_record_shows_the_snapshot_not_the_live_facts(client, sign_in, desk_officer, decision):
    conviction = decision.detainer.case.person.convictions.get()
    conviction.statute, conviction.description = "53a-61", "Assault in the third degree"
    conviction.save()
    sign_in(desk_officer)
    html = client.get(record(decision.pk)).content.decode()
    assert "§ 53a-55" in html and "§ 53a-61" not in html


def test_viewing_the_record_is_audited(client, sign_in, auditor, decision):
    sign_in(auditor)
    assert client.get(record(decision.pk)).status_code == 200
    event = AuditEvent.objects.get(action="decision.view")
    assert event.actor == auditor and event.object_id == str(decision.pk)
    assert event.agency == decision.agency


def test_the_record_prints_without_inline_script(client, sign_in, desk_officer, decision):
    sign_in(desk_officer)
    html = client.get(record(decision.pk)).content.decode()
    assert 'data-print data-testid="print"' in html and "/static/js/decision.js" in html
    assert "onclick" not in html and "<script>" not in html
    assert 'media="print"' in html


def test_the_record_shows_the_counsel_sign_off_line(client, sign_in, desk_officer, decision):
    sign_in(desk_officer)
    html = client.get(record(decision.pk)).content.decode()
    assert "Agency counsel must sign off this rule set before officers rely on it." in html
    assert "was not signed off by counsel when this decision was recorded" in html
    RuleSetSignOffFactory(agency=decision.agency, rule_set="ct-2025")  # recorded after the decision
    html = client.get(record(decision.pk)).content.decode()
    assert "was not signed off by counsel when this decision was recorded" in html


def test_an_override_shows_its_reason(client, sign_in, desk_officer, agency):
    decision = DecisionFactory(
        detainer__case__person__agency=agency,
        recorded_by=desk_officer,
        actions=[DecisionAction.NOTIFY],
        override_reason="ICE supervisor called twice.",
    )
    sign_in(desk_officer)
    html = client.get(record(decision.pk)).content.decode()
    assert 'data-testid="override-badge"' in html and "ICE supervisor called twice." in html
    assert "Waiting for review" in html


def test_a_superseded_record_links_both_ways(client, sign_in, desk_officer, agency):
    old = DecisionFactory(detainer__case__person__agency=agency, recorded_by=desk_officer)
    new = DecisionFactory(detainer=old.detainer, recorded_by=desk_officer, supersedes=old)
    sign_in(desk_officer)
    old_html = client.get(record(old.pk)).content.decode()
    assert 'data-testid="superseded-badge"' in old_html and f'href="/cases/decisions/{new.pk}/"' in old_html
    assert f"/cases/decisions/{old.pk}/correct/" not in old_html
    new_html = client.get(record(new.pk)).content.decode()
    assert f'href="/cases/decisions/{old.pk}/"' in new_html and "Supersedes" in new_html


def test_the_record_makes_a_fixed_number_of_queries(
    client, sign_in, desk_officer, decision, django_assert_max_num_queries
):
    sign_in(desk_officer)
    with django_assert_max_num_queries(12):
        assert client.get(record(decision.pk)).status_code == 200


def test_another_agencys_record_is_not_found_and_a_trainer_is_refused(
    client, sign_in, other_officer, trainer, decision
):
    sign_in(other_officer)
    assert client.get(record(decision.pk)).status_code == 404
    sign_in(trainer)
    assert client.get(record(decision.pk)).status_code == 403
    assert not AuditEvent.objects.filter(action="decision.view").exists()
