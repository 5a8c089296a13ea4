# An email regards a project or a company through a generic relation, so that mailing holds no
# foreign key to the domain's apps; the kinds are registered by those apps (no choices).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('mailing', '0008_email_list_order_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='outboundemail',
            name='regarding_id',
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name='concerne (identifiant)'),
        ),
        migrations.AddField(
            model_name='outboundemail',
            name='regarding_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='concerne (type)'),
        ),
        migrations.AlterField(
            model_name='outboundemail',
            name='kind',
            field=models.CharField(max_length=40, verbose_name='type'),
        ),
    ]
