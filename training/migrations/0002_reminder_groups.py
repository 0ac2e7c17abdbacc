# Training's existing reminders get their group key, which the scheduling API cancels by:
# an assignment's reminders are grouped per taker ("training.assignmentmember:<pk>", found
# from the assignment and user in their dedupe key), a certificate's by the certificate.

import re

from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Cast, Concat

ASSIGNMENT_KEY = re.compile(r'^training_(?:due|overdue):a(\d+):u(\d+):')


def fill_groups(apps, schema_editor):
    Reminder = apps.get_model('notifications', 'Reminder')
    AssignmentMember = apps.get_model('training', 'AssignmentMember')
    Reminder.objects.filter(target_type='training.certificate', group_key='').update(
        group_key=Concat(Value('training.certificate:'), Cast('target_id', models.CharField()))
    )
    members = {(m.assignment_id, m.user_id): m.pk for m in AssignmentMember.objects.all()}
    rows = []
    for reminder in Reminder.objects.filter(target_type='training.assignment', group_key='').iterator():
        match = ASSIGNMENT_KEY.match(reminder.dedupe_key)
        member = members.get((int(match[1]), int(match[2]))) if match else None
        if member is not None:
            reminder.group_key = f'training.assignmentmember:{member}'
            rows.append(reminder)
    Reminder.objects.bulk_update(rows, ['group_key'], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('training', '0001_initial'),
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(fill_groups, migrations.RunPython.noop),
    ]
