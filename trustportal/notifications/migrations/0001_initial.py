# The reminder, notification and outbox models move here from the cases app. Their tables
# keep their names and their rows: this migration only creates the models in this app's
# state. The tables themselves were created by cases' migrations 0005-0010, which run first
# (cases 0011_reminders_move_to_notifications declares run_before this one), so the floor
# names no app.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='Reminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(help_text='A kind an app registered (kinds.py).', max_length=24)),
                ('due_at', models.DateTimeField()),
                ('recipient_role', models.CharField(blank=True, max_length=32)),
                ('target_type', models.CharField(blank=True, max_length=40)),
                ('target_id', models.PositiveBigIntegerField(blank=True, null=True)),
                ('group_key', models.CharField(blank=True, db_index=True, max_length=100)),
                ('title', models.CharField(max_length=200)),
                ('body', models.TextField(blank=True)),
                ('link', models.CharField(blank=True, max_length=200)),
                ('status', models.CharField(choices=[('scheduled', 'Scheduled'), ('sent', 'Sent'), ('acknowledged', 'Acknowledged'), ('cancelled', 'Cancelled')], default='scheduled', max_length=12)),
                ('dedupe_key', models.CharField(max_length=200, unique=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('last_error', models.TextField(blank=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('cancelled_reason', models.CharField(blank=True, max_length=200)),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('acknowledged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency')),
                ('recipient_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'cases_reminder',
                'ordering': ['due_at', 'id'],
                'indexes': [
                    models.Index(fields=['status', 'due_at'], name='cases_remin_status_4da2b8_idx'),
                    models.Index(fields=['agency', 'status'], name='cases_remin_agency__cc6fc3_idx'),
                    models.Index(fields=['target_type', 'target_id'], name='cases_remin_target__0840f1_idx'),
                ],
                'constraints': [
                    models.CheckConstraint(condition=models.Q(('recipient_user__isnull', False), models.Q(('recipient_role', ''), _negated=True), _connector='OR'), name='reminder_has_recipient'),
                ],
            },
        ),
        migrations.CreateModel(
            name='OutboundEmail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('to', models.EmailField(max_length=254)),
                ('subject', models.CharField(max_length=200)),
                ('body', models.TextField()),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('sent', 'Sent'), ('failed', 'Failed (gave up; retry by hand)')], default='pending', max_length=8)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('next_attempt_at', models.DateTimeField()),
                ('last_error', models.TextField(blank=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField()),
                ('agency', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency')),
                ('reminder', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='notifications.reminder')),
            ],
            options={
                'db_table': 'cases_outboundemail',
                'ordering': ['created_at', 'id'],
                'indexes': [models.Index(fields=['status', 'next_attempt_at'], name='cases_outbo_status_906c7a_idx')],
                'constraints': [models.UniqueConstraint(fields=('reminder', 'to'), name='outbox_once_per_reminder_address')],
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('body', models.TextField(blank=True)),
                ('link', models.CharField(blank=True, max_length=200)),
                ('created_at', models.DateTimeField()),
                ('read_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                ('reminder', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='notifications.reminder')),
            ],
            options={
                'db_table': 'cases_notification',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['user', 'read_at'], name='cases_notif_user_id_e14563_idx')],
                'constraints': [models.UniqueConstraint(fields=('reminder', 'user'), name='notification_once_per_reminder_user')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
    ]
