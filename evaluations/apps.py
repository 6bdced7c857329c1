from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = "Evaluasi kerja fleksibel"

    def ready(self):
        # The dashboards show how far the evaluations are; dashboards may not import this app.
        from dashboards import panels
        from evaluations.selectors import dashboard_panel

        panels.register(dashboard_panel)
