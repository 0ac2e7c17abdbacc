"""An agency can require a current Trust Act certificate before a desk officer records decisions."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.decisions.services import decision_record
from cases.models import Decision, DecisionAction
from tests.factories import CustodyCaseFactory, DetainerDocumentFactory, PersonFactory
from training.models import TrainingSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def detainer(agency):
    case = CustodyCaseFactory(
        person=PersonFactory(agency=agency), releasable_at=timezone.now() + dt.timedelta(hours=3)
    )
    return DetainerDocumentFactory(detainer__case=case).detainer


def _record(detainer, user):
    return decision_record(
        detainer=detainer,
        actions=[DecisionAction.DECLINE],
        rationale="No ground holds.",
        person_informed=True,
        acting_user=user,
    )


def test_it_refuses_a_desk_officer_without_a_certificate_when_the_agency_requires_one(
    agency, desk_officer, detainer
):
    TrainingSettings.objects.create(agency=agency, require_certificate_for_decisions=True)
    with pytest.raises(ValidationError, match="requires a current Trust Act training certificate"):
        _record(detainer, desk_officer)
    assert not Decision.objects.exists()


def test_it_lets_a_supervisor_record_without_a_certificate(agency, supervisor, detainer):
    TrainingSettings.objects.create(agency=agency, require_certificate_for_decisions=True)
    assert _record(detainer, supervisor).pk


def test_it_does_not_gate_when_the_agency_does_not_require_it(desk_officer, detainer):
    assert _record(detainer, desk_officer).pk
