"""Citations in and out: RIS, BibTeX and CSL-JSON, as Zotero, Mendeley, EndNote and JabRef
write and read them.

Pure functions over a plain `Reference`, so that the library pages (export) and the admin
import page can share them without a database: the Evidence models convert to and from
`Reference`. The parsers are our own (no dependency): they decode LaTeX the way these tools
write it, read several thousand records in well under a second, and either return every
record or raise `CitationFileError` naming the bad one, never half a file.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# --- The reference ------------------------------------------------------------------------

RESEARCH_STUDY = "research_study"
EVALUATION = "evaluation"
CASE_STUDY = "case_study"
REPORT = "report"
POLICY_BRIEF = "policy_brief"
GUIDELINE_OR_TOOL = "guideline_or_tool"
DATASET = "dataset"
PRESENTATION = "presentation"
ONGOING_RESEARCH = "ongoing_research"
IMPLEMENTATION_EXPERIENCE = "implementation_experience"


@dataclass(frozen=True, slots=True)
class KindFormats:
    ris: str  # RIS "TY"
    bibtex: str  # BibTeX entry type
    csl: str  # CSL-JSON "type"
    genre: str  # RIS "M3", BibTeX "type", CSL "genre": tells the kind back on import


# Grey literature is a report in every tool (Zotero's "Report" item type); the genre keeps
# the finer kind, and reading it back restores the kind on import.
KIND_FORMATS: dict[str, KindFormats] = {
    RESEARCH_STUDY: KindFormats("JOUR", "article", "article-journal", ""),
    EVALUATION: KindFormats("RPRT", "techreport", "report", "Evaluation"),
    CASE_STUDY: KindFormats("RPRT", "techreport", "report", "Case study"),
    REPORT: KindFormats("RPRT", "techreport", "report", ""),
    POLICY_BRIEF: KindFormats("RPRT", "techreport", "report", "Policy brief"),
    GUIDELINE_OR_TOOL: KindFormats("RPRT", "techreport", "report", "Guideline or tool"),
    DATASET: KindFormats("DATA", "misc", "dataset", "Dataset"),
    PRESENTATION: KindFormats("SLIDE", "misc", "speech", "Presentation"),
    ONGOING_RESEARCH: KindFormats("UNPB", "unpublished", "manuscript", "Ongoing research"),
    IMPLEMENTATION_EXPERIENCE: KindFormats(
        "RPRT", "techreport", "report", "Implementation experience"
    ),
}
KINDS = tuple(KIND_FORMATS)
_KIND_BY_GENRE = {f.genre.casefold(): kind for kind, f in KIND_FORMATS.items() if f.genre}

_KIND_BY_RIS = {
    **dict.fromkeys(
        ("JOUR", "JFULL", "EJOUR", "ABST", "INPR", "MGZN", "THES", "CONF", "CPAPER"),
        RESEARCH_STUDY,
    ),
    **dict.fromkeys(("DATA", "DBASE", "AGGR"), DATASET),
    **dict.fromkeys(("SLIDE", "ADVS", "VIDEO", "SOUND"), PRESENTATION),
    **dict.fromkeys(("UNPB", "MANSCPT"), ONGOING_RESEARCH),
    **dict.fromkeys(("COMP", "STAND"), GUIDELINE_OR_TOOL),
}
_KIND_BY_BIBTEX = {
    **dict.fromkeys(
        (
            "article",
            "inproceedings",
            "conference",
            "proceedings",
            "phdthesis",
            "mastersthesis",
            "thesis",
        ),
        RESEARCH_STUDY,
    ),
    **dict.fromkeys(("dataset", "data"), DATASET),
    **dict.fromkeys(("unpublished",), ONGOING_RESEARCH),
    **dict.fromkeys(("manual", "software", "standard"), GUIDELINE_OR_TOOL),
}


@dataclass(frozen=True, slots=True)
class Person:
    family: str
    given: str = ""

    def __str__(self) -> str:
        return f"{self.family}, {self.given}" if self.given else self.family


@dataclass(frozen=True, slots=True)
class CorporateAuthor:
    name: str

    def __str__(self) -> str:
        return self.name


Author = Person | CorporateAuthor


@dataclass(slots=True)
class Reference:
    """One bibliographic record, in the words of the Evidence item it comes from or becomes.

    `kind` is one of KINDS; `year` and `month` may be known without a full `date`;
    `language` is a code or a name as the file gives it; `countries` are ISO 3166 codes;
    `source_key` is the BibTeX key or RIS "ID" (export uses it as the key when set)."""

    title: str
    kind: str = REPORT
    authors: list[Author] = field(default_factory=list)
    year: int | None = None
    month: int | None = None
    date: datetime.date | None = None
    publisher: str = ""
    doi: str = ""
    url: str = ""
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)
    language: str = ""
    countries: list[str] = field(default_factory=list)
    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    report_number: str = ""
    note: str = ""
    source_key: str = ""


@dataclass(slots=True)
class ParseResult:
    format: Literal["ris", "bibtex"]
    references: list[Reference]


class CitationFileError(ValidationError):
    """A file that cannot be read whole. The message names the record (its number in the
    file, its key or title, and the line it starts on); `record`, `name` and `line` carry the
    same for callers that show more."""

    def __init__(self, message, *, code: str, record=None, name="", line=None, **params):
        super().__init__(
            message, code=code, params={"number": record, "name": name, "line": line, **params}
        )
        self.record, self.name, self.line = record, name, line


# --- Messages --------------------------------------------------------------------------

MESSAGES = {
    "empty": _(
        "The file holds no references. Export RIS (.ris) or BibTeX (.bib) from Zotero, "
        "Mendeley, EndNote or JabRef."
    ),
    "unknown_format": _("This is not a RIS or BibTeX file."),
    "bib_unclosed": _(
        "Record %(number)s (%(name)s, line %(line)s) is not closed: a “}” is missing."
    ),
    "bib_no_key": _("Record %(number)s (line %(line)s) has no citation key."),
    "bib_field_name": _(
        "Record %(number)s (%(name)s, line %(line)s): a field name followed by “=” was "
        "expected here."
    ),
    "bib_field_value": _(
        "Record %(number)s (%(name)s, line %(line)s): the value of “%(field)s” must be in "
        "braces, in quotes, a number or a @string name."
    ),
    "bib_comma": _(
        "Record %(number)s (%(name)s, line %(line)s): a comma is missing after the field "
        "“%(field)s”."
    ),
    "ris_unended": _(
        "Record %(number)s (%(name)s, line %(line)s) does not end with “ER  -” before the "
        "next record or the end of the file."
    ),
    "ris_stray_end": _("Line %(line)s: “ER  -” ends a record that never started with “TY  -”."),
    "no_title": _("Record %(number)s (%(name)s, line %(line)s) has no title."),
}

# --- DOIs and titles ----------------------------------------------------------------------

_DOI_PREFIX = re.compile(
    r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi\.org/|doi\s*:\s*|doi\s+)", re.IGNORECASE
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_doi(value: str) -> str:
    """The DOI as stored and compared: lower-case, without a resolver prefix ("doi:",
    "https://doi.org/") or surrounding space. DOIs are case-insensitive."""
    value = (value or "").strip()
    value = _DOI_PREFIX.sub("", value).strip()
    return value.replace("%2F", "/").replace("%2f", "/").lower()


def validate_doi(value: str) -> None:
    """Model and form validator: accepts "10.1000/xyz", "doi:10.1000/xyz" and the doi.org
    link; store `normalise_doi(value)`."""
    if value and not _DOI.match(normalise_doi(value)):
        raise ValidationError(
            _("Enter a DOI such as 10.1000/xyz123, or its https://doi.org/ link."),
            code="invalid_doi",
        )


def normalise_title(title: str) -> str:
    """The title as compared for duplicates: no accents, case, punctuation or extra space."""
    folded = unicodedata.normalize("NFKD", title or "")
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


# --- Duplicates -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Duplicate:
    """refs[index] is already there: `existing` is the key of the matching existing item
    (its position when `existing` was not a mapping), or `earlier` the position of an earlier
    record of the same file."""

    index: int
    reason: Literal["doi", "title_year"]
    existing: Hashable | None = None
    earlier: int | None = None


def find_duplicates(
    refs: Sequence[Reference], existing: Mapping[Hashable, Reference] | Iterable[Reference] = ()
) -> list[Duplicate]:
    """The records of `refs` that repeat an existing one or an earlier record of the same
    file: same DOI (normalised), or same normalised title and same year. In order of index."""
    pairs = existing.items() if isinstance(existing, Mapping) else enumerate(existing)
    by_doi: dict[str, tuple[str, Hashable]] = {}
    by_title: dict[tuple[str, int | None], tuple[str, Hashable]] = {}
    for key, ref in pairs:
        doi = normalise_doi(ref.doi)
        if doi:
            by_doi.setdefault(doi, ("existing", key))
        title = normalise_title(ref.title)
        if title:
            by_title.setdefault((title, ref.year), ("existing", key))
    found = []
    for index, ref in enumerate(refs):
        doi = normalise_doi(ref.doi)
        title = (normalise_title(ref.title), ref.year)
        match, reason = None, "doi"
        if doi and doi in by_doi:
            match = by_doi[doi]
        elif title[0] and title in by_title:
            match, reason = by_title[title], "title_year"
        if match:
            where, key = match
            if where == "existing":
                found.append(Duplicate(index, reason, existing=key))
            else:
                found.append(Duplicate(index, reason, earlier=key))
            continue
        if doi:
            by_doi[doi] = ("earlier", index)
        if title[0]:
            by_title.setdefault(title, ("earlier", index))
    return found


# --- Writing ----------------------------------------------------------------------------


def _as_list(refs: Reference | Iterable[Reference]) -> list[Reference]:
    return [refs] if isinstance(refs, Reference) else list(refs)


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def _fold_ascii(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value)
    return "".join(c for c in folded if not unicodedata.combining(c))


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
_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


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
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "for",
        "and",
        "to",
        "from",
        "with",
        "by",
        "at",
        "la",
        "le",
        "les",
        "de",
        "des",
        "du",
        "un",
        "une",
        "et",
        "en",
        "sur",
        "pour",
    ]
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


# --- Reading: shared ---------------------------------------------------------------------


def _decode(data: str | bytes) -> str:
    """Text from a file as these tools save it: UTF-8 with or without BOM, else Windows-1252
    (EndNote on Windows), and CRLF or CR line ends made LF."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    else:
        text = data
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


_MONTH_NAMES = {
    **{m: i for i, m in enumerate(_MONTH_MACROS, start=1)},
    **{
        n: i
        for i, n in enumerate(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ],
            start=1,
        )
    },
}


def _month(value: str) -> int | None:
    value = value.strip().strip(".").lower()
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    return _MONTH_NAMES.get(value[:3]) if value[:3] in _MONTH_NAMES else None


def _year(value: str) -> int | None:
    match = re.search(r"(?<!\d)(\d{4})(?!\d)", value)
    return int(match.group(1)) if match else None


def _make_date(year: int | None, month: int | None, day: str | int | None) -> datetime.date | None:
    if not (year and month and day):
        return None
    try:
        return datetime.date(year, month, int(day))
    except (TypeError, ValueError):
        return None


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


def _record_name(ref: Reference | None, key: str = "", title: str = "") -> str:
    name = key or title or (ref.title if ref else "")
    if not name and ref and ref.authors:
        name = str(ref.authors[0])
    name = _one_line(name)
    return name if len(name) <= 60 else name[:59] + "…"


def _check_title(ref: Reference, number: int, line: int) -> None:
    if not ref.title.strip():
        raise CitationFileError(
            MESSAGES["no_title"],
            code="no_title",
            record=number,
            name=_record_name(ref, ref.source_key) or "—",
            line=line,
        )


def parse_citations(data: str | bytes, filename: str = "") -> ParseResult:
    """Read a RIS or BibTeX file, telling which from its name or, failing that, its content."""
    text = _decode(data)
    name = filename.lower()
    if name.endswith((".bib", ".bibtex")):
        return parse_bibtex(text)
    if name.endswith((".ris", ".txt", ".enw")) and re.search(r"(?m)^TY  ?-", text):
        return parse_ris(text)
    if re.search(r"(?m)^\s*TY\s{1,2}-", text):
        return parse_ris(text)
    if re.search(r"@\s*[A-Za-z]+\s*[{(]", text):
        return parse_bibtex(text)
    if not text.strip():
        raise CitationFileError(MESSAGES["empty"], code="empty")
    raise CitationFileError(MESSAGES["unknown_format"], code="unknown_format")


# --- Reading RIS -------------------------------------------------------------------------

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


# --- Reading BibTeX ----------------------------------------------------------------------

_ENTRY_START = re.compile(r"@[ \t]*([A-Za-z][\w-]*)\s*([{(])")
_SPACE = re.compile(r"\s*")
_KEY = re.compile(r"([^\s,{}()=\"#%'~]*)\s*")
_FIELD_NAME = re.compile(r"([A-Za-z_][\w:.+-]*)\s*=\s*")
_WORD = re.compile(r"[A-Za-z_][\w:.+-]*|\d+")
_BRACES = re.compile(r"\\[{}\\]|[{}]")
_QUOTED = re.compile(r'\\[{}\\"]|[{}"]')


class _BibtexSyntax(Exception):
    def __init__(self, code: str, position: int, field: str = ""):
        self.code, self.position, self.field = code, position, field


def _closing_brace(text: str, position: int) -> int:
    """Index of the "}" matching the "{" just before `position` (escaped braces don't count)."""
    end = text.find("}", position)
    if end >= 0 and "{" not in text[position:end] and "\\" not in text[position:end]:
        return end  # most values: no inner braces
    depth = 1
    for match in _BRACES.finditer(text, position):
        token = match.group()
        if token == "{":  # noqa: S105
            depth += 1
        elif token == "}":  # noqa: S105
            depth -= 1
            if depth == 0:
                return match.start()
    raise _BibtexSyntax("bib_unclosed", position)


def _closing_quote(text: str, position: int) -> int:
    depth = 0
    for match in _QUOTED.finditer(text, position):
        token = match.group()
        if token == "{":  # noqa: S105
            depth += 1
        elif token == "}":  # noqa: S105
            depth -= 1
        elif token == '"' and depth <= 0:  # noqa: S105
            return match.start()
    raise _BibtexSyntax("bib_unclosed", position)


def parse_bibtex(data: str | bytes) -> ParseResult:
    """Every entry of a BibTeX file (Zotero, Mendeley, JabRef, Better BibTeX), with
    @string macros expanded and LaTeX decoded, or CitationFileError."""
    text = _decode(data)
    macros = {macro: str(number) for number, macro in enumerate(_MONTH_MACROS, start=1)}
    refs: list[Reference] = []
    position = 0
    while True:
        match = _ENTRY_START.search(text, position)
        if not match:
            break
        entry_type, opener = match.group(1).lower(), match.group(2)
        body_start = match.end()
        closer = "}" if opener == "{" else ")"
        number = len(refs) + 1
        try:
            if entry_type in ("comment", "preamble"):
                position = _skip_group(text, body_start, closer) + 1
                continue
            if entry_type == "string":
                fields, position = _bib_fields(text, body_start, closer, macros)
                macros.update(fields)
                continue
            key_match = _KEY.match(text, _SPACE.match(text, body_start).end())
            key = key_match.group(1)
            after_key = key_match.end()
            if after_key < len(text) and text[after_key] == closer:
                fields, position = {}, after_key + 1
            elif after_key < len(text) and text[after_key] == ",":
                if not key:
                    raise _BibtexSyntax("bib_no_key", body_start)
                fields, position = _bib_fields(text, after_key + 1, closer, macros)
            elif after_key >= len(text):
                raise _BibtexSyntax("bib_unclosed", body_start)
            else:
                problem = "bib_no_key" if not key or text[after_key] == "=" else "bib_field_name"
                raise _BibtexSyntax(problem, after_key)
        except _BibtexSyntax as problem:
            key = _KEY.match(text, _SPACE.match(text, body_start).end()).group(1)
            line = text.count("\n", 0, match.start()) + 1
            if problem.code != "bib_unclosed":
                line = text.count("\n", 0, problem.position) + 1
            raise CitationFileError(
                MESSAGES[problem.code],
                code=problem.code,
                record=number,
                name=key or "—",
                line=line,
                field=problem.field,
            ) from None
        ref = _bibtex_reference(entry_type, key, fields)
        if not ref.title:  # the line is counted only then: counting each time is quadratic
            _check_title(ref, number, text.count("\n", 0, match.start()) + 1)
        refs.append(ref)
    if not refs:
        raise CitationFileError(MESSAGES["empty"], code="empty")
    return ParseResult(format="bibtex", references=refs)


def _skip_group(text: str, position: int, closer: str) -> int:
    if closer == "}":
        return _closing_brace(text, position)
    end = text.find(")", position)
    if end < 0:
        raise _BibtexSyntax("bib_unclosed", position)
    return end


def _bib_fields(
    text: str, position: int, closer: str, macros: Mapping[str, str] | None = None
) -> tuple[dict[str, str], int]:
    """Fields of one entry as raw (still LaTeX) strings, and the position after its closer."""
    macros = macros or {}
    fields: dict[str, str] = {}
    length = len(text)
    while True:
        position = _SPACE.match(text, position).end()
        if position >= length:
            raise _BibtexSyntax("bib_unclosed", position)
        if text[position] == closer:
            return fields, position + 1
        name_match = _FIELD_NAME.match(text, position)
        if not name_match:
            raise _BibtexSyntax("bib_field_name", position)
        name = name_match.group(1).lower()
        position = name_match.end()
        parts = []
        while True:
            if position >= length:
                raise _BibtexSyntax("bib_unclosed", position)
            char = text[position]
            if char == "{":
                end = _closing_brace(text, position + 1)
                parts.append(text[position + 1 : end])
                position = end + 1
            elif char == '"':
                end = _closing_quote(text, position + 1)
                parts.append(text[position + 1 : end])
                position = end + 1
            else:
                word = _WORD.match(text, position)
                if not word:
                    raise _BibtexSyntax("bib_field_value", position, name)
                value = word.group()
                parts.append(value if value.isdigit() else macros.get(value.lower(), ""))
                position = word.end()
            value_end = position
            position = _SPACE.match(text, position).end()
            if position < length and text[position] == "#":
                position = _SPACE.match(text, position + 1).end()
                continue
            break
        fields.setdefault(name, "".join(parts))
        if position >= length:
            raise _BibtexSyntax("bib_unclosed", position)
        if text[position] == ",":
            position += 1
        elif text[position] != closer:
            raise _BibtexSyntax("bib_comma", value_end, name)


# LaTeX as reference managers write it: accents in any bracing, named letters and symbols,
# text-formatting commands whose argument stays.
_ACCENTS = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_ACCENT_RE = re.compile(
    r"\\([`'^\"~=.])\s*(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])?\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"
    r"|\\([uvHckrdb])(?:\s*\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])?\s*\}|\s+(\\[ij](?![A-Za-z])|[A-Za-z]))"
)
_SYMBOLS = {
    "i": "ı",
    "j": "ȷ",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "ss": "ß",
    "l": "ł",
    "L": "Ł",
    "textendash": "–",
    "textemdash": "—",
    "textquoteright": "’",
    "textquoteleft": "‘",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "guillemotleft": "«",
    "guillemotright": "»",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textbackslash": "\\",
    "textbraceleft": "\ue000",
    "textbraceright": "\ue001",
    "textregistered": "®",
    "texttrademark": "™",
    "textcopyright": "©",
    "texteuro": "€",
    "euro": "€",
    "textdegree": "°",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "textunderscore": "_",
    "textpercent": "%",
    "textdollar": "$",
    "textsterling": "£",
    "pounds": "£",
    "S": "§",
    "P": "¶",
    "textbullet": "•",
    "textperiodcentered": "·",
    "nobreakspace": "\u00a0",
}
_ESCAPED = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "\ue000", "}": "\ue001"}
_PLACEHOLDERS = str.maketrans({"\ue000": "{", "\ue001": "}", "\ue002": "~"})
_TIE_OR_MATH = re.compile(r"(?<!\\)[~$]")
_COMMAND_RE = re.compile(r"\\([A-Za-z]+)\s*(?:\{\}|(?=[^A-Za-z]))?|\\([&%$#_{}\\ ,;!])")
_URL_COMMAND = re.compile(r"\\(?:url|href)\s*\{([^{}]*)\}(?:\{([^{}]*)\})?")


def _accent(match: re.Match) -> str:
    command = match.group(1) or match.group(4)
    letter = match.group(2) or match.group(3) or match.group(5) or match.group(6) or ""
    letter = {"\\i": "i", "\\j": "j"}.get(letter, letter)
    if not letter:
        return {"~": "\ue002", "^": "^", "'": "’", "`": "‘"}.get(command, "")
    return unicodedata.normalize("NFC", letter + _ACCENTS[command])


def _command(match: re.Match) -> str:
    name, escaped = match.group(1), match.group(2)
    if escaped is not None:
        if escaped == "\\":
            return " "
        return _ESCAPED.get(escaped, " ")
    if name in _SYMBOLS:
        return _SYMBOLS[name]
    return ""  # \emph{x}, \textit{x}, \mkbibquote{x}, \LaTeX: the argument (or nothing) stays


def latex_to_text(value: str) -> str:
    """Plain text from a BibTeX field value: accents, escapes and commands decoded, case
    braces removed, white space collapsed."""
    if "\\" in value or "{" in value or "~" in value or "-" in value or "$" in value:
        if "\\" in value:
            value = _URL_COMMAND.sub(lambda m: m.group(2) or m.group(1), value)
            value = _ACCENT_RE.sub(_accent, value)
        value = _TIE_OR_MATH.sub(lambda m: " " if m.group() == "~" else "", value)
        value = value.replace("---", "—").replace("--", "–")
        value = value.replace("``", "“").replace("''", "”")
        if "\\" in value:
            value = _COMMAND_RE.sub(_command, value)
            value = value.replace("{", "").replace("}", "").translate(_PLACEHOLDERS)
        else:
            value = value.replace("{", "").replace("}", "")
    return " ".join(value.split())


def _latex_url(value: str) -> str:
    """A URL or DOI field: Mendeley escapes "_" and "%" in them ({\\_}, \\%)."""
    value = _URL_COMMAND.sub(lambda m: m.group(1), value)
    value = re.sub(r"\\([_%&#$~])", r"\1", value)
    urls = value.replace("{", "").replace("}", "").split()
    return urls[0] if urls else ""  # Mendeley puts several, space-separated


def _split_top_level(value: str, separator: re.Pattern) -> list[str]:
    """Split at `separator` matches outside braces."""
    if "{" not in value:
        return separator.split(value)
    parts, depth, start = [], 0, 0
    position = 0
    length = len(value)
    while position < length:
        char = value[position]
        if char == "\\" and position + 1 < length:
            position += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0:
            match = separator.match(value, position)
            if match:
                parts.append(value[start:position])
                start = position = match.end()
                continue
        position += 1
    parts.append(value[start:])
    return parts


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_COMMA = re.compile(r",")
_WHITE = re.compile(r"\s+")


def _bibtex_names(value: str) -> list[Author]:
    authors: list[Author] = []
    if not value.strip():
        return authors
    names = _split_top_level(value.strip(), _AND) if " " in value else [value]
    for raw in names:
        raw = raw.strip()
        if not raw or raw.lower() == "others":
            continue
        if raw.startswith("{") and raw.endswith("}") and _closing_brace(raw, 1) == len(raw) - 1:
            authors.append(CorporateAuthor(latex_to_text(raw[1:-1])))
            continue
        parts = [p.strip() for p in _split_top_level(raw, _COMMA)]
        if len(parts) >= 2:
            family = latex_to_text(parts[0])
            given = latex_to_text(parts[-1])
            if len(parts) >= 3 and parts[1]:  # von Last, Jr, First
                family = f"{family} {latex_to_text(parts[1])}"
            authors.append(Person(family=family, given=given))
            continue
        words = [w for w in _split_top_level(raw, _WHITE) if w]
        if len(words) == 1:
            authors.append(Person(family=latex_to_text(words[0])))
            continue
        von = next(
            (
                i
                for i, w in enumerate(words[:-1])
                if i > 0 and not w.startswith("{") and latex_to_text(w)[:1].islower()
            ),
            len(words) - 1,
        )
        authors.append(
            Person(
                family=latex_to_text(" ".join(words[von:])),
                given=latex_to_text(" ".join(words[:von])),
            )
        )
    return authors


def _bibtex_reference(entry_type: str, key: str, fields: dict[str, str]) -> Reference:
    def get(*names: str) -> str:
        for name in names:
            value = fields.get(name)
            if value and value.strip():
                return latex_to_text(value)
        return ""

    genre = get("type")
    kind = _KIND_BY_GENRE.get(genre.casefold()) or _KIND_BY_BIBTEX.get(entry_type, REPORT)
    date_field = get("date", "issued")
    year = _year(get("year")) or _year(date_field)
    month = _month(get("month")) if get("month") else None
    day = get("day") or None
    iso = re.match(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", date_field)
    if iso:
        month = month or _month(iso.group(2))
        day = day or iso.group(3)
    doi = _latex_url(fields.get("doi", ""))
    url = _latex_url(fields.get("url", ""))
    if not url:
        howpublished = fields.get("howpublished", "")
        if "\\url" in howpublished:
            url = _latex_url(howpublished)
    keywords = [k.strip() for k in re.split(r"[,;]", get("keywords", "keyword")) if k.strip()]
    countries = [c.strip() for c in get("countries").split(",") if c.strip()]
    container = get("journal", "journaltitle", "booktitle")
    if not container and "\\url" not in fields.get("howpublished", ""):
        container = get("howpublished")
    return Reference(
        title=get("title"),
        kind=kind,
        authors=_bibtex_names(fields.get("author", "")),
        year=year,
        month=month,
        date=_make_date(year, month, day),
        publisher=get("publisher", "institution", "organization", "school"),
        doi=normalise_doi(doi),
        url=url,
        abstract=get("abstract"),
        keywords=keywords,
        language=get("language", "langid"),
        countries=countries,
        container=container,
        volume=get("volume"),
        issue=get("issue") or (get("number") if entry_type != "techreport" else ""),
        pages=re.sub(r"\s*[-–—]+\s*", "-", get("pages")),
        report_number=get("number") if entry_type == "techreport" else "",
        note=get("note"),
        source_key=key,
    )
