"""Only lawful ICE access, in the browser (issue 11):
(a) the journey that failed: a transfer to ICE the guidance prohibits is refused, with the
    reason and the way to the decision screen;
(b) a desk officer logs a detainer, prints the Spanish notice, marks it served, records a
    permitted notification to ICE after the agency head's review, and prints the copies for
    the person and the attorney;
(c) a hold the guidance prohibits can be recorded only after a supervisor approves an override."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import (
    CaseStatus,
    Decision,
    DecisionAction,
    DetainerNotice,
    FelonyClass,
    IceAccess,
    NoticeKind,
)
from tests.e2e.test_decision_journey import _new_page, _person, _sign_in
from tests.factories import (
    ConvictionFactory,
    CustodyCaseFactory,
    DecisionFactory,
    DetainerFactory,
    ensure_role_groups,
)
from trustportal.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_transfer_the_guidance_prohibits_is_refused_with_the_way_to_the_decision(page, live_server, agency):
    ensure_role_groups()
    officer, device = _person(agency, "dana", "Dana", "Desk", Role.DESK_OFFICER)
    detainer = DetainerFactory(
        case__person__agency=agency, case__person__first_name="Luis", created_by=officer
    )
    DecisionFactory(detainer=detainer, recorded_by=officer)  # declined, awaiting review

    _sign_in(page, live_server, "dana", device)
    page.goto(f"/cases/{detainer.case_id}/transfer/")
    page.get_by_label("ICE", exact=True).check()
    page.get_by_label("Reason").fill("ICE officers arrived to take him.")
    page.get_by_role("button", name="Transfer").click()
    expect(page.locator("main")).to_contain_text("nothing permits a transfer to ICE")
    link = page.get_by_test_id("decision-link").first
    expect(link).to_have_attribute("href", f"/cases/detainers/{detainer.pk}/decision/")
    detainer.case.refresh_from_db()
    assert detainer.case.status == CaseStatus.IN_CUSTODY
    assert not IceAccess.objects.exists()
    link.click()
    page.wait_for_url(f"**/cases/detainers/{detainer.pk}/decision/")


def _print(page, row, text):
    """Open a notice's print view (a new tab) and check it says ``text``."""
    with page.context.expect_page() as opened:
        row.get_by_test_id("notice-print").click()
    printed = opened.value
    printed.wait_for_load_state()
    expect(printed.get_by_test_id("notice-title")).to_contain_text(text)
    body = printed.locator("main").inner_text()
    printed.close()
    return body


def test_a_desk_officer_serves_the_spanish_notice_and_the_copies_of_a_release_notification(
    page, browser, live_server, agency
):
    ensure_role_groups()
    _officer, device = _person(agency, "dana", "Dana", "Desk", Role.DESK_OFFICER)
    _head, head_device = _person(agency, "chief", "Carla", "Chief", Role.AGENCY_HEAD)
    case = CustodyCaseFactory(
        person__agency=agency, person__first_name="Ana", person__last_name="Lopez",
        person__preferred_language="es", releasable_at=timezone.now() + dt.timedelta(days=1),
    )  # fmt: skip
    ConvictionFactory(
        person=case.person,
        statute="53a-55",
        felony_class_override=FelonyClass.B,
        override_reason="Court record.",
    )

    _sign_in(page, live_server, "dana", device)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_test_id("detainer-log").click()
    page.get_by_label("Received at*").fill(_local(timezone.now() - dt.timedelta(minutes=30)))
    page.get_by_label("Date issued*").fill(timezone.localdate().isoformat())
    page.get_by_label("Subject ID").fill("SUBJ-4242")
    page.get_by_label("From (DHS office)").fill("ERO Hartford")
    page.get_by_role("button", name="Log the detainer").click()
    page.wait_for_url("**/cases/detainers/*/")
    detainer_url = page.url.split("#")[0]

    # The notice of the detainer was prepared in Spanish; print it, then record its service.
    row = page.get_by_test_id("notice-row").first
    expect(row).to_contain_text("Spanish")
    expect(row.get_by_test_id("notice-state")).to_contain_text("Prepared, not printed")
    body = _print(page, row, "Aviso de una orden de detención de inmigración")
    assert "SUBJ-4242" in body and "todavía no ha decidido" in body and "Firma del oficial" in body
    page.reload()
    page.get_by_test_id("notice-row").first.get_by_test_id("notice-serve").click()
    page.locator('[name="delivery"]').select_option("in_hand")
    page.get_by_role("button", name="Record the service").click()
    page.wait_for_url(f"{detainer_url}#notices")
    expect(page.get_by_test_id("notice-row").first.get_by_test_id("notice-state")).to_contain_text("Served")

    # The decision: tell ICE the release date (a class B conviction permits it).
    page.get_by_test_id("decision-link").first.click()
    decision_form = page.locator("form", has=page.get_by_role("button", name="Record the decision"))
    decision_form.get_by_label("Notify ICE of the release date and time").check()
    decision_form.get_by_label("Why").fill("Convicted of manslaughter in the first degree (class B).")
    decision_form.get_by_label("I told the person that ICE asked for their detention").check()
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url("**/cases/decisions/*/")
    assert Decision.objects.get().actions == [DecisionAction.NOTIFY]

    # The agency head reviews ICE's request to be told the release date ((c)).
    head_page = _new_page(browser, live_server)
    _sign_in(head_page, live_server, "chief", head_device)
    head_page.goto("/cases/notification-requests/")
    form = head_page.get_by_test_id("head-review-form").first
    form.get_by_label("The request may be answered as the decision permits").check()
    form.get_by_role("button", name="Record the review").click()
    expect(head_page.locator("main")).to_contain_text("Review recorded.")
    head_page.context.close()

    # The desk tells ICE (type B access): the copies for the person and the attorney follow.
    page.goto(detainer_url)
    page.locator("summary", has_text="Record ICE access").click()
    access_form = page.get_by_test_id("contact-form")
    access_form.locator('[name="access_type"]').select_option("B")
    access_form.locator('[name="at"]').fill(_local(timezone.now() - dt.timedelta(minutes=2)))
    access_form.locator('[name="method"]').select_option("phone")
    access_form.locator('[name="communication"]').fill("Told ERO Hartford the release is tomorrow at 09:00.")
    access_form.locator('[name="staff_minutes"]').fill("10")
    access_form.get_by_role("button", name="Record the access").click()
    expect(page.locator("main")).to_contain_text("ICE access recorded.")
    copies = page.get_by_test_id("notice-row").filter(has_text="Copy of the release notification")
    expect(copies).to_have_count(2)
    for recipient in ("The detained person", "The person's attorney"):
        body = _print(page, copies.filter(has_text=recipient), "Copia de una notificación")
        assert "Told ERO Hartford the release is tomorrow at 09:00." in body
        assert "Convicted of manslaughter in the first degree (class B)." in body
    printed = DetainerNotice.objects.filter(kind=NoticeKind.RELEASE_NOTIFIED, printed_at__isnull=False)
    assert printed.count() == 2


def test_a_prohibited_hold_is_recorded_only_after_a_supervisor_approves_an_override(
    page, browser, live_server, agency
):
    ensure_role_groups()
    _officer, device = _person(agency, "dana", "Dana", "Desk", Role.DESK_OFFICER)
    _supervisor, sup_device = _person(agency, "sam", "Sam", "Super", Role.SUPERVISOR)
    detainer = DetainerFactory(case__person__agency=agency, case__person__first_name="Ana")
    detainer.case.releasable_at = timezone.now() + dt.timedelta(days=1)
    detainer.case.save()
    hold = "Hold for ICE (up to the 48-hour limit)"

    _sign_in(page, live_server, "dana", device)
    page.goto(f"/cases/detainers/{detainer.pk}/decision/")
    decision_form = page.locator("form", has=page.get_by_role("button", name="Record the decision"))
    decision_form.get_by_label(hold).check()
    decision_form.get_by_label("Why").fill("A judge's warrant was faxed to the desk.")
    decision_form.get_by_label("I told the person that ICE asked for their detention").check()
    decision_form.get_by_role("button", name="Record the decision").click()
    expect(page.locator("main")).to_contain_text("A supervisor must approve an override")
    assert not Decision.objects.exists()

    page.locator("summary", has_text="Ask a supervisor for an override").click()
    request_form = page.get_by_test_id("override-request-form")
    expect(request_form).to_be_visible()
    request_form.locator('input[name="actions"][value="hold"]').check()
    request_form.get_by_label("Reason").fill("A judge's warrant was faxed to the desk; copy on file.")
    request_form.get_by_role("button", name="Ask a supervisor to approve").click()
    expect(page.locator("main")).to_contain_text("Override requested.")

    supervisor_page = _new_page(browser, live_server)
    _sign_in(supervisor_page, live_server, "sam", sup_device)
    supervisor_page.goto(f"/cases/detainers/{detainer.pk}/decision/")
    review = supervisor_page.get_by_test_id("override-review-form")
    review.get_by_label("Approve").check()
    review.get_by_role("button", name="Record the review").click()
    expect(supervisor_page.locator("main")).to_contain_text("Override approved.")
    supervisor_page.context.close()

    page.goto(f"/cases/detainers/{detainer.pk}/decision/")
    decision_form = page.locator("form", has=page.get_by_role("button", name="Record the decision"))
    decision_form.get_by_label(hold).check()
    decision_form.get_by_label("Why").fill("A judge's warrant was faxed to the desk.")
    decision_form.get_by_label("I told the person that ICE asked for their detention").check()
    decision_form.get_by_role("button", name="Record the decision").click()
    page.wait_for_url("**/cases/decisions/*/")
    decision = Decision.objects.get()
    assert decision.actions == [DecisionAction.HOLD] and decision.override_request is not None
