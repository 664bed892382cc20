from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo (``make demo``): ``seed_demo`` asks each stage's ``demo`` module for its data, so no stage imports
    another for the demo's sake (issue 27, "the demo orchestrator in its own place"). Never run against production
    data."""

    name = "demo"
    verbose_name = "Demo"
