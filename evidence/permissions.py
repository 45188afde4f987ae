"""Who may read and curate the evidence library, stated once.

`can_read_evidence` / `readable_evidence`: published items for everyone; staff and the
Steering committee read every status (drafts, the review queue, archived items)."""

from cop_portal import access
from evidence.models import EvidenceItem
from members.permissions import can_participate, is_staff, is_steering

evidence_rule = access.Rule(
    EvidenceItem,
    access.Where(status=EvidenceItem.Status.PUBLISHED)
    | access.Who(is_steering)
    | access.Who(is_staff),
)
can_read_evidence, readable_evidence = evidence_rule.pair()


def can_curate(member) -> bool:
    """Edit, send to review, feature: staff (admin) and the Steering committee."""
    return is_steering(member) or is_staff(member)


def can_publish(member) -> bool:
    """Publish and archive: only the Steering committee (superusers included)."""
    return is_steering(member)


def can_suggest(member) -> bool:
    return can_participate(member)


def can_import_citations(member) -> bool:
    """Import RIS or BibTeX files in admin: the Steering committee (superusers included)."""
    return is_steering(member)
