"""Promoting a record from one app into another's collection, without either importing the
other: the evidence library registers a "promoter" for presentations in its AppConfig.ready,
and the events admin hands it an event document as a `Presentation`.

A promoter takes (presentation, by) and returns the URL of the item it made, or of the item
it made before for the same `source` (promoting twice makes nothing new). It raises
PermissionDenied for someone who may not add to its collection. This module imports no app."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files import File


@dataclass(frozen=True)
class Presentation:
    source: str  # a stable key for what is promoted ("events.document:12"): the same, once
    title: str
    context: str  # where it was presented (the event's title)
    context_url: str  # the page of that event, absolute
    year: int | None
    area: str
    tags: list[str] = field(default_factory=list)
    url: str = ""  # a link, or
    file: File | None = None  # an opened file, with its original name
    file_name: str = ""


Promoter = Callable[[Presentation, object], str]

_promoters: dict[str, Promoter] = {}


def register(kind: str, promoter: Promoter) -> Promoter:
    _promoters[kind] = promoter
    return promoter


def promoter_for(kind: str) -> Promoter | None:
    return _promoters.get(kind)
