from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = "Target kerja (SKP)"

    def ready(self):
        # A large import's confirmation runs as a background job (targets/confirmation.py).
        from jobs import registry
        from targets import confirmation

        registry.register(
            confirmation.TARGETS_IMPORT,
            confirmation.run_targets_import,
            label="Impor target kerja",
        )
