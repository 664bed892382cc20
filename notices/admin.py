"""Notices in the admin, for superusers (no role holds a permission on them): what was sent to whom, and failures."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Notice


class SentFilter(admin.SimpleListFilter):
    title = _("e-mail")
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return (("yes", _("Sent")), ("no", _("Not sent yet")), ("failed", _("Failed")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(sent_at__isnull=True)
        if self.value() == "failed":
            return queryset.filter(sent_at__isnull=True).exclude(failure="")
        return queryset


class ArchivedFilter(admin.SimpleListFilter):
    """Archived notices (read, past the retention period) are off their recipient's page but kept here for audit."""

    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return (("no", _("On the Notices page")), ("yes", _("Archived")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        return queryset


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "subject", "sent_at", "read_at", "archived_at", "attempts")
    list_filter = ("kind", SentFilter, ArchivedFilter, ("created_at", admin.DateFieldListFilter))
    search_fields = ("subject", "recipient__username", "recipient__email", "key")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
    actions = ["send_now"]
    fields = (
        "recipient",
        "kind",
        "subject",
        "link",
        "related_type",
        "related_id",
        "key",
        "created_at",
        "sent_at",
        "sent_to",
        "read_at",
        "archived_at",
        "attempts",
        "failure",
        "body_text",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected unsent notices now"))
    def send_now(self, request, queryset):
        sent = sum(services.send(pk) for pk in queryset.filter(sent_at__isnull=True).values_list("pk", flat=True))
        self.message_user(request, ngettext("%d notice sent.", "%d notices sent.", sent) % sent, messages.SUCCESS)
