from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = "Periode, penugasan dan rencana"

    def ready(self):
        # Plans depend on staff and units (opd), which may not import schedules: register here.
        from opd import guards
        from schedules.services.guard import StaffGuard

        guards.register(StaffGuard())

        from inbox.selectors import register_todos
        from schedules.todos import plan_todo_users, plan_todos

        register_todos(plan_todos, plan_todo_users)

        # The whole city's proposal and its apply run in the task worker.
        from jobs import registry
        from schedules import jobs

        registry.register(
            jobs.CITY_PROPOSAL, jobs.run_city_proposal, label="Usulan otomatis seluruh kota"
        )
        registry.register(
            jobs.PROPOSAL_APPLY, jobs.run_proposal_apply, label="Penerapan usulan otomatis"
        )
