# Existing reminders get their generic target and group from their foreign keys to the case,
# the detainer and the decision (the most specific one is the target; the case is the group).
# Reversible: going back fills the foreign keys from the target again.

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

CASE, DETAINER, DECISION = 'cases.custodycase', 'cases.detainer', 'cases.decision'


def fill_targets(apps, schema_editor):
    Reminder = apps.get_model('cases', 'Reminder')
    untargeted = Reminder.objects.filter(target_type='')
    untargeted.filter(decision__isnull=False).update(target_type=DECISION, target_id=F('decision_id'))
    untargeted.filter(detainer__isnull=False).update(target_type=DETAINER, target_id=F('detainer_id'))
    untargeted.filter(case__isnull=False).update(target_type=CASE, target_id=F('case_id'))
    Reminder.objects.filter(case__isnull=False).update(
        group_key=Concat(Value(CASE + ':'), Cast('case_id', models.CharField()))
    )


def fill_foreign_keys(apps, schema_editor):
    Reminder = apps.get_model('cases', 'Reminder')
    Decision = apps.get_model('cases', 'Decision')
    Detainer = apps.get_model('cases', 'Detainer')
    decisions = Decision.objects.filter(pk=OuterRef('target_id'))
    Reminder.objects.filter(target_type=DECISION).update(
        decision_id=F('target_id'), detainer_id=Subquery(decisions.values('detainer_id')[:1])
    )
    Reminder.objects.filter(target_type=DETAINER).update(detainer_id=F('target_id'))
    Reminder.objects.filter(target_type=CASE).update(case_id=F('target_id'))
    detainers = Detainer.objects.filter(pk=OuterRef('detainer_id'))
    Reminder.objects.filter(detainer__isnull=False).update(case_id=Subquery(detainers.values('case_id')[:1]))
    Reminder.objects.filter(target_type__in=[CASE, DETAINER, DECISION]).update(target_type='', target_id=None)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_reminder_group_key'),
    ]

    operations = [
        migrations.RunPython(fill_targets, fill_foreign_keys),
    ]
