"""RSS and Atom feeds of new topics: public rooms only.

Every text passes through strip_control_characters: XML 1.0 has no place for them, and rows
stored before the form layer stripped them would otherwise make the whole feed answer 500."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cop_portal.middleware import strip_control_characters as clean
from discussions import selectors


class LatestTopicsFeed(Feed):
    def get_object(self, request, slug: str | None = None):
        if slug is None:
            return None
        return get_object_or_404(selectors.public_rooms(), slug=slug)

    def title(self, room):
        if room is None:
            return _("New topics in the discussion rooms")
        return clean(_("New topics in %(room)s") % {"room": room.name})

    def link(self, room):
        return room.get_absolute_url() if room else reverse("discussions:room-list")

    def description(self, room):
        return (
            clean(room.description) if room else _("New topics in every public room of the portal.")
        )

    def items(self, room):
        # The feed object serves every request: per-request data rides on the items.
        topics = list(selectors.latest_public_topics(room=room))
        openings = selectors.opening_posts(topics=topics)
        for topic in topics:
            opening = openings.get(topic.pk)
            topic.opening_html = opening.body_html if opening and not opening.is_deleted else ""
        return topics

    def item_title(self, topic):
        return clean(topic.title)

    def item_description(self, topic):
        return clean(topic.opening_html)

    def item_author_name(self, topic):
        return clean(topic.author.display_name) if topic.author else None

    def item_pubdate(self, topic):
        return topic.created_at

    def item_categories(self, topic):
        return [clean(topic.room.name)]


class LatestTopicsAtomFeed(LatestTopicsFeed):
    feed_type = Atom1Feed
    subtitle = LatestTopicsFeed.description
