from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # A token deleted (revoked, or replaced by a new one) advances `readers` (api.tokens).
        from . import tokens  # noqa: PLC0415

        tokens.connect()
