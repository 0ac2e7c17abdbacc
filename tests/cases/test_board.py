"""The custody board: who needs attention, nearest deadline first, agency-scoped, with live
countdowns and a self-refreshing table whose polling never renews the idle timeout."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus, DecisionAction, DetainerStatus
from tests.factories import CustodyCaseFactory, DecisionFactory, DetainerFactory, PersonFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 5, 4, 14, 0, tzinfo=dt.UTC)  # 10:00 in New York
BOARD, TABLE = reverse("cases:board"), reverse("cases:board_table")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def detainer_for(agency, last_name, releasable_in=None, **case):
    releasable = NOW + dt.timedelta(hours=releasable_in) if releasable_in is not None else None
    person = PersonFactory(agency=agency, last_name=last_name, first_name="Sam")
    booked = min(NOW, releasable or NOW) - dt.timedelta(hours=6)
    case = CustodyCaseFactory(person=person, releasable_at=releasable, booked_at=booked, **case)
    return DetainerFactory(case=case, received_at=booked)


def hold_for(agency, last_name, releasable_in):
    detainer = detainer_for(agency, last_name, releasable_in)
    return DecisionFactory(
        detainer=detainer,
        actions=[DecisionAction.HOLD],
        override_reason="A judge's warrant is on file.",
        recorded_by__agency=agency,
    )


def rows(response) -> list[str]:
    return [r.last_name for r in response.context["rows"]]


def test_it_lists_who_needs_attention_nearest_deadline_first(client, sign_in, desk_officer, agency):
    detainer_for(agency, "Later", releasable_in=8)
    detainer_for(agency, "Soon", releasable_in=1)
    detainer_for(agency, "Missing")
    hold = hold_for(agency, "Holding", releasable_in=-40)  # 48-hour limit: 8 h left
    detainer_for(agency, "Overdue", releasable_in=-2)
    declined = DecisionFactory(detainer=detainer_for(agency, "Declined", releasable_in=3))
    detainer_for(agency, "Released", releasable_in=2, status=CaseStatus.RELEASED, closed_at=NOW)
    DetainerFactory(case__person__agency=agency, case__releasable_at=NOW, status=DetainerStatus.CANCELLED)
    sign_in(desk_officer)

    response = client.get(BOARD)

    assert response.status_code == 200
    # a declined detainer stays until the person is released: release is a duty too
    assert rows(response) == ["Missing", "Overdue", "Soon", "Declined", "Later", "Holding"]
    assert declined.detainer.status == DetainerStatus.DECLINED
    page = response.content.decode()
    assert f'href="/cases/detainers/{hold.detainer.pk}/decision/"' in page
    assert 'data-deadline="2026-05-04T11:00:00-04:00"' in page  # "Soon", in local time
    assert "Mon 04 May 2026 11:00" in page
    assert "Enter the release time" in page
    assert "OVERDUE +02:00:00" in page
    assert '<span data-deadline="2026-05-04T18:00:00-04:00" data-testid="countdown">08:00:00</span>' in page
    assert page.count('class="table-danger"') == 2  # missing and overdue rows in red


def test_it_shows_the_hold_limit_of_the_current_decision(client, sign_in, desk_officer, agency):
    decision = hold_for(agency, "Holding", releasable_in=-1)
    sign_in(desk_officer)
    (row,) = client.get(BOARD).context["rows"]
    assert row.kind == "hold"
    assert row.deadline == decision.hold_until == NOW + dt.timedelta(hours=47)


def test_it_never_shows_another_agencys_people(client, sign_in, desk_officer, other_agency, agency):
    detainer_for(other_agency, "Elsewhere", releasable_in=1)
    detainer_for(agency, "Ours", releasable_in=1)
    sign_in(desk_officer)
    assert rows(client.get(BOARD)) == ["Ours"]
    assert rows(client.get(TABLE)) == ["Ours"]


@pytest.mark.parametrize("url", [BOARD, TABLE])
def test_a_trainer_may_not_see_the_board(client, sign_in, trainer, url):
    sign_in(trainer)
    assert client.get(url).status_code == 403


def test_an_auditor_may_see_the_board(client, sign_in, auditor, agency):
    detainer_for(agency, "Ours", releasable_in=1)
    sign_in(auditor)
    assert rows(client.get(BOARD)) == ["Ours"]


def test_the_table_refreshes_itself_with_the_poll_header(client, sign_in, desk_officer, agency, settings):
    settings.TRUSTPORTAL_POLL_SECONDS = 5
    sign_in(desk_officer)
    page = client.get(BOARD).content.decode()
    assert f'hx-get="{TABLE}" hx-trigger="every 5s"' in page
    assert """hx-headers='{"X-TrustPortal-Poll": "1"}'""" in page
    assert "js/countdown.js" in page

    detainer_for(agency, "Arrived", releasable_in=1)
    partial = client.get(TABLE, headers={"X-TrustPortal-Poll": "1", "HX-Request": "true"})
    assert partial.status_code == 200
    assert "Arrived" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_polling_the_board_does_not_renew_the_idle_timeout(client, sign_in, desk_officer):
    sign_in(desk_officer)
    polled = client.get(TABLE, headers={"X-TrustPortal-Poll": "1"})
    assert "sessionid" not in polled.cookies
    looked = client.get(TABLE)
    assert "sessionid" in looked.cookies


def test_the_desks_home_page_is_the_board(client, sign_in, desk_officer, trainer, agency):
    detainer_for(agency, "Ours", releasable_in=1)
    sign_in(desk_officer)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="board"' in page and "Ours" in page
    sign_in(trainer)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="board"' not in page


@pytest.mark.parametrize("url", [BOARD, TABLE])
def test_the_board_takes_a_fixed_number_of_queries(
    client, sign_in, desk_officer, agency, url, django_assert_max_num_queries
):
    sign_in(desk_officer)
    hold_for(agency, "Holding", releasable_in=1)
    with django_assert_max_num_queries(12):
        assert len(client.get(url).context["rows"]) == 1
    for n in range(49):
        detainer_for(agency, f"Person{n}", releasable_in=n % 7 if n % 5 else None)
    with django_assert_max_num_queries(12):
        assert len(client.get(url).context["rows"]) == 50


def test_it_shows_only_the_nearest_deadlines_when_there_are_very_many(
    client, sign_in, desk_officer, monkeypatch
):
    from cases.board import selectors as board

    monkeypatch.setattr(board, "BOARD_LIMIT", 3)
    now = timezone.now()
    for hours in (9, 1, 5, 3, 7):
        DetainerFactory(
            case=CustodyCaseFactory(
                person=PersonFactory(agency=desk_officer.agency),
                releasable_at=now + dt.timedelta(hours=hours),
            )
        )
    sign_in(desk_officer)
    page = client.get("/cases/board/").content.decode()
    assert "Showing the 3 nearest deadlines of 5" in page
    assert page.count('data-testid="board-row"') == 3


def test_a_hold_on_an_override_is_flagged_and_a_declined_person_stays_until_released(
    client, sign_in, desk_officer, agency
):
    held = hold_for(agency, "Override", -40)  # the hold rests on an approved override
    declined = detainer_for(agency, "Declined", 3)
    DecisionFactory(detainer=declined, recorded_by__agency=agency)  # declines: release at the release time
    sign_in(desk_officer)
    html = client.get("/cases/board/", headers={"HX-Request": "true"}).content.decode()
    assert html.count('data-testid="board-override"') == 1 and "Override" in html
    assert 'data-kind="release"' in html and "Release at (no hold allowed)" in html
    assert held.is_override


def test_released_the_declined_detainer_leaves_the_board_and_keeps_its_outcome(
    client, sign_in, desk_officer, agency
):
    """Released, the booking takes its declined detainer off the board (the entries ask that
    the booking be in custody), and the detainer keeps its outcome."""
    from cases.custody.services import case_release
    from cases.models import Detainer

    declined = detainer_for(agency, "Declined", 3)
    DecisionFactory(detainer=declined, recorded_by__agency=agency)
    Detainer.objects.filter(pk=declined.pk).update(status=DetainerStatus.DECLINED)
    sign_in(desk_officer)
    assert rows(client.get(TABLE)) == ["Declined"]
    case_release(case=declined.case, at=NOW, reason="Bond posted.", acting_user=desk_officer)
    declined.refresh_from_db()
    assert declined.status == DetainerStatus.DECLINED
    assert rows(client.get(TABLE)) == []


# --- the conditional poll: an unchanged board answers 204, which htmx leaves alone -----------


def _version(page: str) -> str:
    found = re.search(r'<input type="hidden" id="board-version" name="version" value="([0-9a-f]+)">', page)
    assert found, "the table carries its version"
    return found.group(1)


def _poll(client, version):
    return client.get(TABLE, {"version": version}, headers={"X-TrustPortal-Poll": "1", "HX-Request": "true"})


def test_the_poll_sends_the_version_it_shows_and_an_unchanged_board_answers_204(
    client, sign_in, desk_officer, agency
):
    detainer = detainer_for(agency, "Waiting", releasable_in=0.25)  # 15 minutes
    sign_in(desk_officer)
    page = client.get(BOARD).content.decode()
    assert 'hx-include="#board-version"' in page
    version = _version(page)

    unchanged = _poll(client, version)
    assert unchanged.status_code == 204 and unchanged.content == b""

    # time passing changes nothing the server sends: the countdowns run in the browser, and a
    # row turning overdue (as this one does) turns red there (static/js/countdown.js)
    with time_machine.travel(NOW + dt.timedelta(minutes=20), tick=False):  # within the idle timeout
        assert _poll(client, version).status_code == 204

    detainer.case.releasable_at = NOW + dt.timedelta(hours=2)
    detainer.case.save()
    changed = _poll(client, version)
    assert changed.status_code == 200
    assert "Mon 04 May 2026 12:00" in changed.content.decode()
    assert _version(changed.content.decode()) != version


@pytest.mark.parametrize("change", ["new detainer", "decision", "name", "released"])
def test_any_change_on_the_board_changes_its_version(client, sign_in, desk_officer, agency, change):
    detainer = detainer_for(agency, "Waiting", releasable_in=1)
    sign_in(desk_officer)
    version = _version(client.get(TABLE).content.decode())
    if change == "new detainer":
        detainer_for(agency, "Arrived")
    elif change == "decision":
        DecisionFactory(
            detainer=detainer,
            actions=[DecisionAction.HOLD],
            override_reason="A judge's warrant is on file.",
            recorded_by__agency=agency,
        )
    elif change == "name":
        person = detainer.case.person
        person.last_name = "Renamed"
        person.save()
    else:
        detainer.case.status, detainer.case.closed_at = CaseStatus.RELEASED, NOW
        detainer.case.save()
    polled = _poll(client, version)
    assert polled.status_code == 200
    assert _version(polled.content.decode()) != version


def test_a_poll_without_a_version_or_with_an_old_one_gets_the_table(client, sign_in, desk_officer, agency):
    detainer_for(agency, "Waiting", releasable_in=1)
    sign_in(desk_officer)
    assert _poll(client, "").status_code == 200
    assert "Waiting" in _poll(client, "0123abcd").content.decode()


def test_names_on_the_board_are_escaped(client, sign_in, desk_officer, agency):
    detainer_for(agency, "<b>Bold</b> & Co", releasable_in=1)
    sign_in(desk_officer)
    page = client.get(TABLE).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co, Sam" in page
    assert "<b>Bold</b>" not in page
