from django.apps import AppConfig


class PortsAgreementConfig(AppConfig):
    name = "ports_agreement"
    verbose_name = "Ports: Cooperative Agreement and Rule 4001"
