"""The plain reference the formats read and write, kinds, errors, DOIs, duplicates, and the
helpers the readers share."""

from __future__ import annotations

import datetime
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


# --- Shared by the writers and readers ---------------------------------------------------


def _as_list(refs: Reference | Iterable[Reference]) -> list[Reference]:
    return [refs] if isinstance(refs, Reference) else list(refs)


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def _fold_ascii(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value)
    return "".join(c for c in folded if not unicodedata.combining(c))


_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


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
    **{macro: number for number, macro in enumerate(_MONTH_MACROS, start=1)},
    **{
        name: number
        for number, name in enumerate(
            "january february march april may june july august september october november december".split(),  # noqa: E501, SIM905
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
