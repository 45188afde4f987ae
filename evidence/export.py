"""Evidence items as citations: the one conversion from an EvidenceItem to the plain
`evidence.citations.Reference` that the RIS, BibTeX and CSL-JSON writers take, and back
(for the admin import)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.text import slugify

from evidence import citations
from evidence.citations import CorporateAuthor, Person, Reference
from evidence.models import EvidenceItem

Kind = EvidenceItem.Kind

# The model's kind values and the citations' KINDS differ in one name only; stated whole so
# a new kind on either side shows here.
KIND_TO_CITATION = {
    Kind.RESEARCH_STUDY: citations.RESEARCH_STUDY,
    Kind.EVALUATION: citations.EVALUATION,
    Kind.CASE_STUDY: citations.CASE_STUDY,
    Kind.REPORT: citations.REPORT,
    Kind.POLICY_BRIEF: citations.POLICY_BRIEF,
    Kind.GUIDELINE: citations.GUIDELINE_OR_TOOL,
    Kind.DATASET: citations.DATASET,
    Kind.PRESENTATION: citations.PRESENTATION,
    Kind.ONGOING: citations.ONGOING_RESEARCH,
    Kind.EXPERIENCE: citations.IMPLEMENTATION_EXPERIENCE,
}
KIND_FROM_CITATION = {value: key for key, value in KIND_TO_CITATION.items()}

# The formats: extension, Content-Type, writer.
FORMATS = {
    "ris": ("ris", "application/x-research-info-systems", citations.to_ris),
    "bib": ("bib", "application/x-bibtex", citations.to_bibtex),
    "json": ("json", "application/vnd.citationstyles.csl+json", citations.to_csl_json),
}

# An author line without a comma is an organisation when it names one; "Given Family"
# otherwise. ("Family, Given" is always a person.)
_CORPORATE_WORDS = re.compile(
    r"(?i)\b(ministry|minist[eè]re|organi[sz]ation|programme|program|agency|fund|bank|"
    r"foundation|institute|institut|university|universit[eé]|council|committee|comit[eé]|"
    r"cop|cdp|desk|team|[eé]quipe|network|r[eé]seau|unit|department|office|association|"
    r"group|groupe|partners|partenaires|services?|project|projet|secretariat|"
    r"secr[eé]tariat|initiative|alliance|centre|center|world|national|inc|ltd|gmbh|giz)\b"
)


def author_from_line(line: str) -> citations.Author:
    line = " ".join(line.split())
    if "," in line:
        family, given = (part.strip() for part in line.split(",", 1))
        return Person(family, given)
    words = line.split()
    if len(words) < 2 or len(words) > 4 or _CORPORATE_WORDS.search(line):
        return CorporateAuthor(line)
    return Person(words[-1], " ".join(words[:-1]))


def author_to_line(author: citations.Author) -> str:
    """As the item's authors field holds it: "Family, Given" or the organisation's name."""
    return str(author)


def item_to_reference(item: EvidenceItem) -> Reference:
    """The item as a reference, its title and abstract in the active language. Expects
    `publisher` selected and `tags` prefetched (one query for any number of items)."""
    languages = [code for code in item.language_list if code != EvidenceItem.Language.OTHER]
    return Reference(
        title=item.title or "",
        kind=KIND_TO_CITATION.get(item.kind, citations.REPORT),
        authors=[author_from_line(line) for line in item.author_list],
        year=item.year or (item.date.year if item.date else None),
        month=item.date.month if item.date else None,
        date=item.date,
        publisher=item.publisher_display or "",
        doi=item.doi,
        url=item.url,
        abstract=item.summary or "",
        keywords=[tag.name for tag in item.tags.all()],
        language=languages[0] if languages else "",
        countries=[country.code for country in item.countries],
    )


def render(items: Iterable[EvidenceItem], fmt: str) -> str:
    return FORMATS[fmt][2]([item_to_reference(item) for item in items])


def file_name(fmt: str, item: EvidenceItem | None = None) -> str:
    stem = "evidence-library"
    if item is not None:
        stem = "-".join(filter(None, ["evidence", str(item.pk), slugify(item.title)[:60]]))
        stem = stem.rstrip("-")
    return f"{stem}.{FORMATS[fmt][0]}"
