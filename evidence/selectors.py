"""Reads of the library: each returns what its page needs, in a fixed number of queries."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import Count, Q, QuerySet
from taggit.models import Tag, TaggedItem

from cop_portal.areas import TOPICAL_AREAS
from discussions.selectors import topics_citing
from evidence.models import AREA_CHOICES, EvidenceItem
from evidence.permissions import readable_evidence


def readable_items(*, reader) -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.filter(readable_evidence(reader))


def library_items(*, reader) -> QuerySet[EvidenceItem]:
    """The library before filters: readable items with what a result shows. Non-staff
    readers see published items only; curators see every status (marked)."""
    return readable_items(reader=reader).select_related("publisher")


def published_items() -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.filter(status=EvidenceItem.Status.PUBLISHED)


def latest_items(*, reader, limit: int = 3) -> list[EvidenceItem]:
    """The home page's latest evidence: published items the reader may read, newest first,
    in one query (no tags: the home page shows title, kind and year)."""
    items = readable_items(reader=reader).filter(status=EvidenceItem.Status.PUBLISHED)
    return list(items.order_by("-published_at", "-pk")[:limit])


def citing_topics(*, item: EvidenceItem, reader, limit: int = 20) -> list:
    """The discussion topics the reader may read whose posts link to this item."""
    return list(topics_citing(paths=item_paths(item.pk), reader=reader)[:limit])


def item_paths(pk: int) -> list[str]:
    """How a post's text spells a link to the item, in either language."""
    return [f"/{code}/evidence/{pk}/" for code, _name in settings.LANGUAGES]


def item_for_page() -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.select_related("publisher", "suggested_by").prefetch_related("tags")


def tagged_ids(tag_name: str):
    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(EvidenceItem),
        tag__name__iexact=tag_name,
    ).values("object_id")


def _per_country(items: QuerySet[EvidenceItem], column: str = "") -> list[tuple]:
    """(country code, [column value,] count) rows for these items, in one query. Countries
    are stored as "KE,NG": PostgreSQL splits and counts them itself; elsewhere (SQLite in
    development) the rows are counted here."""
    fields = ["countries", column] if column else ["countries"]
    connection = connections[items.db]
    if connection.vendor == "postgresql":
        sql, params = items.order_by().values(*fields).query.sql_with_params()
        extra = f", {connection.ops.quote_name(column)}" if column else ""
        # The inner SQL is Django's, its values passed as parameters; the column is ours.
        query = "".join(
            ["SELECT code", extra, ", COUNT(*) FROM (",
             "SELECT unnest(string_to_array(countries, ',')) AS code", extra, " FROM (", sql,
             ") AS i) AS c WHERE code <> '' GROUP BY code", extra]
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()
    counts: dict[tuple, int] = {}
    for row in items.order_by().values_list(*fields):
        for code in {code for code in (row[0] or "").split(",") if code}:
            key = (code, *row[1:])
            counts[key] = counts.get(key, 0) + 1
    return [(*key, n) for key, n in counts.items()]


def country_counts(items: QuerySet[EvidenceItem]) -> dict[str, int]:
    """Items per country, in one query."""
    return dict(_per_country(items))


# The facets counted together when none of them is in force: every choice of a column, and
# the document languages (stored as ",en,fr,").
FACET_CHOICES = {
    "area": lambda: [value for value, _label in AREA_CHOICES],
    "kind": lambda: EvidenceItem.Kind.values,
    "quality": lambda: EvidenceItem.Quality.values,
}


def facet_counts(items: QuerySet[EvidenceItem], names) -> dict[str, dict[str, int]]:
    """Items per value of each of these facets (area, kind, quality, language), all in one
    query: one pass over the library instead of one per facet."""
    counts = {}
    for name in names:
        if name == "language":
            for code in EvidenceItem.Language.values:
                counts[f"language__{code}"] = Count("pk", filter=Q(languages__contains=f",{code},"))
        else:
            for value in FACET_CHOICES[name]():
                counts[f"{name}__{value}"] = Count("pk", filter=Q(**{name: value}))
    if not counts:
        return {}
    row = items.order_by().aggregate(**counts)
    found: dict[str, dict[str, int]] = {name: {} for name in names}
    for key, n in row.items():
        name, value = key.split("__", 1)
        found[name][value] = n
    return found


def year_periods(*, this_year: int) -> list[tuple[int | None, int]]:
    """The year ranges the library offers as counted links: the last five years, the five
    before, the ten before those, and everything earlier (bounds inclusive)."""
    return [
        (this_year - 4, this_year),
        (this_year - 9, this_year - 5),
        (this_year - 19, this_year - 10),
        (None, this_year - 20),
    ]


def year_period_counts(
    items: QuerySet[EvidenceItem], periods: list[tuple[int | None, int]]
) -> list[int]:
    """Items per year range, all ranges in one query."""
    counts = {
        f"p{index}": Count(
            "pk", filter=Q(year__lte=last) & (Q(year__gte=first) if first is not None else Q())
        )
        for index, (first, last) in enumerate(periods)
    }
    row = items.order_by().aggregate(**counts)
    return [row[f"p{index}"] for index in range(len(periods))]


def language_counts(items: QuerySet[EvidenceItem]) -> dict[str, int]:
    """Items per document language, in one query (stored as ",en,fr,")."""
    return items.order_by().aggregate(
        **{
            code: Count("pk", filter=Q(languages__contains=f",{code},"))
            for code in EvidenceItem.Language.values
        }
    )


def tag_counts(items: QuerySet[EvidenceItem], *, limit: int = 30) -> dict[str, int]:
    """The most common tags among these items, most common first, in one query."""
    tags = (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(EvidenceItem),
            taggit_taggeditem_items__object_id__in=items.order_by().values("pk"),
        )
        .annotate(n=Count("taggit_taggeditem_items"))
        .order_by("-n", "name")[:limit]
    )
    return {tag.name: tag.n for tag in tags}


def related_items(*, item: EvidenceItem, reader, limit: int = 5) -> list[EvidenceItem]:
    """Readable items sharing a tag or a country with `item`, newest first; one query
    (the item's tags come prefetched)."""
    condition = Q()
    tag_ids = [tag.pk for tag in item.tags.all()]
    if tag_ids:
        condition |= Q(pk__in=tagged_ids_for(tag_ids))
    for country in item.countries:
        condition |= Q(countries__contains=country.code)
    if not condition:
        return []
    return list(
        readable_items(reader=reader)
        .filter(condition, status=EvidenceItem.Status.PUBLISHED)
        .exclude(pk=item.pk)
        .order_by("-published_at", "-pk")[:limit]
    )


def tagged_ids_for(tag_ids: list[int]):
    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(EvidenceItem), tag_id__in=tag_ids
    ).values("object_id")


def evidence_map(*, kind: str = "", year_from: int | None = None, year_to: int | None = None):
    """Countries (only those with evidence) × areas: the count of published items in each
    cell, in one query. Returns {country_code: {area: n}}."""
    items = published_items()
    if kind:
        items = items.filter(kind=kind)
    if year_from:
        items = items.filter(year__gte=year_from)
    if year_to:
        items = items.filter(year__lte=year_to)
    cells: dict[str, dict[str, int]] = {}
    for code, area, n in _per_country(items, "area"):
        cells.setdefault(code, {a.value: 0 for a in TOPICAL_AREAS})[area] = n
    return cells


def review_queue() -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.filter(status=EvidenceItem.Status.REVIEW).order_by("created_at")
