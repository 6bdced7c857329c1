from django.apps import AppConfig


class StaffImportConfig(AppConfig):
    name = "staff_import"
    verbose_name = "Impor data pegawai"

    def ready(self):
        # The confirmation of an upload runs as a background job (staff_import/confirmation.py).
        from jobs import registry
        from staff_import import confirmation

        registry.register(
            confirmation.STAFF_IMPORT, confirmation.run_staff_import, label="Impor data pegawai"
        )
