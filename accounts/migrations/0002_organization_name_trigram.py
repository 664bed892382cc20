"""The trigram extension and an index on UPPER(name) for staff's organization search (issue 15; PostgreSQL only)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from core.migration_operations import OnPostgreSQL


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_organizations_members_profiles'),
    ]

    operations = [
        OnPostgreSQL(TrigramExtension()),
        OnPostgreSQL(migrations.RunSQL(
            'CREATE INDEX organization_name_trgm ON accounts_organization USING gin ((UPPER("name"::text)) gin_trgm_ops)',
            'DROP INDEX organization_name_trgm',
        )),
    ]
