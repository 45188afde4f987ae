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
    try:
        action = services.PostModeration(request.POST.get("action"))
    except ValueError:
        raise Http404 from None
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.post_moderate(post=post, moderator=request.user, action=action, reason=reason)
    messages.success(request, action.label)
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
        try:
            action = services.TopicModeration(request.POST.get("action"))
        except ValueError:
            raise Http404 from None
        moving = action == services.TopicModeration.MOVE
        form = MoveForm(request.POST, rooms=rooms) if moving else ReasonForm(request.POST)
        if form.is_valid():
            services.topic_moderate(
                topic=topic, moderator=request.user, action=action,
                reason=form.cleaned_data["reason"], room=form.cleaned_data.get("room"),
            )  # fmt: skip
            messages.success(request, _("Done. The action is recorded in the moderation log."))
            return redirect(topic)
        if moving:
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
