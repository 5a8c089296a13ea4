"""The open next steps of exchanges, by officer and by company (partial, on every database).

The portfolio's overdue steps are an officer's own and those on the companies of the projects
they hold: each half reads its own small index instead of every open step due before today.
"""

from django.conf import settings
from django.db import migrations, models

OPEN_STEP = models.Q(
    ("next_step_done_at__isnull", True),
    models.Q(("next_step", ""), _negated=True),
)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0004_list_filter_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                condition=OPEN_STEP,
                fields=["officer", "next_step_due"],
                name="interaction_open_step_off_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                condition=OPEN_STEP,
                fields=["company", "next_step_due"],
                name="interaction_open_step_co_idx",
            ),
        ),
    ]
