# Reminders get a group key ("cases.custodycase:42") so that every reminder of a case can be
# cancelled without a foreign key to the case (the reminders move to the notifications app).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_created_by_blank'),
    ]

    operations = [
        migrations.AddField(
            model_name='reminder',
            name='group_key',
            field=models.CharField(blank=True, db_index=True, default='', max_length=100),
            preserve_default=False,
        ),
    ]
