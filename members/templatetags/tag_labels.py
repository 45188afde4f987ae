from django import template

from members.models import TagLabel

register = template.Library()


@register.filter
def tag_label(tag) -> str:
    """A tag (a taggit Tag or its name) in the reader's language, from the curated
    vocabulary; a tag the vocabulary does not know shows as typed. One query per page at
    most: the vocabulary is cached."""
    return TagLabel.label(str(getattr(tag, "name", tag) or ""))
