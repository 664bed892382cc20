"""Admin mechanics every app shares."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


class AuditedHistoryAdmin(SimpleHistoryAdmin):
    """History to read, and revert only where it cannot bypass a workflow or the money checks.

    django-simple-history's history form saves on POST after checking only the view-history
    permission; a board member could move an application back to submitted with no Decision, and staff
    could set a status or an award outside the services. So a revert needs change permission, and
    records of a workflow or of money (applications, projects, decisions, fund entries, plan decisions,
    defaults, determinations, reports, program budgets) offer none at all: ``history_revert`` stays
    False unless a record is plain reference data.
    """

    history_revert = False
    history_of_deleted_records = True
    """Whether a deleted record's history may still be read. False where deleted records were private (drafts)."""

    def revert_disabled(self, request, obj=None):
        return not (self.history_revert and self.has_change_permission(request, obj))

    def _require_visible(self, request, object_id):
        """The history pages show only what the admin's own list shows (``get_queryset``): django-simple-history
        reads the history table directly and falls back to the last version when the list leaves a record out,
        which showed staff and the board other organizations' drafts (issue 26)."""
        if self.get_object(request, unquote(object_id)) is not None:
            return
        try:
            exists = self.model._default_manager.filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            exists = False
        if exists or not self.history_of_deleted_records:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
        if request.method == "POST" and self.revert_disabled(request, self.get_object(request, unquote(object_id))):
            raise PermissionDenied("This record's history can be read, not restored.")
        return super().history_form_view(request, object_id, version_id, extra_context)
