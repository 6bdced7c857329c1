from django.apps import AppConfig


class OpdConfig(AppConfig):
    name = "opd"
    verbose_name = "OPD, unit dan pegawai"

    def ready(self):
        # Registers the rules permissions, so access.allowed() knows them in every process
        # (views, services, commands), not only once the URLconf has been imported.
        from opd import access  # noqa: F401
