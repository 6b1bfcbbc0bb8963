"""Operators run crawls and manage feeds; being staff (as every scorer is) is not enough."""

from django.db import migrations

OPERATOR_PERMISSIONS = [
    ("matches", "run_crawl"),
    ("matches", "view_crawljob"),
    ("matches", "view_feedconfig"),
    ("matches", "add_feedconfig"),
    ("matches", "change_feedconfig"),
    ("matches", "delete_feedconfig"),
    ("matches", "view_matchalert"),
    ("matches", "change_matchalert"),
]


def create_operators(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    operators, _ = Group.objects.get_or_create(name="operators")
    for app_label, codename in OPERATOR_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            operators.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_favourite"),
        ("matches", "0004_crawl_operators"),
    ]
    operations = [migrations.RunPython(create_operators, migrations.RunPython.noop)]
