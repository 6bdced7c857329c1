from django.apps import AppConfig


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"
    verbose_name = "Pekerjaan latar belakang"

    def ready(self):
        # opd hands its long work (the staff import's confirmation) to jobs through a hook.
        from jobs import registry, services, staff_import
        from opd import background

        background.register(services.job_start)
        registry.register(
            staff_import.STAFF_IMPORT, staff_import.run_staff_import, label="Impor data pegawai"
        )
