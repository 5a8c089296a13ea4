from django.db import migrations

# The programme's founding targets: companies to support per year.
TARGETS = {2015: 15, 2016: 20, 2017: 25}


def seed_targets(apps, schema_editor):
    YearlyTarget = apps.get_model("projects", "YearlyTarget")
    for year, companies in TARGETS.items():
        YearlyTarget.objects.get_or_create(year=year, defaults={"companies_target": companies})


def unseed_targets(apps, schema_editor):
    YearlyTarget = apps.get_model("projects", "YearlyTarget")
    for year, companies in TARGETS.items():
        # Only the seeded values: a target the manager changed since is kept.
        YearlyTarget.objects.filter(year=year, companies_target=companies).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_yearly_targets")]

    operations = [migrations.RunPython(seed_targets, unseed_targets)]
