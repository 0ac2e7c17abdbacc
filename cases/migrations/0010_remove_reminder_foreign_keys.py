# The reminders no longer point at cases' models: their target and group say what they are
# about (filled by 0009).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_reminder_targets_from_foreign_keys'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='reminder',
            name='case',
        ),
        migrations.RemoveField(
            model_name='reminder',
            name='decision',
        ),
        migrations.RemoveField(
            model_name='reminder',
            name='detainer',
        ),
    ]
