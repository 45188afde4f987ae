"""RIS in, as Zotero, Mendeley and EndNote write it."""

from __future__ import annotations

import re

from .references import (
    _KIND_BY_GENRE,
    _KIND_BY_RIS,
    MESSAGES,
    REPORT,
    Author,
    CitationFileError,
    CorporateAuthor,
    ParseResult,
    Person,
    Reference,
    _check_title,
    _decode,
    _make_date,
    _month,
    _one_line,
    _record_name,
    _year,
    normalise_doi,
)

# Words that make a comma-less RIS name an organisation rather than "Given Family".
_CORPORATE_WORDS = frozenset(
    """organization organisation ministry ministère bank banque institute institut university
    université foundation fondation agency agence programme program fund fonds council conseil
    department département group groupe alliance association centre center network réseau
    initiative society société commission committee comité office bureau unit unité secretariat
    government gouvernement partnership partenariat consortium trust project projet service
    services board authority health santé sante public publique world mondiale national
    nationale international internationale global united nations africa african afrique
    research recherche development développement sans frontières frontieres vaccine vaccins
    inc ltd plc gmbh corporation company limited lab labs of for and the de du des la le pour
    et""".split()  # noqa: SIM905
)


def _ris_name(value: str) -> Author:
    """RIS names are "Family, Given[, Suffix]"; without a comma, a short run of capitalised
    words is a person written "Given Family", anything else an organisation."""
    value = _one_line(value)
    words = value.replace(",", " ").split()
    if "," in value and not (
        value.split(",", 1)[1].strip()[:1].islower()
        or any(w.lower() in _CORPORATE_WORDS and len(w) > 3 for w in words)
    ):
        family, given = (part.strip() for part in value.split(",", 1))
        given = given.rstrip(",").strip()
        if "," in given:  # Family, Given, Jr.
            given, suffix = (part.strip() for part in given.split(",", 1))
            family = f"{family} {suffix}".strip()
        return Person(family=family, given=given)
    if (
        "," not in value
        and 2 <= len(words) <= 3
        and all(
            w[0].isupper() and w.lower().strip(".") not in _CORPORATE_WORDS and not w.isupper()
            for w in words
        )
    ):
        return Person(family=words[-1], given=" ".join(words[:-1]))
    return CorporateAuthor(value)


_RIS_LINE = re.compile(r"^\s*([A-Z][A-Z0-9])\s{1,2}-(?: ?(.*))?$")
_RIS_MULTI = frozenset({"AU", "A1", "KW", "UR", "L2"})


def parse_ris(data: str | bytes) -> ParseResult:
    """Every record of a RIS file (Zotero, Mendeley, EndNote), or CitationFileError."""
    text = _decode(data)
    refs: list[Reference] = []
    tags: dict[str, list[str]] | None = None
    start = 0
    last: list[str] | None = None
    for line_number, line in enumerate(text.split("\n"), start=1):
        match = _RIS_LINE.match(line)
        if not match:
            if tags is not None and last is not None and line.strip():
                last[-1] = f"{last[-1]} {line.strip()}".strip()
            continue
        name, value = match.group(1), (match.group(2) or "").strip()
        if name == "TY":
            if tags is not None:
                raise CitationFileError(
                    MESSAGES["ris_unended"],
                    code="ris_unended",
                    record=len(refs) + 1,
                    name=_record_name(None, _first(tags, "ID"), _first(tags, "TI", "T1")) or "—",
                    line=start,
                )
            tags, start, last = {"TY": [value]}, line_number, None
        elif name == "ER":
            if tags is None:
                raise CitationFileError(
                    MESSAGES["ris_stray_end"],
                    code="ris_stray_end",
                    record=len(refs) + 1,
                    line=line_number,
                )
            ref = _ris_reference(tags)
            _check_title(ref, len(refs) + 1, start)
            refs.append(ref)
            tags, last = None, None
        elif tags is not None:
            last = tags.setdefault(name, [])
            last.append(value)
    if tags is not None:
        raise CitationFileError(
            MESSAGES["ris_unended"],
            code="ris_unended",
            record=len(refs) + 1,
            name=_record_name(None, _first(tags, "ID"), _first(tags, "TI", "T1")) or "—",
            line=start,
        )
    if not refs:
        raise CitationFileError(MESSAGES["empty"], code="empty")
    return ParseResult(format="ris", references=refs)


def _first(tags: dict[str, list[str]], *names: str) -> str:
    for name in names:
        for value in tags.get(name, ()):
            if value.strip():
                return value.strip()
    return ""


def _ris_reference(tags: dict[str, list[str]]) -> Reference:
    ty = _first(tags, "TY").upper()
    genre = _first(tags, "M3")
    kind = _KIND_BY_GENRE.get(genre.casefold()) or _KIND_BY_RIS.get(ty, REPORT)
    year = _year(_first(tags, "PY", "Y1", "DA"))
    month, day = None, None
    for raw in (_first(tags, "DA"), _first(tags, "PY", "Y1")):  # Y2 is the access date
        parts = raw.split("/")
        if len(parts) >= 2 and parts[1].strip().isdigit():
            month = _month(parts[1])
            day = parts[2].strip() if len(parts) > 2 and parts[2].strip().isdigit() else None
            year = year or _year(parts[0])
            break
    start_page, end_page = _first(tags, "SP"), _first(tags, "EP")
    pages = f"{start_page}-{end_page}" if start_page and end_page else start_page or end_page
    keywords: list[str] = []
    for value in tags.get("KW", ()):
        keywords += [k.strip() for k in re.split(r"[;\n]", value) if k.strip()]
    authors = [_ris_name(v) for v in tags.get("AU", []) + tags.get("A1", []) if v.strip()]
    doi = _first(tags, "DO")
    url = _first(tags, "UR", "L2")
    if not doi and re.match(r"https?://(dx\.)?doi\.org/", url, re.IGNORECASE):
        doi = url
    return Reference(
        title=_one_line(_first(tags, "TI", "T1", "CT")),
        kind=kind,
        authors=authors,
        year=year,
        month=month,
        date=_make_date(year, month, day),
        publisher=_first(tags, "PB"),
        doi=normalise_doi(doi),
        url=url,
        abstract=_first(tags, "AB", "N2"),
        keywords=keywords,
        language=_first(tags, "LA"),
        container=_first(tags, "T2", "JO", "JF", "JA", "BT", "T3"),
        volume=_first(tags, "VL"),
        issue=_first(tags, "IS", "CP"),
        pages=pages,
        report_number=_first(tags, "SN") if ty == "RPRT" else "",
        note=_first(tags, "N1"),
        source_key=_first(tags, "ID"),
    )
