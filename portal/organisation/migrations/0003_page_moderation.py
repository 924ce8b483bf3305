"""Content editors edit the portal's pages and submit them; supervisors approve (内容审核)."""

from django.db import migrations

from portal.organisation.moderation import apply_page_moderation


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_policy_parameter_permissions"),
        ("cms", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(apply_page_moderation, migrations.RunPython.noop)]
