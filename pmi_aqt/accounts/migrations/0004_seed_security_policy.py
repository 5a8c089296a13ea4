from django.db import migrations


def create_policy(apps, schema_editor):
    # Off by default: the programme manager decides when staff must use two factors.
    apps.get_model("accounts", "SecurityPolicy").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_securitypolicy")]

    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
