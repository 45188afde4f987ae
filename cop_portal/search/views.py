"""The search page: one query over discussions, evidence, events and members, with type and
area facets (cop_portal.filters), best first, a page at a time. A composing page."""

import difflib
import re
import unicodedata

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import F, Value
from django.shortcuts import render
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from cop_portal.areas import TOPICAL_AREAS
from cop_portal.filters import ChoiceFacet, FacetFilterSet, paginate
from cop_portal.search.engine import (
    MAX_QUERY_LENGTH,
    Search,
    SearchHits,
    make_search,
    union_sql,
)
from cop_portal.search.sources import SOURCES, TYPES

PAGE_SIZE = 20
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000\ue001]")
_WORD = re.compile(r"[^\W_]+")


class SearchFilter(FacetFilterSet):
    type = ChoiceFacet(
        label=pgettext_lazy("search facet", "Type"),
        choices=TYPES,
        method="filter_type",
        count=lambda hits: hits.count_by_type(),
    )
    area = ChoiceFacet(
        label=pgettext_lazy("topical area", "Area"),
        choices=[(area.value, area.label) for area in TOPICAL_AREAS],
        method="filter_area",
        count=lambda hits: hits.count_by_area(area.value for area in TOPICAL_AREAS),
    )
    facets = ("type", "area")

    def filter_type(self, hits: SearchHits, name: str, value: str) -> SearchHits:
        return hits.of_type(value)

    def filter_area(self, hits: SearchHits, name: str, value: str) -> SearchHits:
        return hits.in_area(value)


def _facet_links(filterset: SearchFilter) -> list[dict]:
    """Each facet's options as links that keep the query and the other facet."""
    groups = []
    for group in filterset.facet_groups():
        options = []
        for option in group.options:
            query = filterset.query.copy()
            query.pop("page", None)
            query[group.name] = option.value
            options.append({"option": option, "url": f"?{query.urlencode()}"})
        groups.append({"group": group, "options": options})
    return groups


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _did_you_mean(search: Search, reader) -> str | None:
    """When nothing matches: the query with each word replaced by the closest word of the
    readable titles most like it (pg_trgm's word similarity). PostgreSQL only."""
    words = _WORD.findall(search.text)
    if not search.postgres or not words:
        return None
    parts = []
    for source in SOURCES:
        for column in source.titles:
            parts.append(
                source.readable(reader)
                .filter(TrigramWordSimilar(F(column), Value(search.text)))
                .annotate(
                    search_title=F(column),
                    search_similarity=TrigramWordSimilarity(Value(search.text), column),
                )
                .order_by()
            )
    union, params = union_sql(parts, ["search_title", "search_similarity"], db="default")
    if not union:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM ({union}) AS titles ORDER BY search_similarity DESC LIMIT 5",  # noqa: S608
            params,
        )
        titles = cursor.fetchall()
    vocabulary = {}
    for title, _similarity in titles:
        for word in _WORD.findall(title or ""):
            vocabulary.setdefault(_plain(word), word.lower())
    if not vocabulary:
        return None
    corrected = []
    for word in words:
        if _plain(word) in vocabulary or len(word) < 3:
            corrected.append(word)
            continue
        close = difflib.get_close_matches(_plain(word), vocabulary, n=1, cutoff=0.7)
        corrected.append(vocabulary[close[0]] if close else word)
    suggestion = " ".join(corrected)
    return suggestion if _plain(suggestion) != _plain(" ".join(words)) else None


def search(request):
    typed = request.GET.get("q", "")
    text = " ".join(_CONTROL.sub(" ", typed).split())
    context = {"q": typed, "searched": False, "notices": []}
    if not text:
        return render(request, "search/results.html", context)
    if len(text) > MAX_QUERY_LENGTH:
        context["notices"].append(
            _("Your search was long: it used its first %(count)s characters.")
            % {"count": MAX_QUERY_LENGTH}
        )
    query = make_search(text, language=get_language())
    if not query.has_words:
        context.update(searched=True, only_common_words=True)
        return render(request, "search/results.html", context)
    hits = SearchHits(search=query, sources=SOURCES, reader=request.user)
    filterset = SearchFilter(request.GET, queryset=hits)
    facets = _facet_links(filterset)
    hits = filterset.qs
    page = paginate(request, hits, PAGE_SIZE, count=hits.pages_count())
    context.update(
        searched=True,
        total=hits.count(),
        page=page,
        facets=facets,
        filterset=filterset,
        filters=filterset.active,
        synonyms=query.expansion.synonyms,
    )
    if not context["total"]:
        context["suggestion"] = _did_you_mean(query, request.user)
    return render(request, "search/results.html", context)
