from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Dasbor dan rekap"

    def ready(self):
        # The task worker runs the city's documents as jobs: tell it what each kind runs.
        from jobs import registry
        from jobs.models import JobKind
        from reports.documents import exports

        registry.register(JobKind.CITY_WORKBOOK, exports.run_city_workbook)
        registry.register(JobKind.CITY_PDF, exports.run_city_pdf)
        registry.register(JobKind.PLAN_PDF, exports.run_plan_pdf)
