"""Disputes (responsibilities 0003) are content too: Editors change them, Readers view them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["dispute", "disputeposition"]
GROUP_ACTIONS = {"Editors": ["add", "change", "delete", "view"], "Readers": ["view"]}


def _permissions(apps, actions):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="responsibilities",
        codename__in=[f"{action}_{model}" for model in MODELS for action in actions],
    )


def grant(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, actions in GROUP_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, actions))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, actions in GROUP_ACTIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*_permissions(apps, actions))


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0002_editor_and_reader_groups"),
        ("responsibilities", "0003_evidence"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
