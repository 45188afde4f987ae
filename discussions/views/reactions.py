"""Reacting to a post."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cop_portal.guards import deny_unless_allowed
from discussions import permissions, services
from discussions.models import Reaction
from discussions.views.guards import NotAllowed, participant, post_or_deny


@deny_unless_allowed
@require_POST
def post_react(request, pk: int):
    post = post_or_deny(request, pk)
    participant(request)
    kind = request.POST.get("kind")
    if kind not in Reaction.Kind.values:
        raise Http404
    if not permissions.can_react(request.user, post):
        raise NotAllowed
    # The form says what the page showed ("pressed_helpful": true or false): the click
    # means the other, however often it arrives. Without it (an older form), a toggle.
    shown = request.POST.get(f"pressed_{kind}")
    if shown in ("true", "false"):
        services.reaction_set(post=post, member=request.user, kind=kind, on=shown == "false")
    else:
        services.reaction_toggle(post=post, member=request.user, kind=kind)
    return redirect(post)
