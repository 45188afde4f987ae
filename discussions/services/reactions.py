"""Reacting to posts."""

from django.db import IntegrityError, transaction
from django.db.models import F

from discussions.models import (
    Post,
    Reaction,
)
from members.models import Member


def _take_back(*, post: Post, member: Member, kind: str) -> bool:
    """Remove the reaction; whether there was one (its count goes down with it)."""
    field = f"{Reaction.Kind(kind).value}_count"
    deleted, _rows = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(**{field: F(field) - 1})
    return bool(deleted)


def _put_on(*, post: Post, member: Member, kind: str) -> None:
    """Add the reaction unless it is there (or being added at this moment)."""
    field = f"{Reaction.Kind(kind).value}_count"
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, member=member, kind=kind)
    except IntegrityError:  # already on, or the same click twice at once
        return
    Post.objects.filter(pk=post.pk).update(**{field: F(field) + 1})


@transaction.atomic
def reaction_toggle(*, post: Post, member: Member, kind: str) -> bool:
    """Add the reaction, or take it back; returns whether it is now on."""
    if _take_back(post=post, member=member, kind=kind):
        return False
    _put_on(post=post, member=member, kind=kind)
    return True


@transaction.atomic
def reaction_set(*, post: Post, member: Member, kind: str, on: bool) -> bool:
    """Put the reaction on or take it off, whatever it was: the button says which (the
    page showed its state), so a click sent twice at once, or sent again from an old page,
    does what was meant once. Returns whether it is now on."""
    if on:
        _put_on(post=post, member=member, kind=kind)
    else:
        _take_back(post=post, member=member, kind=kind)
    return on
