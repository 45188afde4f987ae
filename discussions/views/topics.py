"""A topic's thread, and starting a topic."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cop_portal.guards import deny_unless_allowed
from discussions import permissions, selectors, services
from discussions.forms import PostForm, TopicForm
from discussions.models import Topic
from discussions.views.guards import participant, room_or_deny, topic_or_deny
from discussions.views.posts import _rate_message
from members.permissions import is_member


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


@deny_unless_allowed
def topic_detail(request, room_slug: str, pk: int, slug: str):
    topic = topic_or_deny(request, pk)
    if room_slug != topic.room.slug or slug != topic.slug:
        return redirect(topic, permanent=True)
    context = _topic_context(request, topic, page_number=request.GET.get("page"))
    context["form"] = PostForm()
    if is_member(request.user):
        services.topic_mark_read(topic=topic, member=request.user)
    return render(request, "discussions/topic_detail.html", context)


@deny_unless_allowed
@require_http_methods(["GET", "POST"])
def topic_create(request, slug: str):
    room = room_or_deny(request, slug)
    participant(request)
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
