# Each email's old links become what it regards: its project when it had one, else its
# company. Two UPDATEs whatever the number of emails, in SQL that SQLite and PostgreSQL share.

from django.db import migrations
from django.db.models import F, OuterRef, Subquery


def _content_type(apps, app_label: str, model: str):
    # Content types are created after migrations; an empty database may not have them yet.
    ContentType = apps.get_model('contenttypes', 'ContentType')
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return content_type


def links_to_regarding(apps, schema_editor):
    OutboundEmail = apps.get_model('mailing', 'OutboundEmail')
    with_project = OutboundEmail.objects.filter(project__isnull=False)
    if with_project.exists():
        with_project.update(
            regarding_type=_content_type(apps, 'projects', 'project'),
            regarding_id=F('project_id'),
        )
    company_only = OutboundEmail.objects.filter(project__isnull=True, company__isnull=False)
    if company_only.exists():
        company_only.update(
            regarding_type=_content_type(apps, 'companies', 'company'),
            regarding_id=F('company_id'),
        )


def regarding_to_links(apps, schema_editor):
    OutboundEmail = apps.get_model('mailing', 'OutboundEmail')
    Project = apps.get_model('projects', 'Project')
    Company = apps.get_model('companies', 'Company')
    ContentType = apps.get_model('contenttypes', 'ContentType')
    project_type = ContentType.objects.filter(app_label='projects', model='project').first()
    company_type = ContentType.objects.filter(app_label='companies', model='company').first()
    if project_type is not None:
        # Only the emails whose project still exists: the old foreign key requires it.
        regarding_project = OutboundEmail.objects.filter(
            regarding_type=project_type,
            regarding_id__in=Project.objects.values('pk'),
        )
        regarding_project.update(
            project_id=F('regarding_id'),
            company_id=Subquery(
                Project.objects.filter(pk=OuterRef('regarding_id')).values('company_id')[:1]
            ),
        )
    if company_type is not None:
        OutboundEmail.objects.filter(
            regarding_type=company_type,
            regarding_id__in=Company.objects.values('pk'),
        ).update(company_id=F('regarding_id'))


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0005_open_step_owner_indexes'),
        ('mailing', '0009_outboundemail_regarding'),
        ('projects', '0011_primary_axis_among_axes'),
    ]

    operations = [
        migrations.RunPython(links_to_regarding, regarding_to_links),
    ]
