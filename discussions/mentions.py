"""Find the members a text mentions: `@handle` only. Display names are not unique, so a
name would reach whoever signed up first; a handle names exactly one member."""

import re

from django.db.models.functions import Lower

from members.handles import HANDLE_PATTERN
from members.models import Member
from members.permissions import mentionable

# "@" at a word start (not in an email address or a URL path), then a handle.
MENTION = re.compile(rf"(?<![\w@/.])@({HANDLE_PATTERN})(?![\w-])")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def mentioned_handles(body: str) -> dict[str, str]:
    """The mention as typed ("@Amina-Diallo") -> its handle, lowercased; code is skipped."""
    text = CODE.sub(" ", body)
    return {match.group(0): match.group(1).lower() for match in MENTION.finditer(text)}


def find_mentions(body: str) -> dict[str, Member]:
    """Typed mention ("@amina-diallo") -> the member with that handle, if a mention may
    reach them (`members.permissions.mentionable`). One query."""
    typed = mentioned_handles(body)
    if not typed:
        return {}
    members = (
        Member.objects.filter(mentionable())
        .annotate(handle_lower=Lower("handle"))
        .filter(handle_lower__in=set(typed.values()))
    )
    by_handle = {member.handle_lower: member for member in members}
    return {text: by_handle[handle] for text, handle in typed.items() if handle in by_handle}


def replace_mentions(body: str, *, handle: str, replacement: str) -> str:
    """The text with every mention of `handle` (outside code) replaced; nothing else moves."""
    handle = handle.lower()
    pieces, last = [], 0
    for code in list(CODE.finditer(body)) + [None]:
        end = code.start() if code else len(body)
        pieces.append(
            MENTION.sub(
                lambda m: replacement if m.group(1).lower() == handle else m.group(0),
                body[last:end],
            )
        )
        if code:
            pieces.append(code.group(0))
            last = code.end()
    return "".join(pieces)


def profile_path(member: Member) -> str:
    """Language-neutral: the locale middleware sends each reader to their own prefix."""
    return f"/members/{member.pk}/"
