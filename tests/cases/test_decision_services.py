"""Recording, reviewing and correcting decisions, and counsel sign-off: the services."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from cases.decisions.services import decision_record, decision_review, departures, signoff_record
from cases.ice.services import override_request_create, override_request_review
from cases.models import (
    CaseStatus,
    Decision,
    DecisionAction,
    DecisionReview,
    DetainerStatus,
    DocumentKind,
    ReviewOutcome,
    RuleSetSignOff,
)
from cases.rules import ENGINE_VERSION
from tests.factories import (
    ConvictionFactory,
    DecisionFactory,
    DetainerDocumentFactory,
    DetainerFactory,
    UserFactory,
    approved_override,
)
from trustportal.accounts.roles import Role
from trustportal.audit.models import AuditEvent
from trustportal.immutable import ImmutableRecordError

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
HOLD, NOTIFY, DECLINE = DecisionAction.HOLD, DecisionAction.NOTIFY, DecisionAction.DECLINE


@pytest.fixture
def detainer(agency):
    """A detainer with no exception: every state-restricted action is prohibited."""
    return DetainerFactory(case__person__agency=agency)


@pytest.fixture
def ab_felon_detainer(agency):
    """A detainer for a person convicted of manslaughter 1st degree (class B): permitted."""
    detainer = DetainerFactory(case__person__agency=agency)
    ConvictionFactory(person=detainer.case.person, statute="53a-55")
    return detainer


@pytest.fixture
def unclear_detainer(agency):
    """A detainer with a document of unclear kind: needs review."""
    detainer = DetainerFactory(case__person__agency=agency)
    DetainerDocumentFactory(detainer=detainer, kind=DocumentKind.UNCLEAR, form="")
    return detainer


def _record(detainer, user, actions=(DECLINE,), **kwargs):
    kwargs.setdefault("rationale", "No exception applies.")
    kwargs.setdefault("person_informed", True)
    return decision_record(detainer=detainer, actions=list(actions), acting_user=user, **kwargs)


def test_it_records_the_rule_set_facts_snapshot_full_result_and_engine_version(
    ab_felon_detainer, desk_officer
):
    decision = _record(ab_felon_detainer, desk_officer, actions=[NOTIFY], rationale="Class B conviction.")
    decision.refresh_from_db()
    assert decision.rule_set == "ct-2025"
    assert decision.engine_version == ENGINE_VERSION
    assert decision.facts["subject"]["convictions"][0]["statute"] == "53a-55"
    assert decision.facts["rule_set"] is None and decision.facts["decided_at"]
    assert decision.result["actions"]["notify_release"]["verdict"] == "permitted"
    assert decision.result["grounds"] == ["ab_felony_conviction"]
    assert any(entry["citation"].startswith("C.G.S. § 54-192h") for entry in decision.result["trace"])
    assert decision.actions == [NOTIFY] and decision.recorded_by == desk_officer
    assert decision.agency == ab_felon_detainer.case.agency
    assert not decision.is_override


def test_the_snapshot_does_not_follow_later_changes_to_the_facts(ab_felon_detainer, desk_officer):
    decision = _record(ab_felon_detainer, desk_officer, actions=[NOTIFY])
    ab_felon_detainer.case.person.convictions.all().delete()
    decision.refresh_from_db()
    assert len(decision.facts["subject"]["convictions"]) == 1


def test_recording_is_audited_and_marks_the_detainer_decided(ab_felon_detainer, desk_officer):
    decision = _record(ab_felon_detainer, desk_officer, actions=[NOTIFY])
    event = AuditEvent.objects.get(action="decision.record")
    assert event.actor == desk_officer and event.object_id == str(decision.pk)
    assert event.details["rule_set"] == "ct-2025"
    ab_felon_detainer.refresh_from_db()
    assert ab_felon_detainer.status == DetainerStatus.DECIDED


def test_declining_marks_the_detainer_declined(detainer, desk_officer):
    _record(detainer, desk_officer, actions=[DECLINE])
    detainer.refresh_from_db()
    assert detainer.status == DetainerStatus.DECLINED


def test_a_decision_is_immutable_in_python(detainer, desk_officer):
    decision = _record(detainer, desk_officer)
    decision.rationale = "changed"
    with pytest.raises(ImmutableRecordError):
        decision.save()
    with pytest.raises(ImmutableRecordError):
        decision.delete()
    with pytest.raises(ImmutableRecordError):
        Decision.objects.filter(pk=decision.pk).update(rationale="changed")
    with pytest.raises(ImmutableRecordError):
        Decision.objects.filter(pk=decision.pk).delete()
    assert Decision.objects.get(pk=decision.pk).rationale == "No exception applies."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cases_decision SET rationale = 'changed' WHERE id = %s",
        "DELETE FROM cases_decision WHERE id = %s",
    ],
)
def test_postgresql_refuses_a_raw_update_or_delete(detainer, desk_officer, sql):
    decision = _record(detainer, desk_officer)
    # The application's role may not (CI=true runs as it); a role that may, the trigger refuses.
    refused = pytest.raises(DatabaseError, match="immutable|permission denied")
    with refused, transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, [decision.pk])
    assert Decision.objects.get(pk=decision.pk).rationale == "No exception applies."


def test_a_departure_without_an_approved_override_is_refused_and_nothing_is_saved(detainer, desk_officer):
    with pytest.raises(ValidationError) as info:
        _record(detainer, desk_officer, actions=[HOLD], rationale="ICE asked us to.")
    message = info.value.message_dict["actions"][0]
    assert "prohibited" in message and "supervisor must approve an override" in message
    assert not Decision.objects.exists()
    assert not AuditEvent.objects.filter(action="decision.record").exists()
    detainer.refresh_from_db()
    assert detainer.status == DetainerStatus.OPEN


def test_a_pending_or_rejected_override_does_not_open_the_action(detainer, desk_officer, supervisor):
    request = override_request_create(detainer=detainer, actions=[HOLD], reason="Judge's order expected.",
                                      acting_user=desk_officer)  # fmt: skip
    with pytest.raises(ValidationError):
        _record(detainer, desk_officer, actions=[HOLD])
    override_request_review(
        request=request, outcome="rejected", comments="No order on file.", acting_user=supervisor
    )
    with pytest.raises(ValidationError):
        _record(detainer, desk_officer, actions=[HOLD])
    assert not Decision.objects.exists()


def test_a_departure_with_an_approved_override_is_recorded_and_flagged(detainer, desk_officer, supervisor):
    detainer.case.releasable_at = detainer.case.booked_at + dt.timedelta(hours=1)
    detainer.case.save()
    request = override_request_create(detainer=detainer, actions=[HOLD], reason="Judge's order expected.",
                                      acting_user=desk_officer)  # fmt: skip
    override_request_review(request=request, outcome="approved", comments="", acting_user=supervisor)
    decision = _record(detainer, desk_officer, actions=[HOLD])
    assert decision.is_override and decision.override_reason == "Judge's order expected."
    assert decision.override_request == request
    assert AuditEvent.objects.get(action="decision.record").details["override"] is True


def test_an_override_covers_only_the_actions_it_names(detainer, desk_officer):
    approved_override(detainer, [NOTIFY], "Court order to notify.")
    with pytest.raises(ValidationError):
        _record(detainer, desk_officer, actions=[DecisionAction.TRANSFER])


def test_nobody_approves_their_own_override(detainer, supervisor):
    request = override_request_create(detainer=detainer, actions=[HOLD], reason="x", acting_user=supervisor)
    with pytest.raises(PermissionDenied):
        override_request_review(request=request, outcome="approved", comments="", acting_user=supervisor)
    request.refresh_from_db()
    assert request.status == "pending"
    assert AuditEvent.objects.filter(action="override.approved", outcome="denied").exists()


def test_a_permitted_hold_is_not_an_override(ab_felon_detainer, desk_officer):
    case = ab_felon_detainer.case
    case.releasable_at = case.booked_at + dt.timedelta(hours=1)
    case.save()
    decision = _record(
        ab_felon_detainer, desk_officer, actions=[HOLD, NOTIFY], rationale="Class B conviction."
    )
    assert not decision.is_override and decision.override_reason == "" and decision.override_request is None


@pytest.mark.parametrize("action", [HOLD, NOTIFY, DecisionAction.TRANSFER])
def test_any_action_on_a_needs_review_verdict_needs_an_override(unclear_detainer, desk_officer, action):
    case = unclear_detainer.case
    case.releasable_at = case.booked_at + dt.timedelta(hours=1)
    case.save()
    with pytest.raises(ValidationError):
        _record(unclear_detainer, desk_officer, actions=[action])
    approved_override(unclear_detainer, [action], "Supervisor consulted counsel.")
    assert _record(unclear_detainer, desk_officer, actions=[action]).is_override


def test_declining_never_departs_even_where_the_law_needs_review(unclear_detainer, desk_officer):
    verdicts = {a: {"verdict": "needs_review"} for a in ("detain", "notify_release", "transfer", "interview")}
    assert departures({"actions": verdicts}, [DECLINE]) == []
    decision = _record(unclear_detainer, desk_officer, actions=[DECLINE])
    assert not decision.is_override and decision.override_reason == ""


def test_declining_a_prohibited_detainer_follows_the_guidance(detainer, desk_officer):
    assert not _record(detainer, desk_officer, actions=[DECLINE]).is_override


def test_hold_until_is_the_48_hour_limit_under_ct_2019(ab_felon_detainer, desk_officer):
    decided = dt.datetime(2024, 4, 24, 9, 0, tzinfo=NY)
    with time_machine.travel(decided, tick=False):
        case = ab_felon_detainer.case
        case.booked_at = decided - dt.timedelta(hours=6)
        case.releasable_at = dt.datetime(2024, 4, 24, 10, 0, tzinfo=NY)
        case.save()
        decision = _record(ab_felon_detainer, desk_officer, actions=[HOLD], rationale="Class B conviction.")
    assert decision.rule_set == "ct-2019"
    assert decision.hold_until == dt.datetime(2024, 4, 26, 10, 0, tzinfo=NY)
    assert decision.result["actions"]["detain"]["hold_until"] == "2024-04-26T10:00:00-04:00"


def test_a_hold_needs_the_release_time(ab_felon_detainer, desk_officer):
    with pytest.raises(ValidationError) as info:
        _record(ab_felon_detainer, desk_officer, actions=[HOLD])
    assert "otherwise be released" in info.value.message_dict["actions"][0]
    assert not Decision.objects.exists()


def test_telling_the_person_is_required(detainer, desk_officer):
    with pytest.raises(ValidationError) as info:
        _record(detainer, desk_officer, person_informed=False)
    assert "person_informed" in info.value.message_dict
    assert not Decision.objects.exists()


def test_a_rationale_is_required(detainer, desk_officer):
    with pytest.raises(ValidationError) as info:
        _record(detainer, desk_officer, rationale="   ")
    assert "rationale" in info.value.message_dict


def test_declining_cannot_be_combined_with_other_actions(detainer, desk_officer):
    with pytest.raises(ValidationError) as info:
        _record(detainer, desk_officer, actions=[DECLINE, NOTIFY])
    assert "actions" in info.value.message_dict


def test_a_second_decision_without_superseding_is_refused(ab_felon_detainer, desk_officer):
    _record(ab_felon_detainer, desk_officer, actions=[NOTIFY])
    with pytest.raises(ValidationError, match="record a correction"):
        _record(ab_felon_detainer, desk_officer, actions=[NOTIFY])
    assert Decision.objects.count() == 1


def test_a_declined_detainer_takes_no_new_decision_but_a_correction(detainer, desk_officer):
    old = _record(detainer, desk_officer, actions=[DECLINE])
    with pytest.raises(ValidationError):
        _record(detainer, desk_officer)
    assert _record(detainer, desk_officer, supersedes=old).supersedes == old


def test_a_correction_supersedes_the_old_decision(detainer, desk_officer):
    old = _record(detainer, desk_officer)
    new = _record(detainer, desk_officer, rationale="Corrected rationale.", supersedes=old)
    old.refresh_from_db()
    assert new.supersedes == old and old.superseded_by == new
    assert AuditEvent.objects.get(action="decision.correct").details["supersedes"] == old.pk
    with pytest.raises(ValidationError, match="record a correction"):
        _record(detainer, desk_officer, supersedes=old)


def test_a_decision_on_a_released_person_is_refused(detainer, desk_officer):
    case = detainer.case
    case.status, case.closed_at = CaseStatus.RELEASED, case.booked_at + dt.timedelta(hours=1)
    case.save()
    with pytest.raises(ValidationError, match="no longer in custody"):
        _record(detainer, desk_officer)
    assert not Decision.objects.exists()


def test_roles_without_the_capability_cannot_record(detainer, auditor, trainer):
    for user in (auditor, trainer):
        with pytest.raises(PermissionDenied, match="role"):
            _record(detainer, user)
    assert not Decision.objects.exists()


# --- review -------------------------------------------------------------------------------


def test_a_supervisor_approves_another_officers_decision(detainer, desk_officer, supervisor):
    decision = _record(detainer, desk_officer)
    review = decision_review(
        decision=decision, outcome=ReviewOutcome.APPROVED, comments="", acting_user=supervisor
    )
    assert review.reviewer == supervisor and review.outcome == ReviewOutcome.APPROVED
    assert AuditEvent.objects.get(action="decision.approved").actor == supervisor


def test_self_review_is_refused_and_audited_as_denied(detainer, supervisor):
    decision = _record(detainer, supervisor)
    with pytest.raises(PermissionDenied, match="another supervisor"):
        decision_review(
            decision=decision, outcome=ReviewOutcome.APPROVED, comments="", acting_user=supervisor
        )
    assert not DecisionReview.objects.exists()
    event = AuditEvent.objects.get(action="decision.review")
    assert event.outcome == AuditEvent.Outcome.DENIED and event.actor == supervisor
    assert event.object_id == str(decision.pk)


def test_returning_needs_comments(detainer, desk_officer, supervisor):
    decision = _record(detainer, desk_officer)
    with pytest.raises(ValidationError) as info:
        decision_review(
            decision=decision, outcome=ReviewOutcome.RETURNED, comments=" ", acting_user=supervisor
        )
    assert "comments" in info.value.message_dict
    assert not DecisionReview.objects.exists()
    decision_review(
        decision=decision,
        outcome=ReviewOutcome.RETURNED,
        comments="Check the warrant.",
        acting_user=supervisor,
    )
    assert decision.review.comments == "Check the warrant."


def test_a_decision_is_reviewed_once(detainer, desk_officer, supervisor, agency):
    decision = _record(detainer, desk_officer)
    decision_review(decision=decision, outcome=ReviewOutcome.APPROVED, comments="", acting_user=supervisor)
    second = UserFactory(agency=agency, roles=[Role.SUPERVISOR])
    with pytest.raises(ValidationError, match="already been reviewed"):
        decision_review(decision=decision, outcome=ReviewOutcome.APPROVED, comments="", acting_user=second)


def test_review_of_a_superseded_decision_is_refused(detainer, desk_officer, supervisor):
    old = _record(detainer, desk_officer)
    _record(detainer, desk_officer, supersedes=old, rationale="Corrected.")
    with pytest.raises(ValidationError, match="superseded"):
        decision_review(decision=old, outcome=ReviewOutcome.APPROVED, comments="", acting_user=supervisor)
    assert not DecisionReview.objects.exists()


def test_only_supervisors_review(detainer, desk_officer, agency):
    decision = _record(detainer, desk_officer)
    other_desk = UserFactory(agency=agency, roles=[Role.DESK_OFFICER])
    with pytest.raises(PermissionDenied, match="supervisor"):
        decision_review(
            decision=decision, outcome=ReviewOutcome.APPROVED, comments="", acting_user=other_desk
        )


def test_the_factory_records_through_the_service(agency):
    decision = DecisionFactory(detainer__case__person__agency=agency)
    assert decision.pk and decision.agency == agency and decision.recorded_by.agency == agency


# --- counsel sign-off -----------------------------------------------------------------------


def test_an_agency_admin_records_counsel_sign_off(agency_admin, agency):
    signoff = signoff_record(
        agency=agency,
        rule_set="ct-2025",
        counsel_name=" Pat Counsel ",
        signed_on=dt.date(2025, 10, 2),
        notes="",
        acting_user=agency_admin,
    )
    assert RuleSetSignOff.objects.get() == signoff and signoff.counsel_name == "Pat Counsel"
    assert AuditEvent.objects.get(action="ruleset.signoff").details == {
        "rule_set": "ct-2025",
        "counsel": "Pat Counsel",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rule_set": "ct-1999"}, "rule_set"),
        ({"counsel_name": " "}, "counsel_name"),
        ({"signed_on": dt.date(2999, 1, 1)}, "signed_on"),
    ],
)
def test_a_bad_sign_off_is_refused(agency_admin, agency, change, field):
    data = {
        "rule_set": "ct-2025",
        "counsel_name": "Pat Counsel",
        "signed_on": dt.date(2025, 10, 2),
        "notes": "",
    }
    with pytest.raises(ValidationError) as info:
        signoff_record(agency=agency, acting_user=agency_admin, **{**data, **change})
    assert field in info.value.message_dict
    assert not RuleSetSignOff.objects.exists()


def test_only_agency_admins_record_sign_off(supervisor, agency):
    with pytest.raises(PermissionDenied, match="administrator"):
        signoff_record(
            agency=agency,
            rule_set="ct-2025",
            counsel_name="Pat",
            signed_on=dt.date(2025, 10, 2),
            notes="",
            acting_user=supervisor,
        )
