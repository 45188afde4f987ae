from django import template
from django.utils.translation import get_language

from members.models import TagLabel, tag_key

register = template.Library()


@register.filter
def tag_label(tag) -> str:
    """A tag (a taggit Tag or its name) in the reader's language, from the curated
    vocabulary; a tag the vocabulary does not know shows as typed. One query per page at
    most: the vocabulary is cached."""
    name = getattr(tag, "name", tag)
    if not name:
        return ""
    labels = TagLabel.vocabulary().get(tag_key(str(name)))
    if not labels:
        return name
    return labels.get(get_language()) or name
