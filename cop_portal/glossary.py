"""The search glossary: finds the field's terms in a query, in either language, so the
search also looks for their synonyms in the other language. Imports no app."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cop_portal.models import GlossaryTerm

CACHE_KEY = "search:glossary"
_WORD = re.compile(r"[^\W_]+")


def synonym_sets() -> list[list[str]]:
    """Every term's synonyms (English and French together): one query, then the cache
    until the glossary changes."""
    sets = cache.get(CACHE_KEY)
    if sets is None:
        sets = [term.synonyms for term in GlossaryTerm.objects.all()]
        cache.set(CACHE_KEY, sets, timeout=None)
    return sets


@receiver([post_save, post_delete], sender=GlossaryTerm)
def _forget_glossary(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def _key(word: str) -> str:
    """A word as the glossary compares it: no case, no accents, no plural s or x."""
    base = "".join(
        char for char in unicodedata.normalize("NFD", word.casefold())
        if not unicodedata.combining(char)
    )  # fmt: skip
    return base[:-1] if len(base) > 3 and base[-1] in "sx" else base


def _keys(text: str) -> tuple[str, ...]:
    return tuple(_key(match.group()) for match in _WORD.finditer(text))


@dataclass
class Expansion:
    """A query split into the words no term matched (`rest`, still in websearch syntax)
    and, per term found, every synonym to look for instead (`groups`)."""

    query: str
    rest: str
    groups: list[list[str]] = field(default_factory=list)

    @property
    def synonyms(self) -> list[str]:
        return [synonym for group in self.groups for synonym in group]


def expand(query: str, sets: list[list[str]]) -> Expansion:
    """Find the glossary's terms in the query, longest first. A term typed after `-` (an
    exclusion) is left alone."""
    words = list(_WORD.finditer(query))
    keys = [_key(match.group()) for match in words]
    taken = [False] * len(words)
    candidates = sorted(
        ((_keys(synonym), index) for index, group in enumerate(sets) for synonym in group),
        key=lambda candidate: -len(candidate[0]),
    )
    found: list[int] = []
    spans = []
    for term_keys, index in candidates:
        size = len(term_keys)
        if not size:
            continue
        for start in range(len(words) - size + 1):
            if any(taken[start : start + size]) or tuple(keys[start : start + size]) != term_keys:
                continue
            begin = words[start].start()
            if begin and query[begin - 1] == "-":
                continue
            taken[start : start + size] = [True] * size
            spans.append((begin, words[start + size - 1].end()))
            if index not in found:
                found.append(index)
    rest = query
    for begin, end in sorted(spans, reverse=True):
        rest = rest[:begin] + " " + rest[end:]
    return Expansion(query=query, rest=rest, groups=[sets[index] for index in found])
