"""One search over several sources (topics, posts, evidence, events, members).

A `Source` says how to read one kind of row: its readable queryset (the app's access
pair, nothing else), where its area and date are, which columns hold its title and text,
and how to show a page of results. `SearchHits` runs the query over every source as one
ranked list; it quacks like a queryset where `cop_portal.filters` and `paginate` need one
(`all`, `count`, slicing), so the type and area facets are the filter module's own.

PostgreSQL: the stored vectors (`search_en`, `search_fr`) matched with
`websearch_to_tsquery` in each configuration, widened by the glossary, ranked with
`ts_rank` plus a small recency boost; snippets by `ts_headline`. SQLite (quick start): the
same function with `icontains` on the same columns, newest first.

This module imports no app: `cop_portal/search/sources.py` declares the sources."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cop_portal.glossary import Expansion, expand, synonym_sets
from cop_portal.searchvectors import ENGLISH, FRENCH

# The longest query searched; longer ones are cut (and the reader told).
MAX_QUERY_LENGTH = 200
# A result from today gains up to this much over one from years ago (ts_rank is ~0.1–1).
RECENCY_BOOST = 0.1
RECENCY_DAYS = 180.0
# The newest matches each source ranks (see SearchHits).
CANDIDATES = 1000


@dataclass(frozen=True)
class Result:
    kind: str
    kind_label: str
    title: str
    url: str
    place: str
    place_url: str
    date: datetime | None
    snippet: str  # safe HTML: escaped text with <mark> around the matches


@dataclass(frozen=True)
class Source:
    kind: str  # "topic", "post"…
    type: str  # the facet value: discussions, evidence, events, members
    readable: Callable[[object], QuerySet]  # reader -> the rows they may read
    date: str  # the field a result is dated by (and the recency boost reads)
    titles: tuple[str, ...]  # title columns: icontains on SQLite, trigram for "did you mean"
    texts: tuple[str, ...]  # the other columns the icontains path searches
    show: Callable[[list[int], "Search"], dict[int, Result]]  # a page of results by pk
    area: str | None = None  # the path to the row's topical area, if it has one
    # The icontains path's condition on text kept in another table (a topic's opening post).
    contains: Callable[[str], Q] | None = None


@dataclass
class Search:
    """What the reader asked: the words, the glossary's expansion and the tsqueries."""

    text: str
    language: str
    vendor: str
    glossary: list[list[str]] = field(default_factory=list)

    @cached_property
    def expansion(self) -> Expansion:
        return expand(self.text, self.glossary)

    def tsquery(self, config: str) -> SearchQuery:
        """websearch_to_tsquery of the words as typed, or of the words the glossary left
        with each term found replaced by any of its synonyms (as phrases)."""
        typed = SearchQuery(self.text, search_type="websearch", config=config)
        if not self.expansion.groups:
            return typed
        widened = SearchQuery(self.expansion.rest, search_type="websearch", config=config)
        for group in self.expansion.groups:
            widened &= reduce(
                lambda either, synonym: (
                    either | SearchQuery(synonym, search_type="phrase", config=config)
                ),
                group[1:],
                SearchQuery(group[0], search_type="phrase", config=config),
            )
        return typed | widened

    @cached_property
    def query_en(self) -> SearchQuery:
        return self.tsquery(ENGLISH)

    @cached_property
    def query_fr(self) -> SearchQuery:
        return self.tsquery(FRENCH)

    @property
    def postgres(self) -> bool:
        return self.vendor == "postgresql"

    def reader_query(self) -> tuple[str, SearchQuery]:
        """The configuration and query a snippet is highlighted with: the reader's."""
        return (FRENCH, self.query_fr) if self.language == "fr" else (ENGLISH, self.query_en)

    @cached_property
    def words(self) -> list[str]:
        """The icontains path's words: what websearch would look for, without operators."""
        words = []
        for word in self.expansion.rest.replace('"', " ").split():
            word = word.strip("&|!():*'<>")
            if word and not word.startswith("-") and word.lower() != "or":
                words.append(word)
        return words


def _age_days(date_field: str, vendor: str):
    if vendor == "postgresql":
        template = "GREATEST(EXTRACT(EPOCH FROM (NOW() - %(expressions)s)) / 86400.0, 0)"
    else:
        template = "MAX(julianday('now') - julianday(%(expressions)s), 0)"
    return Func(F(date_field), template=template, output_field=FloatField())


def union_sql(querysets: list[QuerySet], names: list[str], *, db: str) -> tuple[str, list]:
    """The querysets' `names` columns joined by UNION ALL, as SQL and parameters. Each part
    names its columns in an outer SELECT: Django may order annotations its own way. A
    queryset that can match nothing (an empty `pk__in`) is left out; with none left, the
    SQL is empty."""
    columns = ", ".join(names)
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        try:
            sql, part_params = queryset.values_list(*names).query.get_compiler(db).as_sql()
        except EmptyResultSet:
            continue
        parts.append(f"SELECT {columns} FROM ({sql}) AS part_{number}")  # noqa: S608
        params.extend(part_params)
    return " UNION ALL ".join(parts), params


class SearchHits:
    """The rows a search finds, over every source, best first. Immutable: the filters
    return a narrower copy, which shares the counts of the unfiltered search.

    Counting: one query groups every match by kind and area; the type facet, the area
    facet and the total are sums over it (whatever filters are active).

    Ranking: each source ranks at most its CANDIDATES newest matches, so a common word
    ("payment" in 40,000 posts) costs a bounded ts_rank, not one per match. Pages go as
    far as the candidates do (`pages_count`); the total stays exact."""

    model = None  # django-filter copies it onto its filters

    def __init__(self, *, search: Search, sources: list[Source], reader, area: str = "",
                 shared: dict | None = None):  # fmt: skip
        self.search = search
        self.sources = sources
        self.reader = reader
        self.area = area
        self._shared = shared if shared is not None else {"sources": sources}

    def _copy(self, *, sources: list[Source], area: str) -> "SearchHits":
        return SearchHits(search=self.search, sources=sources, reader=self.reader, area=area,
                          shared=self._shared)  # fmt: skip

    def all(self) -> "SearchHits":
        return self

    def of_type(self, value: str) -> "SearchHits":
        return self._copy(
            sources=[source for source in self.sources if source.type == value], area=self.area
        )

    def in_area(self, value: str) -> "SearchHits":
        return self._copy(sources=[source for source in self.sources if source.area], area=value)

    # The queries.

    def _match(self, source: Source) -> Q:
        search = self.search
        if search.postgres:
            return Q(search_en=search.query_en) | Q(search_fr=search.query_fr)
        columns = (*source.titles, *source.texts)

        def anywhere(word: str) -> Q:
            condition = reduce(
                lambda q, column: q | Q(**{f"{column}__icontains": word}), columns, Q()
            )
            return condition | source.contains(word) if source.contains else condition

        condition = Q()
        for word in search.words:
            condition &= anywhere(word)
        for group in search.expansion.groups:
            condition &= reduce(lambda q, synonym: q | anywhere(synonym), group, Q())
        if not search.words and not search.expansion.groups:
            return Q(pk__in=[])
        return condition

    def _score(self, source: Source):
        search = self.search
        recency = ExpressionWrapper(
            Value(RECENCY_BOOST)
            / (Value(1.0) + _age_days(source.date, search.vendor) / Value(RECENCY_DAYS)),
            output_field=FloatField(),
        )
        if search.postgres:
            rank = Greatest(
                SearchRank(F("search_en"), search.query_en),
                SearchRank(F("search_fr"), search.query_fr),
            )
        else:
            in_title = reduce(
                lambda q, column: q | Q(**{f"{column}__icontains": search.text}),
                source.titles,
                Q(),
            )
            rank = (
                Case(When(in_title, then=Value(1.0)), default=Value(0.5))
                if source.titles
                else Value(0.5)
            )
        return ExpressionWrapper(rank + recency, output_field=FloatField())

    def _rows(self, source: Source) -> QuerySet:
        rows = source.readable(self.reader).filter(self._match(source))
        if self.area:
            rows = rows.filter(**{source.area: self.area})
        return rows.order_by()

    def _execute(self, sql: str, params) -> list[tuple]:
        with connections[self._db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    @property
    def _db(self) -> str:
        return "default"

    # Counting.

    def _grouped(self) -> dict[tuple[str, str], int]:
        """{(kind, area): matches} for the unfiltered search: one query, asked once."""
        if "grouped" not in self._shared:
            unfiltered = SearchHits(search=self.search, sources=self._shared["sources"],
                                    reader=self.reader)  # fmt: skip
            querysets = [
                unfiltered._rows(source).annotate(
                    search_kind=Value(source.kind),
                    search_area=F(source.area) if source.area else Value(""),
                )
                for source in unfiltered.sources
            ]
            union, params = union_sql(querysets, ["search_kind", "search_area"], db=self._db)
            rows = []
            if union:
                rows = self._execute(
                    f"SELECT search_kind, search_area, COUNT(*) FROM ({union}) AS hits "  # noqa: S608
                    "GROUP BY search_kind, search_area",
                    params,
                )
            self._shared["grouped"] = {(kind, area or ""): count for kind, area, count in rows}
        return self._shared["grouped"]

    def _kind_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        kinds = {source.kind for source in self.sources}
        for (kind, area), count in self._grouped().items():
            if kind in kinds and (not self.area or area == self.area):
                counts[kind] = counts.get(kind, 0) + count
        return counts

    def count_by_type(self) -> dict[str, int]:
        by_kind = self._kind_counts()
        counts: dict[str, int] = {}
        for source in self.sources:
            counts[source.type] = counts.get(source.type, 0) + by_kind.get(source.kind, 0)
        return counts

    def count_by_area(self) -> dict[str, int]:
        """Members have no area: they are in no area's count."""
        kinds = {source.kind for source in self.sources if source.area}
        counts: dict[str, int] = {}
        for (kind, area), count in self._grouped().items():
            if kind in kinds and area:
                counts[area] = counts.get(area, 0) + count
        return counts

    def count(self) -> int:
        return sum(self._kind_counts().values())

    def pages_count(self) -> int:
        """How many results the pages reach: at most CANDIDATES per source."""
        return sum(min(count, CANDIDATES) for count in self._kind_counts().values())

    def __len__(self) -> int:
        return self.pages_count()

    # A page.

    def __getitem__(self, page: slice) -> list[Result]:
        """A page of results, best first: one query for the page, then one per source to
        show its rows (whether or not it has any on this page, so a page always costs the
        same)."""
        if not self.sources:
            return []
        start, stop = page.start or 0, page.stop
        querysets = [
            self._rows(source)
            .annotate(
                search_kind=Value(source.kind), search_value=F("pk"),
                search_score=self._score(source),
            )
            .order_by(F(source.date).desc(nulls_last=True), "-pk")[:CANDIDATES]
            for source in self.sources
        ]  # fmt: skip
        union, params = union_sql(
            querysets, ["search_kind", "search_value", "search_score"], db=self._db
        )
        rows = []
        if union:
            rows = self._execute(
                f"SELECT * FROM ({union}) AS hits "  # noqa: S608
                "ORDER BY search_score DESC, search_kind, search_value LIMIT %s OFFSET %s",
                [*params, stop - start, start],
            )
        shown: dict[str, dict[int, Result]] = {}
        for source in self.sources:
            ids = [pk for kind, pk, _score in rows if kind == source.kind]
            shown[source.kind] = source.show(ids or [0], self.search)
        return [shown[kind][pk] for kind, pk, _score in rows if pk in shown[kind]]


def make_search(text: str, *, language: str, db: str = "default") -> Search:
    return Search(
        text=text[:MAX_QUERY_LENGTH],
        language=language,
        vendor=connections[db].vendor,
        glossary=synonym_sets(),
    )


# Private-use characters around the matches in ts_headline's text: the text is escaped
# first, then they become <mark>, so nothing a member wrote can inject markup.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_LENGTH = 240


def highlighted(expression, search: Search):
    """A column (or expression) to show as a snippet: ts_headline on PostgreSQL, the plain
    text on SQLite (`snippet` cuts and marks it)."""
    expression = Coalesce(expression, Value(""), output_field=TextField())
    if not search.postgres:
        return expression
    # The markers typed by a member (they are ordinary characters) would become <mark>
    # tags of their own, unbalanced: they go before ts_headline adds the real ones.
    expression = Func(
        expression,
        Value(MARK_START + MARK_END),
        Value(""),
        function="translate",
        output_field=TextField(),
    )
    config, query = search.reader_query()
    return SearchHeadline(
        expression,
        query,
        config=config,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def snippet(text: str | None, search: Search) -> SafeString:
    text = text or ""
    if search.postgres:
        html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
        return mark_safe(html)  # noqa: S308 -- escaped above
    words = [word for word in (*search.words, *search.expansion.synonyms) if word]
    if not words:
        return mark_safe(escape(text[:SNIPPET_LENGTH]))  # noqa: S308 -- escaped
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - SNIPPET_LENGTH // 3) if first else 0
    window = text[start : start + SNIPPET_LENGTH]
    parts, position = [], 0
    for match in pattern.finditer(window):
        parts.append(escape(window[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(window[position:]))
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_LENGTH < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 -- every part escaped
