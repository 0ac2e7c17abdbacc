"""The bell, the notifications page, acknowledging reminders, and the supervisors' page of
undelivered reminders: each person sees only their own notifications, changes are POST-only
and audited, another agency's rows are a 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import NotificationFactory, OutboundEmailFactory, ReminderFactory, UserFactory
from trustportal.accounts.roles import Role
from trustportal.audit.models import AuditEvent
from trustportal.notifications.models import OutboxStatus, ReminderStatus

pytestmark = pytest.mark.django_db
NOTIFICATIONS, BELL = reverse("notifications:list"), reverse("notifications:bell")
READ_ALL, FAILED = reverse("notifications:read_all"), reverse("notifications:failed_deliveries")


def read_url(note):
    return reverse("notifications:read", args=[note.pk])


def ack_url(reminder):
    return reverse("notifications:reminder_acknowledge", args=[reminder.pk])


def retry_url(email):
    return reverse("notifications:outbox_retry", args=[email.pk])


def test_the_pages_live_under_notifications():
    assert (NOTIFICATIONS, BELL) == ("/notifications/", "/notifications/bell/")
    assert FAILED == "/notifications/failed/"


# --- the bell ------------------------------------------------------------------------------


def test_the_bell_counts_only_my_unread_notifications(client, sign_in, desk_officer, supervisor, settings):
    settings.TRUSTPORTAL_POLL_SECONDS = 7
    NotificationFactory.create_batch(2, user=desk_officer)
    NotificationFactory(user=desk_officer, read_at=timezone.now())
    NotificationFactory(user=supervisor)
    sign_in(desk_officer)
    response = client.get(BELL, headers={"X-TrustPortal-Poll": "1", "HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<span class="badge rounded-pill text-bg-danger" data-testid="bell-count">2</span>' in page
    assert 'hx-trigger="every 7s"' in page and """{"X-TrustPortal-Poll": "1"}""" in page
    assert "sessionid" not in response.cookies, "the bell's polling never renews the idle timeout"


def test_every_page_loads_the_bell_with_the_poll_header(client, sign_in, trainer):
    sign_in(trainer)
    page = client.get(reverse("home")).content.decode()
    assert f"""hx-get="{BELL}" hx-trigger="load, every 30s" hx-swap="outerHTML" """ in page
    assert """hx-headers='{"X-TrustPortal-Poll": "1"}'""" in page
    assert client.get(BELL).status_code == 200, "trainers get training reminders in the bell"


# --- the notifications page ----------------------------------------------------------------


def test_it_lists_my_notifications_newest_first_unread_in_bold(client, sign_in, desk_officer, supervisor):
    old = NotificationFactory(
        user=desk_officer, title="Older", created_at=timezone.now() - timezone.timedelta(1)
    )
    NotificationFactory(user=desk_officer, title="Newer", link="/cases/detainers/7/decision/")
    NotificationFactory(user=desk_officer, title="Seen", read_at=timezone.now(), reminder=None)
    NotificationFactory(user=supervisor, title="Not mine")
    sign_in(desk_officer)
    response = client.get(NOTIFICATIONS)
    titles = [n.title for n in response.context["page"]]
    assert titles == ["Seen", "Newer", "Older"]
    page = response.content.decode()
    assert "Not mine" not in page
    assert '<a href="/cases/detainers/7/decision/">Newer</a>' in page
    assert page.count('<div class="fw-bold">') == 2
    assert read_url(old) in page


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "//evil.example", "/\\evil.example", "https://evil.example"]
)
def test_it_never_links_outside_the_site(client, sign_in, desk_officer, link):
    NotificationFactory(user=desk_officer, title="Odd", link=link)
    sign_in(desk_officer)
    assert f'href="{link}"' not in client.get(NOTIFICATIONS).content.decode()


def test_marking_one_read_is_post_only_audited_and_mine_only(client, sign_in, desk_officer, other_officer):
    mine = NotificationFactory(user=desk_officer)
    colleague = NotificationFactory(user=UserFactory(agency=desk_officer.agency))
    outsider = NotificationFactory(user=other_officer)
    sign_in(desk_officer)

    assert client.get(read_url(mine)).status_code == 405
    assert client.post(read_url(colleague)).status_code == 404
    assert client.post(read_url(outsider)).status_code == 404
    response = client.post(read_url(mine))
    assert response.status_code == 302 and response.url == NOTIFICATIONS

    mine.refresh_from_db(), colleague.refresh_from_db()
    assert mine.read_at is not None and colleague.read_at is None
    event = AuditEvent.objects.get(action="notification.read")
    assert (event.actor, event.details) == (desk_officer, {"notifications": [mine.pk]})


def test_marking_all_read_touches_only_mine(client, sign_in, desk_officer, supervisor):
    mine = NotificationFactory.create_batch(3, user=desk_officer)
    theirs = NotificationFactory(user=supervisor)
    sign_in(desk_officer)
    assert client.get(READ_ALL).status_code == 405
    client.post(READ_ALL)
    assert all(n.__class__.objects.get(pk=n.pk).read_at for n in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None


# --- acknowledging a reminder --------------------------------------------------------------


def test_acknowledging_records_who_and_when_for_every_recipient(client, sign_in, desk_officer, agency):
    desk_officer.first_name, desk_officer.last_name = "Dana", "Desk"
    desk_officer.save()
    colleague = UserFactory(agency=agency, roles=[Role.DESK_OFFICER])
    reminder = ReminderFactory(
        agency=agency, recipient_user=None, recipient_role=Role.DESK_OFFICER, status=ReminderStatus.SENT
    )
    NotificationFactory(user=desk_officer, reminder=reminder)
    NotificationFactory(user=colleague, reminder=reminder)
    sign_in(desk_officer)

    assert client.get(ack_url(reminder)).status_code == 405
    assert 'data-testid="acknowledge"' in client.get(NOTIFICATIONS).content.decode()
    response = client.post(ack_url(reminder), follow=True)
    assert "Acknowledged: your colleagues see that you are dealing with it." in response.content.decode()

    reminder.refresh_from_db()
    assert (reminder.status, reminder.acknowledged_by) == (ReminderStatus.ACKNOWLEDGED, desk_officer)
    assert reminder.acknowledged_at is not None
    assert AuditEvent.objects.filter(action="reminder.acknowledge", actor=desk_officer).count() == 1
    stamp = timezone.localtime(reminder.acknowledged_at).strftime("%a %d %b %Y %H:%M")
    sign_in(colleague)
    page = client.get(NOTIFICATIONS).content.decode()
    assert f"Acknowledged by Dana Desk at {stamp}" in page
    assert 'data-testid="acknowledge"' not in page


def test_only_a_recipient_may_acknowledge(client, sign_in, desk_officer, other_officer, agency):
    reminder = ReminderFactory(agency=agency, recipient_user=desk_officer, status=ReminderStatus.SENT)
    NotificationFactory(user=desk_officer, reminder=reminder)
    sign_in(UserFactory(agency=agency, roles=[Role.DESK_OFFICER]))
    assert client.post(ack_url(reminder)).status_code == 404
    sign_in(other_officer)
    assert client.post(ack_url(reminder)).status_code == 404
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT


# --- undelivered reminders (supervisors) ---------------------------------------------------


def failing_email(user, **kwargs):
    """A retrying e-mail of ``user``'s agency (about a reminder to that user)."""
    defaults = dict(attempts=3, last_error="SMTPServerDisconnected: Connection unexpectedly closed")
    return OutboundEmailFactory(reminder__recipient_user=user, **(defaults | kwargs))


def test_supervisors_see_failing_emails_and_reminders_of_their_agency(
    client, sign_in, supervisor, other_officer
):
    retrying = failing_email(supervisor, to="retrying@example.test")
    failing_email(supervisor, to="gaveup@example.test", status=OutboxStatus.FAILED, attempts=8)
    OutboundEmailFactory(
        reminder__recipient_user=supervisor, to="fine@example.test", status=OutboxStatus.SENT
    )
    OutboundEmailFactory(reminder__recipient_user=supervisor, to="queued@example.test")
    failing_email(other_officer, to="elsewhere@example.test")
    ReminderFactory(agency=supervisor.agency, recipient_user=None, recipient_role=Role.SUPERVISOR,
                    title="Nobody to tell", last_error="No active recipient (Supervisor).",
                    status=ReminderStatus.SENT)  # fmt: skip
    ReminderFactory(recipient_user=other_officer, title="Their problem", last_error="Boom")
    sign_in(supervisor)

    page = client.get(FAILED).content.decode()
    assert "retrying@example.test" in page and "gaveup@example.test" in page
    assert "fine@example.test" not in page and "queued@example.test" not in page
    assert "elsewhere@example.test" not in page and "Their problem" not in page
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page
    assert timezone.localtime(retrying.next_attempt_at).strftime("%a %d %b %Y %H:%M") in page
    assert "Nobody to tell" in page and "No active recipient (Supervisor)." in page


@pytest.mark.parametrize("persona", ["desk_officer", "trainer", "auditor", "agency_admin"])
def test_only_supervisors_open_the_undelivered_page(client, sign_in, request, persona):
    user = request.getfixturevalue(persona)
    email = failing_email(user)
    sign_in(user)
    assert client.get(FAILED).status_code == 403
    assert client.post(retry_url(email)).status_code == 403


def test_retry_now_is_post_only_audited_and_agency_scoped(client, sign_in, supervisor, other_officer):
    email = failing_email(supervisor, status=OutboxStatus.FAILED, attempts=8)
    theirs = failing_email(other_officer, status=OutboxStatus.FAILED, attempts=8)
    sign_in(supervisor)
    assert client.get(retry_url(email)).status_code == 405
    assert client.post(retry_url(theirs)).status_code == 404
    response = client.post(retry_url(email), follow=True)
    assert "will be sent again within a minute" in response.content.decode()
    email.refresh_from_db(), theirs.refresh_from_db()
    assert (email.status, theirs.status) == (OutboxStatus.PENDING, OutboxStatus.FAILED)
    assert AuditEvent.objects.filter(action="outbox.retry", actor=supervisor).count() == 1


def test_retrying_a_sent_email_is_refused_with_a_message(client, sign_in, supervisor):
    email = OutboundEmailFactory(reminder__recipient_user=supervisor, status=OutboxStatus.SENT)
    sign_in(supervisor)
    response = client.post(retry_url(email), follow=True)
    assert response.status_code == 200
    assert "This e-mail has been sent already." in response.content.decode()


# --- query counts --------------------------------------------------------------------------


def test_the_notifications_page_takes_a_fixed_number_of_queries(
    client, sign_in, desk_officer, django_assert_max_num_queries
):
    colleague = UserFactory(agency=desk_officer.agency)

    def acknowledged():
        reminder = ReminderFactory(
            recipient_user=desk_officer, status=ReminderStatus.ACKNOWLEDGED,
            acknowledged_by=colleague, acknowledged_at=timezone.now(),
        )  # fmt: skip
        return NotificationFactory(user=desk_officer, reminder=reminder)

    acknowledged()
    sign_in(desk_officer)
    with django_assert_max_num_queries(12):
        assert len(client.get(NOTIFICATIONS).context["page"]) == 1
    for n in range(49):
        acknowledged() if n % 2 else NotificationFactory(user=desk_officer)
    with django_assert_max_num_queries(12):
        assert len(client.get(NOTIFICATIONS).context["page"]) == 50


def test_the_undelivered_page_takes_a_fixed_number_of_queries(
    client, sign_in, supervisor, django_assert_max_num_queries
):
    failing_email(supervisor)
    sign_in(supervisor)
    with django_assert_max_num_queries(12):
        assert len(client.get(FAILED).context["emails"]) == 1
    for _ in range(49):
        failing_email(supervisor)
        ReminderFactory(recipient_user=supervisor, last_error="Boom")
    with django_assert_max_num_queries(12):
        assert len(client.get(FAILED).context["emails"]) == 50
