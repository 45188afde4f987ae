"""Citations in and out: RIS, BibTeX and CSL-JSON, as Zotero, Mendeley, EndNote and JabRef
write and read them.

Pure functions over a plain `Reference`, so that the library pages (export) and the admin
import page can share them without a database: the Evidence models convert to and from
`Reference`. The parsers are our own (no dependency): they decode LaTeX the way these tools
write it, read 5,000 records in a second or two, and either return every record or raise
`CitationFileError` naming the bad one, never half a file.

references.py   Reference, kinds and their formats, errors, DOIs, duplicates
writers.py      to_ris, to_bibtex, to_csl_json
ris.py          parse_ris
bibtex.py       parse_bibtex (and the LaTeX decoding it needs)
"""

from __future__ import annotations

import re

from .bibtex import latex_to_text, parse_bibtex
from .references import (
    CASE_STUDY,
    DATASET,
    EVALUATION,
    GUIDELINE_OR_TOOL,
    IMPLEMENTATION_EXPERIENCE,
    KIND_FORMATS,
    KINDS,
    MESSAGES,
    ONGOING_RESEARCH,
    POLICY_BRIEF,
    PRESENTATION,
    REPORT,
    RESEARCH_STUDY,
    Author,
    CitationFileError,
    CorporateAuthor,
    Duplicate,
    KindFormats,
    ParseResult,
    Person,
    Reference,
    _decode,
    find_duplicates,
    normalise_doi,
    normalise_title,
    validate_doi,
)
from .ris import parse_ris
from .writers import citation_key, latex_escape, to_bibtex, to_csl_json, to_ris

__all__ = [
    "CASE_STUDY",
    "DATASET",
    "EVALUATION",
    "GUIDELINE_OR_TOOL",
    "IMPLEMENTATION_EXPERIENCE",
    "KINDS",
    "KIND_FORMATS",
    "MESSAGES",
    "ONGOING_RESEARCH",
    "POLICY_BRIEF",
    "PRESENTATION",
    "REPORT",
    "RESEARCH_STUDY",
    "Author",
    "CitationFileError",
    "CorporateAuthor",
    "Duplicate",
    "KindFormats",
    "ParseResult",
    "Person",
    "Reference",
    "citation_key",
    "find_duplicates",
    "latex_escape",
    "latex_to_text",
    "normalise_doi",
    "normalise_title",
    "parse_bibtex",
    "parse_citations",
    "parse_ris",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
    "validate_doi",
]


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
