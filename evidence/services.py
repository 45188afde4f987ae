"""Every write to the library: status changes (recorded, with who may make which), the
featured flag, members' suggestions and attached files."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cop_portal import mail
from cop_portal.uploads import original_name, validate_upload
from evidence import permissions
from evidence.models import EvidenceItem, StatusChange

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
