"""A member's notifications: one line per topic and kind; following a line marks it read."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cop_portal.guards import deny_unless_allowed, require
from discussions import selectors, services
from discussions.models import Notification
from members.permissions import is_member


@deny_unless_allowed
@require_http_methods(["GET", "POST"])
def notification_list(request):
    require(request, is_member)
    if request.method == "POST":
        services.notifications_mark_read(member=request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("discussions:notification-list")
    page = selectors.notification_page(member=request.user, page_number=request.GET.get("page"))
    return render(request, "discussions/notification_list.html", {"page": page})


@deny_unless_allowed
@require_GET
def notification_open(request, pk: int):
    """Follow one line of the page: mark its notifications read and go to the first one
    unread (a flag goes to the moderation queue).

    A GET link, not a form: marking read is idempotent and harmless if forged, and a link
    opens in a new tab, from an email or with a middle click like any other."""
    require(request, is_member)
    notification = get_object_or_404(selectors.notifications_for(member=request.user), pk=pk)
    group = selectors.notification_group(notification=notification)
    first_unread = group.filter(read_at__isnull=True).select_related("post").first()
    services.notification_group_mark_read(member=request.user, notification=notification)
    if notification.kind == Notification.Kind.FLAG:
        return redirect("discussions:moderation-queue")
    target = first_unread or notification
    return redirect(target.post.get_absolute_url())
