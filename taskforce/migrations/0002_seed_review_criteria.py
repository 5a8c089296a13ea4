from django.db import migrations

CRITERIA = [
    ("innovation", "Innovation", "Caractère innovant du projet pour l'entreprise et son marché."),
    ("feasibility", "Faisabilité", "Moyens, compétences et calendrier au regard des ambitions."),
    (
        "company_impact",
        "Impact pour l'entreprise",
        "Effets attendus sur l'activité, l'emploi et la compétitivité.",
    ),
    ("axes_fit", "Adéquation aux axes", "Cohérence avec les axes d'intervention du programme."),
    (
        "financing",
        "Solidité du financement",
        "Réalisme et sécurisation du plan de financement.",
    ),
]


def seed(apps, schema_editor):
    ReviewCriterion = apps.get_model("taskforce", "ReviewCriterion")
    for position, (code, label, description) in enumerate(CRITERIA, start=1):
        ReviewCriterion.objects.update_or_create(
            code=code,
            defaults={"label": label, "description": description, "position": position},
        )


def unseed(apps, schema_editor):
    ReviewCriterion = apps.get_model("taskforce", "ReviewCriterion")
    ReviewCriterion.objects.filter(code__in=[code for code, _, _ in CRITERIA]).delete()


class Migration(migrations.Migration):
    dependencies = [("taskforce", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
