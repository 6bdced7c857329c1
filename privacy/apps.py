from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Pelindungan data pribadi"

    def ready(self):
        # The read access log's downloads run as background jobs (privacy/read_log_export.py).
        from privacy import read_log_export

        read_log_export.register()
