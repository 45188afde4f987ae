"""A thread page builds its per-post links from one reversed route: the links are exactly
what {% url %} gives, in each language."""

import pytest
from django.template import Context
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from discussions.templatetags import discussions as tags


def fast_url(name, *args):
    return tags.fast_url(Context(), name, *args)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("discussions:post-react", [7]),
        ("discussions:post-permalink", [123456]),
        ("members:profile", [42]),
        ("discussions:post-reply", ["who-pays-whom", 31, "paying-vaccinators"]),
        ("discussions:post-reply", ["salle-a", 9, "paiement-des-agents"]),
    ],
)
def test_fast_links_are_the_links_reverse_gives(language, name, args):
    with translation.override(language):
        assert fast_url(name, *args) == reverse(name, args=args)
        assert fast_url(name, *args) == reverse(name, args=args)  # from the kept route


def test_arguments_the_route_refuses_are_refused_as_reverse_does():
    with pytest.raises(NoReverseMatch):
        fast_url("discussions:post-reply", "a room", 3, "été")
    with pytest.raises(NoReverseMatch):
        fast_url("discussions:post-react", "../admin")
    with pytest.raises(NoReverseMatch):
        fast_url("discussions:post-react", "abc")
