# ruff: noqa: S608 -- SQL assembled from compiled querysets and this module's constants; values go as parameters.
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, cached_property, reduce

from django.contrib.postgres.search import SearchConfig, SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
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
from django.db.models.sql import Query
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cop_portal.glossary import Expansion, expand, synonym_sets
from cop_portal.searchvectors import ENGLISH, FRENCH

# The longest query searched; longer ones are cut (and the reader told).
MAX_QUERY_LENGTH = 200
# A result from today gains up to this much over one from years ago (ts_rank is ~0.1–1).
RECENCY_BOOST = 0.1
RECENCY_DAYS = 180.0
# Each source ranks its CANDIDATES newest matches (see SearchHits); counts go as far.
CANDIDATES = 100
# How many of its newest rows each source reads first for them (see SearchHits._candidates).
WINDOW = 4000
_NAMES = ("search_kind", "search_value", "search_area", "search_score")


class Count(int):
    """A number of results that may be a lower bound: `more` when there are more than it
    says (a source found more than its CANDIDATES). Shown as "100+"."""

    more: bool

    def __new__(cls, value: int = 0, more: bool = False):
        count = super().__new__(cls, value)
        count.more = more
        return count

    def __add__(self, other: int) -> "Count":
        return Count(int(self) + int(other), self.more or getattr(other, "more", False))

    __radd__ = __add__


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


class BuiltQuery(SearchQuery):
    """A tsquery PostgreSQL has already built, given back as its text (one parameter cast
    to tsquery): the glossary's tree of websearch and phrase queries is compiled once a
    search, not once per source, rank and snippet."""

    def __init__(self, text: str):
        super().__init__(text, search_type="raw")

    def as_sql(self, compiler, connection, function=None, template=None):
        return super().as_sql(compiler, connection, template="%(expressions)s::tsquery")


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

    # On PostgreSQL, make_search asks the database once for both tsqueries, as text
    # (`built`), and every query of the search passes them back as one parameter each.
    built: dict[str, str] = field(default_factory=dict)
    # Whether the query holds nothing the reader's language would look for (see views).
    has_words: bool = True

    @cached_property
    def query_en(self) -> SearchQuery:
        return BuiltQuery(self.built[ENGLISH]) if self.built else self.tsquery(ENGLISH)

    @cached_property
    def query_fr(self) -> SearchQuery:
        return BuiltQuery(self.built[FRENCH]) if self.built else self.tsquery(FRENCH)

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
    return a narrower copy, which shares the queries already run.

    Candidates: one query finds, for every source, its CANDIDATES newest matches (one more
    tells that there are more), each with its area and score (ts_rank plus a small recency
    boost). Newest first is what makes a common word cheap: PostgreSQL walks each source's
    (date, pk) index backwards and stops once it has enough, instead of reading and sorting
    every match ("payment" in 30,000 posts); a rare word is found through the GIN indexes.

    The page is the candidates best first; the facets and the total are counted from the
    same rows, so they are exact up to CANDIDATES a source and a lower bound above it
    (`Count.more`, shown "100+"). The area filter asks the candidates again within the
    area; the type filter only leaves sources out. So a search costs one query, or two
    with an area chosen, whatever it finds."""

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
        self._shared["chosen_area"] = value
        return self._copy(sources=[source for source in self.sources if source.area], area=value)

    # The query.

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

    def _part(self, source: Source, area: str, number: int) -> tuple[str, str, list]:
        """One source's part of the candidates query: (its bound's SQL, its SQL, params).

        On PostgreSQL, two steps in one statement. First its matches among the WINDOW
        newest rows of its table, newest first: a common word fills its candidates there
        at once, PostgreSQL walking the (date, pk) index or reading the GIN index as its
        estimate says, either way reading at most WINDOW rows. Only if that falls short
        (a rarer word, so fewer rows to read) does it run the second step, over the older
        rows, sorted by an expression no index gives so that they are read through the GIN
        indexes: the planner's estimate for a phrase or a glossary synonym can be a
        hundred times too high, and with an index in the sort's order it would walk the
        whole table backwards looking for them. Any bound gives the same rows (the two
        steps share it); the bound only decides how fast."""
        rows = source.readable(self.reader).filter(self._match(source))
        if area:
            rows = rows.filter(**{source.area: area})
        rows = rows.order_by().annotate(
            search_kind=Value(source.kind),
            search_value=F("pk"),
            search_area=F(source.area) if source.area else Value(""),
            search_score=self._score(source),
            search_date=F(source.date),
        )
        sql, params = rows.values_list(*_NAMES, "search_date").query.get_compiler(self._db).as_sql()
        columns = ", ".join(_NAMES)
        limit = CANDIDATES + 1
        if not self.search.postgres:
            return (
                "",
                (
                    f"SELECT {columns} FROM ({sql}) AS c "
                    f"ORDER BY c.search_date DESC, c.search_value DESC LIMIT {limit}"
                ),
                list(params),
            )
        ops = connections[self._db].ops
        model = rows.model
        column = ops.quote_name(model._meta.get_field(source.date).column)
        bound = (
            f"bound_{number} AS (SELECT COALESCE((SELECT {column} FROM "
            f"{ops.quote_name(model._meta.db_table)} ORDER BY {column} DESC "
            f"OFFSET {WINDOW - 1} LIMIT 1), '-infinity'::timestamptz) AS at)"
        )
        at = f"(SELECT at FROM bound_{number})"
        unindexed = "c.search_date + interval '0 seconds'"
        return (
            bound,
            (
                f"SELECT * FROM ((SELECT {columns} FROM ({sql}) AS c WHERE c.search_date >= {at} "
                f"ORDER BY c.search_date DESC, c.search_value DESC LIMIT {limit}) "
                f"UNION ALL (SELECT {columns} FROM ({sql}) AS c WHERE {at} > '-infinity' "
                f"AND {unindexed} < {at} "
                f"ORDER BY {unindexed} DESC, c.search_value DESC LIMIT {limit})) AS steps "
                f"LIMIT {limit}"
            ),
            [*params, *params],
        )

    def _candidates(self, area: str) -> dict[str, list[tuple]]:
        """{kind: [(pk, area, score)…]}: each source's CANDIDATES + 1 newest matches (in
        `area` if one is given), in one query, asked once a search."""
        key = ("candidates", area)
        if key not in self._shared:
            sources = [source for source in self._shared["sources"] if source.area or not area]
            found: dict[str, list[tuple]] = {source.kind: [] for source in sources}
            bounds, parts, params = [], [], []
            for number, source in enumerate(sources):
                try:
                    bound, sql, part_params = self._part(source, area, number)
                except EmptyResultSet:  # a condition that can match nothing
                    continue
                if bound:
                    bounds.append(bound)
                parts.append(f"SELECT * FROM ({sql}) AS part_{number}")  # noqa: S608
                params.extend(part_params)
            if parts:
                sql = " UNION ALL ".join(parts)
                if bounds:
                    sql = f"WITH {', '.join(bounds)} {sql}"
                for kind, pk, row_area, score in self._execute(sql, params):
                    found[kind].append((pk, row_area or "", score))
            self._shared[key] = found
        return self._shared[key]

    def _execute(self, sql: str, params: list) -> list[tuple]:
        if not self.search.postgres:
            with connections[self._db].cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        with transaction.atomic(using=self._db), connections[self._db].cursor() as cursor:
            # The second steps read their rows through the GIN indexes, never the whole
            # table: the estimates for phrases and synonyms run high enough to make a
            # sequential scan of 200,000 posts look cheaper than it is (300 ms instead of
            # 30 ms for "mobile money"). For this one statement only: the block is rolled
            # back (it wrote nothing), which undoes SET LOCAL even inside a caller's
            # transaction, where a savepoint's release would not.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            transaction.set_rollback(True, using=self._db)
            return rows

    @property
    def _db(self) -> str:
        return "default"

    def _kinds(self) -> dict[str, list[tuple]]:
        """This selection's candidates by kind (the chosen area's, the chosen types')."""
        found = self._candidates(self.area)
        return {source.kind: found.get(source.kind, []) for source in self.sources}

    # Counting.

    @staticmethod
    def _count(rows: list) -> Count:
        return Count(min(len(rows), CANDIDATES), more=len(rows) > CANDIDATES)

    def count_by_type(self) -> dict[str, Count]:
        counts: dict[str, Count] = {}
        by_kind = self._kinds()
        for source in self.sources:
            counts[source.type] = counts.get(source.type, Count()) + self._count(
                by_kind[source.kind]
            )
        return counts

    def count_by_area(self, areas: Iterable[str] = ()) -> dict[str, Count]:
        """{area: results} for the `areas` asked (and any other found). Members have no
        area: they are in no area's count. The chosen area's count is its own candidates'
        (the same number as the results heading); the others are counted among the
        candidates of the whole search, so where a source found more than it ranks, every
        area's count is a lower bound ("0+" too: older matches may be there)."""
        kinds = [source.kind for source in self.sources if source.area]
        everywhere = self._candidates(self.area)
        more = any(len(everywhere[kind]) > CANDIDATES for kind in kinds)
        counts: dict[str, Count] = {area: Count(0, more) for area in areas}
        for kind in kinds:
            for _pk, area, _score in everywhere[kind][:CANDIDATES]:
                counts[area] = counts.get(area, Count(0, more)) + 1
        chosen = self._shared.get("chosen_area")
        if chosen and not self.area:
            within = self._candidates(chosen)
            counts[chosen] = sum((self._count(within[kind]) for kind in kinds), Count())
        return counts

    def count(self) -> Count:
        return sum((self._count(rows) for rows in self._kinds().values()), Count())

    def pages_count(self) -> int:
        """How many results the pages reach: at most CANDIDATES per source."""
        return int(self.count())

    def __len__(self) -> int:
        return self.pages_count()

    # A page.

    def __getitem__(self, page: slice) -> list[Result]:
        """A page of results, best first, from the candidates; then one query for each
        kind of row on the page, to show them."""
        if not self.sources:
            return []
        ranked = sorted(
            (
                (score, kind, pk)
                for kind, rows in self._kinds().items()
                for pk, _area, score in rows[:CANDIDATES]
            ),
            key=lambda row: (-row[0], row[1], row[2]),
        )[page]
        shown: dict[str, dict[int, Result]] = {}
        for source in self.sources:
            ids = [pk for _score, kind, pk in ranked if kind == source.kind]
            if ids:
                shown[source.kind] = source.show(ids, self.search)
        return [shown[kind][pk] for _score, kind, pk in ranked if pk in shown[kind]]


def make_search(text: str, *, language: str, db: str = "default") -> Search:
    search = Search(
        text=text[:MAX_QUERY_LENGTH],
        language=language,
        vendor=connections[db].vendor,
        glossary=synonym_sets(),
    )
    if search.postgres:
        # One query: both tsqueries, and whether the reader's language finds any word to
        # look for in what was typed ("the of and", "le la des" or signs only: the other
        # language's configuration would otherwise look for "the" in every English post).
        query = Query(None)
        compiler = query.get_compiler(using=db)
        parts, params = [], []
        for config in (ENGLISH, FRENCH):
            sql, part_params = compiler.compile(search.tsquery(config).resolve_expression(query))
            parts.append(f"({sql})::text")
            params.extend(part_params)
        reader_config = FRENCH if language == "fr" else ENGLISH
        with connections[db].cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(parts)}, "  # noqa: S608 -- compiled expressions
                "numnode(websearch_to_tsquery(%s::regconfig, %s))",
                [*params, reader_config, search.text],
            )
            query_en, query_fr, words = cursor.fetchone()
        search.built = {ENGLISH: query_en, FRENCH: query_fr}
        search.has_words = bool(words)
    else:
        search.has_words = bool(search.words or search.expansion.groups)
    return search


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
    return Func(
        SearchConfig.from_parameter(config),
        expression,
        query,
        Value(_headline_options()),
        function="ts_headline",
        output_field=TextField(),
    )


@cache
def _headline_options() -> str:
    """ts_headline's options, written as SearchHeadline writes them, but once (it quotes
    each option again for every query)."""
    options = {
        "StartSel": MARK_START,
        "StopSel": MARK_END,
        "MaxWords": 30,
        "MinWords": 12,
        "MaxFragments": 2,
        "FragmentDelimiter": " … ",
    }
    return ", ".join(
        connections["default"].ops.compose_sql(f"{option}=%s", [value])
        for option, value in options.items()
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
