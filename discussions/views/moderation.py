"""Flagging, and the moderators' pages and actions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cop_portal.guards import deny_unless_allowed, get_readable_or_deny
from discussions import permissions, selectors, services
from discussions.forms import FlagForm, MoveForm, ReasonForm
from discussions.models import Post
from discussions.views.guards import NotAllowed, participant, post_or_deny, topic_or_deny
from members.permissions import is_member


@deny_unless_allowed
@require_http_methods(["GET", "POST"])
def post_flag(request, pk: int):
    post = post_or_deny(request, pk)
    participant(request)
    if not permissions.can_flag(request.user, post):
        raise NotAllowed
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.flag_create(post=post, reporter=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Thank you. A moderator will look at this post."))
        return redirect(post)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "discussions/post_flag.html",
        {"post": post, "topic": post.topic, "form": form},
        status=status,
    )


@deny_unless_allowed
@require_POST
def post_moderate(request, pk: int):
    post = get_readable_or_deny(
        request,
        Post.objects.select_related("topic__room"),
        lambda user, post: permissions.can_read_topic(user, post.topic),
        pk=pk,
    )
    if not permissions.can_moderate(request.user, post.topic.room):
        raise NotAllowed
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    action = request.POST.get("action")
    if action == "hide":
        services.post_hide(post=post, moderator=request.user, reason=reason)
        messages.success(request, _("The post is hidden."))
    elif action == "unhide":
        services.post_unhide(post=post, moderator=request.user, reason=reason)
        messages.success(request, _("The post is visible again."))
    elif action == "dismiss":
        services.flags_dismiss(post=post, moderator=request.user, reason=reason)
        messages.success(request, _("The flags are dismissed."))
    else:
        raise Http404
    if request.POST.get("next") == "queue":
        return redirect("discussions:moderation-queue")
    return redirect(post)


@deny_unless_allowed
@require_http_methods(["GET", "POST"])
def topic_moderate(request, room_slug: str, pk: int, slug: str):
    topic = topic_or_deny(request, pk)
    if not permissions.can_moderate(request.user, topic.room):
        raise NotAllowed
    rooms = selectors.rooms_for_reader(reader=request.user).exclude(pk=topic.room_id)
    move_form = MoveForm(rooms=rooms)
    if request.method == "POST":
        action = request.POST.get("action")
        form = MoveForm(request.POST, rooms=rooms) if action == "move" else ReasonForm(request.POST)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            member = request.user
            if action in ("lock", "unlock"):
                services.topic_set_locked(topic=topic, moderator=member, locked=action == "lock",
                                          reason=reason)  # fmt: skip
            elif action in ("pin", "unpin"):
                services.topic_set_pinned(topic=topic, moderator=member, pinned=action == "pin",
                                          reason=reason)  # fmt: skip
            elif action == "move":
                services.topic_move(topic=topic, moderator=member, room=form.cleaned_data["room"],
                                    reason=reason)  # fmt: skip
            else:
                raise Http404
            messages.success(request, _("Done. The action is recorded in the moderation log."))
            return redirect(topic)
        if action == "move":
            move_form = form
    return render(
        request,
        "discussions/topic_moderate.html",
        {"topic": topic, "room": topic.room, "move_form": move_form, "form": ReasonForm()},
        status=400 if request.method == "POST" else 200,
    )


@deny_unless_allowed
def moderation_queue(request):
    if not is_member(request.user):
        raise NotAllowed
    if not permissions.can_moderate_anywhere(request.user):
        raise NotAllowed
    return render(
        request,
        "discussions/moderation_queue.html",
        {
            "flags": selectors.open_flags_for(moderator=request.user)[:200],
            "log": selectors.moderation_log_for(moderator=request.user)[:100],
            "queue_url": reverse("discussions:moderation-queue"),
        },
    )
