# The old links are in `regarding` now (0010): mailing keeps no foreign key to the domain.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('mailing', '0010_move_links_to_regarding'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='outboundemail',
            name='company',
        ),
        migrations.RemoveField(
            model_name='outboundemail',
            name='project',
        ),
        migrations.AddIndex(
            model_name='outboundemail',
            index=models.Index(fields=['regarding_type', 'regarding_id', 'created_at', 'id'], name='email_regarding_idx'),
        ),
    ]
