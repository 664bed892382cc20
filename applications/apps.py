from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self):
        from conversations import registry

        from .conversation import ApplicationConversation

        registry.register("application", ApplicationConversation())
