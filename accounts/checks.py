"""``manage.py check --deploy``: the throttles and sessions of issue 26 need the shared cache in production."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Sign-in, reset and registration counts (``accounts.throttles``, the API's throttles) live in the default cache:
    a process-local cache counts each web process alone."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("locmem.LocMemCache", "dummy.DummyCache")):
        return [
            Warning(
                "The default cache is local to each process, so sign-in, password-reset and API limits are counted "
                "per process.",
                hint="Set CACHE_URL to the shared Redis, e.g. rediscache://redis:6379/1 (docs/accounts.md).",
                id="accounts.W001",
            )
        ]
    return []
