from django.apps import AppConfig


class ResponsibilitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "responsibilities"
    verbose_name = "Responsibilities and evidence"
