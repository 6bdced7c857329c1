from django.apps import AppConfig


class OpdConfig(AppConfig):
    name = "opd"
    verbose_name = "OPD, unit dan pegawai"

    def ready(self):
        from django.core import checks

        from common.checks import proxy_settings, shared_cache

        # Registers the rules permissions, so access.allowed() knows them in every process
        # (views, services, commands), not only once the URLconf has been imported.
        from opd import access  # noqa: F401

        # The settings the leaf helpers (common/) read are checked here: opd is the first app.
        checks.register(proxy_settings, checks.Tags.security)
        checks.register(shared_cache, checks.Tags.caches, deploy=True)
