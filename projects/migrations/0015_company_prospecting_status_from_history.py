# Each known company's prospecting status, from what the programme has done with it so far:
# a supported project → supported; any project → project opened; an exchange → contacted;
# otherwise a prospect (the field's default). Lives with projects, which knows companies.

from django.db import migrations
from django.db.models import Exists, OuterRef, Q

SUPPORT_STAGES = ("in_support", "completed")


def statuses_from_history(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    Interaction = apps.get_model("companies", "Interaction")
    Project = apps.get_model("projects", "Project")
    StageChange = apps.get_model("projects", "StageChange")

    projects = Project.objects.filter(company=OuterRef("pk"))
    supported = projects.filter(
        Q(support_started_on__isnull=False)
        | Q(stage__in=SUPPORT_STAGES)
        | Exists(StageChange.objects.filter(project=OuterRef("pk"), to_stage="in_support"))
    )
    # Furthest first: each update leaves alone the companies an earlier one placed.
    Company.objects.filter(Exists(supported)).update(prospecting_status="supported")
    Company.objects.filter(prospecting_status="prospect").filter(Exists(projects)).update(
        prospecting_status="project_opened"
    )
    Company.objects.filter(prospecting_status="prospect").filter(
        Exists(Interaction.objects.filter(company=OuterRef("pk")))
    ).update(prospecting_status="contacted")


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0006_company_prospecting_status'),
        ('projects', '0014_financingline_amount_granted'),
    ]

    operations = [
        migrations.RunPython(statuses_from_history, migrations.RunPython.noop),
    ]
