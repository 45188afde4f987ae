"""Replying, editing, deleting and the history of a post."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cop_portal.guards import deny_unless_allowed
from discussions import permissions, selectors, services
from discussions.forms import PostForm
from discussions.models import Post
from discussions.views.guards import NotAllowed, participant, post_or_deny, topic_or_deny


def _rate_message() -> str:
    return _(
        "You are posting faster than the community allows. Wait a minute and send again: "
        "your text is kept below."
    )


@deny_unless_allowed
@require_http_methods(["GET", "POST"])
def post_reply(request, room_slug: str, pk: int, slug: str):
    """The reply page: answer the topic or a post, with an optional quote. No JavaScript."""
    topic = topic_or_deny(request, pk)
    participant(request)
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
        if not permissions.can_read_post(request.user, reply_to):
            raise Http404
    initial = {"reply_to": reply_to.pk if reply_to else None}
    # Neither deleted nor hidden text is quoted: a moderator's quote would re-publish it.
    if reply_to and request.GET.get("quote") and not (reply_to.is_deleted or reply_to.hidden):
        initial["body"] = services.quote_for_reply(post=reply_to)
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
                    parent=reply_to,
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


@deny_unless_allowed
def post_permalink(request, pk: int):
    post = post_or_deny(request, pk, deleted_ok=True)
    page = selectors.page_of_post(post=post)
    url = post.topic.get_absolute_url()
    if page > 1:
        url += f"?page={page}"
    return redirect(f"{url}#{post.anchor}")


@deny_unless_allowed
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = post_or_deny(request, pk)
    participant(request)
    if not permissions.can_edit_post(request.user, post):
        raise NotAllowed
    form = PostForm(request.POST or None, initial={"body": post.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.post_rate_check(member=request.user)
                services.post_edit(post=post, editor=request.user, body=form.cleaned_data["body"])
            except services.RateLimited:
                form.add_error(None, _rate_message())
                status = 429
            else:
                messages.success(request, _("Your post is updated."))
                return redirect(post)
        else:
            status = 400
    return render(
        request,
        "discussions/post_form.html",
        {"room": post.topic.room, "topic": post.topic, "form": form, "editing": post},
        status=status,
    )


@deny_unless_allowed
@require_http_methods(["GET", "POST"])
def post_delete(request, pk: int):
    post = post_or_deny(request, pk)
    participant(request)
    if not permissions.can_edit_post(request.user, post):
        raise NotAllowed
    if request.method == "POST":
        services.post_delete(post=post, member=request.user)
        messages.success(request, _("Your post is deleted. Replies to it stay in the thread."))
        return redirect(post)
    return render(request, "discussions/post_delete.html", {"post": post, "topic": post.topic})


@deny_unless_allowed
def post_history(request, pk: int):
    post = post_or_deny(request, pk)
    return render(
        request,
        "discussions/post_history.html",
        {"post": post, "topic": post.topic, "versions": post.versions.all()},
    )
