"""What account deletion does to a member's discussions."""

import re

from django.db import transaction
from django.db.models import Q

from discussions.models import (
    Flag,
    ModerationAction,
    Notification,
    Post,
    PostVersion,
    Subscription,
    Topic,
    TopicReadState,
)
from discussions.services.posts import render_body
from members.models import Member

ERASED_NAME = "[…]"


def _name_pattern(name: str) -> re.Pattern | None:
    """The member's name as typed in others' texts: "@Amina Diallo", "Amina Diallo",
    "@aminadiallo". None for names too short to replace without hitting other words."""
    name = " ".join(name.split())
    if len(name) < 4:
        return None
    handle = name.replace(" ", "")
    return re.compile(rf"@?(?<!\w)(?:{re.escape(name)}|{re.escape(handle)})(?!\w)", re.IGNORECASE)


@transaction.atomic
def member_discussion_data_erase(member: Member) -> None:
    """When a member erases their account: their watches, read markers and notifications
    go; their posts, reactions and flags stay, shown as by a former member; and their name
    is taken out of what others wrote (mentions, titles, moderation notes)."""
    Subscription.objects.filter(member=member).delete()
    TopicReadState.objects.filter(member=member).delete()
    Notification.objects.filter(recipient=member).delete()
    pattern = _name_pattern(member.display_name)
    if pattern is None:
        return
    name, handle = member.display_name, member.display_name.replace(" ", "")
    naming = Q(body__icontains=name) | Q(body__icontains=handle)
    for post in Post.objects.filter(naming):
        changed, _mentions = render_body(post, pattern.sub(ERASED_NAME, post.body))
        post.save(update_fields=changed)
    for version in PostVersion.objects.filter(naming):
        changed, _mentions = render_body(version, pattern.sub(ERASED_NAME, version.body))
        version.save(update_fields=changed)
    for topic in Topic.objects.filter(title__icontains=name):
        topic.title = pattern.sub(ERASED_NAME, topic.title)
        topic.slug = ""  # made again from the new title (the old URL still resolves by id)
        topic.save(update_fields=["title", "slug"])
    for flag in Flag.objects.filter(reason__icontains=name):
        flag.reason = pattern.sub(ERASED_NAME, flag.reason)
        flag.save(update_fields=["reason"])
    for action in ModerationAction.objects.filter(
        Q(reason__icontains=name) | Q(detail__icontains=name)
    ):
        action.reason = pattern.sub(ERASED_NAME, action.reason)
        action.detail = pattern.sub(ERASED_NAME, action.detail)
        action.save(update_fields=["reason", "detail"])
