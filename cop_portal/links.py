"""Cards for links between apps: an app registers a "link enricher" in its AppConfig.ready,
and a page that shows rendered text (a discussion post) asks for the cards of all its texts
at once, so a page costs one query per enricher however many posts it shows.

An enricher takes (texts, reader) — the rendered HTML of each text and who reads it — and
returns, for each text, a list of cards (safe HTML). It shows only what the reader may read.
This module imports no app."""

from collections.abc import Callable, Sequence

from django.utils.safestring import SafeString

Enricher = Callable[[Sequence[str], object], list[list[SafeString]]]

_enrichers: list[Enricher] = []


def register(enricher: Enricher) -> Enricher:
    if enricher not in _enrichers:
        _enrichers.append(enricher)
    return enricher


def cards_for(texts: Sequence[str], *, reader) -> list[list[SafeString]]:
    """For each text, the cards of the links it holds, every enricher's in turn."""
    cards: list[list[SafeString]] = [[] for _text in texts]
    if not texts:
        return cards
    for enricher in _enrichers:
        for found, more in zip(cards, enricher(texts, reader), strict=True):
            found.extend(more)
    return cards
