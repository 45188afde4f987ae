"""Thin views: read the form, ask permissions, call a service or a selector, render."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from discussions import permissions, selectors, services
from discussions.forms import FlagForm, MoveForm, PostForm, ReasonForm, TopicForm
from discussions.models import Post, Reaction, Room, Topic
from members.permissions import can_participate, is_member


def _deny(request):
    """Visitors are asked to log in; members who may not are told so."""
    if not is_member(request.user):
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _readable_room(request, slug: str) -> Room:
    room = get_object_or_404(Room, slug=slug)
    if not permissions.can_read_room(request.user, room):
        raise _NotAllowed
    return room


class _NotAllowed(Exception):
    pass


def _guard(view):
    """Turn _NotAllowed into a login redirect (visitor) or a 403 (member)."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _NotAllowed:
            return _deny(request)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _topic(request, pk: int) -> Topic:
    topic = get_object_or_404(Topic.objects.select_related("room", "author"), pk=pk)
    if not permissions.can_read_room(request.user, topic.room):
        raise _NotAllowed
    return topic


def _post(request, pk: int, *, deleted_ok: bool = False) -> Post:
    """The post, if the reader may see it. A deleted post exists only as its place in the
    thread (its permalink); its text, versions and actions are gone for everyone."""
    post = get_object_or_404(
        Post.objects.select_related("topic__room", "author", "reply_to__author"), pk=pk
    )
    if not permissions.can_read_room(request.user, post.topic.room):
        raise _NotAllowed
    if not permissions.can_see_post(request.user, post):
        raise Http404
    if post.is_deleted and not deleted_ok:
        raise Http404
    return post


def _participant(request):
    if not is_member(request.user):
        raise _NotAllowed
    if not can_participate(request.user):
        raise _NotAllowed


def room_list(request):
    groups = selectors.rooms_with_counts(reader=request.user)
    return render(request, "discussions/room_list.html", {"groups": groups})


@_guard
def room_detail(request, slug: str):
    room = _readable_room(request, slug)
    page = selectors.topic_page(room=room, reader=request.user, page_number=request.GET.get("page"))
    return render(
        request,
        "discussions/room_detail.html",
        {
            "room": room,
            "page": page,
            "can_post": permissions.can_post_in_room(request.user, room),
            "subscribed": selectors.subscription_for(member=request.user, room=room),
        },
    )


def _topic_context(request, topic: Topic, *, page_number=1) -> dict:
    room = topic.room
    return {
        "room": room,
        "topic": topic,
        "thread": selectors.thread_page(topic=topic, page_number=page_number, reader=request.user),
        "can_reply": permissions.can_reply(request.user, topic),
        "can_participate": permissions.can_post_in_room(request.user, room),
        "can_moderate": permissions.can_moderate(request.user, room),
        "subscribed": selectors.subscription_for(member=request.user, topic=topic),
        "tags": list(topic.tags.all()),
    }


@_guard
def topic_detail(request, room_slug: str, pk: int, slug: str):
    topic = _topic(request, pk)
    if room_slug != topic.room.slug or slug != topic.slug:
        return redirect(topic, permanent=True)
    context = _topic_context(request, topic, page_number=request.GET.get("page"))
    context["form"] = PostForm()
    if is_member(request.user):
        services.topic_mark_read(topic=topic, member=request.user)
    return render(request, "discussions/topic_detail.html", context)


@_guard
@require_http_methods(["GET", "POST"])
def topic_create(request, slug: str):
    room = _readable_room(request, slug)
    _participant(request)
    form = TopicForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.post_rate_check(member=request.user)
            except services.RateLimited:
                form.add_error(None, _rate_message())
                status = 429
            else:
                topic = services.topic_create(
                    room=room,
                    author=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    tags=form.cleaned_data["tags"],
                )
                messages.success(request, _("Your topic is published."))
                return redirect(topic)
        else:
            status = 400
    return render(
        request, "discussions/topic_form.html", {"room": room, "form": form}, status=status
    )


def _rate_message() -> str:
    return _(
        "You are posting faster than the community allows. Wait a minute and send again: "
        "your text is kept below."
    )


@_guard
@require_http_methods(["GET", "POST"])
def post_reply(request, room_slug: str, pk: int, slug: str):
    """The reply page: answer the topic or a post, with an optional quote. No JavaScript."""
    topic = _topic(request, pk)
    _participant(request)
    data = request.POST if request.method == "POST" else None
    reply_to_id = (data or request.GET).get("reply_to") or (data or request.GET).get("to")
    reply_to = None
    status = 200
    if reply_to_id:
        try:
            reply_to = Post.objects.select_related("author").get(pk=int(reply_to_id))
        except (ValueError, Post.DoesNotExist):
            raise Http404 from None
        if reply_to.topic_id != topic.pk:
            raise Http404(_("You can only reply to a post of this topic."))
        if not permissions.can_see_post(request.user, reply_to):
            raise Http404
    initial = {"reply_to": reply_to.pk if reply_to else None}
    if reply_to and request.GET.get("quote") and not reply_to.is_deleted:
        quoted = "\n".join(f"> {line}" for line in reply_to.body.splitlines())
        # No name in the quote: the reply records whom it answers, and a name copied into
        # someone else's text would outlive its owner's account.
        initial["body"] = f"{quoted}\n\n"
    form = PostForm(data, initial=initial)
    if not permissions.can_reply(request.user, topic):
        form.add_error(None, _("This topic is locked: it takes no new replies."))
        status = 403
    elif request.method == "POST":
        if form.is_valid():
            try:
                services.post_rate_check(member=request.user)
                post = services.post_create(
                    topic=topic, author=request.user, body=form.cleaned_data["body"],
                    reply_to=reply_to,
                )  # fmt: skip
            except services.RateLimited:
                form.add_error(None, _rate_message())
                status = 429
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(request, _("Your reply is posted."))
                return redirect(post)
        else:
            status = 400
    return render(
        request,
        "discussions/post_form.html",
        {"room": topic.room, "topic": topic, "form": form, "reply_to": reply_to},
        status=status,
    )


@_guard
def post_permalink(request, pk: int):
    post = _post(request, pk, deleted_ok=True)
    page = selectors.page_of_post(post=post)
    url = post.topic.get_absolute_url()
    if page > 1:
        url += f"?page={page}"
    return redirect(f"{url}#{post.anchor}")


@_guard
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = _post(request, pk)
    _participant(request)
    if not permissions.can_edit_post(request.user, post):
        raise _NotAllowed
    form = PostForm(request.POST or None, initial={"body": post.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.post_edit(post=post, editor=request.user, body=form.cleaned_data["body"])
            messages.success(request, _("Your post is updated."))
            return redirect(post)
        status = 400
    return render(
        request,
        "discussions/post_form.html",
        {"room": post.topic.room, "topic": post.topic, "form": form, "editing": post},
        status=status,
    )


@_guard
@require_http_methods(["GET", "POST"])
def post_delete(request, pk: int):
    post = _post(request, pk)
    _participant(request)
    if not permissions.can_edit_post(request.user, post):
        raise _NotAllowed
    if request.method == "POST":
        services.post_delete(post=post, member=request.user)
        messages.success(request, _("Your post is deleted. Replies to it stay in the thread."))
        return redirect(post)
    return render(request, "discussions/post_delete.html", {"post": post, "topic": post.topic})


@_guard
def post_history(request, pk: int):
    post = _post(request, pk)
    return render(
        request,
        "discussions/post_history.html",
        {"post": post, "topic": post.topic, "versions": post.versions.all()},
    )


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


@_guard
@require_http_methods(["GET", "POST"])
def post_flag(request, pk: int):
    post = _post(request, pk)
    _participant(request)
    if not permissions.can_flag(request.user, post):
        raise _NotAllowed
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


@_guard
@require_POST
def post_moderate(request, pk: int):
    post = get_object_or_404(Post.objects.select_related("topic__room"), pk=pk)
    if not permissions.can_read_room(request.user, post.topic.room):
        raise _NotAllowed
    if not permissions.can_moderate(request.user, post.topic.room):
        raise _NotAllowed
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


@_guard
@require_http_methods(["GET", "POST"])
def topic_moderate(request, room_slug: str, pk: int, slug: str):
    topic = _topic(request, pk)
    if not permissions.can_moderate(request.user, topic.room):
        raise _NotAllowed
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


@_guard
@require_POST
def room_subscribe(request, slug: str):
    room = _readable_room(request, slug)
    if not is_member(request.user):
        raise _NotAllowed
    if request.POST.get("watch") == "0":
        services.unsubscribe(member=request.user, room=room)
        messages.success(request, _("You no longer watch this room."))
    else:
        services.subscribe(member=request.user, room=room)
        messages.success(request, _("You will be told about new topics in this room."))
    return redirect(room)


@_guard
@require_POST
def topic_subscribe(request, room_slug: str, pk: int, slug: str):
    topic = _topic(request, pk)
    if not is_member(request.user):
        raise _NotAllowed
    if request.POST.get("watch") == "0":
        services.unsubscribe(member=request.user, topic=topic)
        messages.success(request, _("You no longer watch this topic."))
    else:
        services.subscribe(member=request.user, topic=topic)
        messages.success(request, _("You will be told about replies in this topic."))
    return redirect(topic)


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


@_guard
def moderation_queue(request):
    if not is_member(request.user):
        raise _NotAllowed
    if not permissions.can_moderate_anywhere(request.user):
        raise _NotAllowed
    return render(
        request,
        "discussions/moderation_queue.html",
        {
            "flags": selectors.open_flags_for(moderator=request.user)[:200],
            "log": selectors.moderation_log_for(moderator=request.user)[:100],
            "queue_url": reverse("discussions:moderation-queue"),
        },
    )
