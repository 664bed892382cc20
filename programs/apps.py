from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs"

    def ready(self):
        from django.utils.formats import date_format
        from django.utils.translation import gettext

        from .rules import i18n

        i18n.install(translate=gettext, date_in_words=lambda value: date_format(value, "DATE_FORMAT"))
