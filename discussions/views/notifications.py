"""A member's notifications."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from discussions import selectors, services
from discussions.views.guards import _guard, _NotAllowed
from members.permissions import is_member


@_guard
@require_http_methods(["GET", "POST"])
def notification_list(request):
    if not is_member(request.user):
        raise _NotAllowed
    if request.method == "POST":
        services.notifications_mark_read(member=request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("discussions:notification-list")
    page = Paginator(selectors.notifications_for(member=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "discussions/notification_list.html", {"page": page})
