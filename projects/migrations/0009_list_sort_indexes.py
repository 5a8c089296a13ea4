"""Indexes for the project list's sorts by stage and by days in stage.

Without them each of these sorts ordered all projects to show 25 of them. The stage's position
is the `STAGE_POSITION` expression itself (an expression index, on SQLite too), so no stored
column has to be kept in step with the stage. Ascending and descending stage sorts both keep
days in stage ascending, hence one index for each direction.
"""

from django.db import migrations, models

STAGE_POSITION = models.Case(
    models.When(stage="intake", then=models.Value(0)),
    models.When(stage="qualified", then=models.Value(1)),
    models.When(stage="diagnosis", then=models.Value(2)),
    models.When(stage="dossier_ready", then=models.Value(3)),
    models.When(stage="on_agenda", then=models.Value(4)),
    models.When(stage="decided", then=models.Value(5)),
    models.When(stage="in_support", then=models.Value(6)),
    models.When(stage="completed", then=models.Value(7)),
    models.When(stage="abandoned", then=models.Value(8)),
    default=models.Value(9),
    output_field=models.IntegerField(),
)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0008_dashboard_support_started_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                STAGE_POSITION,
                models.F("stage_changed_at"),
                models.F("id"),
                name="project_stage_order_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                models.OrderBy(STAGE_POSITION, descending=True),
                models.F("stage_changed_at"),
                models.F("id"),
                name="project_stage_desc_order_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["stage_changed_at", "id"], name="project_days_in_stage_idx"),
        ),
    ]
