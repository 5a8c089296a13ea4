from django.db import migrations

# The primary axis becomes one of the project's axes wherever it was not (a rule of the model
# from now on). One statement, portable between PostgreSQL and SQLite.
INCLUDE_PRIMARY_AXES = """
    INSERT INTO projects_project_axes (project_id, interventionaxis_id)
    SELECT project.id, project.primary_axis_id
    FROM projects_project project
    WHERE project.primary_axis_id IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM projects_project_axes listed
        WHERE listed.project_id = project.id
          AND listed.interventionaxis_id = project.primary_axis_id
      )
"""


class Migration(migrations.Migration):
    dependencies = [("projects", "0010_list_filter_indexes")]

    operations = [migrations.RunSQL(INCLUDE_PRIMARY_AXES, migrations.RunSQL.noop)]
