from django.apps import AppConfig


class ReadlogConfig(AppConfig):
    name = "readlog"
    verbose_name = "Log akses data pribadi"
