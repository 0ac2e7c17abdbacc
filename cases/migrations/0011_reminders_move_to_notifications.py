# Reminder, Notification and OutboundEmail now belong to the notifications app
# (trustportal/notifications), which keeps their tables (cases_reminder, cases_notification,
# cases_outboundemail) and rows: this removes them from this app's state only. run_before
# makes the notifications app's state migration come after, so its models never exist in
# both apps at once and its later migrations find the tables, on a new database too.
# ReminderPolicy (this app's reminder timings) stays here.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0010_remove_reminder_foreign_keys'),
    ]

    run_before = [
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Notification'),
                migrations.DeleteModel(name='OutboundEmail'),
                migrations.DeleteModel(name='Reminder'),
            ],
            database_operations=[],
        ),
    ]
