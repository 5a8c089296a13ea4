"""The project's derived columns for the search and the sort by company, and the triggers that
keep them true on every write (projects/search_columns.py). Existing rows are computed by the
next migration, in batches."""

import pmi_aqt.search
from django.db import migrations

from projects import search_columns


def install_triggers(apps, schema_editor):
    if schema_editor is not None:  # the tests' conftest replays RunPython without an editor
        search_columns.install_triggers(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    if schema_editor is not None:
        search_columns.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0007_accent_blind_search'),
        ('projects', '0025_team_counts_covering_index'),
        ('search', '0001_fold_functions'),
    ]

    operations = [
        migrations.AddField(
            model_name='project',
            name='company_sort_name',
            field=pmi_aqt.search.DerivedTextField(blank=True, db_default='', default='', editable=False, verbose_name='raison sociale, pour le tri'),
        ),
        migrations.AddField(
            model_name='project',
            name='search_text',
            field=pmi_aqt.search.DerivedTextField(blank=True, db_default='', default='', editable=False, verbose_name='texte recherché'),
        ),
        migrations.RunPython(install_triggers, drop_triggers, elidable=False),
    ]
