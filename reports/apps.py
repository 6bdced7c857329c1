from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Dasbor dan rekap"

    def ready(self):
        # The task worker runs the city's documents as jobs: tell it what each kind runs.
        from jobs import registry
        from reports.documents import exports

        registry.register(
            exports.CITY_WORKBOOK,
            exports.run_city_workbook,
            label="Rekap koordinasi seluruh kota (.xlsx)",
        )
        registry.register(
            exports.CITY_PDF, exports.run_city_pdf, label="Ringkasan kota untuk Wali Kota (.pdf)"
        )
        registry.register(
            exports.PLAN_PDF, exports.run_plan_pdf, label="Rencana OPD untuk ditandatangani (.pdf)"
        )
        registry.register(
            exports.EKINERJA_OPD,
            exports.run_ekinerja_opd,
            label="Berkas progres harian e-Kinerja per OPD (.xlsx)",
        )
        registry.register(
            exports.WEEK_PDF, exports.run_week_pdf, label="Laporan mingguan OPD (.pdf)"
        )
