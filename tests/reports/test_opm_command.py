"""ice_access_report's contract: bad arguments exit 2, one line on standard error naming the
argument, nothing on standard output; a good run prints the report and is audited."""

import pytest
from django.core.management import ManagementUtility

from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """run_from_argv closes every connection when it ends, the test's transaction with it."""
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)


def run(capsys, *args):
    with pytest.raises(SystemExit) as stop:
        ManagementUtility(["manage.py", "ice_access_report", *args]).execute()
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return stop.value.code, out, err


GOOD = {"--agency": "CT0006400", "--period": "2026-H1", "--form": "statistics", "--format": "json"}


def argv(**changes):
    options = {**GOOD, **changes}
    return [part for key, value in options.items() if value is not None for part in (key, value)]


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"--agency": "CT9999999"}, "--agency"),
        ({"--period": "2026-H3"}, "--period"),
        ({"--period": "2026"}, "--period"),
        ({"--form": "summary"}, "--form"),
        ({"--format": "xlsx"}, "--format"),
        ({"--agency": None}, "--agency"),
    ],
)
def test_a_bad_argument_exits_2_with_one_line_naming_it(capsys, agency, changes, named):
    code, out, err = run(capsys, *argv(**changes))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert named in err
    assert not AuditEvent.objects.filter(action="report.opm_command").exists()


def test_a_good_run_prints_the_report_and_is_audited(capsys, agency):
    code, out, err = run(capsys, *argv())
    assert (code, err) == (0, "")
    assert '"agency": "CT0006400"' in out
    event = AuditEvent.objects.get(action="report.opm_command")
    assert (event.agency, event.details["period"]) == (agency, "2026-H1")
