"""The agreement is drafted when an application is approved.

``applications.services.approve`` encumbers the award, then runs the application's ``approve`` transition
(django-fsm), then saves it and records the decision, all in one transaction. The drafting listens to django-fsm's
``post_transition`` for that transition, so it joins the same transaction (an approval that rolls back drafts
nothing) without the applications app knowing about agreements.
"""

from django.dispatch import Signal
from django_fsm.signals import post_transition

from applications.models import Application

projects_changed = Signal()
"""Sent with ``agreement`` inside the transaction that locked it, after an event is recorded (or corrected) and after
projects are terminated or closed: later stages bring their maintained rows up to date (``inspections.services
.sync_to_open``) without this app knowing them."""


def draft_on_approval(sender, instance, name, target, **kwargs):
    if sender is Application and name == "approve":
        from .services import draft_agreement

        draft_agreement(instance)


def connect() -> None:
    post_transition.connect(draft_on_approval, sender=Application, dispatch_uid="agreements.draft_on_approval")
