from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_session_clock

        post_migrate.connect(sync_role_groups_once, dispatch_uid="accounts.sync_role_groups")
        user_logged_in.connect(start_session_clock, dispatch_uid="accounts.start_session_clock")


def sync_role_groups_once(sender, **kwargs) -> None:
    """``post_migrate`` is sent once per app with models (``migrate``, and ``flush`` after every transactional
    test); the groups are synced once, after the last app's, when every app's permissions exist."""
    from .services import sync_role_groups

    if sender is [config for config in apps.get_app_configs() if config.models_module is not None][-1]:
        sync_role_groups()
