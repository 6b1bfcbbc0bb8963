from django.db import migrations

SCORER_PERMISSIONS = [
    ("matches", "view_match"),
    ("matches", "view_competition"),
    ("matches", "view_team"),
    ("matches", "view_player"),
    ("matches", "view_matchplayer"),
    ("scoring", "view_matchevent"),
    ("scoring", "view_scoreboard"),
]
STAFF_MODELS = [
    ("matches", ["competition", "team", "player", "venue", "match", "matchplayer"]),
    ("scoring", ["matchevent", "scoreboard"]),
]


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    scorers, _ = Group.objects.get_or_create(name="scorers")
    for app_label, codename in SCORER_PERMISSIONS:
        scorers.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    staff, _ = Group.objects.get_or_create(name="staff")
    for app_label, models in STAFF_MODELS:
        staff.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("matches", "0001_initial"),
        ("scoring", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
