from django.apps import AppConfig


class DevicelogsConfig(AppConfig):
    name = "devicelogs"
    verbose_name = "Presensi mesin (sidik jari / e-presensi)"

    def ready(self):
        # A confirmed device-log file is stored by a background job (devicelogs/confirmation.py).
        from devicelogs import confirmation
        from jobs import registry

        registry.register(
            confirmation.DEVICE_LOG_IMPORT,
            confirmation.run_device_log_import,
            label="Impor log mesin presensi",
        )
