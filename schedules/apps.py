from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = "Periode, penugasan dan rencana"

    def ready(self):
        # Plans depend on staff and units (opd), which may not import schedules: register here.
        from opd import guards
        from schedules.services.guard import StaffGuard

        guards.register(StaffGuard())
