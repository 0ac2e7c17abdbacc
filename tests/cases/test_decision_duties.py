"""The duties of a decision: from the engine, stored at recording, marked done later (audited,
insert-only), and shown on the record."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from cases.audit_actions import DecisionAuditAction
from cases.decisions import duties
from cases.decisions.duty_services import decision_duty_done
from cases.models import DecisionDuty
from cases.rules import RULE_SETS
from tests.factories import ConvictionFactory, DecisionFactory, DetainerFactory, UserFactory
from trustportal.audit.models import AuditEvent
from trustportal.immutable import ImmutableRecordError

pytestmark = pytest.mark.django_db
ALL_2019 = {
    "give_detainer_copy",
    "forward_notification_request_to_agency_head",
    "copy_notification_to_person_and_attorney",
    "record_ice_access",
}


@pytest.fixture
def decision(agency, desk_officer):
    detainer = DetainerFactory(case__person__agency=agency)
    ConvictionFactory(person=detainer.case.person, statute="53a-55")  # class B: notify permitted
    return DecisionFactory(detainer=detainer, recorded_by=desk_officer, duties_done=["record_ice_access"])


def test_every_engine_duty_has_words_and_a_citation_in_one_place():
    for rule_set in RULE_SETS.values():
        for duty in rule_set.duties:
            words = duties.duty_words(rule_set.id, duty.id)
            assert words["sentence"] == duty.sentence and words["citation"].startswith(("C.G.S.", "8 C.F.R."))
    words = duties.duty_words("ct-2019", "give_detainer_copy")
    assert words["citation"] == "C.G.S. § 54-192h(e)(1)" and words["sentence"].startswith(
        "Give the person a copy"
    )


def test_a_decision_stores_one_row_per_engine_duty(decision, desk_officer):
    marks = {m.duty: m for m in decision.duty_marks.all()}
    assert set(marks) == ALL_2019 == set(decision.result["duties"])
    assert marks["record_ice_access"].done and marks["record_ice_access"].done_by == desk_officer
    assert not marks["give_detainer_copy"].done and marks["give_detainer_copy"].done_at is None


def test_a_ticked_duty_the_engine_does_not_list_is_refused(agency, desk_officer):
    detainer = DetainerFactory(case__person__agency=agency)  # notify prohibited
    with pytest.raises(ValidationError) as info:
        DecisionFactory(
            detainer=detainer,
            recorded_by=desk_officer,
            duties_done=["copy_notification_to_person_and_attorney"],
        )
    assert "duties_done" in info.value.message_dict


def test_a_duty_done_later_adds_an_audited_row_and_leaves_the_decision(decision, desk_officer):
    served = timezone.now() - dt.timedelta(minutes=5)
    mark = decision_duty_done(
        decision=decision, duty="give_detainer_copy", done_at=served, acting_user=desk_officer
    )
    assert mark.done and mark.done_at == served and mark.recorded_at >= served
    assert decision.duty_marks.filter(duty="give_detainer_copy").count() == 2  # the first row is kept
    row = duties.duty_rows(decision.result, decision.duty_marks.all())[0]
    assert (
        row["id"] == "give_detainer_copy" and row["done"] and row["late"] and row["done_by"] == desk_officer
    )
    event = AuditEvent.objects.get(action=DecisionAuditAction.DUTY_DONE)
    assert event.details["duty"] == "give_detainer_copy"
    with pytest.raises(ValidationError, match="Already recorded as done"):
        decision_duty_done(decision=decision, duty="give_detainer_copy", acting_user=desk_officer)


@pytest.mark.parametrize(
    ("duty", "when", "message"),
    [
        ("notify_ice_of_decision", None, "not one of this decision's duties"),
        ("give_detainer_copy", dt.timedelta(hours=1), "cannot be in the future"),
        ("give_detainer_copy", -dt.timedelta(days=400), "before the detainer was received"),
    ],
)
def test_a_mark_is_refused_in_plain_words(decision, desk_officer, duty, when, message):
    done_at = timezone.now() + when if when else None
    with pytest.raises(ValidationError, match=message):
        decision_duty_done(decision=decision, duty=duty, done_at=done_at, acting_user=desk_officer)
    assert not AuditEvent.objects.filter(action=DecisionAuditAction.DUTY_DONE).exists()


def test_a_superseded_decision_takes_no_mark(decision, desk_officer):
    DecisionFactory(detainer=decision.detainer, recorded_by=desk_officer, supersedes=decision)
    with pytest.raises(ValidationError, match="superseded"):
        decision_duty_done(decision=decision, duty="give_detainer_copy", acting_user=desk_officer)


def test_only_a_role_that_records_decisions_marks_duties(decision, agency):
    viewer = UserFactory(agency=agency, roles=["Auditor"])
    with pytest.raises(PermissionDenied):
        decision_duty_done(decision=decision, duty="give_detainer_copy", acting_user=viewer)


def test_duty_rows_are_insert_only_in_python_and_in_the_database(decision):
    mark = decision.duty_marks.first()
    with pytest.raises(ImmutableRecordError):
        mark.save()
    with pytest.raises(ImmutableRecordError):
        DecisionDuty.objects.filter(pk=mark.pk).update(done=True)
    # the trigger refuses, or (CI: the app's role) the database refuses the privilege
    refused = "never changed|permission denied"
    with pytest.raises(Exception, match=refused), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_decisionduty SET done = true WHERE id = %s", [mark.pk])


def test_the_record_page_marks_a_duty_done_later(client, sign_in, desk_officer, decision):
    sign_in(desk_officer)
    url = f"/cases/decisions/{decision.pk}/"
    html = client.get(url).content.decode()
    assert 'data-testid="duty-mark-give_detainer_copy"' in html and "Not recorded as done." in html
    assert 'data-testid="duty-mark-record_ice_access"' not in html  # already done
    response = client.post(f"{url}duties/", {"duty": "give_detainer_copy", "done_at": ""}, follow=True)
    html = response.content.decode()
    assert "Recorded as done: Give the person a copy of the detainer" in html
    assert (
        'data-testid="duty-give_detainer_copy" data-done="yes"' in html
        and "recorded after the decision" in html
    )


def test_another_agency_cannot_mark_a_duty(client, sign_in, decision, other_agency):
    sign_in(UserFactory(agency=other_agency, roles=["Desk officer"]))
    response = client.post(f"/cases/decisions/{decision.pk}/duties/", {"duty": "give_detainer_copy"})
    assert (
        response.status_code == 404
        and not DecisionDuty.objects.filter(done=True, duty="give_detainer_copy").exists()
    )
