"""RIS, BibTeX and CSL-JSON out, as Zotero writes and reads them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from .references import (
    _MONTH_MACROS,
    KIND_FORMATS,
    REPORT,
    Author,
    CorporateAuthor,
    KindFormats,
    Reference,
    _as_list,
    _fold_ascii,
    _one_line,
    normalise_doi,
)


def _formats(ref: Reference) -> KindFormats:
    return KIND_FORMATS.get(ref.kind, KIND_FORMATS[REPORT])


def to_ris(refs: Reference | Iterable[Reference]) -> str:
    """RIS as Zotero writes it (CRLF line ends, one tag per line, "ER  -" closing)."""
    lines: list[str] = []

    def tag(name: str, value) -> None:
        value = _one_line(value) if value not in (None, "") else ""
        if value:
            lines.append(f"{name}  - {value}")

    for ref in _as_list(refs):
        formats = _formats(ref)
        lines.append(f"TY  - {formats.ris}")
        tag("TI", ref.title)
        for author in ref.authors:
            tag("AU", str(author))
        tag("PY", ref.year)
        if ref.date:
            tag("DA", ref.date.strftime("%Y/%m/%d"))
        elif ref.year and ref.month:
            tag("DA", f"{ref.year:04d}/{ref.month:02d}")
        tag("T2", ref.container)
        tag("VL", ref.volume)
        tag("IS", ref.issue)
        first, _dash, last = ref.pages.replace("–", "-").partition("-")
        tag("SP", first.strip())
        tag("EP", last.strip("- "))
        tag("PB", ref.publisher)
        tag("SN", ref.report_number if formats.ris == "RPRT" else "")
        tag("M3", formats.genre)
        tag("DO", normalise_doi(ref.doi))
        tag("UR", ref.url)
        tag("LA", ref.language)
        tag("AB", ref.abstract)
        for keyword in ref.keywords:
            tag("KW", keyword)
        tag("N1", ref.note)
        tag("ID", ref.source_key)
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines) + ("\r\n" if lines else "")


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL_RE = re.compile(r"[\\{}&%$#_~^]")


def latex_escape(value: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters escaped, letters kept in UTF-8
    (what Zotero and JabRef write by default, and biber reads)."""
    return _LATEX_SPECIAL_RE.sub(lambda m: _LATEX_SPECIAL[m.group()], _one_line(value))


def _protect_case(title: str) -> str:
    """Brace words that styles must not lower-case: acronyms and inner capitals (WHO, mHealth)."""
    return re.sub(r"\w*[A-Z]\w*", _brace_if_inner_capital, latex_escape(title))


def _brace_if_inner_capital(match: re.Match) -> str:
    word = match.group()
    if match.start() and match.string[match.start() - 1] == "\\":
        return word  # a command name
    return f"{{{word}}}" if any(c.isupper() for c in word[1:]) else word


def _bibtex_name(author: Author) -> str:
    if isinstance(author, CorporateAuthor):
        return f"{{{latex_escape(author.name)}}}"
    family, given = latex_escape(author.family), latex_escape(author.given)
    if " and " in family.lower() or "," in family:
        family = f"{{{family}}}"
    return f"{family}, {given}" if given else family


def _key_part(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _fold_ascii(value).lower())


_KEY_STOPWORDS = frozenset(
    "a an the of on in for and to from with by at la le les de des du un une et en sur pour".split()  # noqa: SIM905
)


def citation_key(ref: Reference) -> str:
    """A key that is the same every time for the same reference: the first author's family
    name (a corporate author's initials), the year and the first significant title word."""
    if ref.source_key and re.fullmatch(r"[A-Za-z0-9_:.\-]+", ref.source_key):
        return ref.source_key
    author = ""
    if ref.authors:
        first = ref.authors[0]
        if isinstance(first, CorporateAuthor):
            words = [w for w in re.findall(r"\w+", first.name) if w.lower() not in _KEY_STOPWORDS]
            author = "".join(w[0] for w in words) if len(words) > 1 else "".join(words)
        else:
            author = first.family
    words = [w for w in re.findall(r"\w+", ref.title) if w.lower() not in _KEY_STOPWORDS]
    key = _key_part(author)[:20] + (str(ref.year) if ref.year else "")
    key += _key_part(words[0])[:20] if words else ""
    return key or "ref"


def _unique_keys(refs: list[Reference]) -> list[str]:
    keys, seen = [], set()
    for ref in refs:
        base = key = citation_key(ref)
        suffix = 0
        while key in seen:
            suffix += 1
            key = f"{base}{_alpha_suffix(suffix)}"
        seen.add(key)
        keys.append(key)
    return keys


def _alpha_suffix(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _bib_url(value: str) -> str:
    return _one_line(value).replace("{", "%7B").replace("}", "%7D")


def to_bibtex(refs: Reference | Iterable[Reference]) -> str:
    """BibTeX as Zotero writes it: one entry per reference, unique stable keys, corporate
    authors in double braces, special characters escaped, months as macros."""
    refs = _as_list(refs)
    entries = []
    for ref, key in zip(refs, _unique_keys(refs), strict=True):
        formats = _formats(ref)
        fields: list[tuple[str, str]] = []

        def text(name: str, value, fields=fields) -> None:
            if value not in (None, ""):
                fields.append((name, f"{{{latex_escape(str(value))}}}"))

        fields.append(("title", f"{{{_protect_case(ref.title)}}}"))
        if ref.authors:
            fields.append(("author", "{" + " and ".join(map(_bibtex_name, ref.authors)) + "}"))
        if formats.bibtex == "article":
            text("journal", ref.container)
        elif ref.container:
            text(
                "booktitle" if formats.bibtex == "inproceedings" else "howpublished", ref.container
            )
        if formats.bibtex == "techreport":
            text("institution", ref.publisher)
        else:
            text("publisher", ref.publisher)
        text("type", formats.genre)
        text("number", ref.report_number if formats.bibtex == "techreport" else ref.issue)
        text("volume", ref.volume)
        if ref.pages:
            fields.append(("pages", "{" + latex_escape(ref.pages).replace("–", "--") + "}"))
        text("year", ref.year)
        month = ref.date.month if ref.date else ref.month
        if month:
            fields.append(("month", _MONTH_MACROS[month - 1]))
        if ref.date:
            fields.append(("date", f"{{{ref.date.isoformat()}}}"))
        if ref.doi:
            fields.append(("doi", f"{{{_bib_url(normalise_doi(ref.doi))}}}"))
        if ref.url:
            fields.append(("url", f"{{{_bib_url(ref.url)}}}"))
        text("language", ref.language)
        text("abstract", ref.abstract)
        text("keywords", ", ".join(ref.keywords))
        text("countries", ", ".join(ref.countries))
        text("note", ref.note)
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        entries.append(f"@{formats.bibtex}{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


def _csl_name(author: Author) -> dict:
    if isinstance(author, CorporateAuthor):
        return {"literal": author.name}
    return (
        {"family": author.family, "given": author.given}
        if author.given
        else {"family": author.family}
    )


def to_csl_json(refs: Reference | Iterable[Reference]) -> str:
    """CSL-JSON (an array, also for one reference), as Zotero and citeproc read it."""
    refs = _as_list(refs)
    items = []
    for ref, key in zip(refs, _unique_keys(refs), strict=True):
        formats = _formats(ref)
        item: dict = {"id": key, "type": formats.csl, "title": ref.title}
        if ref.authors:
            item["author"] = [_csl_name(a) for a in ref.authors]
        if ref.date:
            item["issued"] = {"date-parts": [[ref.date.year, ref.date.month, ref.date.day]]}
        elif ref.year:
            parts = [ref.year, ref.month] if ref.month else [ref.year]
            item["issued"] = {"date-parts": [parts]}
        optional = {
            "container-title": ref.container,
            "publisher": ref.publisher,
            "genre": formats.genre,
            "volume": ref.volume,
            "issue": ref.issue,
            "page": ref.pages,
            "number": ref.report_number,
            "DOI": normalise_doi(ref.doi),
            "URL": ref.url,
            "language": ref.language,
            "abstract": ref.abstract,
            "keyword": ", ".join(ref.keywords),
            "note": ref.note,
        }
        item.update({name: value for name, value in optional.items() if value})
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)
