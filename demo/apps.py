from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo city (`seed_demo`): the last app, as it builds with every other app's services."""

    name = "demo"
    verbose_name = "Kota demo"
