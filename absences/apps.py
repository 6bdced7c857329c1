from django.apps import AppConfig


class AbsencesConfig(AppConfig):
    name = "absences"
    verbose_name = "Ketidakhadiran dan pejabat pelaksana"
