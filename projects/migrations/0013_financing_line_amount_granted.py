# What the task force's decision granted on a financing line. The same field and constraint as
# the finance branch's projects/0014_financingline_amount_granted: when both land, keep that one
# and point taskforce/0003 at it.

import django.core.validators
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0012_project_intake_submission'),
    ]

    operations = [
        migrations.AddField(
            model_name='financingline',
            name='amount_granted',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='montant accordé (€)'),
        ),
        migrations.AddConstraint(
            model_name='financingline',
            constraint=models.CheckConstraint(condition=models.Q(('amount_granted__isnull', True), ('amount_granted__gte', 0), _connector='OR'), name='financing_granted_not_negative'),
        ),
    ]
