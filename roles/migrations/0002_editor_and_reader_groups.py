"""Groups for the admin: Editors change content (and its history), Readers only view it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = {
    "roles": ["rolemap", "role", "rolevariant", "contrast"],
    "responsibilities": ["source", "quote", "area", "responsibility", "assignment"],
}
EDITOR_ACTIONS = ["add", "change", "delete", "view"]
READER_ACTIONS = ["view"]


def _permissions(apps, actions):
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}"
        for models in CONTENT_MODELS.values()
        for model in models
        for action in actions
    ]
    return Permission.objects.filter(
        content_type__app_label__in=list(CONTENT_MODELS), codename__in=codenames
    )


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*_permissions(apps, EDITOR_ACTIONS))
    readers, _ = Group.objects.get_or_create(name="Readers")
    readers.permissions.add(*_permissions(apps, READER_ACTIONS))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Readers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_initial"),
        ("responsibilities", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
