from django.apps import AppConfig, apps
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(sender, using="default", verbosity=1, **kwargs) -> None:
    """After every migrate: the database cache table that the API throttles count in.

    Without REDIS_URL the throttle counters live in a database table (pmroles/settings);
    made here, a plain `migrate` is enough and no deployment can forget it (a missing table
    would fail every API request). Does nothing when the tables exist or no cache uses one.
    """
    call_command("createcachetable", database=using, verbosity=0)


class EditingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editing"
    verbose_name = "Editing"

    def ready(self) -> None:
        # Signal receivers connect once the app registry is ready, as Django documents.
        # post_migrate is sent once per app with models (this one has none): hear it once.
        post_migrate.connect(
            create_cache_tables,
            sender=apps.get_app_config("responsibilities"),
            dispatch_uid="pmroles_create_cache_tables",
        )
