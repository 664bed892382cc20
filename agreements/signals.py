"""The agreement is drafted when an application is approved.

``applications.services.approve`` encumbers the award, then runs the application's ``approve`` transition
(django-fsm), then saves it and records the decision, all in one transaction. The drafting listens to django-fsm's
``post_transition`` for that transition, so it joins the same transaction (an approval that rolls back drafts
nothing) without the applications app knowing about agreements.
"""

from django_fsm.signals import post_transition

from applications.models import Application


def draft_on_approval(sender, instance, name, target, **kwargs):
    if sender is Application and name == "approve":
        from .services import draft_agreement

        draft_agreement(instance)


def connect() -> None:
    post_transition.connect(draft_on_approval, sender=Application, dispatch_uid="agreements.draft_on_approval")
