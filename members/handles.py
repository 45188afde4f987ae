"""Handles: the unique, ASCII name a member is mentioned by (`@amina-diallo`).

Display names are not unique, so a mention needs something that is. A handle is derived
from the display name at sign-up (numbered on collision) and may be changed on the profile.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

HANDLE_MAX_LENGTH = 30
# Letters, digits and inner hyphens or underscores: what `@handle` can be typed as.
HANDLE_PATTERN = r"[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?"
HANDLE_RE = re.compile(rf"^{HANDLE_PATTERN}$")
# What an erased member's handle becomes; no living member may take one that starts so.
FORMER_MEMBER_PREFIX = "former-member"


def handle_base(name: str) -> str:
    """ "Aïssata Traoré" -> "aissata-traore"; a name with no Latin letters -> "member"."""
    base = slugify(name)[: HANDLE_MAX_LENGTH - 4].strip("-_")
    if not base or base.startswith(FORMER_MEMBER_PREFIX):
        base = "member"
    return base


def validate_handle(value: str) -> None:
    if not HANDLE_RE.match(value) or len(value) > HANDLE_MAX_LENGTH:
        raise ValidationError(
            _(
                "A handle has 1 to %(max)d letters (a to z), digits, hyphens or underscores, "
                "and starts and ends with a letter or digit."
            ),
            params={"max": HANDLE_MAX_LENGTH},
            code="invalid_handle",
        )
    if value.lower().startswith(FORMER_MEMBER_PREFIX):
        raise ValidationError(_("This handle is reserved."), code="reserved_handle")


def unique_handle(name: str, *, exclude_pk: int | None = None) -> str:
    """The first free handle for a display name: "amina-diallo", then "amina-diallo-2"..."""
    from members.models import Member

    base = handle_base(name)
    taken = Member.objects.filter(handle__istartswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    used = {h.lower() for h in taken.values_list("handle", flat=True)}
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


SUGGESTIONS = 8


def handles_matching(*, prefix: str, viewer) -> list[dict[str, str]]:
    """The composer's suggestions: members whose handle starts with `prefix` and whose
    profile `viewer` may read, by handle, at most SUGGESTIONS. One query."""
    from django.db.models.functions import Lower

    from members.selectors import listed_members

    prefix = prefix.strip().removeprefix("@").lower()
    if not prefix or len(prefix) > HANDLE_MAX_LENGTH or not HANDLE_RE.match(prefix + "x"):
        return []
    members = (
        listed_members(viewer=viewer)
        .annotate(handle_lower=Lower("handle"))
        .filter(handle_lower__startswith=prefix)
        .order_by("handle_lower")
        .values("handle", "display_name")[:SUGGESTIONS]
    )
    return [{"handle": m["handle"], "name": m["display_name"]} for m in members]
