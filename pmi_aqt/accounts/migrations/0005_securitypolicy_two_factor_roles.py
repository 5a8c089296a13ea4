from django.db import migrations, models

STAFF_ROLES = ["finance_officer", "manager", "officer"]


def roles_from_staff_switch(apps, schema_editor):
    policy = apps.get_model("accounts", "SecurityPolicy")
    policy.objects.filter(require_two_factor_for_staff=True).update(two_factor_roles=STAFF_ROLES)


def staff_switch_from_roles(apps, schema_editor):
    policy = apps.get_model("accounts", "SecurityPolicy")
    for row in policy.objects.all():
        row.require_two_factor_for_staff = bool(set(row.two_factor_roles) & set(STAFF_ROLES))
        row.save(update_fields=["require_two_factor_for_staff"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_seed_security_policy")]

    operations = [
        migrations.AddField(
            model_name="securitypolicy",
            name="two_factor_roles",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text=(
                    "Les personnes qui tiennent l'un de ces rôles devront l'activer à leur "
                    "prochaine page : elles ne pourront rien faire d'autre avant. Les autres "
                    "restent libres de l'activer."
                ),
                verbose_name="rôles tenus d'utiliser la double authentification",
            ),
        ),
        migrations.RunPython(roles_from_staff_switch, staff_switch_from_roles),
        migrations.RemoveField(model_name="securitypolicy", name="require_two_factor_for_staff"),
    ]
