"""``manage.py check --deploy``: the settings a stack of more than one container needs (issue 24, docs/deploy.md).

CI runs ``check --deploy --fail-level WARNING`` with the production settings of ``.env.example`` (make deploy-check),
so a setting that would keep the portal to one host, or lose background work, fails the build.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.caches, Tags.security, deploy=True)
def shared_state(app_configs, **kwargs):
    problems = []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache", "FileBasedCache")):
        problems.append(
            Warning(
                "The cache is kept inside each process: sessions, sign-in throttles and API rate limits are not shared "
                "between web processes.",
                hint="Set CACHE_URL to the shared Redis (e.g. rediscache://redis:6379/1).",
                id="operations.W001",
            )
        )
    if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        problems.append(
            Warning(
                "Uploaded files are kept on this host's disk: a second web host cannot serve them.",
                hint="Set AWS_STORAGE_BUCKET_NAME (and the other AWS_ settings) for S3-compatible storage.",
                id="operations.W002",
            )
        )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        problems.append(
            Warning(
                "Background tasks run inside the web request (no broker).",
                hint="Set CELERY_BROKER_URL to the shared Redis (e.g. redis://redis:6379/0).",
                id="operations.W003",
            )
        )
    if not settings.STORAGES["staticfiles"]["BACKEND"].endswith("ManifestStaticFilesStorage"):
        problems.append(
            Warning(
                "Static files are served without hashed names, so browsers cannot cache them for long.",
                hint="STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage (.env.example).",
                id="operations.W004",
            )
        )
    return problems


@register(deploy=True)
def redelivery(app_configs, **kwargs):
    """A message a dead worker held comes back after the visibility timeout: it must outlast the longest task, or a
    task still running would be delivered a second time meanwhile."""
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    if timeout <= settings.CELERY_TASK_TIME_LIMIT:
        return [
            Error(
                f"The broker's visibility timeout ({timeout} s) is not longer than the task time limit "
                f"({settings.CELERY_TASK_TIME_LIMIT} s).",
                id="operations.E001",
            )
        ]
    return []


def program_facts() -> dict[str, dict]:
    """Every stage's facts keyed by program code: what a program must give each stage of the lifecycle."""
    from agreements.clauses import CLAUSES
    from agreements.defaults import DEFAULTS
    from agreements.rules.registry import PROGRAMS
    from dashboards.board import USAGE_UNITS
    from inspections.rules.programs import PROGRAM_INSPECTIONS
    from payments.rules.programs import PAYMENT_RULES
    from programs.announcements import ANNOUNCEMENTS
    from reporting.rules.programs import REPORT_FORMS

    return {
        "the announcement's text and dates (programs.announcements)": ANNOUNCEMENTS,
        "post-award events and obligations (agreements.rules)": PROGRAMS,
        "agreement defaults (agreements.defaults)": DEFAULTS,
        "agreement clauses (agreements.clauses)": CLAUSES,
        "inspections (inspections.rules.programs)": PROGRAM_INSPECTIONS,
        "payment rules (payments.rules.programs)": PAYMENT_RULES,
        "usage report form (reporting.rules.programs)": REPORT_FORMS,
        "usage unit of the Board's tables (dashboards.board)": USAGE_UNITS,
    }


@register()
def every_program_complete(app_configs, **kwargs):
    """Each program with a rule set gives every stage its facts (issue 27: a missing clauses entry failed only when
    staff sent the agreement, a missing inspections entry silently showed no inspections on a payment). Run by
    ``manage.py check``, so by every test run, ``make demo`` and the deploy check."""
    from programs.rules.registry import rule_sets

    problems = []
    for what, facts in program_facts().items():
        for code in rule_sets():
            if code not in facts:
                problems.append(
                    Error(
                        f"Program {code} has a rule set but no {what}.",
                        hint="Add the program's entry there (docs/adding-a-program.md).",
                        id="operations.E010",
                    )
                )
    return problems
