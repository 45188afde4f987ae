"""The community's three topical areas (and "General" for what spans them): rooms, evidence
items and events each belong to one, and the home page and the library are organised by
them. A seam like the others: it imports no app, so every app can share the one list."""

from django.db import models
from django.utils.translation import pgettext_lazy


class Area(models.TextChoices):
    # Translators: one of the community's three topical areas.
    MAPPING = "mapping", pgettext_lazy("topical area", "Mapping")
    # Translators: one of the community's three topical areas.
    CURATING = "curating", pgettext_lazy("topical area", "Curating")
    # Translators: one of the community's three topical areas.
    NETWORKING = "networking", pgettext_lazy("topical area", "Networking")
    GENERAL = "general", pgettext_lazy("topical area", "General")


# The three areas proper, in the order the community names them (first-level navigation).
TOPICAL_AREAS = (Area.MAPPING, Area.CURATING, Area.NETWORKING)
