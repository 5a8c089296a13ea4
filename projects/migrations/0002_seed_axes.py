from django.db import migrations

AXES = [
    ("management", "Management global des projets technologiques",
     "Structurer et piloter les projets technologiques de l'entreprise : organisation, "
     "gestion de projet, compétences."),
    ("social", "Innovation sociale",
     "Organisation du travail, qualité de vie, compétences et dialogue social au service "
     "du projet."),
    ("marketing", "Marketing",
     "Connaître ses marchés, positionner une offre, conquérir de nouveaux clients."),
    ("digital", "Transformation numérique",
     "Outils numériques, données, automatisation et usine connectée."),
    ("process", "Optimisation économique et technologique des procédés",
     "Productivité, qualité, énergie et coûts des procédés de fabrication."),
    ("crossover", "Métissage technologique",
     "Croiser des technologies ou des filières pour créer de nouveaux produits ou services."),
]


def seed_axes(apps, schema_editor):
    InterventionAxis = apps.get_model("projects", "InterventionAxis")
    for position, (code, label, description) in enumerate(AXES, start=1):
        InterventionAxis.objects.update_or_create(
            code=code, defaults={"label": label, "description": description, "position": position}
        )


def unseed_axes(apps, schema_editor):
    apps.get_model("projects", "InterventionAxis").objects.filter(
        code__in=[code for code, _, _ in AXES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(seed_axes, unseed_axes)]
