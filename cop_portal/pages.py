"""Pages that compose the apps: home, contact, and the sections later issues fill.

These sit apart from the seams (access, guards, mail, markdown, uploads…), which import no
app; a page may ask any app's selectors. The search page is cop_portal/search/."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cop_portal import ratelimit
from cop_portal.forms import ContactForm
from cop_portal.services import contact_message_send
from discussions.selectors import rooms_with_counts
from events.selectors import upcoming_events
from evidence.selectors import latest_items

SECTIONS = {
    "evidence": gettext_lazy("Evidence library"),
    "events": gettext_lazy("Events"),
}


def home(request):
    groups = rooms_with_counts(reader=request.user)
    next_events = upcoming_events(reader=request.user, limit=3)
    latest_evidence = latest_items(reader=request.user, limit=3)
    return render(
        request,
        "pages/home.html",
        {"room_groups": groups, "next_events": next_events, "latest_evidence": latest_evidence},
    )


def coming(request, section: str):
    return render(request, "pages/coming.html", {"section": SECTIONS[section]})


@require_http_methods(["GET", "POST"])
def contact(request):
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.display_name, "email": request.user.email}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "GET":
        return render(request, "pages/contact.html", {"form": form})
    status = 400
    if form.is_valid():
        try:
            with transaction.atomic():
                contact_message_send(**form.cleaned_data)
                # Counted only once the message is safely queued, and undone with it when
                # the sender is over the limit.
                if not ratelimit.hit(
                    f"contact:{ratelimit.client_ip(request)}",
                    limit=settings.COP_CONTACT_RATE_PER_HOUR,
                    period=3600,
                ):
                    raise _OverLimit
        except _OverLimit:
            form.add_error(
                None,
                _("You have sent several messages in the last hour. Please try again later."),
            )
            status = 429
        else:
            messages.success(request, _("Thank you. The steering committee will answer by email."))
            return redirect("home")
    return render(request, "pages/contact.html", {"form": form}, status=status)


class _OverLimit(Exception):
    """Rolls back a contact message the sender may not send."""
