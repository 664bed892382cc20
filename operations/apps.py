from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the portal in production (issue 24, docs/deploy.md): health and readiness, request ids in the logs
    and in the Celery tasks a request starts, metrics, error reports, backups, and the staff's view of background
    work that waits."""

    name = "operations"
    verbose_name = "Operations"

    def ready(self):
        from . import checks, metrics, requestid  # noqa: F401  (system checks and Celery signal handlers)
