"""Decision gates: other apps refuse a decision through a registry in cases (cases never
imports them); a refusal is a message for the form, a missing role a 403."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.decisions import gates
from cases.decisions.services import decision_record
from cases.models import Decision, DecisionAction, DetainerStatus
from tests.factories import DetainerFactory
from training.selectors import certificate_gate

pytestmark = pytest.mark.django_db


@pytest.fixture
def detainer(agency):
    return DetainerFactory(case__person__agency=agency)


@pytest.fixture
def closed_gate():
    seen = []

    def gate(user, now):
        seen.append((user, now))
        return "The desk is closed for a drill; record this after 10:00."

    gates.register_decision_gate(gate)
    yield seen
    gates.unregister_decision_gate(gate)


def _record(detainer, user):
    return decision_record(
        detainer=detainer,
        actions=[DecisionAction.DECLINE],
        rationale="No exception applies.",
        person_informed=True,
        acting_user=user,
    )


def test_it_refuses_with_the_gates_words_and_records_nothing(detainer, desk_officer, closed_gate):
    with pytest.raises(ValidationError, match="closed for a drill"):
        _record(detainer, desk_officer)
    assert closed_gate and closed_gate[0][0] == desk_officer and closed_gate[0][1] is not None
    assert not Decision.objects.exists()
    detainer.refresh_from_db()
    assert detainer.status == DetainerStatus.OPEN


def test_it_records_once_the_gate_is_gone(detainer, desk_officer, closed_gate):
    gates.unregister_decision_gate(gates.registered_decision_gates()[-1])
    assert _record(detainer, desk_officer).pk


def test_a_missing_role_is_refused_before_any_gate_is_asked(detainer, trainer, closed_gate):
    with pytest.raises(PermissionDenied):
        _record(detainer, trainer)
    assert closed_gate == []


def test_training_registers_the_certificate_gate():
    assert certificate_gate in gates.registered_decision_gates()


def test_registering_a_gate_twice_keeps_one(closed_gate):
    gate = gates.registered_decision_gates()[-1]
    gates.register_decision_gate(gate)
    assert gates.registered_decision_gates().count(gate) == 1
