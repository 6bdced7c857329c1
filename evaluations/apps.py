from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = "Evaluasi kerja fleksibel"

    def ready(self):
        # The dashboards show how far the evaluations are; reports may not import this app.
        from evaluations.selectors import dashboard_panel
        from reports import panels

        panels.register(dashboard_panel)
