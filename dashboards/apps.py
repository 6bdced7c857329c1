from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dasbor dan rekap"

    def ready(self):
        # The task worker runs the city's documents as jobs: tell it what each kind runs.
        from dashboards import exports
        from jobs import registry
        from jobs.models import JobKind

        registry.register(JobKind.CITY_WORKBOOK, exports.run_city_workbook)
        registry.register(JobKind.CITY_PDF, exports.run_city_pdf)
        registry.register(JobKind.PLAN_PDF, exports.run_plan_pdf)
