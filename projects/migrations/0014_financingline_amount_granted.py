# The amount a funder (or the task force) granted, between the amount asked and the amount
# obtained. Kept in a migration of its own: another branch may add the same field.

import django.core.validators
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0013_financing_dates_and_history'),
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
