"""Applications started before organizations existed belong to an organization their applicant owns."""

from django.db import migrations


def give_each_applicant_an_organization(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Organization = apps.get_model("accounts", "Organization")
    Membership = apps.get_model("accounts", "Membership")
    for application in Application.objects.filter(organization__isnull=True).select_related("applicant"):
        user = application.applicant
        membership = (Membership.objects.filter(user=user, role__in=["owner", "staff"])
                      .order_by("added_at", "pk").first())
        if membership is None:
            name = f"{user.first_name} {user.last_name}".strip() or user.username
            organization = Organization.objects.create(name=name)
            membership = Membership.objects.create(organization=organization, user=user, role="owner", added_by=user)
        Application.objects.filter(pk=application.pk).update(organization=membership.organization_id)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_organizations_members_profiles"),
        ("applications", "0005_organizations_project_attachments_translations_blank_forms"),
    ]
    operations = [migrations.RunPython(give_each_applicant_an_organization, migrations.RunPython.noop)]
