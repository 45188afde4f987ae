"""Links to library items in other apps' texts: the reference card a discussion post shows
for a link to an item (registered with cop_portal.links in EvidenceConfig.ready), and the
topics that cite an item, for its page."""

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from evidence.selectors import readable_items

# A link to an item's page in rendered HTML, in an href or as plain text: relative, or
# absolute on this site's host (the host is checked in linked_ids).
_ITEM_LINK = re.compile(
    r'(?:(?<=["\s(>])|^)(?:https?://([^/"\s<>]+))?/(?:en|fr)/evidence/(\d+)/'
    r'(?=["\s<)?#.,;:!]|$)'
)


def _our_host(host: str) -> bool:
    return not host or host == urlsplit(settings.SITE_URL).netloc or host in settings.ALLOWED_HOSTS


def linked_ids(html: str) -> list[int]:
    """The items a rendered text links to, in order, once each."""
    ids = [int(pk) for host, pk in _ITEM_LINK.findall(html) if _our_host(host)]
    return list(dict.fromkeys(ids))


def evidence_cards(texts: Sequence[str], reader) -> list[list[SafeString]]:
    """For each text, a card per readable item it links to; one query for all the texts."""
    found = [linked_ids(text) for text in texts]
    wanted = {pk for ids in found for pk in ids}
    if not wanted:
        return [[] for _text in texts]
    items = (
        readable_items(reader=reader)
        .filter(pk__in=wanted)
        .only("pk", "title_en", "title_fr", "kind", "year", "status")
    )
    cards = {
        item.pk: SafeString(render_to_string("evidence/includes/link_card.html", {"item": item}))
        for item in items
    }
    return [[cards[pk] for pk in ids if pk in cards] for ids in found]
