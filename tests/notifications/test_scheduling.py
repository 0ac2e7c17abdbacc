"""The scheduling API every app plans its reminders with: schedule is idempotent on the
dedupe key, cancel works by target or by group (and kinds), revive brings a cancelled
reminder back, and nothing is ever sent twice."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tests.notifications.conftest import ParcelKind
from trustportal.accounts.roles import Role
from trustportal.notifications.models import Reminder, ReminderStatus
from trustportal.notifications.scheduling import Target, cancel, group_of, revive, schedule

pytestmark = pytest.mark.django_db
DUE = dt.datetime(2026, 6, 1, 14, 0, tzinfo=dt.UTC)
SHIPMENT_3, SHIPMENT_4 = "parcels.shipment:3", "parcels.shipment:4"
PARCEL_7 = Target("parcels.parcel", 7)


def remind(agency, *, target=PARCEL_7, group=SHIPMENT_3, **kwargs):
    fields = dict(kind=ParcelKind.DUE, due_at=DUE, title="Collect parcel 7",
                  role=Role.DESK_OFFICER) | kwargs  # fmt: skip
    return schedule(agency=agency, target=target, group=group, **fields)


def test_scheduling_twice_writes_one_row(agency):
    first, second = remind(agency), remind(agency)
    assert first.pk == second.pk and Reminder.objects.count() == 1
    assert (first.target_type, first.target_id, first.group_key) == ("parcels.parcel", 7, SHIPMENT_3)
    assert first.dedupe_key == "parcel_due:parcels.parcel:7:20260601T1400:rDesk officer"
    assert first.status == ReminderStatus.SCHEDULED and first.kind_label == "Parcel due"


def test_another_time_recipient_or_kind_is_another_reminder(agency, desk_officer):
    remind(agency)
    remind(agency, due_at=DUE + dt.timedelta(hours=1))
    remind(agency, role="", user=desk_officer)
    remind(agency, kind=ParcelKind.OVERDUE)
    assert Reminder.objects.count() == 4


def test_a_given_dedupe_key_is_kept_and_the_group_defaults_to_the_target(agency):
    reminder = remind(agency, group="", dedupe_key="parcel_due:p7:20260601T1400:rDesk officer")
    assert reminder.dedupe_key == "parcel_due:p7:20260601T1400:rDesk officer"
    assert reminder.group_key == "parcels.parcel:7"
    assert remind(agency, group="", dedupe_key=reminder.dedupe_key, title="Other").pk == reminder.pk


def test_it_refuses_an_unregistered_kind_or_a_reminder_for_nobody(agency):
    with pytest.raises(ValueError, match="not registered"):
        remind(agency, kind="made_up")
    with pytest.raises(ValueError, match="recipient"):
        remind(agency, role="")
    assert not Reminder.objects.exists()


def test_cancel_by_group_stops_every_scheduled_reminder_of_the_group_only(agency):
    in_shipment = [
        remind(agency, target=Target("parcels.parcel", 7)),
        remind(agency, target=Target("parcels.label", 9)),
    ]
    sent = remind(agency, target=Target("parcels.label", 10))
    Reminder.objects.filter(pk=sent.pk).update(status=ReminderStatus.SENT)
    other_shipment = remind(agency, target=Target("parcels.parcel", 8), group=SHIPMENT_4)

    assert cancel(group=SHIPMENT_3, reason="shipment returned") == 2
    assert {
        (r.status, r.cancelled_reason) for r in Reminder.objects.filter(pk__in=[r.pk for r in in_shipment])
    } == {(ReminderStatus.CANCELLED, "shipment returned")}
    assert Reminder.objects.get(pk=sent.pk).status == ReminderStatus.SENT, "sent stays sent"
    assert Reminder.objects.get(pk=other_shipment.pk).status == ReminderStatus.SCHEDULED


def test_cancel_by_target_and_kinds(agency):
    due = remind(agency)
    overdue = remind(agency, kind=ParcelKind.OVERDUE)
    elsewhere = remind(agency, target=Target("parcels.parcel", 8))
    assert cancel(target=Target("parcels.parcel", 7), kinds=[ParcelKind.DUE], reason="collected") == 1
    statuses = dict(Reminder.objects.values_list("pk", "status"))
    assert statuses == {
        due.pk: ReminderStatus.CANCELLED,
        overdue.pk: ReminderStatus.SCHEDULED,
        elsewhere.pk: ReminderStatus.SCHEDULED,
    }
    with pytest.raises(ValueError):
        cancel(reason="everything")


def test_scheduling_again_revives_a_cancelled_reminder_with_its_new_text(agency):
    reminder = remind(agency)
    cancel(group=SHIPMENT_3, reason="address changed")
    again = remind(agency, title="Collect parcel 7 (new time)")
    assert again.pk == reminder.pk and Reminder.objects.count() == 1
    assert (again.status, again.cancelled_reason, again.title) == (
        ReminderStatus.SCHEDULED, "", "Collect parcel 7 (new time)",
    )  # fmt: skip


def test_revive_brings_back_only_a_cancelled_reminder(agency):
    reminder = remind(agency)
    assert not revive(dedupe_key=reminder.dedupe_key), "still scheduled: nothing to revive"
    cancel(target=Target("parcels.parcel", 7), reason="collected")
    assert revive(dedupe_key=reminder.dedupe_key, body="Back again.")
    reminder.refresh_from_db()
    assert (reminder.status, reminder.cancelled_reason, reminder.body) == (
        ReminderStatus.SCHEDULED,
        "",
        "Back again.",
    )
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.SENT, sent_at=timezone.now())
    assert not revive(dedupe_key=reminder.dedupe_key)
    assert remind(agency).status == ReminderStatus.SENT, "a sent reminder is never scheduled again"


def test_targets_and_groups_name_a_model_and_a_key(agency):
    user = UserFactory(agency=agency)
    assert Target.of(user) == Target("accounts.user", user.pk)
    assert group_of(agency) == f"accounts.agency:{agency.pk}"
