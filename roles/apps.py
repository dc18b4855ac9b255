from django.apps import AppConfig


class RolesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roles"
    verbose_name = "Roles"

    def ready(self) -> None:
        # Every write to a role, map, variant or contrast advances the data version
        # (responsibilities.versioning); receivers connect once the registry is ready.
        from responsibilities import version_writes  # noqa: PLC0415

        version_writes.connect(self.get_models())
        # Who is signed in and which maps they see advance `readers` (roles.reader_writes).
        from . import reader_writes  # noqa: PLC0415

        reader_writes.connect()
        # Who may see and edit a map: registers the rules (django-rules) it declares.
        from . import access  # noqa: F401, PLC0415
