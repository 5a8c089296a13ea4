"""The summary's running totals (projects/stats/summary.py, year 0): every financing line's
sums for the financing workspace and each person's open projects per stage for the team view.
Every project's kept part gains them, so the summary is computed again from the rows (as in
0023, with the same code as the rebuild command)."""

from django.db import migrations


def count_again(apps, schema_editor):
    from projects.stats.summary import rebuild_summary

    rebuild_summary()


class Migration(migrations.Migration):
    dependencies = [("projects", "0027_project_search_columns_backfill")]

    operations = [
        migrations.RunPython(count_again, migrations.RunPython.noop, elidable=False),
    ]
