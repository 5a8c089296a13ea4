# The decision's outcome is stored once, on the task force's agenda item: the project reads
# its latest decision (Project.latest_decision). Its copy goes once taskforce's 0004 has moved
# every value over.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0018_scheme_search_and_terms"),
        ("taskforce", "0004_decision_outcome_stored_on_agenda_items"),
    ]

    operations = [
        migrations.RemoveField(model_name="project", name="decision_outcome"),
    ]
