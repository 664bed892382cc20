from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = _("Conversations")

    def ready(self):
        from django.db.models.signals import post_delete

        from core.files import delete_after_commit

        from .models import MessageFile

        def remove_file(sender, instance, **kwargs):
            """A message's file leaves storage once the deletion of its record commits (a cascade from its
            conversation included); a rollback keeps both (``core.files``)."""
            delete_after_commit(instance.file)

        post_delete.connect(remove_file, sender=MessageFile, weak=False, dispatch_uid="conversations-file-after-commit")
