"""The address lookup starts when an application is submitted."""


def after_decision(sender, instance, created, **kwargs):
    if created and instance.action == "submit":
        from .services import queue_look_up

        queue_look_up(instance.application_id)
