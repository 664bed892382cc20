from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Agreements and obligations"

    def ready(self):
        from .signals import connect

        connect()

        from conversations import registry

        from .conversation import AgreementConversation

        registry.register("agreement", AgreementConversation())

    def round_terms(self, code: str):
        """The program's post-award round terms (deadlines, periods, usage requirements), each with the seed's
        value and clause; the Round models collect them from every app that defines this method."""
        from agreements.rules.registry import round_terms

        return round_terms(code)
