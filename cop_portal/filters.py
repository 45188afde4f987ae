"""Facets and pagination for every list page (directory, organisations; later the evidence
library and search). Facets are declared once on a django-filter FilterSet; their state is
the query string, so a filtered page has a URL to share; a value the form does not know is
dropped, never an error. Each facet counts its values in one query, with every other filter
applied but its own, so a reader sees how many they would find by changing that one filter.

A caller may pass `cache_key` (its viewer class, language and a data version it bumps on
every write that changes the counts): the total and the facet counts are then kept in the
cache for `cache_timeout` seconds per set of active filters, so a busy directory scans its
table once a minute instead of six times a request. This module imports no app: the key,
and its invalidation, are the caller's.

Option lists and names sort by the reader's language's collation (Népal before Nigeria,
États-Unis among the É), not by code point."""

import contextlib
import hashlib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import django_filters
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import Count, QuerySet
from django.db.models.functions import Collate
from django.utils.http import urlencode

EMPTY_VALUES = ([], (), {}, "", None)

# Letters that do not decompose under NFD but sort as two letters in French and English.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
# PostgreSQL's ICU root collation: accents and case second, as French and English want.
ICU_COLLATION = "und-x-icu"


def collation_key(text: str) -> tuple[str, str]:
    """A sort key that follows French (and English) dictionary order whatever the server's
    locale: accents and case only break ties. Aïssata before Anke, Népal before Nigeria,
    Sénégal before Suisse, États-Unis among the E."""
    text = str(text)
    decomposed = unicodedata.normalize("NFD", text.translate(_LIGATURES))
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return (base.casefold(), text)


def collated(items: Iterable, key: Callable = lambda item: item) -> list:
    return sorted(items, key=lambda item: collation_key(key(item)))


def _compare(left: str, right: str) -> int:
    left_key, right_key = collation_key(left), collation_key(right)
    return (left_key > right_key) - (left_key < right_key)


def _add_sqlite_collation(connection, **kwargs) -> None:
    """SQLite has no ICU: teach it a collation of the same name that sorts like one."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(ICU_COLLATION, _compare)


connection_created.connect(_add_sqlite_collation)


def order_by_collated(queryset: QuerySet, field_name: str, *tie_breakers: str) -> QuerySet:
    """Order a queryset by a text column in dictionary order: PostgreSQL's ICU root
    collation; on SQLite (development, quick tests) a Python collation of the same name."""
    db = connections[queryset.db]
    if db.vendor == "sqlite":
        db.ensure_connection()
        _add_sqlite_collation(db)
    return queryset.order_by(Collate(field_name, ICU_COLLATION), *tie_breakers)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool

    def __iter__(self):
        return iter((self.value, self.label, self.count, self.selected))


@dataclass
class FacetGroup:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    clear_url: str = ""
    active: bool = False

    def __iter__(self):
        return iter((self.name, self.label, self.options))


class FacetMixin:
    """Turns a django-filter Filter into a counted facet.

    `count(queryset) -> {value: n}` counts members of the queryset per value (default: one
    GROUP BY on the filter's field); `options(counts) -> [(value, label)]` lists the values
    to offer (default: the field's choices). `collate` sorts the options by label in the
    reader's collation; `hide_empty` leaves out values nobody has (the selected one stays)."""

    def __init__(self, *args, count=None, options=None, collate=False, hide_empty=False, **kw):
        self._count = count
        self._options = options
        self.collate = collate
        self.hide_empty = hide_empty
        super().__init__(*args, **kw)

    def count(self, queryset: QuerySet) -> dict[str, int]:
        if self._count is not None:
            return self._count(queryset)
        rows = queryset.order_by().values_list(self.field_name).annotate(n=Count("pk"))
        return {str(value): n for value, n in rows if value not in EMPTY_VALUES}

    def choices(self) -> list[tuple[str, str]]:
        """The field's declared choices; a free-text facet has none."""
        return [(str(value), str(label)) for value, label in getattr(self.field, "choices", ())]

    def options(self, counts: dict[str, int]) -> list[tuple[str, str]]:
        if self._options is not None:
            return list(self._options(counts))
        choices = self.choices()
        if not choices:  # a free value: offer what the data holds
            return [(value, value) for value in counts]
        return [(value, label) for value, label in choices if value != ""]

    def facet_options(
        self, queryset: QuerySet | None, selected: str, counts: dict[str, int] | None = None
    ) -> list[FacetOption]:
        if counts is None:
            counts = self.count(queryset)
        options = []
        for value, label in self.options(counts):
            is_selected = bool(selected) and value.lower() == selected.lower()
            n = counts.get(value, 0)
            if self.hide_empty and not n and not is_selected:
                continue
            options.append(FacetOption(value, label, n, is_selected))
        if selected and not any(option.selected for option in options):
            labels = dict(self.choices())
            options.append(FacetOption(selected, labels.get(selected, selected), 0, True))
        if self.collate:
            options = collated(options, key=lambda option: option.label)
        return options


class ChoiceFacet(FacetMixin, django_filters.ChoiceFilter):
    """A value among known choices (role, country, kind of organisation…)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", None)
        kwargs.setdefault("null_label", None)
        super().__init__(*args, **kwargs)


class CharFacet(FacetMixin, django_filters.CharFilter):
    """A free value whose offered options come from the data (interests)."""


class FacetFilterSet(django_filters.FilterSet):
    """A FilterSet whose `facets` are counted. Always bound to the query string."""

    #: Names of the counted filters, in the order the page shows them.
    facets: tuple[str, ...] = ()

    def __init__(self, data, queryset: QuerySet, *, cache_key=None, cache_timeout=60, **kwargs):
        self.query = data.copy()
        self.cache_key = cache_key
        self.cache_timeout = cache_timeout
        super().__init__(data, queryset=queryset, **kwargs)

    def _cached(self, part: str, compute: Callable):
        """compute(), kept in the cache under the caller's key and the active filters."""
        if self.cache_key is None:
            return compute()
        filters = repr(sorted(self.active.items())).encode()
        key = f"facets:{self.cache_key}:{part}:{hashlib.sha256(filters).hexdigest()[:32]}"
        try:
            value = cache.get(key)
        except Exception:  # the cache is down: count, as without a key
            return compute()
        if value is None:
            value = compute()
            with contextlib.suppress(Exception):
                cache.set(key, value, self.cache_timeout)
        return value

    def count(self) -> int:
        """How many rows the filters find (the paginator's count), cached like the facets."""
        return self._cached("count", lambda: self.qs.count())

    @property
    def active(self) -> dict[str, str]:
        """The filters in force, by name: unknown or invalid values are not in it."""
        self.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return {
            name: str(value).strip()
            for name, value in data.items()
            if value not in EMPTY_VALUES and str(value).strip()
        }

    def filtered(self, *, skip: str | tuple[str, ...] | None = None) -> QuerySet:
        """The rows with every active filter applied but the skipped one(s)."""
        skipped = (skip,) if isinstance(skip, str) else tuple(skip or ())
        queryset = self.queryset.all()
        for name, value in self.active.items():
            if name not in skipped:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def qs(self) -> QuerySet:
        if not hasattr(self, "_qs"):
            self._qs = self.filtered()
        return self._qs

    def url_without(self, *names: str) -> str:
        query = self.query.copy()
        for name in (*names, "page"):
            query.pop(name, None)
        return f"?{query.urlencode()}" if query else "?"

    @property
    def clear_all_url(self) -> str:
        kept = {key: value for key, value in self.query.items() if key not in self.filters}
        kept.pop("page", None)
        return f"?{urlencode(kept)}" if kept else "?"

    def facet_groups(self) -> list[FacetGroup]:
        """Every facet with its options and counts: one query per facet (none while the
        counts are in the cache)."""
        active = self.active

        def count_all():
            facets = {name: self.filters[name] for name in self.facets}
            return {name: facet.count(self.filtered(skip=name)) for name, facet in facets.items()}

        counts = self._cached("facets", count_all)
        groups = []
        for name in self.facets:
            facet = self.filters[name]
            groups.append(
                FacetGroup(
                    name=name,
                    label=str(facet.label),
                    options=facet.facet_options(None, active.get(name, ""), counts[name]),
                    clear_url=self.url_without(name),
                    active=name in active,
                )
            )
        return groups


def paginate(request, object_list, per_page: int, *, count: int | None = None) -> Page:
    """The requested page; a page number that is not a number gives the first page, one
    past the end the last, never an error. `count`, when known (FacetFilterSet.count()),
    saves the paginator its COUNT query."""
    paginator = Paginator(object_list, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: the instance value wins
    return paginator.get_page(request.GET.get("page"))
