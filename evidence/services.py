"""Every write to the library: status changes (recorded, with who may make which), the
featured flag, members' suggestions and attached files."""

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries as all_countries
from taggit.models import Tag, TaggedItem

from cop_portal import mail
from cop_portal.uploads import original_name, validate_upload
from evidence import citations, permissions
from evidence.export import KIND_FROM_CITATION
from evidence.models import EvidenceItem, StatusChange
from members.unsubscribe import ALL, unsubscribe_links

Status = EvidenceItem.Status
# Publishing and archiving are the Steering committee's decision (issue 17, item 3).
COMMITTEE_ONLY = {Status.PUBLISHED, Status.ARCHIVED}
EVIDENCE_MAX_BYTES = 25 * 1024 * 1024


def validate_evidence_file(upload):
    """The shared validator with the library's limit (25 MB)."""
    return validate_upload(upload, max_bytes=EVIDENCE_MAX_BYTES)


def item_attach_file(*, item: EvidenceItem, upload) -> list[str]:
    """Put a validated upload on the item (not saved); return the fields to save."""
    kind = validate_evidence_file(upload)
    item.file = upload
    item.file_name = original_name(upload.name)
    item.file_size = upload.size
    item.file_type = kind.code
    return ["file", "file_name", "file_size", "file_type"]


@transaction.atomic
def item_change_status(*, item: EvidenceItem, status: str, by) -> EvidenceItem:
    """Move an item to `status`, recording who and when. Only the Steering committee may
    publish or archive; the suggester is told by email the first time it is published."""
    if status not in Status.values:
        raise ValueError(status)
    if status in COMMITTEE_ONLY and not permissions.can_publish(by):
        raise PermissionDenied(_("Only the Steering committee may publish or archive evidence."))
    if not permissions.can_curate(by):
        raise PermissionDenied(_("Only the Steering committee and staff curate evidence."))
    item = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    if item.status == status:
        return item
    previous = item.status
    item.status = status
    fields = ["status", "updated_at"]
    first_publication = status == Status.PUBLISHED and item.published_at is None
    if first_publication:
        item.published_at = timezone.now()
        fields.append("published_at")
    if item.curated_by_id is None:
        item.curated_by = by
        fields.append("curated_by")
    item.save(update_fields=fields)
    StatusChange.objects.create(item=item, from_status=previous, to_status=status, changed_by=by)
    if first_publication and item.suggested_by_id and item.suggested_by.is_active:
        suggester = item.suggested_by
        mail.queue_templated_mail(
            key=f"evidence_published:{item.pk}:{suggester.pk}",
            template="evidence_published",
            to=suggester.email,
            language=suggester.preferred_language,
            context={"member": suggester, "item": item},
            unsubscribe=unsubscribe_links(suggester, ALL),
        )
    return item


def item_send_to_review(*, item: EvidenceItem, by) -> EvidenceItem:
    return item_change_status(item=item, status=Status.REVIEW, by=by)


def item_publish(*, item: EvidenceItem, by) -> EvidenceItem:
    return item_change_status(item=item, status=Status.PUBLISHED, by=by)


def item_archive(*, item: EvidenceItem, by) -> EvidenceItem:
    return item_change_status(item=item, status=Status.ARCHIVED, by=by)


@transaction.atomic
def items_change_status(*, items, status: str, by) -> list[EvidenceItem]:
    """A bulk action: all or none (a refusal on one item leaves every item as it was)."""
    return [item_change_status(item=item, status=status, by=by) for item in items]


@transaction.atomic
def items_feature(*, items, by, featured: bool = True) -> int:
    if not permissions.can_curate(by):
        raise PermissionDenied(_("Only the Steering committee and staff curate evidence."))
    pks = [item.pk for item in items]
    return EvidenceItem.objects.filter(pk__in=pks).update(
        featured=featured, updated_at=timezone.now()
    )


@transaction.atomic
def item_suggest(
    *,
    member,
    title: str,
    area: str,
    kind: str = EvidenceItem.Kind.REPORT,
    url: str = "",
    upload=None,
    countries: list[str] | tuple[str, ...] = (),
    note: str = "",
) -> EvidenceItem:
    """A member's suggestion: a draft in the review queue, crediting the suggester."""
    if not permissions.can_suggest(member):
        raise PermissionDenied
    item = EvidenceItem(
        title=title,
        area=area,
        kind=kind,
        url=url,
        countries=list(countries),
        suggestion_note=note,
        suggested_by=member,
        status=Status.REVIEW,
    )
    if upload is not None:
        item_attach_file(item=item, upload=upload)
    item.save()
    StatusChange.objects.create(
        item=item, from_status=Status.DRAFT, to_status=Status.REVIEW, changed_by=member
    )
    return item


# --- Import of citation files ------------------------------------------------------------

_LANGUAGE_CODES = {
    "en": "en", "eng": "en", "english": "en", "anglais": "en",
    "fr": "fr", "fre": "fr", "fra": "fr", "french": "fr", "français": "fr", "francais": "fr",
    "pt": "pt", "por": "pt", "portuguese": "pt", "português": "pt", "portugais": "pt",
}  # fmt: skip


def _language_code(value: str) -> str:
    value = (value or "").strip().casefold()
    return _LANGUAGE_CODES.get(value) or _LANGUAGE_CODES.get(value[:2], "")


def _imported_doi(value: str) -> str:
    doi = citations.normalise_doi(value)
    try:
        citations.validate_doi(doi)
    except ValidationError:
        return ""
    return doi if len(doi) <= 200 else ""


def item_from_reference(ref: citations.Reference, *, area: str, curator) -> EvidenceItem:
    """A draft from an imported reference (not saved). The title goes in the language the
    record names (English unless French), the other language falls back to it."""
    language = _language_code(ref.language)
    title_field = "fr" if language == "fr" else "en"
    year = ref.year if ref.year and 1900 <= ref.year <= 2100 else None
    return EvidenceItem(
        **{f"title_{title_field}": ref.title[:300], f"summary_{title_field}": ref.abstract},
        area=area,
        kind=KIND_FROM_CITATION.get(ref.kind, EvidenceItem.Kind.REPORT),
        authors="\n".join(str(author) for author in ref.authors),
        year=year,
        date=ref.date if ref.date and year else None,
        publisher_name=ref.publisher[:200],
        doi=_imported_doi(ref.doi),
        url=ref.url[:500] if ref.url.startswith(("http://", "https://")) else "",
        countries=[code for code in ref.countries if code in all_countries],
        languages=f",{language}," if language else "",
        status=Status.DRAFT,
        curated_by=curator,
    )


def existing_references() -> dict[tuple[int, str], citations.Reference]:
    """Every item's DOI, titles and year, as references `find_duplicates` compares with
    (keyed by (pk, language)); one query."""
    existing = {}
    rows = EvidenceItem.objects.values_list("pk", "doi", "title_en", "title_fr", "year")
    for pk, doi, title_en, title_fr, year in rows:
        for code, title in (("en", title_en), ("fr", title_fr)):
            if title or (code == "en" and doi):
                existing[(pk, code)] = citations.Reference(title=title or "", doi=doi, year=year)
    return existing


def import_duplicates(references: Sequence[citations.Reference]) -> dict[int, citations.Duplicate]:
    """The records that repeat an item already in the library or an earlier record."""
    found = citations.find_duplicates(references, existing_references())
    return {duplicate.index: duplicate for duplicate in found}


@transaction.atomic
def items_import(
    *, references: Sequence[citations.Reference], curator, area: str = "mapping"
) -> list[EvidenceItem]:
    """Create the references that are not duplicates as drafts curated by `curator`, all or
    none, in a few queries whatever their number; returns the created items."""
    if not permissions.can_import_citations(curator):
        raise PermissionDenied(_("Only the Steering committee imports citations."))
    duplicates = import_duplicates(references)
    fresh = [ref for index, ref in enumerate(references) if index not in duplicates]
    items = EvidenceItem.objects.bulk_create(
        [item_from_reference(ref, area=area, curator=curator) for ref in fresh], batch_size=500
    )
    names = {
        keyword.strip()[:100]: None for ref in fresh for keyword in ref.keywords if keyword.strip()
    }
    if names:
        tags = {tag.name: tag for tag in Tag.objects.filter(name__in=list(names))}
        for name in names:
            if name not in tags:
                tags[name] = Tag.objects.create(name=name)  # taggit makes the slug unique
        content_type = ContentType.objects.get_for_model(EvidenceItem)
        TaggedItem.objects.bulk_create(
            [
                TaggedItem(content_type=content_type, object_id=item.pk, tag=tags[name])
                for item, ref in zip(items, fresh, strict=True)
                for name in dict.fromkeys(k.strip()[:100] for k in ref.keywords if k.strip())
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
    return items
