"""Reacting to posts."""

from django.db import IntegrityError, transaction
from django.db.models import F

from discussions.models import (
    Post,
    Reaction,
)
from members.models import Member


@transaction.atomic
def reaction_toggle(*, post: Post, member: Member, kind: str) -> bool:
    """Add the reaction, or take it back; returns whether it is now on."""
    field = f"{Reaction.Kind(kind).value}_count"
    deleted, _rows = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(**{field: F(field) - 1})
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, member=member, kind=kind)
    except IntegrityError:  # the same click, twice at once
        return True
    Post.objects.filter(pk=post.pk).update(**{field: F(field) + 1})
    return True


@transaction.atomic
def reaction_set(*, post: Post, member: Member, kind: str, on: bool) -> bool:
    """Put the reaction on or take it off, whatever it was: the button says which (the
    page showed its state), so a click sent twice at once, or sent again from an old page,
    does what was meant once. Returns whether it is now on."""
    field = f"{Reaction.Kind(kind).value}_count"
    if not on:
        deleted, _rows = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(**{field: F(field) - deleted})
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, member=member, kind=kind)
    except IntegrityError:  # already on, or the same click twice at once
        return True
    Post.objects.filter(pk=post.pk).update(**{field: F(field) + 1})
    return True
