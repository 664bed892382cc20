from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Disadvantaged and low-income communities")

    def ready(self):
        """Look the address up once an application is submitted (after the commit, on Celery)."""
        from django.db.models.signals import post_save

        from applications.models import Decision

        from . import signals

        post_save.connect(signals.after_decision, sender=Decision, dispatch_uid="communities_after_submit")
