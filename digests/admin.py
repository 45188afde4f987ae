from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from digests.models import DigestDelivery, DigestRun
from digests.services import digest_deliveries_resend_failed

Status = DigestDelivery.Status


def _count(status):
    return Count("deliveries", filter=Q(deliveries__status=status))


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin):
    list_display = ["period", "cutoff", "pending", "sent", "skipped_empty", "skipped", "failed"]
    readonly_fields = ["period", "cutoff", "created_at"]
    actions = ["resend_failed"]

    def get_queryset(self, request):
        # Every count of the list in the list's one query.
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_pending=_count(Status.PENDING),
                n_sent=_count(Status.SENT),
                n_skipped_empty=_count(Status.SKIPPED_EMPTY),
                n_skipped=_count(Status.SKIPPED),
                n_failed=_count(Status.FAILED),
            )
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("pending"), ordering="n_pending")
    def pending(self, run):
        return run.n_pending

    @admin.display(description=_("sent"), ordering="n_sent")
    def sent(self, run):
        return run.n_sent

    @admin.display(description=_("skipped: nothing new"), ordering="n_skipped_empty")
    def skipped_empty(self, run):
        return run.n_skipped_empty

    @admin.display(description=_("skipped: not sendable"), ordering="n_skipped")
    def skipped(self, run):
        return run.n_skipped

    @admin.display(description=_("failed"), ordering="n_failed")
    def failed(self, run):
        return run.n_failed

    @admin.action(description=_("Re-send the failed digests of the selected runs"))
    def resend_failed(self, request, queryset):
        count = sum(digest_deliveries_resend_failed(run=run) for run in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed digest queued again.",
                "%(count)d failed digests queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ["run", "member", "status", "sent_at", "error"]
    list_filter = ["status", "run"]
    list_select_related = ["run", "member"]
    search_fields = ["member__email", "member__display_name", "error"]
    readonly_fields = ["run", "member", "status", "email", "error", "created_at", "sent_at"]

    def has_add_permission(self, request):
        return False
