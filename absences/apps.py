from django.apps import AppConfig


class AbsencesConfig(AppConfig):
    name = "absences"
    verbose_name = "Ketidakhadiran dan pejabat pelaksana"

    def ready(self):
        from absences.todos import absence_todo_users, absence_todos
        from inbox.selectors import register_todos

        register_todos(absence_todos, absence_todo_users)
