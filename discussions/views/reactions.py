"""Reacting to a post."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from discussions import permissions, services
from discussions.models import Reaction
from discussions.views.guards import _guard, _NotAllowed, _participant, _post


@_guard
@require_POST
def post_react(request, pk: int):
    post = _post(request, pk)
    _participant(request)
    kind = request.POST.get("kind")
    if kind not in Reaction.Kind.values:
        raise Http404
    if not permissions.can_react(request.user, post):
        raise _NotAllowed
    services.reaction_toggle(post=post, member=request.user, kind=kind)
    return redirect(post)
