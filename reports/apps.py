from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Dasbor dan rekap"

    def ready(self):
        # The task worker runs the city's documents as jobs: tell it what each kind runs.
        from jobs import registry
        from reports.documents import exports

        # Each only reads and writes its file: with a replica, from the replica once it has
        # everything the user had done when asking (jobs.registry, common/replica.py).
        for kind, runner, label in (
            (
                exports.CITY_WORKBOOK,
                exports.run_city_workbook,
                "Rekap koordinasi seluruh kota (.xlsx)",
            ),
            (exports.CITY_PDF, exports.run_city_pdf, "Ringkasan kota untuk Wali Kota (.pdf)"),
            (exports.PLAN_PDF, exports.run_plan_pdf, "Rencana OPD untuk ditandatangani (.pdf)"),
            (
                exports.EKINERJA_OPD,
                exports.run_ekinerja_opd,
                "Berkas progres harian e-Kinerja per OPD (.xlsx)",
            ),
            (exports.WEEK_PDF, exports.run_week_pdf, "Laporan mingguan OPD (.pdf)"),
        ):
            registry.register(kind, runner, label=label, reads_replica=True)
