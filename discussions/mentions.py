"""Find the members a text mentions: `@Display Name` or `@handle` (the name without spaces)."""

import re

from django.db.models import Value
from django.db.models.functions import Lower, Replace

from members.models import Member

# "@" at a word start, then up to four words of a name.
MENTION = re.compile(r"(?<![\w@/])@([^\W_][\w.'-]*(?:[ \t][^\W_][\w.'-]*){0,3})")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def _candidates(body: str) -> dict[str, str]:
    """Every prefix of every @-run, lowercased and without spaces -> the text as typed."""
    text = CODE.sub(" ", body)
    found: dict[str, str] = {}
    for match in MENTION.finditer(text):
        words = match.group(1).split()
        for n in range(len(words), 0, -1):
            typed = "@" + " ".join(words[:n])
            key = "".join(words[:n]).lower().rstrip(".'-")
            found.setdefault(key, typed.rstrip(".'-"))
    return found


def find_mentions(body: str) -> dict[str, Member]:
    """Typed mention ("@Amina Diallo") -> active member; the longest name wins. One query."""
    candidates = _candidates(body)
    if not candidates:
        return {}
    members = (
        Member.objects.filter(is_active=True)
        .annotate(handle=Replace(Lower("display_name"), Value(" "), Value("")))
        .filter(handle__in=list(candidates))
        .order_by("pk")
    )
    by_handle: dict[str, Member] = {}
    for member in members:
        by_handle.setdefault(member.handle, member)
    mentions: dict[str, Member] = {}
    for key, typed in sorted(candidates.items(), key=lambda kv: -len(kv[1])):
        if key in by_handle:
            if any(typed in longer for longer in mentions):
                continue
            mentions[typed] = by_handle[key]
    return mentions


def profile_path(member: Member) -> str:
    """Language-neutral: the locale middleware sends each reader to their own prefix."""
    return f"/members/{member.pk}/"
