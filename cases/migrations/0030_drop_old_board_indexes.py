"""Drop the indexes only the old board read: since 0029 it reads its own entries
(``cases_boardentry``) along their indexes, and these three cost every write of a booking or a
detainer for nothing (the dashboard keeps ``case_board_deadline_idx`` and
``detainer_hold_until_idx``)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0029_board_entry'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='custodycase',
            name='case_board_missing_idx',
        ),
        migrations.RemoveIndex(
            model_name='detainer',
            name='detainer_board_hold_idx',
        ),
        migrations.RemoveIndex(
            model_name='detainer',
            name='detainer_board_release_idx',
        ),
    ]
