"""Links to discussion topics in other apps' texts: the card an event outcome (or a post)
shows for a link to a topic, registered with cop_portal.links in DiscussionsConfig.ready,
as evidence registers its items' cards."""

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from discussions.models import Topic
from discussions.permissions import readable_topic

# A link to a topic's page (/<lang>/rooms/<room>/<pk>-<slug>/) in rendered HTML or plain
# text, relative or absolute on this site's host; not its reply or watch pages.
_TOPIC_LINK = re.compile(
    r'(?:(?<=["\s(>])|^)(?:https?://([^/"\s<>]+))?/(?:en|fr)/rooms/[-\w]+/(\d+)-[-\w]*/'
    r'(?=["\s<)?#.,;:!]|$)'
)


def _our_host(host: str) -> bool:
    return not host or host == urlsplit(settings.SITE_URL).netloc or host in settings.ALLOWED_HOSTS


def linked_topic_ids(html: str) -> list[int]:
    """The topics a text links to, in order, once each."""
    ids = [int(pk) for host, pk in _TOPIC_LINK.findall(html) if _our_host(host)]
    return list(dict.fromkeys(ids))


def topic_cards(texts: Sequence[str], reader) -> list[list[SafeString]]:
    """For each text, a card per topic it links to that the reader may read; one query
    for all the texts."""
    found = [linked_topic_ids(text) for text in texts]
    wanted = {pk for ids in found for pk in ids}
    if not wanted:
        return [[] for _text in texts]
    topics = Topic.objects.filter(readable_topic(reader), pk__in=wanted).select_related("room")
    cards = {
        topic.pk: SafeString(
            render_to_string("discussions/includes/topic_link_card.html", {"topic": topic})
        )
        for topic in topics
    }
    return [[cards[pk] for pk in ids if pk in cards] for ids in found]
