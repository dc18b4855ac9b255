"""Editors may add, change and delete disputes and their positions; Readers may view them.

The groups (roles 0002) were made before disputes existed, so only superusers could edit
them in the admin or the API.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["dispute", "disputeposition"]
EDITOR_ACTIONS = ["add", "change", "delete", "view"]
READER_ACTIONS = ["view"]


def _permissions(apps, actions):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in actions]
    return Permission.objects.filter(
        content_type__app_label="responsibilities", codename__in=codenames
    )


def grant(apps, schema_editor):
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


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=["Editors", "Readers"]):
        group.permissions.remove(*_permissions(apps, EDITOR_ACTIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("responsibilities", "0005_assignment_list_index"),
        ("roles", "0002_editor_and_reader_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
