"""What account deletion does to a member's discussions."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from discussions.mentions import replace_mentions
from discussions.models import (
    Notification,
    Post,
    PostVersion,
    Subscription,
    TopicReadState,
)
from discussions.services.posts import render_body
from members.models import Member


def _former_member_in(language: str | None) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return gettext("a former member")


@transaction.atomic
def member_discussion_data_erase(member: Member) -> None:
    """When a member erases their account: their watches, read markers and notifications
    go; their posts, reactions and flags stay, shown as by a former member.

    In what others wrote, only structured references to the member change: a mention by
    `@handle` (quote attributions are mentions too) becomes "a former member", in the
    language of the post's author, and the post is rendered again. Free text is never
    rewritten: a member called "Payment" leaves every other "payment" where it was."""
    Subscription.objects.filter(member=member).delete()
    TopicReadState.objects.filter(member=member).delete()
    Notification.objects.filter(recipient=member).delete()
    member.moderated_rooms.clear()
    handle = member.handle
    if not handle:
        return
    mention = f"@{handle}"
    posts = Post.objects.filter(body__icontains=mention).select_related("author")
    versions = PostVersion.objects.filter(body__icontains=mention).select_related("post__author")
    for row, author in [(p, p.author) for p in posts] + [(v, v.post.author) for v in versions]:
        phrase = _former_member_in(author.preferred_language if author else None)
        body = replace_mentions(row.body, handle=handle, replacement=phrase)
        if body != row.body:
            changed, _mentions = render_body(row, body)
            row.save(update_fields=changed)
