from django.contrib import admin

from inbox.models import DeliveryChoice, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read only: notifications are written by the services that make the events."""

    list_display = ["recipient", "kind", "text", "count", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "read_at", "emailed_at"]
    search_fields = ["recipient__username", "text"]
    list_select_related = ["recipient"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeliveryChoice)
class DeliveryChoiceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]  # a search, not a list of every account
