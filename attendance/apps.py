from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = "Presensi, laporan kerja dan masukan"

    def ready(self):
        from attendance.todos import report_todo_users, report_todos
        from inbox.selectors import register_todos

        register_todos(report_todos, report_todo_users)
