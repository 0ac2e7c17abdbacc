"""Trainer reports: what they show, CSV, and a fixed number of queries at 1 and 50 officers."""

import csv
import datetime as dt
import io
import json

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from training.services import assignment_create, attempt_start, attempt_submit
from trustportal.accounts.roles import Role
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
REPORTS = ["report_officers", "report_assignments", "report_overdue", "report_questions", "assignment_list"]
MAX_QUERIES = 12


def _attempt(quiz, user, right: bool):
    attempt = attempt_start(quiz=quiz, acting_user=user)
    responses = {}
    for a in attempt.answers.all():
        version = a.question_version
        wrong = next(o["key"] for o in version.options if o["key"] not in version.correct)
        responses[a.position] = {"choices": version.correct if right else [wrong]}
    return attempt_submit(attempt=attempt, responses=responses, acting_user=user)


def _officers(agency, quiz, trainer, count):
    """``count`` desk officers, one overdue assignment over all, half passed, everyone attempted."""
    officers = [UserFactory(agency=agency, roles=[Role.DESK_OFFICER]) for _ in range(count)]
    with time_machine.travel(timezone.now() - dt.timedelta(days=3)):
        assignment_create(
            agency=agency,
            quiz=quiz,
            target="role",
            role=Role.DESK_OFFICER,
            due_at=timezone.now() + dt.timedelta(days=1),
            acting_user=trainer,
        )
    for i, officer in enumerate(officers):
        _attempt(quiz, officer, right=i % 2 == 1)
    return officers


@pytest.mark.parametrize("count", [1, 50])
def test_report_pages_issue_a_fixed_number_of_queries(
    sign_in, agency, trainer, quiz, count, django_assert_max_num_queries
):
    _officers(agency, quiz, trainer, count)
    client = sign_in(trainer)
    for name in REPORTS:
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(reverse(f"training:{name}"))
        assert response.status_code == 200, name


def test_the_officer_report_shows_completion_and_scores(sign_in, agency, trainer, quiz):
    failed, passed = _officers(agency, quiz, trainer, 2)
    html = sign_in(trainer).get(reverse("training:report_officers")).content.decode()
    rows = html.split('data-testid="officer-row"')[1:]
    passed_row = next(r for r in rows if passed.username in r)
    failed_row = next(r for r in rows if failed.username in r)
    assert "100%" in passed_row and 'data-testid="has-certificate"' in passed_row
    assert "0%" in failed_row and 'data-testid="has-certificate"' not in failed_row


def test_the_overdue_report_lists_who_has_not_passed(sign_in, agency, trainer, quiz):
    failed, passed = _officers(agency, quiz, trainer, 2)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        html = sign_in(trainer).get(reverse("training:report_overdue")).content.decode()
    assert failed.username in html and passed.username not in html


def test_the_question_report_charts_the_miss_rate(sign_in, agency, trainer, quiz, scenario_question):
    _officers(agency, quiz, trainer, 2)
    html = sign_in(trainer).get(reverse("training:report_questions")).content.decode()
    assert 'id="miss-rate-chart"' in html and "chart.umd.js" in html and "js/charts.js" in html
    data = json.loads(
        html.split('<script id="miss-rate-data" type="application/json">')[1].split("</script>")[0]
    )
    assert data["values"] == [50, 50]
    assert "ct-2019.ab-felony" in html  # the rule the scenario question tests


def test_csv_export(sign_in, agency, trainer, quiz):
    failed, passed = _officers(agency, quiz, trainer, 2)
    client = sign_in(trainer)
    response = client.get(reverse("training:report_csv", args=["officers"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["username", "name", "assigned"]
    by_user = {r[0]: r for r in rows[1:]}
    assert by_user[passed.username][7] == "100" and by_user[failed.username][7] == "0"
    for kind in ("assignments", "overdue", "questions"):
        assert client.get(reverse("training:report_csv", args=[kind])).status_code == 200
    assert client.get(reverse("training:report_csv", args=["nope"])).status_code == 404
    assert AuditEvent.objects.filter(action="training.report.export").count() == 4


def test_reports_show_only_the_agencys_own_staff(sign_in, agency, trainer, quiz, other_quiz, other_officer):
    _attempt(other_quiz, other_officer, right=True)
    html = sign_in(trainer).get(reverse("training:report_officers")).content.decode()
    assert other_officer.username not in html
