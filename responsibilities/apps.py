from django.apps import AppConfig


class ResponsibilitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "responsibilities"
    verbose_name = "Responsibilities and evidence"

    def ready(self) -> None:
        # Signal receivers connect once the app registry is ready, as Django documents.
        from simple_history.signals import pre_create_historical_record  # noqa: PLC0415

        from . import version_writes  # noqa: PLC0415
        from .history import fill_change_reason  # noqa: PLC0415

        pre_create_historical_record.connect(
            fill_change_reason, dispatch_uid="pmroles_fill_change_reason"
        )
        version_writes.connect(self.get_models())
